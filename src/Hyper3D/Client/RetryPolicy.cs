using System;

namespace Hyper3D.Client
{
    /// <summary>
    /// When to try a request again and how long to wait first: exponential backoff with full jitter (so many
    /// clients that failed together do not return together), or the server's Retry-After, capped.
    /// </summary>
    internal sealed class RetryPolicy
    {
        private readonly ClientOptions _options;
        private readonly Random _random;

        public RetryPolicy(ClientOptions options, Random? random = null)
        {
            _options = options;
            _random = random ?? new Random();
        }

        public int MaximumRetryCount => _options.MaximumRetryCount;

        /// <summary>
        /// Only what may pass is tried again (a host that does not exist will not exist a second later). Reads are
        /// safe to repeat. A login is repeated only when it surely never reached the server or the server said it
        /// did not act on it (429, 503): a repeated login could otherwise lock an account.
        /// </summary>
        public static bool ShouldRetry(Hyper3DException failure, bool idempotent)
        {
            if (!failure.IsTransient)
            {
                return false;
            }

            return idempotent || failure.NeverSent || failure.Kind == ErrorKind.RateLimited || failure.StatusCode == 503;
        }

        /// <param name="retry">1 for the first retry.</param>
        public TimeSpan DelayBefore(int retry, Hyper3DException failure)
        {
            if (failure.RetryAfter.HasValue)
            {
                TimeSpan asked = failure.RetryAfter.Value;
                if (asked < TimeSpan.Zero)
                {
                    return TimeSpan.Zero;
                }

                return asked > _options.MaximumRetryAfter ? _options.MaximumRetryAfter : asked;
            }

            double ceiling = _options.RetryInterval.TotalMilliseconds * Math.Pow(2, Math.Min(retry - 1, 16));
            ceiling = Math.Min(ceiling, _options.MaximumRetryAfter.TotalMilliseconds);
            double jitter;
            lock (_random)
            {
                jitter = _random.NextDouble();
            }

            return TimeSpan.FromMilliseconds(ceiling * jitter);
        }

        /// <summary>Retry-After as delta-seconds or an HTTP date (RFC 9110).</summary>
        public static TimeSpan? ParseRetryAfter(System.Net.Http.Headers.RetryConditionHeaderValue? header, DateTimeOffset now)
        {
            if (header == null)
            {
                return null;
            }

            if (header.Delta.HasValue)
            {
                return header.Delta.Value;
            }

            if (header.Date.HasValue)
            {
                TimeSpan wait = header.Date.Value - now;
                return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
            }

            return null;
        }
    }
}
