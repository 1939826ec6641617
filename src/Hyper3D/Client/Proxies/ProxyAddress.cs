using System;
using System.Collections.Generic;
using System.Net;
using System.Text;

namespace Hyper3D.Client.Proxies
{
    /// <summary>
    /// One proxy address as a user wrote it (http://user:pass@host:3128, or host:3128 as HTTPS_PROXY often holds it),
    /// split into the address the session keeps and shows, which has no user info, and the credentials in it. The
    /// address is all .NET ever sees: it prints proxy addresses in its own errors, so a password left in one would
    /// reach every retry warning.
    /// </summary>
    internal sealed class ProxyAddress
    {
        private ProxyAddress(Uri uri, NetworkCredential? credential, string? rawUserInfo)
        {
            Uri = uri;
            Credential = credential;
            RawUserInfo = rawUserInfo;
        }

        /// <summary>Scheme, host and port: no user info, path or query.</summary>
        public Uri Uri { get; }

        /// <summary>The user name and password from the address, unescaped; null when it held none.</summary>
        public NetworkCredential? Credential { get; }

        /// <summary>The user info as written (still escaped), which a server or a log could echo as it is.</summary>
        private string? RawUserInfo { get; }

        /// <summary>Null when <paramref name="text"/> is empty or not a proxy address (a problem says why).</summary>
        public static ProxyAddress? Parse(string? text, out string? problem)
        {
            problem = null;
            text = text?.Trim();
            if (string.IsNullOrEmpty(text))
            {
                return null;
            }

            // curl and .NET take a bare host:port as http.
            string withScheme = text!.IndexOf("://", StringComparison.Ordinal) < 0 ? "http://" + text : text;
            if (!Uri.TryCreate(withScheme, UriKind.Absolute, out Uri? uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps) || uri.Host.Length == 0)
            {
                problem = "it is not an http:// or https:// proxy address";
                return null;
            }

            return From(uri);
        }

        public static ProxyAddress From(Uri uri)
        {
            var address = new Uri(uri.GetComponents(UriComponents.SchemeAndServer, UriFormat.UriEscaped));
            string rawUserInfo = uri.UserInfo;
            if (rawUserInfo.Length == 0)
            {
                return new ProxyAddress(address, null, null);
            }

            int colon = rawUserInfo.IndexOf(':');
            string user = Uri.UnescapeDataString(colon < 0 ? rawUserInfo : rawUserInfo.Substring(0, colon));
            string password = colon < 0 ? string.Empty : Uri.UnescapeDataString(rawUserInfo.Substring(colon + 1));
            return new ProxyAddress(address, new NetworkCredential(user, password), rawUserInfo);
        }

        /// <summary>
        /// What a server, a proxy's error page or a log line could echo of the credentials: the password as given
        /// and as written in the address, and the Basic header made of them (.NET encodes it as UTF-8, and puts a
        /// credential's domain before the user name).
        /// </summary>
        public static IEnumerable<string> SecretsOf(NetworkCredential? credential, string? rawUserInfo = null)
        {
            if (credential == null || credential.Password.Length == 0)
            {
                yield break;
            }

            yield return credential.Password;
            yield return Basic(credential.UserName, credential.Password);
            if (credential.Domain.Length > 0)
            {
                yield return Basic(credential.Domain + "\\" + credential.UserName, credential.Password);
            }

            if (rawUserInfo != null && rawUserInfo.IndexOf(':') is int colon && colon >= 0)
            {
                yield return rawUserInfo.Substring(colon + 1);
            }
        }

        public IEnumerable<string> Secrets => SecretsOf(Credential, RawUserInfo);

        private static string Basic(string user, string password) => Convert.ToBase64String(Encoding.UTF8.GetBytes(user + ":" + password));

        public override string ToString() => Uri.ToString();
    }
}
