using System;
using System.Threading.Tasks;
using Hyper3D.Client.Pacing;

namespace Hyper3D.Client.Http
{
    /// <summary>
    /// Each attempt waits for its origin's turn and tells the origin's pacer how it went, so pages and media to a
    /// server that throttles slow down together.
    /// </summary>
    internal sealed class PacingPolicy : PipelinePolicy
    {
        private readonly Func<Uri, IRequestPacer> _pacerFor;

        /// <param name="pacerFor">The pacer of a request's origin (the session's <see cref="RequestPacers.For"/>).</param>
        public PacingPolicy(Func<Uri, IRequestPacer> pacerFor) => _pacerFor = pacerFor;

        public override async Task ProcessAsync(PipelineMessage message, Func<Task> next)
        {
            IRequestPacer pacer = _pacerFor(message.Plan.Uri);
            try
            {
                using (await pacer.WaitTurnAsync(message.CancellationToken).ConfigureAwait(false))
                {
                    await next().ConfigureAwait(false);
                    pacer.Succeeded();
                }
            }
            catch (Hyper3DException e) when (e.Kind == ErrorKind.RateLimited || e.StatusCode == 503)
            {
                pacer.Throttled(e.RetryAfter);
                throw;
            }
        }
    }
}
