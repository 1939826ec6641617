using System;
using System.Globalization;
using System.Net.Http;

namespace Hyper3D.Client.Media
{
    /// <summary>What an answer must prove before its bytes join a file: the version they belong to, and their end.</summary>
    internal static class MediaBodyChecks
    {
        /// <summary>
        /// Whether a 206 is a part of the version <paramref name="ifRange"/> named: the same strong ETag, or for a
        /// date the same Last-Modified. An answer with no validator proves nothing and is refused.
        /// </summary>
        public static bool AnswersValidator(string ifRange, HttpResponseMessage response)
        {
            if (ifRange.StartsWith("\"", StringComparison.Ordinal))
            {
                return response.Headers.ETag is { IsWeak: false } tag && string.Equals(tag.Tag, ifRange, StringComparison.Ordinal);
            }

            return DateTimeOffset.TryParse(ifRange, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out DateTimeOffset asked)
                && response.Content.Headers.LastModified == asked;
        }

        /// <summary>The answer's validator as it would be shown: its ETag, else its Last-Modified.</summary>
        public static string? Validator(HttpResponseMessage response) =>
            response.Headers.ETag?.ToString() ?? response.Content.Headers.LastModified?.ToString("R", CultureInfo.InvariantCulture);

        /// <summary>
        /// Whether a body without a length still had a marked end: the last chunk of a chunked body, or the end
        /// of an HTTP/2 or HTTP/3 stream (a cut stream fails the read). A body ended only by a closed connection
        /// looks the same whole or cut short.
        /// </summary>
        public static bool EndIsMarked(HttpResponseMessage response) =>
            response.Headers.TransferEncodingChunked == true || response.Version.Major >= 2;
    }
}
