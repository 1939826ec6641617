using System.Text.Json;

namespace Hyper3D.Emulator;

internal sealed class MediaRecord
{
    public int N { get; init; }
    public string Listener { get; init; } = "";
    public string Path { get; init; } = "";
    public string Method { get; init; } = "";
    public DateTimeOffset Started { get; init; }
    public string? Fault { get; init; }
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; } = Array.Empty<KeyValuePair<string, string>>();
    public int Status { get; set; }
    public long BodyBytes { get; set; }
    public bool Aborted { get; set; }
}

/// <summary>
/// Every media request, on the API listener and the CDN listener, with the headers it came with: tests prove
/// from it which requests carried credentials and how many body bytes went out.
/// </summary>
internal sealed class MediaLog
{
    private const int Capacity = 20_000;
    private readonly Queue<MediaRecord> _records = new();
    private readonly object _lock = new();

    public void Add(MediaRecord record)
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

    public void Finish(MediaRecord record, int status, long bodyBytes, bool aborted)
    {
        lock (_lock)
        {
            record.Status = status;
            record.BodyBytes = bodyBytes;
            record.Aborted = aborted;
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
        MediaRecord[] snapshot;
        lock (_lock)
        {
            snapshot = _records.ToArray();
        }

        w.WriteStartArray();
        foreach (var r in snapshot)
        {
            lock (_lock)
            {
                w.WriteStartObject();
                w.WriteNumber("n", r.N);
                w.WriteString("listener", r.Listener);
                w.WriteString("method", r.Method);
                w.WriteString("path", r.Path);
                w.WriteString("started", SeedData.Iso(r.Started.ToUnixTimeMilliseconds()));
                if (r.Fault is null)
                {
                    w.WriteNull("fault");
                }
                else
                {
                    w.WriteString("fault", r.Fault);
                }

                w.WriteNumber("status", r.Status);
                w.WriteNumber("body_bytes", r.BodyBytes);
                w.WriteBoolean("aborted", r.Aborted);
                w.WriteStartObject("headers");
                foreach (var (name, value) in r.Headers)
                {
                    w.WriteString(name, value);
                }

                w.WriteEndObject();
                w.WriteEndObject();
            }
        }

        w.WriteEndArray();
    }
}
