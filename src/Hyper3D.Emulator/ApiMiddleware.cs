using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http.Features;

namespace Hyper3D.Emulator;

/// <summary>
/// Wraps every /api request: numbers it (faults are keyed by that number), logs it, applies the
/// configured latency, then either runs the endpoint or lets the fault injector answer instead.
/// </summary>
internal sealed class ApiMiddleware
{
    private const string BodyKey = "hyper3d.body";
    public const string ServerAbortedKey = "hyper3d.server-aborted";

    private readonly RuntimeSettings _settings;
    private readonly RequestLog _log;
    private readonly FaultInjector _faults;

    public ApiMiddleware(RuntimeSettings settings, RequestLog log, FaultInjector faults)
    {
        _settings = settings;
        _log = log;
        _faults = faults;
    }

    public static byte[] Body(HttpContext ctx) => ctx.Items[BodyKey] as byte[] ?? Array.Empty<byte>();

    public async Task InvokeAsync(HttpContext ctx, RequestDelegate next)
    {
        // Numbered on arrival, before the body is read, so the number follows arrival order.
        int n = _settings.NextRequestNumber();
        var fault = _settings.Faults.For(n);
        var request = ctx.Request;
        var record = new ApiRequest
        {
            N = n,
            Path = request.Path.Value ?? "",
            Method = request.Method,
            Authorized = request.Headers.Authorization.ToString().StartsWith("Bearer", StringComparison.OrdinalIgnoreCase),
            Started = DateTimeOffset.UtcNow,
            Fault = fault?.Name,
            AcceptEncoding = Header(request, "Accept-Encoding"),
            UserAgent = Header(request, "User-Agent"),
            ContentType = Header(request, "Content-Type"),
        };
        _log.Add(record);
        _settings.InFlight.Arrived();
        IDisposable? worker = null;
        try
        {
            using var ms = new MemoryStream();
            await request.Body.CopyToAsync(ms, ctx.RequestAborted);
            byte[] body = ms.ToArray();
            ctx.Items[BodyKey] = body;
            _log.Update(record, r => r.Body = body);
            worker = await _settings.Workers.EnterAsync(ctx.RequestAborted);

            int latency = _settings.LatencyMs;
            if (latency > 0)
            {
                await Task.Delay(latency, ctx.RequestAborted);
            }

            RateLimit rate = _settings.Rate;
            if (fault is null && IsGallery(request) && !rate.TryTake())
            {
                _log.Update(record, r => r.Fault = "rate");
                await RefuseOverRateAsync(ctx, rate.Status);
            }
            else if (fault is null)
            {
                await next(ctx);
            }
            else
            {
                await _faults.ApplyAsync(fault, ctx, next);
            }

            if (!ctx.Items.ContainsKey(ServerAbortedKey))
            {
                await ctx.Response.CompleteAsync();
            }

            _log.Update(record, r => r.Finish(aborted: ctx.RequestAborted.IsCancellationRequested && !ctx.Items.ContainsKey(ServerAbortedKey)));
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or BadHttpRequestException or ConnectionAbortedException
            && ctx.RequestAborted.IsCancellationRequested)
        {
            _log.Update(record, r => r.Finish(aborted: !ctx.Items.ContainsKey(ServerAbortedKey)));
        }
        finally
        {
            worker?.Dispose();
            _settings.InFlight.Left();
        }
    }

    /// <summary>429 with Retry-After, as an API's own limiter answers; or 503 with nginx's page and no Retry-After, as limit_req does.</summary>
    private static Task RefuseOverRateAsync(HttpContext ctx, int status)
    {
        if (status == StatusCodes.Status503ServiceUnavailable)
        {
            ctx.Response.StatusCode = status;
            ctx.Response.ContentType = "text/html";
            return ctx.Response.WriteAsync("<html>\r\n<head><title>503 Service Temporarily Unavailable</title></head>\r\n<body>\r\n<center><h1>503 Service Temporarily Unavailable</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n");
        }

        ctx.Response.Headers.RetryAfter = "1";
        return JsonResponses.ErrorAsync(ctx, StatusCodes.Status429TooManyRequests, "RATE_LIMITED");
    }

    private static bool IsGallery(HttpRequest request) => request.Path.StartsWithSegments("/api/task/cards", StringComparison.OrdinalIgnoreCase);

    private static string? Header(HttpRequest request, string name) =>
        request.Headers.TryGetValue(name, out var v) ? v.ToString() : null;
}
