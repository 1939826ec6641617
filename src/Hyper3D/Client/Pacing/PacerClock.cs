using System;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;

namespace Hyper3D.Client.Pacing
{
    /// <summary>
    /// The time a pacer reads and the waits it makes; tests pass one they move by hand, so pacing is checked
    /// without real delays.
    /// </summary>
    internal class PacerClock
    {
        public static readonly PacerClock System = new PacerClock();

        private readonly Stopwatch _since = Stopwatch.StartNew();

        /// <summary>Time since an arbitrary start; only differences matter.</summary>
        public virtual TimeSpan Now => _since.Elapsed;

        public virtual Task DelayAsync(TimeSpan wait, CancellationToken cancellationToken) => Task.Delay(wait, cancellationToken);
    }
}
