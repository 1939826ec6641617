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
        app.MapGet("/_emulator/requests", (HttpContext ctx) => JsonResponses.WriteAsync(ctx, 200, _log.WriteJson<ApiRequest>));
        app.MapGet("/_emulator/media-requests", (HttpContext ctx) => JsonResponses.WriteAsync(ctx, 200, _log.WriteJson<MediaRequest>));
        app.MapGet("/_emulator/request-stats", (HttpContext ctx) => JsonResponses.WriteAsync(ctx, 200, _settings.InFlight.WriteJson));
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
        app.MapPost("/_emulator/add-cards", AddCardsAsync);
    }

    private async Task ResetAsync(HttpContext ctx)
    {
        var change = new SettingsChange();
        if (!await ReadBodyAsync(ctx, change.Read))
        {
            return;
        }

        _settings.Apply(change);
        _log.Clear();
        _settings.ResetCounter();
        _store.ResetShift();
        _store.Arrivals.Clear();
        await JsonResponses.WriteAsync(ctx, 200, _settings.WriteJson);
    }

    /// <summary>
    /// <c>{"count": N, "group_uuid": "...", "every_ms": M}</c>: N new cards at the head of Recent (and of that group)
    /// now, and again every M ms until the next reset. Answers the cards added now, oldest first.
    /// </summary>
    private async Task AddCardsAsync(HttpContext ctx)
    {
        int count = 1, everyMs = 0, group = -1;
        bool valid = await ReadBodyAsync(ctx, root =>
        {
            string? error = null;
            count = NonNegative(root, "count", ref error) ?? 1;
            everyMs = NonNegative(root, "every_ms", ref error) ?? 0;
            if (count is < 1 or > 10_000)
            {
                error ??= "count must be from 1 to 10000";
            }

            if (root.TryGetProperty("group_uuid", out var g) && g.ValueKind != JsonValueKind.Null)
            {
                group = _seed.Groups.FirstOrDefault(x => g.ValueKind == JsonValueKind.String && string.Equals(x.Uuid, g.GetString(), StringComparison.OrdinalIgnoreCase))?.Index ?? -1;
                error ??= group < 0 ? "group_uuid must name a group of the dataset" : null;
            }

            return error;
        });
        if (!valid)
        {
            return;
        }

        var added = _store.Arrivals.Add(count, group);
        if (everyMs > 0)
        {
            _store.Arrivals.Schedule(count, group, everyMs);
        }

        await JsonResponses.WriteAsync(ctx, 200, w =>
        {
            w.WriteStartObject();
            w.WriteStartArray("added");
            foreach (var a in added)
            {
                w.WriteStartObject();
                w.WriteString("task_uuid", _seed.TaskUuid(a.Ordinal));
                w.WriteString("time", SeedData.Iso(a.TimeMs));
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteNumber("every_ms", everyMs);
            w.WriteEndObject();
        });
    }

    /// <summary>
    /// Reads a control body (none counts as <c>{}</c>) with <paramref name="read"/>, which returns what is wrong with
    /// it or null; a bad body is answered with 400 and false.
    /// </summary>
    private static async Task<bool> ReadBodyAsync(HttpContext ctx, Func<JsonElement, string?> read)
    {
        using var ms = new MemoryStream();
        await ctx.Request.Body.CopyToAsync(ms, ctx.RequestAborted);
        string? error;
        try
        {
            using var doc = JsonDocument.Parse(ms.Length > 0 ? ms.ToArray() : "{}"u8.ToArray());
            error = doc.RootElement.ValueKind == JsonValueKind.Object ? read(doc.RootElement) : "body must be a JSON object";
        }
        catch (JsonException)
        {
            error = "body must be JSON";
        }

        if (error is null)
        {
            return true;
        }

        await JsonResponses.WriteAsync(ctx, 400, w =>
        {
            w.WriteStartObject();
            w.WriteString("error", "INVALID_REQUEST");
            w.WriteString("message", error);
            w.WriteEndObject();
        });
        return false;
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

        // Arrivals are the newest cards: they come first, so the list stays in Recent order.
        long[] ordinals = _store.Arrivals.NewestFirst(-1).Concat(Enumerable.Range(0, _seed.CardCount).Select(i => (long)i)).ToArray();
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
                foreach (long i in ordinals)
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
            foreach (long i in ordinals)
            {
                _writer.Write(w, i, _store.Facts(i), -1, internals: true);
            }

            w.WriteEndArray();
            w.WriteEndObject();
        });
    }
}
