using System;

namespace Hyper3D.Client
{
    /// <summary>
    /// The send rate after a throttle, as TCP CUBIC moves a congestion window: cut to a fraction of the rate that
    /// was throttled, then grow back along a cubic curve that is flat near that rate (probing it carefully) and
    /// steep far from it (so a limit that was raised is found again quickly).
    /// </summary>
    internal static class CubicRate
    {
        /// <summary>How much of the throttled rate is kept at once.</summary>
        public const double Beta = 0.7;

        /// <summary>How fast the curve leaves the plateau, in requests per second per second cubed.</summary>
        public const double Scale = 0.4;

        /// <summary>Below this a throttled server would wait minutes per request; it is the floor.</summary>
        public const double MinimumRate = 0.5;

        /// <summary>The rate to send at right after a throttle at <paramref name="throttledRate"/>.</summary>
        public static double AfterThrottle(double throttledRate) => Math.Max(MinimumRate, throttledRate * Beta);

        /// <summary>
        /// The rate <paramref name="sinceThrottle"/> after a throttle at <paramref name="throttledRate"/>: back at
        /// that rate after K = cbrt(rate (1 - Beta) / Scale) seconds, above it after that.
        /// </summary>
        public static double At(double throttledRate, TimeSpan sinceThrottle)
        {
            double k = Math.Pow(throttledRate * (1 - Beta) / Scale, 1.0 / 3);
            double t = sinceThrottle.TotalSeconds - k;
            return Math.Max(MinimumRate, (Scale * t * t * t) + throttledRate);
        }
    }
}
