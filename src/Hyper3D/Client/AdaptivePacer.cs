using System;
using System.Threading;
using System.Threading.Tasks;

namespace Hyper3D.Client
{
    /// <summary>
    /// Paces one origin the way the AWS SDKs' adaptive retry mode does: unpaced until the server first throttles;
    /// from then on a client-side token bucket whose rate follows <see cref="CubicRate"/>, cut after each throttle
    /// and probing back up on success. While a Retry-After pause runs nothing is sent at all.
    /// </summary>
    /// <remarks>
    /// Every request on the session to this origin shares the one pacer, so listings in parallel runspaces and
    /// media downloads slow down together. How many requests are in flight is the caller's ceiling (-ThrottleLimit);
    /// the pacer decides only when each may go.
    /// </remarks>
    internal sealed class AdaptivePacer : IRequestPacer
    {
        /// <summary>
        /// Servers count their limits per second at the finest, so a burst shorter than this tells only how many
        /// requests the server let through, not how fast.
        /// </summary>
        private static readonly TimeSpan ShortestMeasure = TimeSpan.FromSeconds(1);

        private readonly PacerClock _clock;
        private readonly object _lock = new object();
        private TimeSpan _pauseUntil;
        private bool _paced;
        private double _rate;
        private double _throttledRate;
        private TimeSpan _resumedAt;
        private TimeSpan _nextSend;
        private TimeSpan? _measureFrom;
        private int _successesSinceMeasure;
        private TimeSpan _lastCut;
        private TimeSpan _turnTime;

        public AdaptivePacer(PacerClock? clock = null)
        {
            _clock = clock ?? PacerClock.System;
        }

        /// <summary>Requests a second while paced; null while unpaced.</summary>
        public double? Rate
        {
            get
            {
                lock (_lock)
                {
                    return _paced ? _rate : (double?)null;
                }
            }
        }

        public async Task<IDisposable> WaitTurnAsync(CancellationToken cancellationToken)
        {
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                TimeSpan wait;
                lock (_lock)
                {
                    TimeSpan now = _clock.Now;
                    TimeSpan start = _paced && _nextSend > _pauseUntil ? _nextSend : _pauseUntil;
                    if (start <= now)
                    {
                        _measureFrom ??= now;
                        if (_paced)
                        {
                            // No tokens saved up while idle: a paced client never bursts.
                            _nextSend = (_nextSend > now ? _nextSend : now) + TimeSpan.FromTicks((long)(TimeSpan.TicksPerSecond / _rate));
                        }

                        return new Turn(this, now);
                    }

                    wait = start - now;
                }

                // Another waiter may take the turn first, or a throttle may move it: look again after the wait.
                await _clock.DelayAsync(wait, cancellationToken).ConfigureAwait(false);
            }
        }

        public void Throttled(TimeSpan? retryAfter)
        {
            lock (_lock)
            {
                TimeSpan now = _clock.Now;

                // Requests already in flight when the rate was cut answer with the same throttle: one cut is enough.
                bool cutAlready = now < _pauseUntil || (_paced && now - _lastCut < _turnTime);
                if (retryAfter is TimeSpan pause && pause > TimeSpan.Zero && now + pause > _pauseUntil)
                {
                    _pauseUntil = now + pause;
                }

                if (cutAlready)
                {
                    return;
                }

                double allowed = SuccessRate(now);
                _throttledRate = _paced ? Math.Min(_rate, allowed) : allowed;
                _rate = CubicRate.AfterThrottle(_throttledRate);
                _paced = true;
                _lastCut = now;
                _resumedAt = _pauseUntil > now ? _pauseUntil : now;
                _nextSend = _resumedAt;
                _measureFrom = _resumedAt;
                _successesSinceMeasure = 0;
            }
        }

        public void Succeeded()
        {
            lock (_lock)
            {
                TimeSpan now = _clock.Now;
                _successesSinceMeasure++;
                if (_paced && now > _resumedAt)
                {
                    _rate = CubicRate.At(_throttledRate, now - _resumedAt);
                }
            }
        }

        /// <summary>
        /// What the server let through since the last cut (or the first request): the rate to fall back from. Over
        /// at least <see cref="ShortestMeasure"/>, so a first burst the server absorbed is not taken for its pace.
        /// </summary>
        private double SuccessRate(TimeSpan now)
        {
            TimeSpan span = now - (_measureFrom ?? now);
            if (span < ShortestMeasure)
            {
                span = ShortestMeasure;
            }

            return Math.Max(CubicRate.MinimumRate, _successesSinceMeasure / span.TotalSeconds);
        }

        private void Finished(TimeSpan sentAt)
        {
            lock (_lock)
            {
                // The longest recent answer time: throttles arriving within it of a cut belong to that cut.
                TimeSpan took = _clock.Now - sentAt;
                _turnTime = took > _turnTime ? took : TimeSpan.FromTicks((long)((_turnTime.Ticks * 0.9) + (took.Ticks * 0.1)));
            }
        }

        private sealed class Turn : IDisposable
        {
            private readonly AdaptivePacer _pacer;
            private readonly TimeSpan _sentAt;

            public Turn(AdaptivePacer pacer, TimeSpan sentAt)
            {
                _pacer = pacer;
                _sentAt = sentAt;
            }

            public void Dispose() => _pacer.Finished(_sentAt);
        }
    }
}
