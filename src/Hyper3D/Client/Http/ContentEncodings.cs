using System;
using System.Linq;
using System.Net.Http;

namespace Hyper3D.Client.Http
{
    /// <summary>Which compression the handler applied to an answer, for a message about a body that was not what it claimed.</summary>
    internal static class ContentEncodings
    {
        public static string Applied(HttpContent content)
        {
            if (content.Headers.ContentEncoding.Count > 0)
            {
                return string.Join(", ", content.Headers.ContentEncoding);
            }

            // .NET drops the Content-Encoding header from the answer once it wraps the body in a decompressor;
            // what remains is the wrapper, named after the algorithm.
            string wrapper = content.GetType().Name;
            var known = new[] { ("GZip", "gzip"), ("Deflate", "deflate"), ("Brotli", "br") };
            return known.FirstOrDefault(k => wrapper.IndexOf(k.Item1, StringComparison.OrdinalIgnoreCase) >= 0).Item2
                ?? "gzip, deflate or br";
        }
    }
}
