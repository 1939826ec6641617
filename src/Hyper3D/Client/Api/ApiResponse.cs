using System;
using Hyper3D.Client.Secrets;

namespace Hyper3D.Client.Api
{
    /// <summary>One HTTP answer, read whole (bodies are small pages; larger ones are refused on the way in).</summary>
    internal sealed class ApiResponse
    {
        public ApiResponse(Uri requestUri, int statusCode, string? reasonPhrase, string? contentType, byte[] body)
        {
            RequestUri = requestUri;
            StatusCode = statusCode;
            ReasonPhrase = reasonPhrase;
            ContentType = contentType;
            Body = body;
        }

        public Uri RequestUri { get; }

        public int StatusCode { get; }

        public string? ReasonPhrase { get; }

        public string? ContentType { get; }

        public byte[] Body { get; }

        public TimeSpan? RetryAfter { get; set; }

        public string? SubscriptionKey { get; set; }

        /// <summary>Masks the session's secrets in anything taken from this answer for a message.</summary>
        public SecretScrubber Scrubber { get; set; } = SecretScrubber.None;

        public bool IsSuccess => StatusCode >= 200 && StatusCode < 300;

        public string StatusText => ReasonPhrase is { Length: > 0 }
            ? StatusCode.ToString(System.Globalization.CultureInfo.InvariantCulture) + " " + ReasonPhrase
            : StatusCode.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}
