using System.Globalization;

namespace Hyper3D.Emulator;

internal enum FaultKind
{
    RateLimited429,
    Status,
    Html503,
    Html200,
    RateLimitedBody,
    Reset,
    Hang,
    Truncate,
    Empty,
    WrongShape,
    BadTypes,
    Huge,
    Unauthorized,
    Slow,
    Cut,
    NumberUuid,
    Echo,
    FalseEncoding,
    Bom,
    ControlCode,
    IgnoreRange,
    Stall,
    BareStatus,
}

/// <summary>One injected misbehaviour; <see cref="Name"/> is what the request log shows.</summary>
internal sealed record Fault(FaultKind Kind, int Arg, string Name);

/// <summary>
/// The parsed <c>--faults</c> spec: request number (1-based, counted since start or reset) to fault. Entries
/// named <c>media:fault</c> count media requests on their own counter, so adding them never moves /api faults.
/// </summary>
internal sealed class FaultPlan
{
    private const string MediaPrefix = "media:";

    public static readonly FaultPlan Empty = new(new Dictionary<int, Fault>(), new Dictionary<int, Fault>(), "");

    private readonly Dictionary<int, Fault> _byRequest;
    private readonly Dictionary<int, Fault> _byMediaRequest;

    private FaultPlan(Dictionary<int, Fault> byRequest, Dictionary<int, Fault> byMediaRequest, string spec)
    {
        _byRequest = byRequest;
        _byMediaRequest = byMediaRequest;
        Spec = spec;
    }

    public string Spec { get; }

    public Fault? For(int requestNumber) => _byRequest.TryGetValue(requestNumber, out var f) ? f : null;

    public Fault? ForMedia(int mediaRequestNumber) => _byMediaRequest.TryGetValue(mediaRequestNumber, out var f) ? f : null;

    /// <summary>Parses <c>fault@n[,fault@n...]</c>; n may also be a range <c>a-b</c>. Returns null and an error on bad input.</summary>
    public static FaultPlan? TryParse(string spec, out string? error)
    {
        error = null;
        var map = new Dictionary<int, Fault>();
        var mediaMap = new Dictionary<int, Fault>();
        foreach (var raw in spec.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            int at = raw.LastIndexOf('@');
            if (at <= 0 || at == raw.Length - 1)
            {
                error = $"fault '{raw}' must look like name@n";
                return null;
            }

            bool media = raw.StartsWith(MediaPrefix, StringComparison.Ordinal);
            var fault = media ? TryParseMediaFault(raw[MediaPrefix.Length..at], raw[..at]) : TryParseFault(raw[..at]);
            if (fault is null)
            {
                error = $"unknown fault '{raw[..at]}'";
                return null;
            }

            if (!TryParseRange(raw[(at + 1)..], out int first, out int last))
            {
                error = $"fault '{raw}': request number must be an integer >= 1 or a range a-b";
                return null;
            }

            for (int n = first; n <= last; n++)
            {
                (media ? mediaMap : map)[n] = fault;
            }
        }

        return new FaultPlan(map, mediaMap, spec);
    }

    private static bool TryParseRange(string text, out int first, out int last)
    {
        last = 0;
        int dash = text.IndexOf('-');
        if (dash < 0)
        {
            bool ok = TryPositive(text, out first);
            last = first;
            return ok;
        }

        // Ranges are capped so a typo cannot allocate millions of entries.
        return TryPositive(text[..dash], out first) && TryPositive(text[(dash + 1)..], out last)
            && last >= first && last - first < 100_000;
    }

    private static bool TryPositive(string s, out int value) =>
        int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value >= 1;

    /// <summary>What a media host or CDN does wrong: statuses, throttling, a body cut short, no range support.</summary>
    private static Fault? TryParseMediaFault(string name, string fullName)
    {
        if (name.StartsWith("status:", StringComparison.Ordinal))
        {
            return TryParseFault(name) is { } bare ? new Fault(FaultKind.Status, bare.Arg, fullName) : null;
        }

        if (name.StartsWith("429", StringComparison.Ordinal) || name.StartsWith("slow:", StringComparison.Ordinal) || name == "hang")
        {
            var shared = TryParseFault(name);
            return shared is null ? null : shared with { Name = fullName };
        }

        return name switch
        {
            "404" or "500" or "502" or "503" or "504" => new Fault(FaultKind.Status, int.Parse(name, CultureInfo.InvariantCulture), fullName),
            "reset" => new Fault(FaultKind.Reset, 0, fullName),
            "norange" => new Fault(FaultKind.IgnoreRange, 0, fullName),
            "stall" => new Fault(FaultKind.Stall, 0, fullName),
            _ => null,
        };
    }

    private static Fault? TryParseFault(string name)
    {
        string head = name;
        string? arg = null;
        int colon = name.IndexOf(':');
        if (colon >= 0)
        {
            head = name[..colon];
            arg = name[(colon + 1)..];
        }

        int argValue = 0;
        if (arg is not null
            && !int.TryParse(arg, NumberStyles.None, CultureInfo.InvariantCulture, out argValue))
        {
            return null;
        }

        switch (head)
        {
            case "429":
                return new Fault(FaultKind.RateLimited429, arg is null ? 1 : argValue, name);
            case "slow":
                return arg is null ? null : new Fault(FaultKind.Slow, argValue, name);
            case "cut":
                return arg is null ? null : new Fault(FaultKind.Cut, argValue, name);
            case "echo":
                return arg is null || argValue < 200 || argValue > 599 ? null : new Fault(FaultKind.Echo, argValue, name);
            case "status":
                // Any status as a web server or proxy in front of the API answers it: a page, no error code.
                return arg is null || argValue < 300 || argValue > 599 ? null : new Fault(FaultKind.BareStatus, argValue, name);
        }

        if (arg is not null)
        {
            return null;
        }

        return head switch
        {
            "500" or "502" or "503" or "504" => new Fault(FaultKind.Status, int.Parse(head, CultureInfo.InvariantCulture), name),
            "503html" => new Fault(FaultKind.Html503, 503, name),
            "200html" => new Fault(FaultKind.Html200, 200, name),
            "ratelimited" => new Fault(FaultKind.RateLimitedBody, 201, name),
            "reset" => new Fault(FaultKind.Reset, 0, name),
            "hang" => new Fault(FaultKind.Hang, 0, name),
            "truncate" => new Fault(FaultKind.Truncate, 201, name),
            "empty" => new Fault(FaultKind.Empty, 201, name),
            "object" => new Fault(FaultKind.WrongShape, 201, name),
            "badtypes" => new Fault(FaultKind.BadTypes, 201, name),
            "huge" => new Fault(FaultKind.Huge, 201, name),
            "401" => new Fault(FaultKind.Unauthorized, 401, name),
            "numberuuid" => new Fault(FaultKind.NumberUuid, 201, name),
            "fakegzip" or "fakedeflate" or "fakebr" => new Fault(FaultKind.FalseEncoding, 201, name),
            "bom" => new Fault(FaultKind.Bom, 201, name),
            "controlcode" => new Fault(FaultKind.ControlCode, 201, name),
            _ => null,
        };
    }
}
