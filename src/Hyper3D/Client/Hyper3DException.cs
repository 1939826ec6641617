using System;

namespace Hyper3D.Client
{
    /// <summary>
    /// The only exception the client lets escape for a failed call. It carries what a caller needs to report
    /// the failure (never the token or the password).
    /// </summary>
    public sealed class Hyper3DException : Exception
    {
        public Hyper3DException(ErrorKind kind, string message, Exception? inner = null)
            : base(message, inner)
        {
            Kind = kind;
        }

        public ErrorKind Kind { get; }

        /// <summary>The server's error code (<c>{"error": "CODE"}</c>), verbatim, when it sent one.</summary>
        public string? ApiCode { get; set; }

        public int? StatusCode { get; set; }

        public Uri? RequestUri { get; set; }

        /// <summary>Worth trying again: a throttle, a gateway error, a dropped connection, a timeout.</summary>
        public bool IsTransient { get; set; }

        /// <summary>The request surely never reached the server (e.g. connection refused).</summary>
        public bool NeverSent { get; set; }

        /// <summary>How long the server asked us to wait before trying again (Retry-After).</summary>
        public TimeSpan? RetryAfter { get; set; }
    }
}
