using System.Text.Json;

namespace Hyper3D.Emulator;

internal sealed class RequestRecord
{
    public int N { get; init; }
    public string Path { get; init; } = "";
    public string Method { get; init; } = "";
    public bool Authorized { get; init; }
    public byte[] Body { get; set; } = Array.Empty<byte>();
    public DateTimeOffset Started { get; init; }
    public DateTimeOffset? Completed { get; set; }
    public string? Fault { get; set; }
    public bool Aborted { get; set; }
    public string? AcceptEncoding { get; init; }
    public string? UserAgent { get; init; }
    public string? ContentType { get; init; }
}

/// <summary>What the client actually sent, so tests can assert on paging, headers, retries and cancellation.</summary>
internal sealed class RequestLog
{
    private const int Capacity = 20_000;
    private const int MaxBodyBytes = 64 * 1024;
    private readonly Queue<RequestRecord> _records = new();
    private readonly object _lock = new();

    public void Add(RequestRecord record)
    {
        lock (_lock)
        {
            _records.Enqueue(record);
            while (_records.Count > Capacity)
            {
                _records.Dequeue();
            }
        }
    }

    public void SetBody(RequestRecord record, byte[] body)
    {
        lock (_lock)
        {
            record.Body = body.Length > MaxBodyBytes ? body[..MaxBodyBytes] : body;
        }
    }

    public void SetFault(RequestRecord record, string fault)
    {
        lock (_lock)
        {
            record.Fault = fault;
        }
    }

    public void Finish(RequestRecord record, bool aborted)
    {
        lock (_lock)
        {
            record.Aborted = aborted;
            record.Completed = aborted ? null : DateTimeOffset.UtcNow;
        }
    }

    public void Clear()
    {
        lock (_lock)
        {
            _records.Clear();
        }
    }

    public void WriteJson(Utf8JsonWriter w)
    {
        RequestRecord[] snapshot;
        lock (_lock)
        {
            snapshot = _records.ToArray();
        }

        w.WriteStartArray();
        foreach (var r in snapshot)
        {
            w.WriteStartObject();
            w.WriteNumber("n", r.N);
            w.WriteString("path", r.Path);
            w.WriteString("method", r.Method);
            w.WriteBoolean("authorized", r.Authorized);
            WriteBody(w, r.Body, out int? pageNum);
            if (pageNum is int p)
            {
                w.WriteNumber("page_num", p);
            }
            else
            {
                w.WriteNull("page_num");
            }

            w.WriteString("started", SeedData.Iso(r.Started.ToUnixTimeMilliseconds()));
            if (r.Completed is DateTimeOffset c)
            {
                w.WriteString("completed", SeedData.Iso(c.ToUnixTimeMilliseconds()));
            }
            else
            {
                w.WriteNull("completed");
            }

            WriteNullable(w, "fault", r.Fault);
            w.WriteBoolean("aborted", r.Aborted);
            WriteNullable(w, "accept_encoding", r.AcceptEncoding);
            WriteNullable(w, "user_agent", r.UserAgent);
            WriteNullable(w, "content_type", r.ContentType);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    private static void WriteBody(Utf8JsonWriter w, byte[] body, out int? pageNum)
    {
        pageNum = null;
        w.WritePropertyName("body");
        if (body.Length == 0)
        {
            w.WriteNullValue();
            return;
        }

        try
        {
            using var doc = JsonDocument.Parse(body);
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
            w.WriteStringValue(System.Text.Encoding.UTF8.GetString(body));
        }
    }

    private static void WriteNullable(Utf8JsonWriter w, string name, string? value)
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
