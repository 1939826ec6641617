using System;
using System.Net;
using Hyper3D.Client.Http;
using Hyper3D.Client.Proxies;

namespace Hyper3D.Client
{
    /// <summary>How one session talks to one server.</summary>
    internal sealed class ClientOptions
    {
        public const string DefaultBaseUri = "https://hyperhuman.deemos.com/api";

        public Uri BaseUri { get; set; } = new Uri(DefaultBaseUri);

        public string UserAgent { get; set; } = "Hyper3D-PowerShell";

        public bool SkipCertificateCheck { get; set; }

        /// <summary>Allow a token or password over plain http to a host that is not this machine.</summary>
        public bool AllowUnencryptedAuthentication { get; set; }

        /// <summary>One attempt's time limit; retries get their own.</summary>
        public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

        public int MaximumRetryCount { get; set; } = 3;

        /// <summary>The first retry's backoff ceiling; it doubles with each retry (full jitter below it).</summary>
        public TimeSpan RetryInterval { get; set; } = TimeSpan.FromSeconds(1);

        /// <summary>The longest wait a Retry-After header can impose.</summary>
        public TimeSpan MaximumRetryAfter { get; set; } = TimeSpan.FromSeconds(60);

        /// <summary>A larger body is refused rather than read into memory.</summary>
        public long MaximumResponseBytes { get; set; } = 32L * 1024 * 1024;

        /// <summary>-Proxy or the environment's proxies, read when the session was made; null: none (see <see cref="HttpHandlerFactory"/>).</summary>
        public SessionProxy? Proxy { get; set; }

        /// <summary>-ProxyCredential; with <see cref="Proxy"/> it lives there, this is for the platform's proxy settings.</summary>
        public NetworkCredential? ProxyCredential { get; set; }
    }
}
