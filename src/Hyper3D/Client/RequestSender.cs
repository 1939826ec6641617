using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Threading;
using System.Threading.Tasks;

namespace Hyper3D.Client
{
    /// <summary>
    /// Sends one logical call: each attempt with its own time limit, failures classified, transient ones
    /// retried per <see cref="RetryPolicy"/>, every wait cancellable at once.
    /// </summary>
    internal sealed class RequestSender : IDisposable
    {
        private static readonly MediaTypeHeaderValue Json = new MediaTypeHeaderValue("application/json");

        private readonly HttpClient _http;
        private readonly ClientOptions _options;
        private readonly RetryPolicy _retry;
        private readonly IRequestPacer _pacer;
        private long _retries;

        public RequestSender(ClientOptions options, IRequestPacer pacer, HttpMessageHandler? handler = null)
        {
            _options = options;
            _pacer = pacer;
            _retry = new RetryPolicy(options);
            _http = new HttpClient(handler ?? HttpHandlerFactory.Create(options), disposeHandler: true)
            {
                Timeout = System.Threading.Timeout.InfiniteTimeSpan,
            };
        }

        /// <summary>Attempts repeated after a transient failure, counted for the listing's summary line.</summary>
        public long Retries => Interlocked.Read(ref _retries);

        /// <param name="interpret">Reads the answer; throws <see cref="Hyper3DException"/>, transient or not.</param>
        public async Task<T> SendAsync<T>(
            Uri uri,
            byte[] body,
            string? bearerToken,
            bool idempotent,
            SecretScrubber scrubber,
            Func<ApiResponse, T> interpret,
            IClientLog log,
            CancellationToken cancellationToken)
        {
            for (int attempt = 1; ; attempt++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var clock = Stopwatch.StartNew();
                Hyper3DException failure;
                try
                {
                    ApiResponse response;
                    using (await _pacer.WaitTurnAsync(cancellationToken).ConfigureAwait(false))
                    {
                        response = await SendOnceAsync(uri, body, bearerToken, cancellationToken).ConfigureAwait(false);
                    }

                    response.Scrubber = scrubber;

                    log.Verbose(string.Format(CultureInfo.InvariantCulture, "POST {0} -> {1} ({2} bytes), attempt {3}, {4} ms", uri, response.StatusText, response.Body.Length, attempt, clock.ElapsedMilliseconds));
                    T result = interpret(response);
                    _pacer.Succeeded();
                    return result;
                }
                catch (Hyper3DException e)
                {
                    failure = e;
                }

                if (failure.Kind == ErrorKind.RateLimited || failure.StatusCode == 503)
                {
                    _pacer.Throttled(failure.RetryAfter);
                }

                if (attempt > _retry.MaximumRetryCount || !RetryPolicy.ShouldRetry(failure, idempotent))
                {
                    throw attempt > 1 ? failure.AfterAttempts(attempt) : failure;
                }

                TimeSpan wait = _retry.DelayBefore(attempt, failure);
                Interlocked.Increment(ref _retries);
                log.Warning(string.Format(
                    CultureInfo.InvariantCulture,
                    "Attempt {0} of {1} failed: {2} Retrying in {3:0.0} s.",
                    attempt,
                    _retry.MaximumRetryCount + 1,
                    failure.Message,
                    wait.TotalSeconds));
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, cancellationToken).ConfigureAwait(false);
                }
            }
        }

        private async Task<ApiResponse> SendOnceAsync(Uri uri, byte[] body, string? bearerToken, CancellationToken cancellationToken)
        {
            using var attemptLimit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            attemptLimit.CancelAfter(_options.Timeout);
            using var request = new HttpRequestMessage(HttpMethod.Post, uri)
            {
                Content = new ByteArrayContent(body),
                Version = RequestVersion.For(uri),
            };
            request.Content.Headers.ContentType = Json;
            request.Headers.TryAddWithoutValidation("User-Agent", _options.UserAgent);
            request.Headers.Accept.ParseAdd("application/json");
            if (bearerToken != null)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearerToken);
            }

            bool headersReceived = false;
            try
            {
                using HttpResponseMessage response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, attemptLimit.Token).ConfigureAwait(false);
                headersReceived = true;
                byte[] content = await ReadDecodedAsync(uri, response, attemptLimit.Token).ConfigureAwait(false);
                return new ApiResponse(uri, (int)response.StatusCode, response.ReasonPhrase, response.Content.Headers.ContentType?.ToString(), content)
                {
                    RetryAfter = RetryPolicy.ParseRetryAfter(response.Headers.RetryAfter, DateTimeOffset.UtcNow),
                    SubscriptionKey = FirstHeader(response, "Subscription-Key"),
                };
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new Hyper3DException(
                    ErrorKind.Timeout,
                    string.Format(CultureInfo.InvariantCulture, "POST {0} timed out after {1:0.#} s{2}.", uri, _options.Timeout.TotalSeconds, headersReceived ? " while reading the answer" : " waiting for an answer"),
                    requestUri: uri,
                    isTransient: true);
            }
            catch (HttpRequestException e)
            {
                throw Classify(uri, e, headersReceived);
            }
            catch (IOException e)
            {
                throw Classify(uri, e, headersReceived);
            }
        }

        /// <summary>
        /// The body, decompressed as its Content-Encoding says. A body that is not what its label claims makes the
        /// decompressor throw its own exceptions; they become one InvalidResponse that names the encoding.
        /// </summary>
        private async Task<byte[]> ReadDecodedAsync(Uri uri, HttpResponseMessage response, CancellationToken cancellationToken)
        {
            try
            {
                return await ReadLimitedAsync(uri, response, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested && (e is InvalidDataException || (e is InvalidOperationException && !(e is ObjectDisposedException))))
            {
                throw new Hyper3DException(
                    ErrorKind.InvalidResponse,
                    string.Format(
                        CultureInfo.InvariantCulture,
                        "The server's answer to POST {0} could not be decompressed: it is labelled Content-Encoding: {1}, but its body is not {1} data ({2}, {3}). {4}",
                        uri.GetLeftPart(UriPartial.Path),
                        ContentEncodings.Applied(response.Content),
                        (int)response.StatusCode,
                        response.Content.Headers.ContentType?.ToString() ?? "no content type",
                        Sentence(e.Message)),
                    e,
                    requestUri: uri,
                    statusCode: (int)response.StatusCode);
            }
        }

        private async Task<byte[]> ReadLimitedAsync(Uri uri, HttpResponseMessage response, CancellationToken cancellationToken)
        {
            long limit = _options.MaximumResponseBytes;
            if (response.Content.Headers.ContentLength > limit)
            {
                throw TooLarge(uri, response, response.Content.Headers.ContentLength.Value);
            }

            using Stream stream = await response.Content.ReadAsStreamAsync().ConfigureAwait(false);
            using var buffer = new MemoryStream();
            byte[] chunk = new byte[81920];
            using (cancellationToken.Register(stream.Dispose))
            {
                int read;
                while ((read = await stream.ReadAsync(chunk, 0, chunk.Length, cancellationToken).ConfigureAwait(false)) > 0)
                {
                    if (buffer.Length + read > limit)
                    {
                        throw TooLarge(uri, response, null);
                    }

                    buffer.Write(chunk, 0, read);
                }
            }

            cancellationToken.ThrowIfCancellationRequested();
            return buffer.ToArray();
        }

        private Hyper3DException TooLarge(Uri uri, HttpResponseMessage response, long? length)
        {
            string size = length.HasValue
                ? length.Value.ToString(CultureInfo.InvariantCulture) + " bytes"
                : "more than " + _options.MaximumResponseBytes.ToString(CultureInfo.InvariantCulture) + " bytes";
            return new Hyper3DException(ErrorKind.InvalidResponse, string.Format(
                CultureInfo.InvariantCulture,
                "The server's answer to POST {0} is too large to be a page of cards: {1} ({2}, {3}); the limit is {4} bytes. Check that the base URI points at the Hyper3D API.",
                uri,
                size,
                (int)response.StatusCode,
                response.Content.Headers.ContentType?.ToString() ?? "no content type",
                _options.MaximumResponseBytes),
                requestUri: uri,
                statusCode: (int)response.StatusCode);
        }

        /// <summary>Which network failures are worth another try, and which surely never reached the server.</summary>
        private static Hyper3DException Classify(Uri uri, Exception e, bool headersReceived)
        {
            if (Find<AuthenticationException>(e) is AuthenticationException tls)
            {
                return new Hyper3DException(ErrorKind.TlsFailure, $"Could not make a secure connection to {uri.Host}: {Sentence(tls.Message)}", e, requestUri: uri);
            }

            SocketException? socket = Find<SocketException>(e);
            SocketError code = socket?.SocketErrorCode ?? SocketError.SocketError;
            if (code == SocketError.HostNotFound || code == SocketError.NoData || code == SocketError.TryAgain)
            {
                // Only TryAgain (the name server did not answer) may pass; a name that does not exist will not exist
                // a second later, and asking again only delays the error.
                return new Hyper3DException(
                    ErrorKind.ConnectionFailed,
                    $"Could not find the host {uri.Host}: {Sentence(Innermost(e).Message)}",
                    e,
                    requestUri: uri,
                    isTransient: code == SocketError.TryAgain,
                    neverSent: true);
            }

            bool neverSent = !headersReceived && (code == SocketError.ConnectionRefused || code == SocketError.NetworkUnreachable || code == SocketError.HostUnreachable);
            string what = neverSent ? "Could not connect to" : headersReceived ? "The connection broke while reading the answer from" : "The connection failed for";
            return new Hyper3DException(ErrorKind.ConnectionFailed, $"{what} POST {uri}: {Sentence(Innermost(e).Message)}", e, requestUri: uri, isTransient: true, neverSent: neverSent);
        }

        /// <summary>The system's reasons often lack a full stop; ours follow them, so end the sentence.</summary>
        private static string Sentence(string text)
        {
            text = text.Trim();
            return text.EndsWith(".", StringComparison.Ordinal) || text.EndsWith("!", StringComparison.Ordinal) || text.EndsWith("?", StringComparison.Ordinal)
                ? text
                : text + ".";
        }

        private static TException? Find<TException>(Exception e)
            where TException : Exception
        {
            for (Exception? current = e; current != null; current = current.InnerException)
            {
                if (current is TException match)
                {
                    return match;
                }
            }

            return null;
        }

        private static Exception Innermost(Exception e)
        {
            while (e.InnerException != null)
            {
                e = e.InnerException;
            }

            return e;
        }

        private static string? FirstHeader(HttpResponseMessage response, string name)
        {
            return response.Headers.TryGetValues(name, out var values)
                ? System.Linq.Enumerable.FirstOrDefault(values)
                : null;
        }

        public void Dispose() => _http.Dispose();
    }
}
