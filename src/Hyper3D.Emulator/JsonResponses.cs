using System.Buffers;
using System.Text.Json;

namespace Hyper3D.Emulator;

internal static class JsonResponses
{
    public const string ContentType = "application/json; charset=utf-8";

    /// <summary>Serialises into memory first: Kestrel forbids synchronous writes and pages are small.</summary>
    public static async Task WriteAsync(HttpContext ctx, int status, Action<Utf8JsonWriter> body)
    {
        var buffer = new ArrayBufferWriter<byte>(4096);
        using (var w = new Utf8JsonWriter(buffer, CardWriter.WriterOptions))
        {
            body(w);
        }

        ctx.Response.StatusCode = status;
        ctx.Response.ContentType = ContentType;
        await ctx.Response.Body.WriteAsync(buffer.WrittenMemory, ctx.RequestAborted);
    }

    public static Task ErrorAsync(HttpContext ctx, int status, string code) =>
        WriteAsync(ctx, status, w =>
        {
            w.WriteStartObject();
            w.WriteString("error", code);
            w.WriteEndObject();
        });
}
