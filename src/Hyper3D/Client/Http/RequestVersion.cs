using System;
using System.Net;

namespace Hyper3D.Client.Http
{
    /// <summary>
    /// The HTTP version every request asks for. Over TLS on .NET 5 and later, 2.0: the default version policy
    /// (RequestVersionOrLower) offers h2 in ALPN and falls back to HTTP/1.1 when the server does not choose it. Plain
    /// http stays 1.1 (h2 without TLS needs prior knowledge few servers have), and so does .NET Framework (Windows
    /// PowerShell 5.1), whose handler refuses a 2.0 request outright.
    /// </summary>
    internal static class RequestVersion
    {
        private static readonly Version Http2 = new Version(2, 0);

        private static readonly bool RuntimeNegotiatesHttp2 = Environment.Version.Major >= 5;

        public static Version For(Uri uri) => For(uri, RuntimeNegotiatesHttp2);

        internal static Version For(Uri uri, bool runtimeNegotiatesHttp2) =>
            runtimeNegotiatesHttp2 && string.Equals(uri.Scheme, Uri.UriSchemeHttps, StringComparison.OrdinalIgnoreCase) ? Http2 : HttpVersion.Version11;
    }
}
