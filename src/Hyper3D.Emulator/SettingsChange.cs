using System.Globalization;
using System.Text.Json;

namespace Hyper3D.Emulator;

/// <summary>
/// A change to the settings a test may change while the emulator runs (null keeps what is in force). The command
/// line gives them at start (<c>--latency-ms 5</c>) and <c>POST /_emulator/reset</c> later (<c>"latency_ms": 5</c>);
/// both are read by the one set of rules here, so a value one accepts the other accepts too.
/// </summary>
internal sealed class SettingsChange
{
    /// <summary>Each setting by its JSON name (the command line spells it with dashes) and the JSON value it takes.</summary>
    private static readonly IReadOnlyDictionary<string, JsonValueKind> Names = new Dictionary<string, JsonValueKind>
    {
        ["faults"] = JsonValueKind.String,
        ["shift_recent"] = JsonValueKind.Number,
        ["latency_ms"] = JsonValueKind.Number,
        ["gallery_order"] = JsonValueKind.String,
        ["rate"] = JsonValueKind.Number,
        ["rate_status"] = JsonValueKind.Number,
        ["workers"] = JsonValueKind.Number,
        ["clamp_pages"] = JsonValueKind.True,
    };

    public FaultPlan? Faults { get; private set; }

    public int? ShiftRecent { get; private set; }

    public int? LatencyMs { get; private set; }

    public bool? GalleriesByLikes { get; private set; }

    public int? Rate { get; private set; }

    public int? RateStatus { get; private set; }

    public int? Workers { get; private set; }

    public bool? ClampPages { get; private set; }

    /// <summary>Sets the setting <paramref name="option"/> (<c>--latency-ms</c>) names from its text: what is wrong with it, or null.</summary>
    public string? SetOption(string option, string text) => Set(option.TrimStart('-').Replace('-', '_'), text) is string error ? option + ": " + error : null;

    /// <summary>Sets the setting <paramref name="name"/> (its JSON name) from text; what is wrong with the text, or null.</summary>
    private string? Set(string name, string text)
    {
        string? error = null;
        switch (name)
        {
            case "faults":
                Faults = FaultPlan.TryParse(text, out error);
                break;
            case "shift_recent":
                ShiftRecent = Int(text, 0, 10_000, ref error);
                break;
            case "latency_ms":
                LatencyMs = Int(text, 0, 600_000, ref error);
                break;
            case "gallery_order":
                GalleriesByLikes = OneOf(text, "time", "likes", ref error) is string order ? order == "likes" : null;
                break;
            case "rate":
                Rate = Int(text, 0, 100_000, ref error);
                break;
            case "rate_status":
                RateStatus = OneOf(text, "429", "503", ref error) is string status ? int.Parse(status, CultureInfo.InvariantCulture) : null;
                break;
            case "workers":
                Workers = Int(text, 0, 10_000, ref error);
                break;
            case "clamp_pages":
                ClampPages = OneOf(text, "true", "false", ref error) is string clamp ? clamp == "true" : null;
                break;
            default:
                error = "is not a setting";
                break;
        }

        return error;
    }

    /// <summary>Reads the settings present in a reset body (absent or null keeps); what is wrong with it, or null.</summary>
    public string? Read(JsonElement body)
    {
        foreach (var (name, kind) in Names)
        {
            if (!body.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
            {
                continue;
            }

            string? text = (kind, value.ValueKind) switch
            {
                (JsonValueKind.String, JsonValueKind.String) => value.GetString(),
                (JsonValueKind.Number, JsonValueKind.Number) => value.GetRawText(),
                (JsonValueKind.True, JsonValueKind.True or JsonValueKind.False) => value.GetBoolean() ? "true" : "false",
                _ => null,
            };
            string? error = text is null
                ? "must be " + (kind == JsonValueKind.True ? "true or false" : "a " + kind.ToString().ToLowerInvariant())
                : Set(name, text);
            if (error is not null)
            {
                return name + ": " + error;
            }
        }

        return null;
    }

    private static int? Int(string text, int min, int max, ref string? error)
    {
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int v) || v < min || v > max)
        {
            error = $"'{text}' must be an integer from {min} to {max}";
            return null;
        }

        return v;
    }

    private static string? OneOf(string text, string one, string other, ref string? error)
    {
        if (text != one && text != other)
        {
            error = $"'{text}' must be {one} or {other}";
            return null;
        }

        return text;
    }
}
