using System;

namespace Hyper3D.Client.Pacing
{
    /// <summary>
    /// How many requests one origin gets at once, adapted as TCP Vegas adapts its window: from each answer's latency
    /// against the lowest latency seen lately (the floor), it estimates how many requests wait in the server's queue,
    /// grows the limit while none wait and shrinks it when more than a few do or the server throttles.
    /// </summary>
    /// <remarks>
    /// Vegas, not a loss-based rule: a server that queues answers later long before it refuses anything, and it is
    /// that queue, not a refusal, that tells the limit is past the server's capacity. Netflix's VegasLimit and
    /// Gradient2 and Envoy's adaptive concurrency filter all estimate the same queue; Gradient2's smoothing and
    /// Envoy's periodic floor probes (which drop the limit to a few requests for a while) suit services that see
    /// thousands of requests a second, while a listing sends a few hundred in all: the queue estimate per answer, with
    /// small thresholds counted in requests, settles within a few round trips.
    /// </remarks>
    internal sealed class ConcurrencyLimit
    {
        /// <summary>Where an origin starts: as many as a fixed window used to keep in flight.</summary>
        public const int Initial = 6;

        /// <summary>The most any origin gets, whatever the callers' ceilings; the limit grows only while it is used.</summary>
        public const int Maximum = 64;

        /// <summary>Fewer requests than this waiting at the server: the server has room, the limit grows.</summary>
        private const double GrowBelow = 1.0;

        /// <summary>More requests than this waiting at the server: it is queueing what it cannot serve, the limit shrinks.</summary>
        private const double ShrinkAbove = 2.0;

        /// <summary>A throttle keeps this share of the limit.</summary>
        private const double ThrottleKeeps = 0.75;

        /// <summary>
        /// Samples a floor is kept for before the lowest latency of a request sent alone in that time replaces it, so a
        /// server that became slower for good is followed.
        /// </summary>
        /// <remarks>
        /// Only a request alone at the server (every listing's first page is) shows what the server costs with no
        /// queue of ours in front: were any sample taken, a server queueing all the time would raise its own floor and
        /// the limit with it, as a Vegas window drifts up on a path that never empties.
        /// </remarks>
        private const int FloorSamples = 64;

        /// <summary>
        /// Latency above the floor that is noise, not queueing (scheduling of a busy client, a garbage collection): the
        /// larger of this and a tenth of the floor.
        /// </summary>
        private static readonly TimeSpan Slack = TimeSpan.FromMilliseconds(5);

        private readonly int _maximum;
        private readonly int _initial;
        private TimeSpan _floor = TimeSpan.MaxValue;
        private TimeSpan _newerFloor = TimeSpan.MaxValue;
        private int _samplesInFloor;

        public ConcurrencyLimit(int initial = Initial, int maximum = Maximum)
        {
            _maximum = maximum;
            _initial = Math.Max(1, Math.Min(initial, maximum));
            Current = _initial;
        }

        public int Current { get; private set; }

        /// <summary>The lowest latency of the recent answers: what a request costs when nothing waits before it.</summary>
        public TimeSpan? Floor => _floor == TimeSpan.MaxValue ? (TimeSpan?)null : _floor;

        /// <summary>
        /// One answer came after <paramref name="latency"/>, sent while <paramref name="atServer"/> requests (itself
        /// included) were at the server. <paramref name="saturated"/>: the callers were using most of the limit when it
        /// was sent, so the limit, not the callers, held the number back; only then does growing it mean anything.
        /// </summary>
        /// <remarks>
        /// A server that answers within the noise allowance (on the same machine or next to it) grows no further
        /// than the initial limit: it has no latency to hide, and its queue could not be told from noise, so more
        /// requests at once would only compete with the client for the same processors.
        /// </remarks>
        public void Sample(TimeSpan latency, int atServer, bool saturated)
        {
            TrackFloor(latency, atServer);
            double waiting = Waiting(latency, atServer);
            if (waiting > ShrinkAbove)
            {
                Current = Math.Max(1, Current - 1);
            }
            else if (waiting < GrowBelow && saturated && (Current < _initial || _floor >= Slack))
            {
                Current = Math.Min(_maximum, Current + 1);
            }
        }

        /// <summary>The server refused a request for its rate: fewer at once, as the pace is cut too.</summary>
        public void Throttled()
        {
            Current = Math.Max(1, (int)(Current * ThrottleKeeps));
        }

        /// <summary>
        /// Vegas' queue estimate: with n requests at the server answering in rtt where the floor is f, n (rtt - f) / rtt
        /// of them were waiting rather than being served.
        /// </summary>
        private double Waiting(TimeSpan latency, int atServer)
        {
            TimeSpan noise = TimeSpan.FromTicks(Math.Max(Slack.Ticks, _floor.Ticks / 10));
            TimeSpan queued = latency - _floor - noise;
            if (queued <= TimeSpan.Zero || latency <= TimeSpan.Zero)
            {
                return 0;
            }

            return atServer * (queued.TotalMilliseconds / latency.TotalMilliseconds);
        }

        private void TrackFloor(TimeSpan latency, int atServer)
        {
            if (atServer <= 1 && latency < _newerFloor)
            {
                _newerFloor = latency;
            }

            if (latency < _floor)
            {
                _floor = latency;
            }

            if (++_samplesInFloor >= FloorSamples && _newerFloor != TimeSpan.MaxValue)
            {
                _floor = _newerFloor;
                _newerFloor = TimeSpan.MaxValue;
                _samplesInFloor = 0;
            }
        }
    }
}
