using System.Diagnostics;

namespace Hyper3D.Emulator;

/// <summary>
/// Requests at the server at once (/api and media, from arrival to the end of the answer, waiting for a worker
/// included): the most, and the mean over time from the first arrival since the last reset to the last answer (or
/// now, while requests are still at the server), so a benchmark can tell
/// how many requests a client kept at the server.
/// </summary>
internal sealed class InFlightGauge
{
    private readonly object _lock = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private int _now;
    private int _most;
    private long _requests;
    private double _firstSeconds = -1;
    private double _lastChangeSeconds;
    private double _idleSince;
    private double _requestSeconds;

    public void Arrived()
    {
        lock (_lock)
        {
            double at = Advance();
            if (_firstSeconds < 0)
            {
                _firstSeconds = at;
            }

            _now++;
            _requests++;
            _most = Math.Max(_most, _now);
        }
    }

    public void Left()
    {
        lock (_lock)
        {
            double at = Advance();
            if (--_now == 0)
            {
                _idleSince = at;
            }
        }
    }

    /// <summary>Starts counting again; requests still at the server stay counted until they leave.</summary>
    public void Reset()
    {
        lock (_lock)
        {
            Advance();
            _most = _now;
            _requests = 0;
            _firstSeconds = _now > 0 ? _lastChangeSeconds : -1;
            _requestSeconds = 0;
        }
    }

    public void WriteJson(System.Text.Json.Utf8JsonWriter w)
    {
        lock (_lock)
        {
            double at = Advance();

            // Up to the last answer: time idle since then, before the statistics were asked for, is not the client's.
            double end = _now > 0 ? at : _idleSince;
            double span = _firstSeconds < 0 ? 0 : end - _firstSeconds;
            w.WriteStartObject();
            w.WriteNumber("requests", _requests);
            w.WriteNumber("in_flight", _now);
            w.WriteNumber("in_flight_max", _most);
            w.WriteNumber("in_flight_mean", span > 0 ? Math.Round(_requestSeconds / span, 3) : 0);
            w.WriteNumber("seconds", Math.Round(span, 3));
            w.WriteEndObject();
        }
    }

    /// <summary>Adds the requests at the server since the last change, times how long they were there.</summary>
    private double Advance()
    {
        double at = _clock.Elapsed.TotalSeconds;
        _requestSeconds += _now * (at - _lastChangeSeconds);
        _lastChangeSeconds = at;
        return at;
    }
}
