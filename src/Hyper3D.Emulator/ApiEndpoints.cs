using System.Text.Json;

namespace Hyper3D.Emulator;

/// <summary>The two vendor calls: <c>POST /api/user/login</c> and <c>POST /api/task/cards</c>.</summary>
internal sealed class ApiEndpoints
{
    private readonly SeedData _seed;
    private readonly CardStore _store;
    private readonly CardWriter _writer;
    private readonly TokenStore _tokens;
    private readonly RuntimeSettings _settings;

    public ApiEndpoints(SeedData seed, CardStore store, CardWriter writer, TokenStore tokens, RuntimeSettings settings)
    {
        _seed = seed;
        _store = store;
        _writer = writer;
        _tokens = tokens;
        _settings = settings;
    }

    public void Map(WebApplication app)
    {
        app.MapPost("/api/user/login", LoginAsync);
        app.MapPost("/api/task/cards", CardsAsync);
        app.Map("/api/{**rest}", ctx => JsonResponses.ErrorAsync(ctx, StatusCodes.Status404NotFound, "NOT_FOUND"));
    }

    private Task LoginAsync(HttpContext ctx)
    {
        byte[] body = ApiMiddleware.Body(ctx);
        string? email = null, password = null;
        try
        {
            using var doc = JsonDocument.Parse(body);
            var root = doc.RootElement;
            if (root.ValueKind == JsonValueKind.Object)
            {
                // "username" is the deprecated name of the same field; older clients still send it.
                email = StringProperty(root, "email") ?? StringProperty(root, "username");
                password = StringProperty(root, "password");
            }
        }
        catch (JsonException)
        {
        }

        if (email is null || password is null)
        {
            return JsonResponses.ErrorAsync(ctx, StatusCodes.Status400BadRequest, "INVALID_REQUEST");
        }

        var account = _seed.Authors.FirstOrDefault(a => a.CanLogIn && string.Equals(a.Email, email, StringComparison.OrdinalIgnoreCase));
        if (account is null)
        {
            return JsonResponses.ErrorAsync(ctx, StatusCodes.Status201Created, "NO_SUCH_USER");
        }

        if (!string.Equals(account.Password, password, StringComparison.Ordinal))
        {
            return JsonResponses.ErrorAsync(ctx, StatusCodes.Status201Created, "WRONG_PASSWORD");
        }

        string token = _tokens.Issue(account.Index);
        return JsonResponses.WriteAsync(ctx, StatusCodes.Status201Created, w =>
        {
            w.WriteStartObject();
            w.WriteString("token", token);
            w.WriteString("user_uuid", account.UserUuid);
            w.WriteString("username", account.Username);
            w.WriteString("avatar_url", account.AvatarUrl);
            w.WriteString("email", account.Email);
            w.WriteEndObject();
        });
    }

    private Task CardsAsync(HttpContext ctx)
    {
        // Order of checks: a bad token (401) before a bad body (400) before a missing login (401).
        string? token = null;
        int viewer = -1;
        string? header = ctx.Request.Headers.Authorization;
        if (header is not null)
        {
            token = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header[7..].Trim() : "";
            viewer = token.Length == 0 ? -1 : _tokens.Validate(token);
            if (viewer < 0)
            {
                return JsonResponses.ErrorAsync(ctx, StatusCodes.Status401Unauthorized, "INVALID_TOKEN");
            }
        }

        var query = CardQuery.TryParse(ApiMiddleware.Body(ctx));
        if (query is null || (query.Type == GalleryType.Group && query.GroupUuid is null))
        {
            return JsonResponses.ErrorAsync(ctx, StatusCodes.Status400BadRequest, "INVALID_REQUEST");
        }

        bool needsLogin = query.Type is GalleryType.Mine or GalleryType.Group || query.UserType != CardStatusType.All;
        if (needsLogin && viewer < 0)
        {
            return JsonResponses.ErrorAsync(ctx, StatusCodes.Status401Unauthorized, "UNAUTHORIZED");
        }

        int groupIndex = -1;
        if (query.Type == GalleryType.Group)
        {
            var group = _seed.Groups.FirstOrDefault(g => string.Equals(g.Uuid, query.GroupUuid, StringComparison.OrdinalIgnoreCase));
            if (group is null)
            {
                return JsonResponses.ErrorAsync(ctx, StatusCodes.Status201Created, "NO_SUCH_GROUP");
            }

            if (group.Expired)
            {
                return JsonResponses.ErrorAsync(ctx, StatusCodes.Status201Created, "GROUP_EXPIRED");
            }

            if (!group.MemberAuthors.Contains(viewer))
            {
                return JsonResponses.ErrorAsync(ctx, StatusCodes.Status201Created, "USER_NOT_IN_GROUP");
            }

            groupIndex = group.Index;
        }

        var head = _store.ShiftAndSnapshot(query.Type == GalleryType.Recent ? _settings.ShiftRecent : 0);
        var page = _store.Page(query, viewer, groupIndex, head, _settings.GalleriesByLikes);
        if (page.Count == 0 && query.PageNum > 0 && _settings.ClampPages)
        {
            page = LastPage(query, viewer, groupIndex, head);
        }

        ctx.Response.Headers["Subscription-Key"] = TokenStore.SubscriptionKey(token);
        return JsonResponses.WriteAsync(ctx, StatusCodes.Status201Created, w => WritePage(w, page, viewer, corruptIndex: -1));
    }

    /// <summary>The highest page below the one asked for that has cards (a binary search: page_num may be huge).</summary>
    private List<long> LastPage(CardQuery query, int viewer, int groupIndex, (long Start, int Count) head)
    {
        int low = 0, high = query.PageNum - 1;
        var best = new List<long>();
        while (low <= high)
        {
            int middle = low + ((high - low) / 2);
            var page = _store.Page(query, viewer, groupIndex, head, _settings.GalleriesByLikes, middle);
            if (page.Count > 0)
            {
                best = page;
                low = middle + 1;
            }
            else
            {
                high = middle - 1;
            }
        }

        return best;
    }

    public void WritePage(Utf8JsonWriter w, IReadOnlyList<long> page, int viewer, int corruptIndex)
    {
        w.WriteStartArray();
        for (int i = 0; i < page.Count; i++)
        {
            var facts = _store.Facts(page[i]);
            _writer.Write(w, page[i], facts, viewer, corrupt: i == corruptIndex);
        }

        w.WriteEndArray();
    }

    private static string? StringProperty(JsonElement root, string name) =>
        root.TryGetProperty(name, out var el) && el.ValueKind == JsonValueKind.String ? el.GetString() : null;
}
