using System.Text.Json;

namespace Hyper3D.Emulator;

/// <summary>
/// Every request the emulator answered, /api and media on either listener, as tests read them back: the last
/// 20,000 of each kind, so a burst of media requests never pushes the /api requests out. A record changes only
/// through <see cref="Update{T}"/>, so a test never reads one half-written.
/// </summary>
internal sealed class RequestLog
{
    private const int Capacity = 20_000;
    private readonly Dictionary<Type, Queue<LoggedRequest>> _byKind = new();
    private readonly object _lock = new();

    public void Add(LoggedRequest record)
    {
        lock (_lock)
        {
            if (!_byKind.TryGetValue(record.GetType(), out var records))
            {
                _byKind[record.GetType()] = records = new Queue<LoggedRequest>();
            }

            records.Enqueue(record);
            while (records.Count > Capacity)
            {
                records.Dequeue();
            }
        }
    }

    public void Update<T>(T record, Action<T> change)
        where T : LoggedRequest
    {
        lock (_lock)
        {
            change(record);
        }
    }

    public void Clear()
    {
        lock (_lock)
        {
            _byKind.Clear();
        }
    }

    /// <summary>The requests of one kind, oldest first, as a JSON array.</summary>
    public void WriteJson<T>(Utf8JsonWriter w)
        where T : LoggedRequest
    {
        LoggedRequest[] snapshot;
        lock (_lock)
        {
            snapshot = _byKind.TryGetValue(typeof(T), out var records) ? records.ToArray() : Array.Empty<LoggedRequest>();
        }

        w.WriteStartArray();
        foreach (var record in snapshot)
        {
            lock (_lock)
            {
                record.WriteJson(w);
            }
        }

        w.WriteEndArray();
    }
}
