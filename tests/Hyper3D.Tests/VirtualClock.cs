using Hyper3D.Client;
using Hyper3D.Client.Pacing;

namespace Hyper3D.Tests;

/// <summary>
/// A clock whose waits end at once by moving its time forward by the wait: a session paced after a 429 goes through
/// its whole pacing schedule without spending that time, so a fault test lasts as long as its requests.
/// </summary>
internal sealed class VirtualClock : PacerClock
{
    private readonly object _lock = new();
    private TimeSpan _now = TimeSpan.FromSeconds(100);

    public override TimeSpan Now
    {
        get
        {
            lock (_lock) return _now;
        }
    }

    public override Task DelayAsync(TimeSpan wait, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            if (wait > TimeSpan.Zero) _now += wait;
        }

        return Task.CompletedTask;
    }
}
