namespace Hyper3D.Emulator;

/// <summary>The settings tests may change between scenarios through <c>POST /_emulator/reset</c>, and the request counter.</summary>
internal sealed class RuntimeSettings
{
    private int _requestCounter;

    public RuntimeSettings(EmulatorOptions options)
    {
        Faults = options.Faults;
        ShiftRecent = options.ShiftRecent;
        LatencyMs = options.LatencyMs;
        Rate = new RateLimit(options.Rate);
        ClampPages = options.ClampPages;
    }

    public volatile FaultPlan Faults;
    public volatile int ShiftRecent;
    public volatile int LatencyMs;
    public volatile RateLimit Rate;
    public volatile bool ClampPages;

    public int NextRequestNumber() => Interlocked.Increment(ref _requestCounter);

    public void ResetCounter() => Interlocked.Exchange(ref _requestCounter, 0);
}
