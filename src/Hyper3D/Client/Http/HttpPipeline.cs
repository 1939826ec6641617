using System;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Hyper3D.Client.Pacing;

namespace Hyper3D.Client.Http
{
    /// <summary>
    /// The one way a session sends a request, page, login or media file: an ordered list of policies around one
    /// transport, as Azure.Core builds its HttpPipeline. The plan's last step differs; the rules do not.
    /// </summary>
    internal sealed class HttpPipeline : IDisposable
    {
        private readonly PipelinePolicy[] _policies;
        private readonly HttpClient _http;
        private readonly ClientOptions _options;

        public HttpPipeline(ClientOptions options, HttpMessageHandler transport, params PipelinePolicy[] policies)
        {
            _options = options;
            _policies = policies;
            _http = new HttpClient(transport, disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };
        }

        /// <summary>The session's policies, outermost first: scrub what is reported, authorize, retry, pace each attempt.</summary>
        public static HttpPipeline ForSession(ClientOptions options, ISessionAuthority session, RequestPacers pacers, RetryPolicy retry, HttpMessageHandler transport) =>
            new HttpPipeline(options, transport, new ScrubbingPolicy(), new AuthorizationPolicy(session), retry, new PacingPolicy(pacers.For));

        public async Task<T> SendAsync<T>(RequestPlan<T> plan, IClientLog log, CancellationToken cancellationToken)
        {
            await ProcessAsync(new PipelineMessage(plan, log, cancellationToken), 0).ConfigureAwait(false);
            return plan.Result;
        }

        private Task ProcessAsync(PipelineMessage message, int index) =>
            index < _policies.Length
                ? _policies[index].ProcessAsync(message, () => ProcessAsync(message, index + 1))
                : AttemptAsync(message);

        private async Task AttemptAsync(PipelineMessage message)
        {
            using var attempt = new HttpAttempt(_http, _options, message);
            await message.Plan.RunAttemptAsync(attempt).ConfigureAwait(false);
        }

        public void Dispose() => _http.Dispose();
    }
}
