using System;
using System.Threading;
using System.Threading.Tasks;

namespace Hyper3D.Client
{
    /// <summary>Holds every request to its origin while a Retry-After pause runs; no other pacing.</summary>
    internal sealed class PauseOnlyPacer : IRequestPacer
    {
        private static readonly IDisposable Nothing = new NoTurn();
        private long _pauseUntilTicks;

        public async Task<IDisposable> WaitTurnAsync(CancellationToken cancellationToken)
        {
            TimeSpan wait = new DateTime(Interlocked.Read(ref _pauseUntilTicks), DateTimeKind.Utc) - DateTime.UtcNow;
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, cancellationToken).ConfigureAwait(false);
            }

            return Nothing;
        }

        public void Throttled(TimeSpan? retryAfter)
        {
            if (retryAfter is TimeSpan pause && pause > TimeSpan.Zero)
            {
                long until = (DateTime.UtcNow + pause).Ticks;
                long seen;
                while ((seen = Interlocked.Read(ref _pauseUntilTicks)) < until && Interlocked.CompareExchange(ref _pauseUntilTicks, until, seen) != seen)
                {
                }
            }
        }

        public void Succeeded()
        {
        }

        private sealed class NoTurn : IDisposable
        {
            public void Dispose()
            {
            }
        }
    }
}
