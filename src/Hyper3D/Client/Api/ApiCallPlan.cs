using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading.Tasks;
using Hyper3D.Client.Errors;
using Hyper3D.Client.Http;

namespace Hyper3D.Client.Api
{
    /// <summary>
    /// A call to the API (a page of cards, a login): a JSON body posted, the answer read whole within a size limit,
    /// decompressed, and handed to the reader that turns it into a result or a failure.
    /// </summary>
    internal sealed class ApiCallPlan<T> : RequestPlan<T>
    {
        private static readonly MediaTypeHeaderValue Json = new MediaTypeHeaderValue("application/json");

        private readonly byte[] _body;
        private readonly long _maximumResponseBytes;
        private readonly Func<ApiResponse, T> _interpret;

        /// <param name="interpret">Reads the answer; throws <see cref="Hyper3DException"/>, transient or not.</param>
        public ApiCallPlan(Uri uri, byte[] body, bool mayRepeat, bool sendsToken, IEnumerable<string?> secrets, long maximumResponseBytes, Func<ApiResponse, T> interpret)
            : base(HttpMethod.Post, uri, "POST " + uri, mayRepeat, sendsToken, secrets)
        {
            _body = body;
            _maximumResponseBytes = maximumResponseBytes;
            _interpret = interpret;
        }

        protected override async Task<T> RunAsync(HttpAttempt attempt)
        {
            var clock = Stopwatch.StartNew();
            using var request = new HttpRequestMessage(HttpMethod.Post, Uri)
            {
                Content = new ByteArrayContent(_body),
            };
            request.Content.Headers.ContentType = Json;
            request.Headers.Accept.ParseAdd("application/json");
            using HttpResponseMessage response = await attempt.SendAsync(request).ConfigureAwait(false);
            byte[] content = await ReadDecodedAsync(attempt, response).ConfigureAwait(false);
            var answer = new ApiResponse(Uri, (int)response.StatusCode, response.ReasonPhrase, response.Content.Headers.ContentType?.ToString(), content)
            {
                RetryAfter = FailureClassifier.RetryAfter(response.Headers.RetryAfter, DateTimeOffset.UtcNow),
                SubscriptionKey = FirstHeader(response, "Subscription-Key"),
                Scrubber = attempt.Scrubber,
            };
            attempt.Log.Verbose(string.Format(CultureInfo.InvariantCulture, "POST {0} -> {1} ({2} bytes), attempt {3}, {4} ms", Uri, answer.StatusText, content.Length, attempt.Number, clock.ElapsedMilliseconds));
            return _interpret(answer);
        }

        /// <summary>
        /// The body, decompressed as its Content-Encoding says. A body that is not what its label claims makes the
        /// decompressor throw its own exceptions; they become one InvalidResponse that names the encoding.
        /// </summary>
        private async Task<byte[]> ReadDecodedAsync(HttpAttempt attempt, HttpResponseMessage response)
        {
            try
            {
                return await ReadLimitedAsync(attempt, response).ConfigureAwait(false);
            }
            catch (Exception e) when (!attempt.Token.IsCancellationRequested && (e is InvalidDataException || (e is InvalidOperationException && !(e is ObjectDisposedException))))
            {
                throw new Hyper3DException(
                    ErrorKind.InvalidResponse,
                    string.Format(
                        CultureInfo.InvariantCulture,
                        "The server's answer to POST {0} could not be decompressed: it is labelled Content-Encoding: {1}, but its body is not {1} data ({2}, {3}). {4}",
                        Uri.GetLeftPart(UriPartial.Path),
                        ContentEncodings.Applied(response.Content),
                        (int)response.StatusCode,
                        response.Content.Headers.ContentType?.ToString() ?? "no content type",
                        FailureClassifier.Sentence(e.Message)),
                    e,
                    requestUri: Uri,
                    statusCode: (int)response.StatusCode);
            }
        }

        private async Task<byte[]> ReadLimitedAsync(HttpAttempt attempt, HttpResponseMessage response)
        {
            long limit = _maximumResponseBytes;
            if (response.Content.Headers.ContentLength > limit)
            {
                throw TooLarge(response, response.Content.Headers.ContentLength.Value);
            }

            using Stream stream = await response.Content.ReadAsStreamAsync().ConfigureAwait(false);
            using var buffer = new MemoryStream();
            byte[] chunk = new byte[81920];
            using (attempt.Token.Register(stream.Dispose))
            {
                int read;
                while ((read = await attempt.ReadAsync(stream, chunk).ConfigureAwait(false)) > 0)
                {
                    if (buffer.Length + read > limit)
                    {
                        throw TooLarge(response, null);
                    }

                    buffer.Write(chunk, 0, read);
                }
            }

            return buffer.ToArray();
        }

        private Hyper3DException TooLarge(HttpResponseMessage response, long? length)
        {
            string size = length.HasValue
                ? length.Value.ToString(CultureInfo.InvariantCulture) + " bytes"
                : "more than " + _maximumResponseBytes.ToString(CultureInfo.InvariantCulture) + " bytes";
            return new Hyper3DException(ErrorKind.InvalidResponse, string.Format(
                CultureInfo.InvariantCulture,
                "The server's answer to POST {0} is too large to be a page of cards: {1} ({2}, {3}); the limit is {4} bytes. Check that the base URI points at the Hyper3D API.",
                Uri,
                size,
                (int)response.StatusCode,
                response.Content.Headers.ContentType?.ToString() ?? "no content type",
                _maximumResponseBytes),
                requestUri: Uri,
                statusCode: (int)response.StatusCode);
        }

        private static string? FirstHeader(HttpResponseMessage response, string name)
        {
            return response.Headers.TryGetValues(name, out var values)
                ? System.Linq.Enumerable.FirstOrDefault(values)
                : null;
        }
    }
}
