using System;
using System.Threading;
using System.Threading.Tasks;

namespace Hyper3D.Client.Pacing
{
    /// <summary>
    /// Paces one origin: how many requests are at the server at once (<see cref="ConcurrencyLimit"/>, from their
    /// latency), and how fast they go out once the server has throttled (the AWS SDKs' adaptive retry mode: a
    /// client-side token bucket whose rate follows <see cref="CubicRate"/>, cut after each throttle and probing back
    /// up on success). While a Retry-After pause runs nothing is sent at all.
    /// </summary>
    /// <remarks>
    /// Every request on the session to this origin shares the one pacer, so listings in parallel runspaces and
    /// media downloads slow down together. The callers' -ThrottleLimit is their own ceiling on top.
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
        private readonly ConcurrencyLimit _limit;
        private readonly RequestSlots _slots;
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
        private int _atServer;

        public AdaptivePacer(PacerClock? clock = null, int initialLimit = Pacing.ConcurrencyLimit.Initial)
        {
            _clock = clock ?? PacerClock.System;
            _limit = new ConcurrencyLimit(initialLimit);
            _slots = new RequestSlots(_limit.Current);
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

        public int ConcurrencyLimit
        {
            get
            {
                lock (_lock)
                {
                    return _limit.Current;
                }
            }
        }

        /// <summary>Requests sent and not answered yet.</summary>
        public int InFlight
        {
            get
            {
                lock (_lock)
                {
                    return _atServer;
                }
            }
        }

        public async Task<IDisposable> WaitTurnAsync(CancellationToken cancellationToken)
        {
            await _slots.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                return await WaitForPaceAsync(cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                _slots.Release();
                throw;
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

                _throttledRate = ThrottledRate(now);
                _rate = CubicRate.AfterThrottle(_throttledRate);
                _paced = true;
                _lastCut = now;
                _resumedAt = _pauseUntil > now ? _pauseUntil : now;
                _nextSend = _resumedAt;
                _measureFrom = _resumedAt;
                _successesSinceMeasure = 0;
                _limit.Throttled();
                _slots.SetLimit(_limit.Current);
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

        private async Task<IDisposable> WaitForPaceAsync(CancellationToken cancellationToken)
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

                        _atServer++;
                        return new Turn(this, now, _atServer, _slots.Held);
                    }

                    wait = start - now;
                }

                // Another waiter may take the turn first, or a throttle may move it: look again after the wait.
                await _clock.DelayAsync(wait, cancellationToken).ConfigureAwait(false);
            }
        }

        /// <summary>
        /// The rate the server throttled: what it let through since the last cut (or the first request), if that was
        /// measured over at least <see cref="ShortestMeasure"/>, so a first burst the server absorbed is not taken for
        /// its pace; and never more than the pace that was throttled. A throttle sooner after a cut than that cuts
        /// the pace again, not down to the few requests counted so far.
        /// </summary>
        private double ThrottledRate(TimeSpan now)
        {
            TimeSpan span = now - (_measureFrom ?? now);
            if (_paced && span < ShortestMeasure)
            {
                return _rate;
            }

            double allowed = Math.Max(CubicRate.MinimumRate, _successesSinceMeasure / Math.Max(span.TotalSeconds, ShortestMeasure.TotalSeconds));
            return _paced ? Math.Min(_rate, allowed) : allowed;
        }

        private void Finished(TimeSpan sentAt, int atServer, int slotsTaken)
        {
            lock (_lock)
            {
                // The longest recent answer time: throttles arriving within it of a cut belong to that cut.
                TimeSpan took = _clock.Now - sentAt;
                _turnTime = took > _turnTime ? took : TimeSpan.FromTicks((long)((_turnTime.Ticks * 0.9) + (took.Ticks * 0.1)));
                // As Netflix's limits judge it: the callers used at least half of the limit when this request went out.
                _limit.Sample(took, atServer, saturated: slotsTaken * 2 >= _limit.Current);
                _atServer--;
                _slots.SetLimit(_limit.Current);
            }

            _slots.Release();
        }

        private sealed class Turn : IDisposable
        {
            private readonly AdaptivePacer _pacer;
            private readonly TimeSpan _sentAt;
            private readonly int _atServer;
            private readonly int _slotsTaken;
            private int _disposed;

            public Turn(AdaptivePacer pacer, TimeSpan sentAt, int atServer, int slotsTaken)
            {
                _pacer = pacer;
                _sentAt = sentAt;
                _atServer = atServer;
                _slotsTaken = slotsTaken;
            }

            public void Dispose()
            {
                if (Interlocked.Exchange(ref _disposed, 1) == 0)
                {
                    _pacer.Finished(_sentAt, _atServer, _slotsTaken);
                }
            }
        }
    }
}
