using System;
using System.Globalization;
using Hyper3D.Client.Errors;
using Hyper3D.Client.Secrets;

namespace Hyper3D
{
    /// <summary>
    /// The only exception the client lets escape for a failed call. It carries what a caller needs to report
    /// the failure (never the token or the password). Immutable: what a failure was cannot change on its way up.
    /// </summary>
    public sealed class Hyper3DException : Exception
    {
        internal Hyper3DException(
            ErrorKind kind,
            string message,
            Exception? inner = null,
            Uri? requestUri = null,
            int? statusCode = null,
            string? apiCode = null,
            bool isTransient = false,
            bool neverSent = false,
            TimeSpan? retryAfter = null,
            int attempts = 1,
            CertificateProblem certificateProblem = CertificateProblem.Unknown)
            : base(message, inner)
        {
            CertificateProblem = certificateProblem;
            Kind = kind;
            RequestUri = requestUri;
            StatusCode = statusCode;
            ApiCode = apiCode;
            IsTransient = isTransient;
            NeverSent = neverSent;
            RetryAfter = retryAfter;
            Attempts = attempts;
        }

        public ErrorKind Kind { get; }

        /// <summary>For a <see cref="ErrorKind.TlsFailure"/>: why the certificate was refused, which decides the advice.</summary>
        internal CertificateProblem CertificateProblem { get; }

        /// <summary>
        /// The server's error code (<c>{"error": "CODE"}</c>) when it sent one: verbatim (messages show it cleaned and
        /// cut), except that a secret of the session quoted in it is masked.
        /// </summary>
        public string? ApiCode { get; }

        public int? StatusCode { get; }

        public Uri? RequestUri { get; }

        /// <summary>Worth trying again: a throttle, a gateway error, a dropped connection, a timeout.</summary>
        public bool IsTransient { get; }

        /// <summary>The request surely never reached the server (e.g. connection refused).</summary>
        public bool NeverSent { get; }

        /// <summary>How long the server asked us to wait before trying again (Retry-After).</summary>
        public TimeSpan? RetryAfter { get; }

        /// <summary>How many times the request was sent before this failure was final.</summary>
        public int Attempts { get; }

        /// <summary>
        /// The same failure, final after <paramref name="attempts"/> tries: the message says so, everything else is
        /// this failure's own, and the failure itself stays reachable as the inner exception.
        /// </summary>
        internal Hyper3DException AfterAttempts(int attempts) => With(Message + string.Format(CultureInfo.InvariantCulture, " Gave up after {0} attempts.", attempts), this, attempts);

        /// <summary>
        /// The same failure with the secrets in its message and in its inner exceptions masked (Get-Error shows
        /// those too); a system exception that quotes a secret is left out. Itself when there was nothing to mask.
        /// </summary>
        internal Hyper3DException Scrubbed(SecretScrubber scrubber)
        {
            Exception? inner = InnerException switch
            {
                Hyper3DException failure => failure.Scrubbed(scrubber),
                Exception other when !string.Equals(scrubber.ScrubKnown(other.ToString()), other.ToString(), StringComparison.Ordinal) => null,
                _ => InnerException,
            };
            string clean = scrubber.ScrubKnown(Message);
            return string.Equals(clean, Message, StringComparison.Ordinal) && ReferenceEquals(inner, InnerException) ? this : With(clean, inner, Attempts);
        }

        private Hyper3DException With(string message, Exception? inner, int attempts) => new Hyper3DException(
            Kind,
            message,
            inner,
            RequestUri,
            StatusCode,
            ApiCode,
            IsTransient,
            NeverSent,
            RetryAfter,
            attempts,
            CertificateProblem);
    }
}
