using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;

namespace Hyper3D.Client.Proxies
{
    /// <summary>
    /// The proxies one session uses, decided once when it is made: -Proxy, else the environment variables as they
    /// are at that moment (.NET's own system proxy reads them once per process and keeps them), else none. It is the
    /// session's <see cref="IWebProxy"/> and answers for its credentials too, each proxy with its own.
    /// </summary>
    internal sealed class SessionProxy : IWebProxy, ICredentials
    {
        private readonly ProxyAddress? _http;
        private readonly ProxyAddress? _https;
        private readonly NetworkCredential? _credential;
        private readonly NoProxyList _bypass;

        private SessionProxy(ProxyAddress? http, ProxyAddress? https, NetworkCredential? credential, NoProxyList bypass, string source)
        {
            _http = http;
            _https = https;
            _credential = credential;
            _bypass = bypass;
            Source = source;
        }

        /// <summary>Where the choice came from, for the verbose line: "-Proxy", "HTTPS_PROXY", ...</summary>
        public string Source { get; }

        /// <summary>Every form of every proxy secret this session holds, for the scrubber.</summary>
        public IEnumerable<string> Secrets =>
            new[] { _http, _https }.Where(a => a != null).SelectMany(a => a!.Secrets).Concat(ProxyAddress.SecretsOf(_credential));

        ICredentials? IWebProxy.Credentials
        {
            get => this;
            set => throw new NotSupportedException("A session's proxy credentials are fixed when it is made.");
        }

        /// <summary>-Proxy: every request through it. <paramref name="credential"/> (-ProxyCredential) wins over the address's user info.</summary>
        public static SessionProxy FromParameter(Uri proxy, NetworkCredential? credential)
        {
            ProxyAddress address = ProxyAddress.From(proxy);
            return new SessionProxy(address, address, credential, NoProxyList.Empty, "-Proxy");
        }

        /// <summary>
        /// The variables curl and .NET read, lower case first: http_proxy (HTTP_PROXY too, except under CGI, where a
        /// request's Proxy header arrives as it), https_proxy, all_proxy for whichever is missing, no_proxy. Null when
        /// none names a proxy.
        /// </summary>
        public static SessionProxy? FromEnvironment(Func<string, string?> variable, NetworkCredential? credential, out string? problem)
        {
            problem = null;
            string? firstProblem = null;
            (ProxyAddress? Address, string? Name) Read(params string[] names)
            {
                foreach (string name in names)
                {
                    string? text = variable(name);
                    ProxyAddress? address = ProxyAddress.Parse(text, out string? why);
                    if (address != null)
                    {
                        return (address, name);
                    }

                    firstProblem ??= why == null ? null : $"{name} holds an address that is not usable ({why}); it was ignored";
                }

                return (null, null);
            }

            var http = string.IsNullOrEmpty(variable("GATEWAY_INTERFACE")) ? Read("http_proxy", "HTTP_PROXY") : Read("http_proxy");
            var https = Read("https_proxy", "HTTPS_PROXY");
            if (http.Address == null || https.Address == null)
            {
                var all = Read("all_proxy", "ALL_PROXY");
                http = http.Address == null ? all : http;
                https = https.Address == null ? all : https;
            }

            problem = firstProblem;
            if (http.Address == null && https.Address == null)
            {
                return null;
            }

            string source = string.Join(", ", new[] { https.Name, http.Name }.Where(n => n != null).Distinct());
            // An empty variable is an unset one, as curl reads them.
            NoProxyList bypass = NoProxyList.Parse(variable("no_proxy") is { Length: > 0 } lower ? lower : variable("NO_PROXY"));
            return new SessionProxy(http.Address, https.Address, credential, bypass, source);
        }

        /// <summary>The proxy for <paramref name="destination"/> as the session shows it (no user info), or null: direct.</summary>
        public Uri? For(Uri destination) => IsBypassed(destination) ? null : AddressFor(destination)!.Uri;

        public Uri GetProxy(Uri destination) => AddressFor(destination)?.Uri ?? destination;

        public bool IsBypassed(Uri host) => AddressFor(host) == null || _bypass.Matches(host);

        /// <summary>-ProxyCredential, else the user info of the proxy asking.</summary>
        public NetworkCredential? GetCredential(Uri uri, string authType)
        {
            if (_credential != null)
            {
                return _credential;
            }

            return new[] { _https, _http }.FirstOrDefault(a => a != null && string.Equals(a.Uri.Host, uri.Host, StringComparison.OrdinalIgnoreCase) && a.Uri.Port == uri.Port)?.Credential;
        }

        private ProxyAddress? AddressFor(Uri destination) =>
            string.Equals(destination.Scheme, Uri.UriSchemeHttps, StringComparison.OrdinalIgnoreCase) ? _https : _http;
    }
}
