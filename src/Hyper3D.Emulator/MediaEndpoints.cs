using System.Globalization;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Connections;

namespace Hyper3D.Emulator;

/// <summary>
/// <c>GET /media/{uuid}/{name}</c> on the API listener and on the CDN listener: deterministic bytes with ETag
/// and Last-Modified, 304 on a match, single byte ranges (206), and the <c>media:</c> faults, numbered by their
/// own counter so they never shift the /api request numbers.
/// </summary>
internal sealed class MediaEndpoints
{
    public const string PathPrefix = "/media";
    private const int ChunkBytes = 64 * 1024;

    private readonly EmulatorOptions _options;
    private readonly RuntimeSettings _settings;
    private readonly RequestLog _log;

    public MediaEndpoints(EmulatorOptions options, RuntimeSettings settings, RequestLog log)
    {
        _options = options;
        _settings = settings;
        _log = log;
    }

    /// <summary>Where cards' image_url and video_url point: set once the listener serving media is bound.</summary>
    public volatile string Origin = "http://127.0.0.1";

    public string ImageUrl(string uuid) => $"{Origin}{PathPrefix}/{uuid}/preview.png";

    public string VideoUrl(string uuid) => $"{Origin}{PathPrefix}/{uuid}/turntable.mp4";

    public void Map(WebApplication app, string listener)
    {
        app.MapGet(PathPrefix + "/{uuid}/{name}", (HttpContext ctx, string uuid, string name) => ServeAsync(ctx, listener, uuid, name));
    }

    private async Task ServeAsync(HttpContext ctx, string listener, string uuid, string name)
    {
        int n = _settings.NextMediaRequestNumber();
        var fault = _settings.Faults.ForMedia(n);
        var record = new MediaRequest
        {
            N = n,
            Listener = listener,
            Path = ctx.Request.Path.Value ?? "",
            Method = ctx.Request.Method,
            Started = DateTimeOffset.UtcNow,
            Fault = fault?.Name,
            Headers = ctx.Request.Headers
                .Select(h => KeyValuePair.Create(h.Key, h.Key.Equals("Authorization", StringComparison.OrdinalIgnoreCase) ? Scheme(h.Value.ToString()) : h.Value.ToString()))
                .ToArray(),
        };
        _log.Add(record);
        _settings.InFlight.Arrived();
        var response = ctx.Response;
        var aborted = ctx.RequestAborted;
        long sent = 0;
        bool clientGone = false;
        IDisposable? worker = null;
        try
        {
            worker = await _settings.Workers.EnterAsync(aborted);
            int latency = _settings.LatencyMs;
            if (latency > 0)
            {
                await Task.Delay(latency, aborted);
            }

            if (name is not ("preview.png" or "turntable.mp4"))
            {
                response.StatusCode = StatusCodes.Status404NotFound;
                return;
            }

            var content = MediaContent.For(_options.Seed, uuid, name, Math.Min(_options.MediaMinimumBytes, _options.MediaBytes), _options.MediaBytes);
            switch (fault?.Kind)
            {
                case FaultKind.Status:
                case FaultKind.RateLimited429:
                    if (fault.Kind == FaultKind.RateLimited429)
                    {
                        response.Headers.RetryAfter = fault.Arg.ToString(CultureInfo.InvariantCulture);
                    }

                    response.StatusCode = fault.Kind == FaultKind.RateLimited429 ? 429 : fault.Arg;
                    return;
                case FaultKind.Hang:
                    await Task.Delay(Timeout.Infinite, aborted);
                    return;
                case FaultKind.Slow:
                    await Task.Delay(fault.Arg, aborted);
                    break;
            }

            response.Headers.ETag = content.ETag;
            response.Headers.LastModified = content.LastModified.ToString("R", CultureInfo.InvariantCulture);
            response.Headers.AcceptRanges = "bytes";
            if (NotModified(ctx.Request, content))
            {
                response.StatusCode = StatusCodes.Status304NotModified;
                return;
            }

            long start = 0, end = content.Length - 1;
            response.StatusCode = StatusCodes.Status200OK;
            if (fault?.Kind != FaultKind.IgnoreRange && RangeApplies(ctx.Request, content) && TryParseRange(ctx.Request.Headers.Range.ToString(), content.Length, out start, out end) is bool satisfiable)
            {
                if (!satisfiable)
                {
                    response.StatusCode = StatusCodes.Status416RangeNotSatisfiable;
                    response.Headers.ContentRange = $"bytes */{content.Length}";
                    return;
                }

                response.StatusCode = StatusCodes.Status206PartialContent;
                response.Headers.ContentRange = $"bytes {start}-{end}/{content.Length}";
            }

            long count = end - start + 1;
            response.ContentType = content.ContentType;
            response.ContentLength = count;

            // The reset and stall faults send half of what they promised, then drop the connection or go silent.
            long stopAt = fault?.Kind is FaultKind.Reset or FaultKind.Stall ? count / 2 : count;
            byte[] chunk = new byte[(int)Math.Min(ChunkBytes, Math.Max(count, 1))];
            while (sent < stopAt)
            {
                int take = (int)Math.Min(chunk.Length, stopAt - sent);
                content.Fill(start + sent, chunk.AsSpan(0, take));
                await response.Body.WriteAsync(chunk.AsMemory(0, take), aborted);
                sent += take;
            }

            if (fault?.Kind == FaultKind.Reset)
            {
                // A reset discards what the client has not read yet: give it the half first, so the cut is mid-file.
                await response.Body.FlushAsync(aborted);
                await Task.Delay(100, aborted);
                ctx.Abort();
            }
            else if (fault?.Kind == FaultKind.Stall)
            {
                await response.Body.FlushAsync(aborted);
                await Task.Delay(Timeout.Infinite, aborted);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or ConnectionAbortedException && aborted.IsCancellationRequested)
        {
            clientGone = fault?.Kind != FaultKind.Reset;
        }
        finally
        {
            worker?.Dispose();
            _settings.InFlight.Left();
            _log.Update(record, r => r.Finish(response.StatusCode, sent, aborted: clientGone || fault?.Kind == FaultKind.Reset));
        }
    }

    private static string Scheme(string authorization)
    {
        int space = authorization.IndexOf(' ');
        return (space < 0 ? authorization : authorization[..space]) + " (value withheld)";
    }

    /// <summary>RFC 9110: If-None-Match wins; If-Modified-Since counts only without it.</summary>
    private static bool NotModified(HttpRequest request, MediaContent content)
    {
        string ifNoneMatch = request.Headers.IfNoneMatch.ToString();
        if (ifNoneMatch.Length > 0)
        {
            return ifNoneMatch.Trim() == "*" || ifNoneMatch.Split(',').Any(tag => WeakEquals(tag.Trim(), content.ETag));
        }

        return DateTimeOffset.TryParse(request.Headers.IfModifiedSince.ToString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var since)
            && content.LastModified <= since;
    }

    private static bool WeakEquals(string tag, string etag) =>
        (tag.StartsWith("W/", StringComparison.Ordinal) ? tag[2..] : tag) == etag;

    /// <summary>If-Range: the range only when the client's copy is still this one (strong ETag or exact date).</summary>
    private static bool RangeApplies(HttpRequest request, MediaContent content)
    {
        string ifRange = request.Headers.IfRange.ToString();
        if (ifRange.Length == 0)
        {
            return true;
        }

        if (ifRange.StartsWith('"'))
        {
            return ifRange == content.ETag;
        }

        return DateTimeOffset.TryParse(ifRange, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date) && date == content.LastModified;
    }

    /// <summary>One range of <c>bytes=a-b</c>, <c>bytes=a-</c> or <c>bytes=-n</c>; null when there is none to honour.</summary>
    private static bool? TryParseRange(string header, long length, out long start, out long end)
    {
        start = 0;
        end = length - 1;
        if (!RangeHeaderValue.TryParse(header, out var range) || range.Unit != "bytes" || range.Ranges.Count != 1)
        {
            return null;
        }

        var item = range.Ranges.First();
        if (item.From is long from)
        {
            if (from >= length)
            {
                return false;
            }

            start = from;
            end = item.To is long to && to < length ? to : length - 1;
            return item.To is null || item.To >= from ? true : null;
        }

        if (item.To is long suffix && suffix > 0)
        {
            start = Math.Max(0, length - suffix);
            return true;
        }

        return false;
    }
}
