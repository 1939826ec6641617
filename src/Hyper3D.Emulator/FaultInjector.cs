using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;

namespace Hyper3D.Emulator;

/// <summary>Answers one request the way a broken server or proxy would, instead of the normal answer.</summary>
internal sealed class FaultInjector
{
    private const long HugeMinimumBytes = 64L * 1024 * 1024 + 1;

    private const string HtmlServiceUnavailable = """
        <!DOCTYPE html>
        <html><head><title>503 Service Unavailable</title></head>
        <body><h1>Service Unavailable</h1><p>The server is temporarily unable to service your request.</p><hr><address>nginx</address></body></html>
        """;

    private const string HtmlLoginPortal = """
        <!DOCTYPE html>
        <html><head><title>Sign in - Corporate Access</title></head>
        <body><form method="post" action="/portal/login"><h1>Please sign in</h1>
        <input name="user"><input name="pass" type="password"><button>Sign in</button></form></body></html>
        """;

    private readonly CardStore _store;
    private readonly CardWriter _writer;
    private readonly ApiEndpoints _api;
    private readonly Lazy<byte[]> _hugeChunk;
    private readonly Lazy<byte[]> _hugeFirst;

    public FaultInjector(CardStore store, CardWriter writer, ApiEndpoints api)
    {
        _store = store;
        _writer = writer;
        _api = api;
        _hugeFirst = new Lazy<byte[]>(() => SerializeCard(prefix: "["));
        _hugeChunk = new Lazy<byte[]>(BuildHugeChunk);
    }

    public async Task ApplyAsync(Fault fault, HttpContext ctx, RequestDelegate next)
    {
        var response = ctx.Response;
        var aborted = ctx.RequestAborted;
        switch (fault.Kind)
        {
            case FaultKind.RateLimited429:
                response.Headers.RetryAfter = fault.Arg.ToString(System.Globalization.CultureInfo.InvariantCulture);
                await JsonResponses.ErrorAsync(ctx, StatusCodes.Status429TooManyRequests, "RATE_LIMITED");
                break;
            case FaultKind.Status:
                await JsonResponses.ErrorAsync(ctx, fault.Arg, fault.Arg switch
                {
                    500 => "INTERNAL_SERVER_ERROR",
                    502 => "BAD_GATEWAY",
                    503 => "SERVICE_UNAVAILABLE",
                    _ => "GATEWAY_TIMEOUT",
                });
                break;
            case FaultKind.BareStatus:
                await WriteTextAsync(ctx, fault.Arg, "text/html; charset=utf-8", $"<html><head><title>{fault.Arg}</title></head><body><h1>{fault.Arg}</h1><hr><center>nginx</center></body></html>");
                break;
            case FaultKind.Html503:
                await WriteTextAsync(ctx, 503, "text/html; charset=utf-8", HtmlServiceUnavailable);
                break;
            case FaultKind.Html200:
                await WriteTextAsync(ctx, 200, "text/html; charset=utf-8", HtmlLoginPortal);
                break;
            case FaultKind.RateLimitedBody:
                await JsonResponses.ErrorAsync(ctx, StatusCodes.Status201Created, "RATE_LIMITED");
                break;
            case FaultKind.Unauthorized:
                await JsonResponses.ErrorAsync(ctx, StatusCodes.Status401Unauthorized, "UNAUTHORIZED");
                break;
            case FaultKind.Reset:
                ServerAbort(ctx);
                break;
            case FaultKind.Hang:
                // Answers never; ends when the client gives up (the log then shows aborted: true).
                await Task.Delay(Timeout.Infinite, aborted);
                break;
            case FaultKind.Slow:
                await Task.Delay(fault.Arg, aborted);
                await next(ctx);
                break;
            case FaultKind.Empty:
                response.StatusCode = StatusCodes.Status201Created;
                response.ContentType = JsonResponses.ContentType;
                response.ContentLength = 0;
                break;
            case FaultKind.WrongShape:
                await WriteTextAsync(ctx, 201, JsonResponses.ContentType, "{\"unexpected\":\"object\"}");
                break;
            case FaultKind.BadTypes:
                await BadTypesAsync(ctx);
                break;
            case FaultKind.Truncate:
                await TruncateAsync(ctx, next);
                break;
            case FaultKind.Huge:
                await HugeAsync(ctx);
                break;
            case FaultKind.Cut:
                await CutAsync(ctx, next, fault.Arg);
                break;
            case FaultKind.NumberUuid:
                await NumberUuidAsync(ctx, next);
                break;
            case FaultKind.Echo:
                await EchoAsync(ctx, fault.Arg);
                break;
            case FaultKind.FalseEncoding:
                await FalseEncodingAsync(ctx, next, fault.Name["fake".Length..]);
                break;
            case FaultKind.Bom:
                await BomAsync(ctx, next);
                break;
            case FaultKind.ControlCode:
                await WriteTextAsync(ctx, 201, JsonResponses.ContentType, JsonSerializer.Serialize(new { error = ControlCode }));
                break;
        }
    }

    /// <summary>An error code that would repaint a terminal, long enough to fill it.</summary>
    private static readonly string ControlCode = "X\r\n\u001b[31mRED" + new string('A', 5000);

    private static void ServerAbort(HttpContext ctx)
    {
        ctx.Items[ApiMiddleware.ServerAbortedKey] = true;
        ctx.Abort();
    }

    private static async Task WriteTextAsync(HttpContext ctx, int status, string contentType, string text)
    {
        ctx.Response.StatusCode = status;
        ctx.Response.ContentType = contentType;
        await ctx.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(text), ctx.RequestAborted);
    }

    private Task BadTypesAsync(HttpContext ctx)
    {
        // A realistic page with one poisoned card in the middle, so a client cannot just check the first item.
        var page = new List<long> { 0, 1, 2 };
        return JsonResponses.WriteAsync(ctx, StatusCodes.Status201Created, w => _api.WritePage(w, page, -1, corruptIndex: 1));
    }

    /// <summary>Runs the normal endpoint into memory, so a fault can send a damaged copy of its answer.</summary>
    private static async Task<byte[]> CaptureAsync(HttpContext ctx, RequestDelegate next)
    {
        var originalFeature = ctx.Features.Get<IHttpResponseBodyFeature>()!;
        var captured = new MemoryStream();
        ctx.Features.Set<IHttpResponseBodyFeature>(new StreamResponseBodyFeature(captured));
        try
        {
            await next(ctx);
        }
        finally
        {
            ctx.Features.Set(originalFeature);
        }

        return captured.ToArray();
    }

    private static async Task CutAsync(HttpContext ctx, RequestDelegate next, int length)
    {
        // A complete HTTP answer whose JSON simply stops: the length header agrees with the cut body.
        byte[] full = await CaptureAsync(ctx, next);
        int kept = Math.Min(length, full.Length);
        ctx.Response.ContentLength = kept;
        await ctx.Response.Body.WriteAsync(full.AsMemory(0, kept), ctx.RequestAborted);
    }

    private static async Task NumberUuidAsync(HttpContext ctx, RequestDelegate next)
    {
        string text = Encoding.UTF8.GetString(await CaptureAsync(ctx, next));
        text = System.Text.RegularExpressions.Regex.Replace(text, "\"user_uuid\":\"[^\"]*\"", "\"user_uuid\":12345");
        await WriteTextAsync(ctx, ctx.Response.StatusCode, JsonResponses.ContentType, text);
    }

    private static async Task EchoAsync(HttpContext ctx, int status)
    {
        // What a careless gateway or a validation layer sends back: the caller's header and body, verbatim.
        string authorization = ctx.Request.Headers.Authorization.ToString();
        byte[] request = ApiMiddleware.Body(ctx);
        await JsonResponses.WriteAsync(ctx, status, w =>
        {
            w.WriteStartObject();
            w.WriteString("seen", authorization);
            w.WriteStartArray("detail");
            w.WriteStartObject();
            w.WritePropertyName("input");
            if (IsJson(request))
            {
                w.WriteRawValue(request);
            }
            else
            {
                w.WriteStringValue(Encoding.UTF8.GetString(request));
            }

            w.WriteString("msg", "Request echoed");
            w.WriteStartObject("headers");
            w.WriteString("Authorization", authorization);
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteEndObject();
        });
    }

    private static bool IsJson(byte[] body)
    {
        try
        {
            using var _ = JsonDocument.Parse(body);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static async Task FalseEncodingAsync(HttpContext ctx, RequestDelegate next, string encoding)
    {
        // The label says compressed, the bytes are plain; the compression middleware leaves labelled answers alone.
        byte[] plain = await CaptureAsync(ctx, next);
        ctx.Response.Headers.ContentEncoding = encoding;
        ctx.Response.ContentLength = plain.Length;
        await ctx.Response.Body.WriteAsync(plain, ctx.RequestAborted);
    }

    private static async Task BomAsync(HttpContext ctx, RequestDelegate next)
    {
        byte[] plain = await CaptureAsync(ctx, next);
        await ctx.Response.Body.WriteAsync(new byte[] { 0xEF, 0xBB, 0xBF }, ctx.RequestAborted);
        await ctx.Response.Body.WriteAsync(plain, ctx.RequestAborted);
    }

    private async Task TruncateAsync(HttpContext ctx, RequestDelegate next)
    {
        // Capture the normal answer, then send only its first half and cut the connection.
        byte[] full = await CaptureAsync(ctx, next);
        ctx.Response.StatusCode = StatusCodes.Status201Created;
        ctx.Response.ContentType = JsonResponses.ContentType;
        ctx.Response.Headers.ContentLength = full.Length;
        await ctx.Response.Body.WriteAsync(full.AsMemory(0, full.Length / 2), ctx.RequestAborted);
        await ctx.Response.Body.FlushAsync(ctx.RequestAborted);

        // Kestrel's abort resets the socket; a reset that overtakes unread data makes the client's stack
        // discard it, so give the half body a moment to be read before cutting the connection.
        await Task.Delay(200, ctx.RequestAborted);
        ServerAbort(ctx);
    }

    private async Task HugeAsync(HttpContext ctx)
    {
        ctx.Response.StatusCode = StatusCodes.Status201Created;
        ctx.Response.ContentType = JsonResponses.ContentType;
        var body = ctx.Response.Body;
        var aborted = ctx.RequestAborted;
        byte[] first = _hugeFirst.Value, chunk = _hugeChunk.Value;
        await body.WriteAsync(first, aborted);
        long written = first.Length;
        while (written < HugeMinimumBytes)
        {
            await body.WriteAsync(chunk, aborted);
            written += chunk.Length;
        }

        await body.WriteAsync("]"u8.ToArray(), aborted);
    }

    private byte[] BuildHugeChunk()
    {
        // About 1 MiB of ",{card}" repeated; written over and over so the 64 MiB body never sits in memory.
        byte[] one = SerializeCard(prefix: ",");
        int copies = Math.Max(1, (1 << 20) / one.Length);
        var chunk = new byte[one.Length * copies];
        for (int i = 0; i < copies; i++)
        {
            one.CopyTo(chunk, i * one.Length);
        }

        return chunk;
    }

    private byte[] SerializeCard(string prefix)
    {
        using var ms = new MemoryStream();
        ms.Write(Encoding.UTF8.GetBytes(prefix));
        using (var w = new Utf8JsonWriter(ms, CardWriter.WriterOptions))
        {
            _writer.Write(w, 0, _store.Facts(0), -1);
        }

        return ms.ToArray();
    }
}
