using System.Text.Json;

namespace Hyper3D.Emulator;

/// <summary>The settings tests may change between scenarios through <c>POST /_emulator/reset</c>, and the request counter.</summary>
internal sealed class RuntimeSettings
{
    private int _requestCounter;
    private int _mediaRequestCounter;

    public RuntimeSettings(SettingsChange atStart)
    {
        Apply(atStart);
    }

    public volatile FaultPlan Faults = FaultPlan.Empty;
    public volatile int ShiftRecent;
    public volatile int LatencyMs;
    public volatile bool GalleriesByLikes;
    public volatile RateLimit Rate = new(0);
    public volatile Workers Workers = new(0);
    public volatile bool ClampPages;

    /// <summary>Requests at the server at once, /api and media; reset with the request counter.</summary>
    public InFlightGauge InFlight { get; } = new();

    /// <summary>Puts the settings <paramref name="change"/> gives in force; a rate or status given starts a full bucket.</summary>
    public void Apply(SettingsChange change)
    {
        Faults = change.Faults ?? Faults;
        ShiftRecent = change.ShiftRecent ?? ShiftRecent;
        LatencyMs = change.LatencyMs ?? LatencyMs;
        GalleriesByLikes = change.GalleriesByLikes ?? GalleriesByLikes;
        if (change.Rate is not null || change.RateStatus is not null)
        {
            Rate = new RateLimit(change.Rate ?? Rate.PerSecond, change.RateStatus ?? Rate.Status);
        }

        if (change.Workers is int workers)
        {
            Workers = new Workers(workers);
        }

        ClampPages = change.ClampPages ?? ClampPages;
    }

    /// <summary>The settings in force, by the names a reset body gives them.</summary>
    public void WriteJson(Utf8JsonWriter w)
    {
        w.WriteStartObject();
        w.WriteString("faults", Faults.Spec);
        w.WriteNumber("shift_recent", ShiftRecent);
        w.WriteNumber("latency_ms", LatencyMs);
        w.WriteString("gallery_order", GalleriesByLikes ? "likes" : "time");
        w.WriteNumber("rate", Rate.PerSecond);
        w.WriteNumber("rate_status", Rate.Status);
        w.WriteNumber("workers", Workers.Count);
        w.WriteBoolean("clamp_pages", ClampPages);
        w.WriteEndObject();
    }

    public int NextRequestNumber() => Interlocked.Increment(ref _requestCounter);

    public int NextMediaRequestNumber() => Interlocked.Increment(ref _mediaRequestCounter);

    public void ResetCounter()
    {
        Interlocked.Exchange(ref _requestCounter, 0);
        Interlocked.Exchange(ref _mediaRequestCounter, 0);
        InFlight.Reset();
    }
}
