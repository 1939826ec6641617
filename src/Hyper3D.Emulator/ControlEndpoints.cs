using System.Text.Json;

namespace Hyper3D.Emulator;

/// <summary>Test hooks under <c>/_emulator</c>: never counted as /api requests, so they do not shift fault numbers.</summary>
internal sealed class ControlEndpoints
{
    private const int DatasetLimit = 10_000;

    private readonly SeedData _seed;
    private readonly CardStore _store;
    private readonly CardWriter _writer;
    private readonly TokenStore _tokens;
    private readonly RuntimeSettings _settings;
    private readonly RequestLog _log;

    public ControlEndpoints(SeedData seed, CardStore store, CardWriter writer, TokenStore tokens, RuntimeSettings settings, RequestLog log)
    {
        _seed = seed;
        _store = store;
        _writer = writer;
        _tokens = tokens;
        _settings = settings;
        _log = log;
    }

    public void Map(WebApplication app)
    {
        app.MapGet("/", (HttpContext ctx) =>
        {
            ctx.Response.ContentType = "text/plain; charset=utf-8";
            return ctx.Response.WriteAsync("Hyper3D emulator");
        });
        app.MapGet("/_emulator/requests", (HttpContext ctx) => JsonResponses.WriteAsync(ctx, 200, _log.WriteJson));
        app.MapGet("/_emulator/media-requests", (HttpContext ctx) => JsonResponses.WriteAsync(ctx, 200, _settings.MediaLog.WriteJson));
        app.MapPost("/_emulator/reset", ResetAsync);
        app.MapPost("/_emulator/expire-tokens", (HttpContext ctx) =>
        {
            int count = _tokens.ExpireAll();
            return JsonResponses.WriteAsync(ctx, 200, w =>
            {
                w.WriteStartObject();
                w.WriteNumber("expired", count);
                w.WriteEndObject();
            });
        });
        app.MapGet("/_emulator/dataset", DatasetAsync);
    }

    private async Task ResetAsync(HttpContext ctx)
    {
        using var ms = new MemoryStream();
        await ctx.Request.Body.CopyToAsync(ms, ctx.RequestAborted);
        FaultPlan? faults = null;
        int? shift = null, latency = null, rate = null;
        bool? clamp = null;
        string? error = null;
        if (ms.Length > 0)
        {
            try
            {
                using var doc = JsonDocument.Parse(ms.ToArray());
                var root = doc.RootElement;
                if (root.ValueKind != JsonValueKind.Object)
                {
                    error = "body must be a JSON object";
                }
                else
                {
                    if (root.TryGetProperty("faults", out var f) && f.ValueKind != JsonValueKind.Null)
                    {
                        faults = f.ValueKind == JsonValueKind.String ? FaultPlan.TryParse(f.GetString()!, out error) : null;
                        error ??= faults is null ? "faults must be a string" : null;
                    }

                    shift = NonNegative(root, "shift_recent", ref error);
                    latency = NonNegative(root, "latency_ms", ref error);
                    rate = NonNegative(root, "rate", ref error);
                    if (root.TryGetProperty("clamp_pages", out var c) && c.ValueKind != JsonValueKind.Null)
                    {
                        clamp = c.ValueKind is JsonValueKind.True or JsonValueKind.False ? c.GetBoolean() : null;
                        error ??= clamp is null ? "clamp_pages must be true or false" : null;
                    }
                }
            }
            catch (JsonException)
            {
                error = "body must be JSON";
            }
        }

        if (error is not null)
        {
            await JsonResponses.WriteAsync(ctx, 400, w =>
            {
                w.WriteStartObject();
                w.WriteString("error", "INVALID_REQUEST");
                w.WriteString("message", error);
                w.WriteEndObject();
            });
            return;
        }

        if (faults is not null)
        {
            _settings.Faults = faults;
        }

        if (shift is int s)
        {
            _settings.ShiftRecent = s;
        }

        if (latency is int l)
        {
            _settings.LatencyMs = l;
        }

        if (rate is int r)
        {
            _settings.Rate = new RateLimit(r);
        }

        if (clamp is bool clampPages)
        {
            _settings.ClampPages = clampPages;
        }

        _log.Clear();
        _settings.ResetCounter();
        _store.ResetShift();
        await JsonResponses.WriteAsync(ctx, 200, w =>
        {
            w.WriteStartObject();
            w.WriteString("faults", _settings.Faults.Spec);
            w.WriteNumber("shift_recent", _settings.ShiftRecent);
            w.WriteNumber("latency_ms", _settings.LatencyMs);
            w.WriteNumber("rate", _settings.Rate.PerSecond);
            w.WriteBoolean("clamp_pages", _settings.ClampPages);
            w.WriteEndObject();
        });
    }

    private static int? NonNegative(JsonElement root, string name, ref string? error)
    {
        if (!root.TryGetProperty(name, out var el) || el.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (el.ValueKind != JsonValueKind.Number || !el.TryGetInt32(out int v) || v < 0)
        {
            error ??= $"{name} must be an integer >= 0";
            return null;
        }

        return v;
    }

    private Task DatasetAsync(HttpContext ctx)
    {
        if (_seed.CardCount > DatasetLimit)
        {
            return JsonResponses.ErrorAsync(ctx, 400, "DATASET_TOO_LARGE");
        }

        return JsonResponses.WriteAsync(ctx, 200, w =>
        {
            w.WriteStartObject();
            w.WriteNumber("page_size", _seed.PageSize);
            w.WriteNumber("seed", _seed.Seed);
            w.WriteStartArray("users");
            foreach (var a in _seed.Authors.Where(a => a.CanLogIn))
            {
                w.WriteStartObject();
                w.WriteString("email", a.Email);
                w.WriteString("username", a.Username);
                w.WriteString("user_uuid", a.UserUuid);
                w.WriteStartArray("liked");
                for (int i = 0; i < _seed.CardCount; i++)
                {
                    if (_seed.Liked(a.Index, i))
                    {
                        w.WriteStringValue(_seed.TaskUuid(i));
                    }
                }

                w.WriteEndArray();
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteStartArray("groups");
            foreach (var g in _seed.Groups)
            {
                w.WriteStartObject();
                w.WriteString("uuid", g.Uuid);
                w.WriteString("name", g.Name);
                w.WriteBoolean("expired", g.Expired);
                w.WriteStartArray("members");
                foreach (int m in g.MemberAuthors)
                {
                    if (_seed.Authors[m].CanLogIn)
                    {
                        w.WriteStringValue(_seed.Authors[m].Email);
                    }
                }

                w.WriteEndArray();
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteStartArray("cards");
            for (int i = 0; i < _seed.CardCount; i++)
            {
                _writer.Write(w, i, _store.Facts(i), -1, internals: true);
            }

            w.WriteEndArray();
            w.WriteEndObject();
        });
    }
}
