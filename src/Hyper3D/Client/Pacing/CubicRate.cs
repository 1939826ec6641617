using System;

namespace Hyper3D.Client.Pacing
{
    /// <summary>
    /// The send rate after a throttle, as TCP CUBIC moves a congestion window: cut to a fraction of the rate that
    /// was throttled, then grow back along a cubic curve that is flat near that rate (probing it carefully) and
    /// steep far from it (so a limit that was raised is found again quickly).
    /// </summary>
    /// <remarks>
    /// The curve is scaled by the throttled rate, so a server allowing 10 requests a second is probed as gently as
    /// one allowing 400: the rate stays within a few percent of the throttled rate for seconds, where a rate limiter's
    /// bucket drains slowly enough that the next throttle is rare, instead of bursting past it.
    /// </remarks>
    internal static class CubicRate
    {
        /// <summary>How much of the throttled rate is kept at once.</summary>
        public const double Beta = 0.85;

        /// <summary>How fast the curve leaves the plateau, as a share of the throttled rate per second cubed.</summary>
        public const double Scale = 0.01;

        /// <summary>Below this a throttled server would wait minutes per request; it is the floor.</summary>
        public const double MinimumRate = 0.5;

        /// <summary>Seconds from a throttle until the curve is back at the throttled rate.</summary>
        public static readonly double Plateau = Math.Pow((1 - Beta) / Scale, 1.0 / 3);

        /// <summary>The rate to send at right after a throttle at <paramref name="throttledRate"/>.</summary>
        public static double AfterThrottle(double throttledRate) => Math.Max(MinimumRate, throttledRate * Beta);

        /// <summary>
        /// The rate <paramref name="sinceThrottle"/> after a throttle at <paramref name="throttledRate"/>: back at
        /// that rate after <see cref="Plateau"/> seconds, above it after that.
        /// </summary>
        public static double At(double throttledRate, TimeSpan sinceThrottle)
        {
            double t = sinceThrottle.TotalSeconds - Plateau;
            return Math.Max(MinimumRate, throttledRate * (1 + (Scale * t * t * t)));
        }
    }
}
