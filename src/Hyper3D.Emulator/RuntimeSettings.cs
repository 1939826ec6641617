namespace Hyper3D.Emulator;

/// <summary>The settings tests may change between scenarios through <c>POST /_emulator/reset</c>, and the request counter.</summary>
internal sealed class RuntimeSettings
{
    private int _requestCounter;
    private int _mediaRequestCounter;

    public RuntimeSettings(EmulatorOptions options)
    {
        Faults = options.Faults;
        ShiftRecent = options.ShiftRecent;
        LatencyMs = options.LatencyMs;
        Rate = new RateLimit(options.Rate, options.RateStatus);
        Workers = new Workers(options.Workers);
        ClampPages = options.ClampPages;
        GalleriesByLikes = options.GalleriesByLikes;
    }

    public volatile FaultPlan Faults;
    public volatile int ShiftRecent;
    public volatile int LatencyMs;
    public volatile bool GalleriesByLikes;
    public volatile RateLimit Rate;
    public volatile Workers Workers;
    public volatile bool ClampPages;

    /// <summary>Media requests on both listeners; reset with the request counter.</summary>
    public MediaLog MediaLog { get; } = new();

    /// <summary>Requests at the server at once, /api and media; reset with the request counter.</summary>
    public InFlightGauge InFlight { get; } = new();

    public int NextRequestNumber() => Interlocked.Increment(ref _requestCounter);

    public int NextMediaRequestNumber() => Interlocked.Increment(ref _mediaRequestCounter);

    public void ResetCounter()
    {
        Interlocked.Exchange(ref _requestCounter, 0);
        Interlocked.Exchange(ref _mediaRequestCounter, 0);
        MediaLog.Clear();
        InFlight.Reset();
    }
}
