using System;
using System.Net;
using System.Net.Http;
using System.Runtime.InteropServices;

namespace Hyper3D.Client.Http
{
    /// <summary>
    /// Builds the one handler a session uses: pooled keep-alive connections, compressed answers, and TLS and
    /// proxy choices that touch this session only (never ServicePointManager or any process-wide setting).
    /// </summary>
    internal static class HttpHandlerFactory
    {
        // DecompressionMethods.Brotli is not in netstandard2.0; .NET Core 3+ defines it as 4.
        private const DecompressionMethods Brotli = (DecompressionMethods)4;

        /// <summary>Windows and macOS have proxy settings of their own beyond the environment, which .NET reads.</summary>
        private static bool PlatformHasProxySettings =>
            RuntimeInformation.IsOSPlatform(OSPlatform.Windows) || RuntimeInformation.IsOSPlatform(OSPlatform.OSX);

        public static HttpClientHandler Create(ClientOptions options)
        {
            var handler = new HttpClientHandler
            {
                AutomaticDecompression = DecompressionMethods.GZip | DecompressionMethods.Deflate,
                UseCookies = false,
                MaxConnectionsPerServer = 32,

                // The API never redirects. Following one would re-send a login's password to wherever it points,
                // past the rule that keeps secrets off plain http to other hosts.
                AllowAutoRedirect = false,
            };

            if (Enum.IsDefined(typeof(DecompressionMethods), Brotli))
            {
                handler.AutomaticDecompression |= Brotli;
            }

            if (options.SkipCertificateCheck)
            {
                handler.ServerCertificateCustomValidationCallback = (message, certificate, chain, errors) => true;
            }

            if (options.Proxy != null)
            {
                handler.UseProxy = true;
                handler.Proxy = options.Proxy;
            }
            else if (PlatformHasProxySettings)
            {
                handler.DefaultProxyCredentials = options.ProxyCredential;
            }
            else
            {
                // On Linux .NET's system proxy is only the environment variables, read once per process; the
                // session read them itself when it was made, and found none.
                handler.UseProxy = false;
            }

            return handler;
        }
    }
}
