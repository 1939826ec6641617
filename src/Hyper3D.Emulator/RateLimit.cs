namespace Hyper3D.Emulator;

/// <summary>
/// A server's request limit: a token bucket that holds <see cref="PerSecond"/> tokens and refills at that many a
/// second. 0 means no limit. A reset starts a new, full bucket. A request over the limit is answered with
/// <see cref="Status"/>: 429, or 503 as nginx's limit_req answers by default.
/// </summary>
internal sealed class RateLimit
{
    private readonly object _lock = new();
    private readonly System.Diagnostics.Stopwatch _clock = System.Diagnostics.Stopwatch.StartNew();
    private double _tokens;
    private double _lastSeconds;

    public RateLimit(int perSecond, int status = StatusCodes.Status429TooManyRequests)
    {
        PerSecond = perSecond;
        Status = status;
        _tokens = perSecond;
    }

    public int PerSecond { get; }

    public int Status { get; }

    /// <summary>Takes a token if one is there; false: the request is over the limit.</summary>
    public bool TryTake()
    {
        if (PerSecond == 0)
        {
            return true;
        }

        lock (_lock)
        {
            double now = _clock.Elapsed.TotalSeconds;
            _tokens = Math.Min(PerSecond, _tokens + ((now - _lastSeconds) * PerSecond));
            _lastSeconds = now;
            if (_tokens < 1)
            {
                return false;
            }

            _tokens -= 1;
            return true;
        }
    }
}
