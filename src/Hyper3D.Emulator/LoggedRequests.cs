using System.Text.Json;

namespace Hyper3D.Emulator;

/// <summary>A request as <see cref="RequestLog"/> keeps it: what every request has, and how it is shown to tests.</summary>
internal abstract class LoggedRequest
{
    public int N { get; init; }
    public string Path { get; init; } = "";
    public string Method { get; init; } = "";
    public DateTimeOffset Started { get; init; }
    public string? Fault { get; set; }
    public bool Aborted { get; set; }

    public void WriteJson(Utf8JsonWriter w)
    {
        w.WriteStartObject();
        w.WriteNumber("n", N);
        w.WriteString("path", Path);
        w.WriteString("method", Method);
        WriteTime(w, "started", Started);
        WriteNullable(w, "fault", Fault);
        w.WriteBoolean("aborted", Aborted);
        WriteOwnFields(w);
        w.WriteEndObject();
    }

    /// <summary>The fields only this kind of request has.</summary>
    protected abstract void WriteOwnFields(Utf8JsonWriter w);

    protected static void WriteTime(Utf8JsonWriter w, string name, DateTimeOffset? time)
    {
        if (time is DateTimeOffset t)
        {
            w.WriteString(name, SeedData.Iso(t.ToUnixTimeMilliseconds()));
        }
        else
        {
            w.WriteNull(name);
        }
    }

    protected static void WriteNullable(Utf8JsonWriter w, string name, string? value)
    {
        if (value is null)
        {
            w.WriteNull(name);
        }
        else
        {
            w.WriteString(name, value);
        }
    }
}

/// <summary>An /api request: what the client sent, so tests can assert on paging, headers, retries and cancellation.</summary>
internal sealed class ApiRequest : LoggedRequest
{
    private const int MaxBodyBytes = 64 * 1024;
    private byte[] _body = Array.Empty<byte>();

    public bool Authorized { get; init; }
    public string? AcceptEncoding { get; init; }
    public string? UserAgent { get; init; }
    public string? ContentType { get; init; }
    public DateTimeOffset? Completed { get; private set; }

    public byte[] Body
    {
        get => _body;
        set => _body = value.Length > MaxBodyBytes ? value[..MaxBodyBytes] : value;
    }

    public void Finish(bool aborted)
    {
        Aborted = aborted;
        Completed = aborted ? null : DateTimeOffset.UtcNow;
    }

    protected override void WriteOwnFields(Utf8JsonWriter w)
    {
        w.WriteBoolean("authorized", Authorized);
        WriteBody(w, out int? pageNum);
        if (pageNum is int p)
        {
            w.WriteNumber("page_num", p);
        }
        else
        {
            w.WriteNull("page_num");
        }

        WriteTime(w, "completed", Completed);
        WriteNullable(w, "accept_encoding", AcceptEncoding);
        WriteNullable(w, "user_agent", UserAgent);
        WriteNullable(w, "content_type", ContentType);
    }

    private void WriteBody(Utf8JsonWriter w, out int? pageNum)
    {
        pageNum = null;
        w.WritePropertyName("body");
        if (_body.Length == 0)
        {
            w.WriteNullValue();
            return;
        }

        try
        {
            using var doc = JsonDocument.Parse(_body);
            doc.RootElement.WriteTo(w);
            if (doc.RootElement.ValueKind == JsonValueKind.Object
                && doc.RootElement.TryGetProperty("page_num", out var p)
                && p.ValueKind == JsonValueKind.Number && p.TryGetInt32(out int page))
            {
                pageNum = page;
            }
        }
        catch (JsonException)
        {
            w.WriteStringValue(System.Text.Encoding.UTF8.GetString(_body));
        }
    }
}

/// <summary>
/// A media request, on the API listener or the CDN listener, with the headers it came with: tests prove from it which
/// requests carried credentials and how many body bytes went out.
/// </summary>
internal sealed class MediaRequest : LoggedRequest
{
    public string Listener { get; init; } = "";
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; } = Array.Empty<KeyValuePair<string, string>>();
    public int Status { get; private set; }
    public long BodyBytes { get; private set; }

    public void Finish(int status, long bodyBytes, bool aborted)
    {
        Status = status;
        BodyBytes = bodyBytes;
        Aborted = aborted;
    }

    protected override void WriteOwnFields(Utf8JsonWriter w)
    {
        w.WriteString("listener", Listener);
        w.WriteNumber("status", Status);
        w.WriteNumber("body_bytes", BodyBytes);
        w.WriteStartObject("headers");
        foreach (var (name, value) in Headers)
        {
            w.WriteString(name, value);
        }

        w.WriteEndObject();
    }
}
