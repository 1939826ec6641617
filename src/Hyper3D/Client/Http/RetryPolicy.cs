using System;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using Hyper3D.Client.Pacing;

namespace Hyper3D.Client.Http
{
    /// <summary>
    /// Tries a failed attempt again when that can help, after exponential backoff with full jitter (so many clients
    /// that failed together do not return together) or the server's Retry-After, capped; says so once per retry.
    /// </summary>
    internal sealed class RetryPolicy : PipelinePolicy
    {
        private readonly ClientOptions _options;
        private readonly PacerClock _clock;
        private readonly Random _random;
        private long _retries;

        public RetryPolicy(ClientOptions options, PacerClock? clock = null, Random? random = null)
        {
            _options = options;
            _clock = clock ?? PacerClock.System;
            _random = random ?? new Random();
        }

        public int MaximumRetryCount => _options.MaximumRetryCount;

        /// <summary>Attempts repeated after a transient failure, counted for the listing's summary line.</summary>
        public long Retries => Interlocked.Read(ref _retries);

        public override async Task ProcessAsync(PipelineMessage message, Func<Task> next)
        {
            for (int attempt = 1; ; attempt++)
            {
                message.CancellationToken.ThrowIfCancellationRequested();
                message.Attempt = attempt;
                Hyper3DException failure;
                try
                {
                    await next().ConfigureAwait(false);
                    return;
                }
                catch (Hyper3DException e)
                {
                    failure = e;
                }

                if (attempt > MaximumRetryCount || !ShouldRetry(failure, message.Plan.MayRepeat))
                {
                    throw attempt > 1 ? failure.AfterAttempts(attempt) : failure;
                }

                TimeSpan wait = DelayBefore(attempt, failure);
                Interlocked.Increment(ref _retries);
                message.Log.Warning(string.Format(
                    CultureInfo.InvariantCulture,
                    "Attempt {0} of {1} failed: {2} Retrying in {3:0.0} s.",
                    attempt,
                    MaximumRetryCount + 1,
                    failure.Message,
                    wait.TotalSeconds));
                if (wait > TimeSpan.Zero)
                {
                    await _clock.DelayAsync(wait, message.CancellationToken).ConfigureAwait(false);
                }
            }
        }

        /// <summary>
        /// Only what may pass is tried again (a host that does not exist will not exist a second later). Reads are
        /// safe to repeat. A login is repeated only when it surely never reached the server or the server said it
        /// did not act on it (429, 503): a repeated login could otherwise lock an account. A proxy's 407 is never
        /// transient: each try would be another wrong password against the proxy's account.
        /// </summary>
        public static bool ShouldRetry(Hyper3DException failure, bool mayRepeat)
        {
            if (!failure.IsTransient || failure.Kind == ErrorKind.ProxyAuthentication)
            {
                return false;
            }

            return mayRepeat || failure.NeverSent || failure.Kind == ErrorKind.RateLimited || failure.StatusCode == 503;
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
    }
}
