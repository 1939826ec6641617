using System.Text.Encodings.Web;
using System.Text.Json;

namespace Hyper3D.Emulator;

/// <summary>Writes cards in the vendor's JSON shape, deriving the descriptive fields from hashes on the fly.</summary>
internal sealed class CardWriter
{
    // Raw UTF-8 like the vendor's Node backend, so clients meet real non-ASCII bytes rather than \u escapes.
    public static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private const string AwkwardTitle = "Café \"Rodin\", v2\nline two";
    private const string JapaneseTitle = "ドラゴン";

    private static readonly string[] Titles =
    {
        "Stone golem", "Portrait study", "Sci-fi helmet", "Ancient vase", "Robot cat", "Low-poly tree",
        "Marble bust", "Dragon", "Knight, armoured", "Tiny house",
    };

    private static readonly string[] Prompts =
    {
        "a weathered stone golem, moss, 4k", "portrait of an old fisherman", "sci-fi helmet with visor",
        "greek amphora, cracked", "cute robot cat", "stylised low-poly oak tree", "marble bust of a philosopher",
        "a red dragon curled on gold", "浮世絵風の鯉", "knight in \"gothic\" plate armour",
    };

    private static readonly string[] Styles = { "realistic", "stylized", "cartoon", "sculpture", "anime" };
    private static readonly string[] Topologies = { "quad", "triangle" };
    private static readonly string[] Jobs = { "texture-4k", "rig", "lod", "thumbnail" };

    private readonly SeedData _seed;
    private readonly bool _epochTime;
    private readonly bool _tiny;
    private readonly MediaEndpoints _media;
    private readonly Func<long, long> _timeMs;

    /// <param name="timeMs">A card's time: seeded, or when it arrived.</param>
    /// <param name="tiny">Write only the fields the reference requires, each as short as it may be.</param>
    public CardWriter(SeedData seed, bool epochTime, bool tiny, MediaEndpoints media, Func<long, long> timeMs)
    {
        _seed = seed;
        _epochTime = epochTime;
        _tiny = tiny;
        _media = media;
        _timeMs = timeMs;
    }

    /// <param name="viewer">Account index of the requester, -1 for anonymous.</param>
    /// <param name="corrupt">Write wrong JSON types (the badtypes fault).</param>
    /// <param name="internals">Add the underscore facts the dataset endpoint exposes.</param>
    public void Write(Utf8JsonWriter w, long ordinal, in CardFacts f, int viewer, bool corrupt = false, bool internals = false)
    {
        ulong text = _seed.Hash(ordinal, SeedData.SaltText);
        ulong opt = _seed.Hash(ordinal, SeedData.SaltOptional);
        ulong opt2 = Hashing.Mix(opt);
        string uuid = _seed.TaskUuid(ordinal);
        if (_tiny && !corrupt && !internals)
        {
            WriteTiny(w, uuid, _timeMs(ordinal));
            return;
        }

        w.WriteStartObject();
        w.WriteString("task_uuid", uuid);
        w.WriteString("type", f.TypeCode < SeedData.TaskTypes.Length
            ? SeedData.TaskTypes[f.TypeCode]
            : SeedData.UnknownTaskTypes[f.TypeCode - SeedData.TaskTypes.Length]);

        if (Hashing.Below(opt, 20) != 0)
        {
            w.WriteString("image_url", _media.ImageUrl(uuid));
        }

        switch (Hashing.Below(opt >> 8, 10))
        {
            case < 3:
                w.WriteString("video_url", _media.VideoUrl(uuid));
                break;
            case 3:
                w.WriteNull("video_url");
                break;
        }

        switch (Hashing.Below(opt >> 12, 10))
        {
            case < 7:
                w.WriteString("prompt", Prompts[Hashing.Below(text, Prompts.Length)]);
                break;
            case < 9:
                w.WriteNull("prompt");
                break;
        }

        if (corrupt)
        {
            w.WriteString("num_like", "many");
        }
        else
        {
            w.WriteNumber("num_like", f.NumLike);
        }

        w.WriteBoolean("is_like", _seed.Liked(viewer, ordinal));

        long time = _timeMs(ordinal);
        if (corrupt)
        {
            w.WriteBoolean("time", true);
        }
        else if (_epochTime)
        {
            w.WriteNumber("time", time);
        }
        else
        {
            w.WriteString("time", SeedData.Iso(time));
        }

        var author = _seed.Authors[f.Author];
        w.WriteStartObject("author");
        w.WriteString("user_uuid", author.UserUuid);
        w.WriteString("username", author.Username);
        w.WriteString("avatar_url", author.AvatarUrl);
        w.WriteString("email", author.Email);
        w.WriteEndObject();

        switch (Hashing.Below(opt >> 16, 10))
        {
            case < 7:
                w.WriteString("user_state", "Done");
                break;
            case 7:
                w.WriteString("user_state", "Generating");
                break;
        }

        if (Hashing.Below(opt >> 20, 10) < 6)
        {
            w.WriteBoolean("lisenced", Hashing.Below(opt >> 24, 2) == 0);
        }

        string? title = ordinal switch
        {
            1 => AwkwardTitle,
            2 => JapaneseTitle,
            _ => Hashing.Below(opt >> 28, 100) switch
            {
                < 2 => AwkwardTitle,
                < 4 => JapaneseTitle,
                < 75 => Titles[Hashing.Below(text >> 16, Titles.Length)],
                < 90 => null,
                _ => "",
            },
        };
        if (title is null)
        {
            w.WriteNull("title");
        }
        else if (title.Length > 0)
        {
            w.WriteString("title", title);
        }

        if (Hashing.Below(opt >> 36, 10) < 8)
        {
            w.WriteString("style", Styles[Hashing.Below(text >> 24, Styles.Length)]);
        }

        if (f.Group >= 0 || Hashing.Below(opt >> 40, 10) != 0)
        {
            w.WriteBoolean("is_private", f.Is(CardFlags.Private));
        }

        w.WriteBoolean("is_hidden", f.Is(CardFlags.Hidden));

        if (f.Group >= 0)
        {
            WriteGroup(w, _seed.Groups[f.Group]);
        }

        if (Hashing.Below(opt >> 44, 10) < 5)
        {
            w.WriteBoolean("is_genme", Hashing.Below(opt >> 48, 4) == 0);
        }

        if (Hashing.Below(opt2, 10) < 5)
        {
            w.WriteBoolean("allow_preview", Hashing.Below(opt2 >> 4, 2) == 0);
        }

        w.WriteString("step", f.StepCode < SeedData.TaskSteps.Length
            ? SeedData.TaskSteps[f.StepCode]
            : SeedData.UnknownTaskSteps[f.StepCode - SeedData.TaskSteps.Length]);

        if (Hashing.Below(opt2 >> 8, 10) < 3)
        {
            w.WriteStartArray("pending_jobs");
            int jobs = Hashing.Below(opt2 >> 12, 3);
            for (int j = 0; j < jobs; j++)
            {
                w.WriteStringValue(Jobs[(Hashing.Below(opt2 >> 16, Jobs.Length) + j) % Jobs.Length]);
            }

            w.WriteEndArray();
        }

        // A field the reference does not know: clients must ignore it.
        if (Hashing.Below(opt2 >> 20, 10) == 0)
        {
            w.WriteStartObject("server_extra");
            w.WriteNumber("a", 1);
            w.WriteEndObject();
        }

        if (internals)
        {
            WriteInternals(w, f);
        }

        w.WriteEndObject();
    }

    private void WriteInternals(Utf8JsonWriter w, in CardFacts f)
    {
        var author = _seed.Authors[f.Author];
        if (author.CanLogIn)
        {
            w.WriteString("_owner_email", author.Email);
        }
        else
        {
            w.WriteNull("_owner_email");
        }

        w.WriteBoolean("_featured", f.Is(CardFlags.Featured));
        w.WriteBoolean("_story", f.Is(CardFlags.Story));
        w.WriteStartArray("_tag_ids");
        for (int t = 0; t < SeedData.TagCount; t++)
        {
            if ((f.TagMask & (1 << t)) != 0)
            {
                w.WriteNumberValue(t + 1);
            }
        }

        w.WriteEndArray();
        if (f.Group >= 0)
        {
            w.WriteString("_group_uuid", _seed.Groups[f.Group].Uuid);
        }
        else
        {
            w.WriteNull("_group_uuid");
        }

        w.WriteString("_pack_state", SeedData.PackStates[f.PackState]);
    }

    private static void WriteGroup(Utf8JsonWriter w, Group g)
    {
        w.WriteStartObject("group");
        w.WriteString("uuid", g.Uuid);
        w.WriteString("name", g.Name);
        w.WriteNumber("member_count", g.MemberAuthors.Length);
        w.WriteString("expiration_date", g.ExpirationDate);
        w.WriteStartObject("settings");
        w.WriteStartArray("allowed_style");
        foreach (var s in Styles.Take(2 + g.Index))
        {
            w.WriteStringValue(s);
        }

        w.WriteEndArray();
        w.WriteStartArray("allowed_topology");
        foreach (var t in Topologies)
        {
            w.WriteStringValue(t);
        }

        w.WriteEndArray();
        w.WriteNumber("max_member_count", g.MaxMemberCount);
        w.WriteBoolean("allow_preview", g.Index != 1);
        w.WriteStartArray("additional_settings");
        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteNumber("balance", g.Balance);
        w.WriteString("checkin_code", g.CheckinCode);
        w.WriteEndObject();
    }

    /// <summary>
    /// The smallest card the reference allows: every field it does not mark optional, the shortest valid value in
    /// each (epoch time, empty strings, one shared author). Pages of a million cards then stay tens of MiB, so a
    /// client's cost per parsed card, not per body byte, is what a test of its memory meets.
    /// </summary>
    private static void WriteTiny(Utf8JsonWriter w, string uuid, long time)
    {
        w.WriteStartObject();
        w.WriteString("task_uuid", uuid);
        w.WriteString("type", "API");
        w.WriteNumber("num_like", 0);
        w.WriteBoolean("is_like", false);
        w.WriteNumber("time", time);
        w.WriteStartObject("author");
        w.WriteString("user_uuid", "");
        w.WriteString("username", "");
        w.WriteString("avatar_url", "");
        w.WriteString("email", "");
        w.WriteEndObject();
        w.WriteString("step", "");
        w.WriteEndObject();
    }
}
