using System;
using System.IO;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading;
using System.Threading.Tasks;
using Hyper3D.Client.Errors;
using Hyper3D.Client.Secrets;

namespace Hyper3D.Client.Http
{
    /// <summary>
    /// One attempt of a plan: its time limit, the session's headers, and every network failure (sending or reading)
    /// turned into the <see cref="Hyper3DException"/> the classifier says it is.
    /// </summary>
    internal sealed class HttpAttempt : IDisposable
    {
        private readonly HttpClient _http;
        private readonly ClientOptions _options;
        private readonly PipelineMessage _message;
        private readonly CancellationTokenSource _limit;
        private bool _headersReceived;

        public HttpAttempt(HttpClient http, ClientOptions options, PipelineMessage message)
        {
            _http = http;
            _options = options;
            _message = message;
            _limit = CancellationTokenSource.CreateLinkedTokenSource(message.CancellationToken);
            _limit.CancelAfter(options.Timeout);
            Scrubber = message.Scrubber();
        }

        /// <summary>1 for the first attempt.</summary>
        public int Number => _message.Attempt;

        public IClientLog Log => _message.Log;

        /// <summary>Masks the secrets of this call in anything the last step takes from the answer for a message.</summary>
        public SecretScrubber Scrubber { get; private set; }

        /// <summary>Ends when the time limit passes or the caller cancels.</summary>
        public CancellationToken Token => _limit.Token;

        /// <summary>The caller's own cancellation, for work that is not the network's (writing a file).</summary>
        public CancellationToken CallerToken => _message.CancellationToken;

        /// <summary>The limit is on silence, not on the whole transfer: a large file on a slow link keeps going.</summary>
        public void RestartTimer() => _limit.CancelAfter(_options.Timeout);

        public async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request)
        {
            request.Version = RequestVersion.For(request.RequestUri!);
            request.Headers.TryAddWithoutValidation("User-Agent", _options.UserAgent);
            if (_message.Token is string token)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                _message.Sent(token);
                Scrubber = _message.Scrubber();
            }

            try
            {
                HttpResponseMessage response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, _limit.Token).ConfigureAwait(false);
                _headersReceived = true;
                return response;
            }
            catch (Exception e) when (IsNetworkFailure(e))
            {
                _message.CancellationToken.ThrowIfCancellationRequested();
                throw Failure(e, null);
            }
        }

        /// <summary>One read of the answer's body; <paramref name="progress"/> says how far the body got, for a message.</summary>
        public async Task<int> ReadAsync(Stream body, byte[] buffer, Func<string>? progress = null)
        {
            int read;
            try
            {
                read = await body.ReadAsync(buffer, 0, buffer.Length, _limit.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (IsNetworkFailure(e) || e is ObjectDisposedException)
            {
                // A read the caller cancelled may end as a disposed stream: that is the cancellation, not a failure.
                _message.CancellationToken.ThrowIfCancellationRequested();
                throw Failure(e, progress?.Invoke());
            }

            if (read == 0 && _limit.IsCancellationRequested)
            {
                // A stream disposed by the time limit may just end: that is the limit, not the end of the body.
                _message.CancellationToken.ThrowIfCancellationRequested();
                throw Failure(new OperationCanceledException(_limit.Token), progress?.Invoke());
            }

            return read;
        }

        private static bool IsNetworkFailure(Exception e) =>
            e is HttpRequestException || e is IOException || e is OperationCanceledException;

        private Hyper3DException Failure(Exception e, string? progress) =>
            FailureClassifier.Transport(_message.Plan, e, _limit.IsCancellationRequested, _headersReceived, progress, _options.Timeout);

        public void Dispose() => _limit.Dispose();
    }
}
