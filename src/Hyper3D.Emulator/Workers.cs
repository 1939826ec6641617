namespace Hyper3D.Emulator;

/// <summary>
/// A server with N workers: at most N requests (/api and media alike) are served at once, the rest wait their turn
/// in arrival order, so the latency a client sees grows with the number it sends at once. 0: no bound.
/// </summary>
internal sealed class Workers
{
    private readonly SemaphoreSlim? _free;

    public Workers(int count)
    {
        Count = count;
        _free = count > 0 ? new SemaphoreSlim(count, count) : null;
    }

    public int Count { get; }

    /// <summary>Waits for a free worker; dispose the result when the answer is complete.</summary>
    public async Task<IDisposable> EnterAsync(CancellationToken aborted)
    {
        if (_free is null)
        {
            return NoWorker.Instance;
        }

        await _free.WaitAsync(aborted);
        return new Worker(_free);
    }

    private sealed class Worker(SemaphoreSlim free) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                free.Release();
            }
        }
    }

    private sealed class NoWorker : IDisposable
    {
        public static readonly NoWorker Instance = new();

        public void Dispose()
        {
        }
    }
}
