using System;
using System.Threading;
using System.Threading.Tasks;

namespace Hyper3D.Client.Pacing
{
    /// <summary>
    /// Paces what one session sends to one origin (scheme, host and port), so that every request to a server
    /// that is throttling, page fetches and media downloads alike, slows down together.
    /// </summary>
    internal interface IRequestPacer
    {
        /// <summary>
        /// How many requests may be at this origin at once now: it grows while answers come as fast as ever and
        /// shrinks when they slow down (the server queues) or the server throttles.
        /// </summary>
        int ConcurrencyLimit { get; }

        /// <summary>
        /// Waits until a request may go out (a free slot under the concurrency limit, a Retry-After pause that is
        /// running, the pace); dispose the result when the answer is in: the time until then is the request's latency.
        /// </summary>
        Task<IDisposable> WaitTurnAsync(CancellationToken cancellationToken);

        /// <summary>The server throttled a request (429, RATE_LIMITED, 503): pause for its Retry-After, if any.</summary>
        void Throttled(TimeSpan? retryAfter);

        /// <summary>The server answered without throttling.</summary>
        void Succeeded();
    }
}
