namespace Hyper3D.Emulator;

/// <summary>Someone who can appear as a card author. Login accounts come first (index = account index).</summary>
internal sealed record Author(int Index, string UserUuid, string Username, string AvatarUrl, string Email, string? Password)
{
    public bool CanLogIn => Password is not null;
}

internal sealed record Group(
    int Index,
    string Uuid,
    string Name,
    bool Expired,
    string ExpirationDate,
    int[] MemberAuthors,
    int MaxMemberCount,
    int Balance,
    string CheckinCode);

[Flags]
internal enum CardFlags : byte
{
    None = 0,
    Featured = 1,
    Story = 2,
    Hidden = 4,
    Private = 8,
}

/// <summary>The few facts the filters need; everything else about a card is derived when it is written.</summary>
internal readonly record struct CardFacts(short Author, sbyte Group, byte TypeCode, byte StepCode, byte TagMask, byte NumLike, CardFlags Flags, byte PackState)
{
    public bool Is(CardFlags flag) => (Flags & flag) != 0;
}

/// <summary>Accounts, authors, groups and the rules that turn (seed, ordinal) into card facts.</summary>
internal sealed class SeedData
{
    public static readonly string[] TaskTypes = { "DreamFace", "ImagineFace", "API", "Panorama", "Rodin", "Media2Face" };
    public static readonly string[] UnknownTaskTypes = { "Rodin2", "Sketch3D" };
    public static readonly string[] TaskSteps = { "Created", "Preprocess", "Generate", "ModelGenerate", "TextureGenerate", "ModelRefine", "TextureRefine" };
    public static readonly string[] UnknownTaskSteps = { "Finished", "Archived" };
    public static readonly string[] PackStates = { "none", "packing", "packed" };
    public const int TagCount = 8;

    // Salts keep the independent facts of one card uncorrelated.
    public const ulong SaltOwner = 1, SaltGroup = 2, SaltType = 3, SaltStep = 4, SaltTags = 5, SaltLikes = 6,
        SaltFlags = 7, SaltPack = 8, SaltTime = 9, SaltUuid = 10, SaltText = 11, SaltOptional = 12, SaltLiked = 100;

    // Fixed so data does not depend on the clock: tests compare runs.
    public static readonly long BaseTimeMs = new DateTimeOffset(2025, 10, 31, 20, 41, 47, 559, TimeSpan.Zero).ToUnixTimeMilliseconds();

    private static readonly (string Username, string Email)[] OtherAuthors =
    {
        ("rin", "rin@studio.example"),
        ("marco_3d", "marco@sculpt.example"),
        ("Élodie", "elodie@atelier.example"),
        ("kenji", "kenji@mesh.example"),
        ("sculptor_ko", "ko@forge.example"),
        ("nova", "nova@render.example"),
    };

    public SeedData(EmulatorOptions options)
    {
        Seed = options.Seed;
        CardCount = options.Cards;
        PageSize = options.PageSize;

        var authors = new List<Author>();
        foreach (var u in options.Users)
        {
            int i = authors.Count;
            string username = u.Email[..u.Email.IndexOf('@')];
            // Keyed by the email, not the position, so an account keeps its uuid whatever other --user options say.
            authors.Add(new Author(i, Uuid(SaltOwner, StableHash(u.Email.ToLowerInvariant())), username, Avatar(username), u.Email, u.Password));
        }

        AccountCount = authors.Count;
        foreach (var (name, email) in OtherAuthors)
        {
            int i = authors.Count;
            authors.Add(new Author(i, Uuid(SaltOwner, 1_000 + i), name, Avatar(name), email, null));
        }

        Authors = authors;

        // Default accounts give: demo in groups 0 and 2 (expired), alice in 0 and 1.
        var everyone = Enumerable.Range(0, AccountCount).ToArray();
        var allButFirst = Enumerable.Range(1, AccountCount - 1).ToArray();
        int other = AccountCount;
        Groups = new[]
        {
            new Group(0, Uuid(SaltGroup, 1), "Sculpture Club", false, Iso(BaseTimeMs + 3650L * 86_400_000),
                everyone.Concat(new[] { other, other + 1 }).ToArray(), 20, 1500, "CLUB-2025"),
            new Group(1, Uuid(SaltGroup, 2), "Studio Ghibli Fans", false, Iso(BaseTimeMs + 3650L * 86_400_000),
                allButFirst.Concat(new[] { other + 2 }).ToArray(), 10, 320, "GHIB-7781"),
            new Group(2, Uuid(SaltGroup, 3), "Hackathon 2024", true, Iso(BaseTimeMs - 30L * 86_400_000),
                new[] { 0, other + 3 }, 50, 0, "HACK-0000"),
        };
    }

    public long Seed { get; }
    public int CardCount { get; }
    public int PageSize { get; }
    public int AccountCount { get; }
    public IReadOnlyList<Author> Authors { get; }
    public IReadOnlyList<Group> Groups { get; }

    public ulong Hash(long ordinal, ulong salt) => Hashing.Of(Seed, ordinal, salt);

    /// <summary>
    /// Seeded cards are ordinals 0..CardCount-1 (0 newest). Ordinals from CardCount up are cards
    /// that --shift-recent inserts: plain public cards of non-login authors, never hidden, in no group.
    /// </summary>
    public CardFacts ComputeFacts(long ordinal)
    {
        bool shifted = ordinal >= CardCount;
        ulong hg = Hash(ordinal, SaltGroup);
        int group = !shifted && Hashing.Below(hg, 100) < 8 ? Hashing.Below(hg >> 8, Groups.Count) : -1;

        int author;
        ulong ho = Hash(ordinal, SaltOwner);
        if (group >= 0)
        {
            var members = Groups[group].MemberAuthors;
            author = members[Hashing.Below(ho >> 8, members.Length)];
        }
        else if (!shifted && Hashing.Below(ho, 100) < 45)
        {
            author = Hashing.Below(ho >> 8, AccountCount);
        }
        else
        {
            author = AccountCount + Hashing.Below(ho >> 16, OtherAuthors.Length);
        }

        ulong ht = Hash(ordinal, SaltType);
        int type = Hashing.Below(ht, 100) < 3
            ? TaskTypes.Length + Hashing.Below(ht >> 8, UnknownTaskTypes.Length)
            : Hashing.Below(ht >> 8, TaskTypes.Length);

        ulong hs = Hash(ordinal, SaltStep);
        int step = Hashing.Below(hs, 100) < 3
            ? TaskSteps.Length + Hashing.Below(hs >> 8, UnknownTaskSteps.Length)
            : Hashing.Below(hs >> 8, TaskSteps.Length);

        ulong hx = Hash(ordinal, SaltTags);
        int tagCount = Hashing.Below(hx, 4);
        int mask = 0;
        hx >>= 8;
        while (System.Numerics.BitOperations.PopCount((uint)mask) < tagCount)
        {
            mask |= 1 << Hashing.Below(hx, TagCount);
            hx = Hashing.Mix(hx);
        }

        int likes = Hashing.Below(Hash(ordinal, SaltLikes), 51);

        ulong hf = Hash(ordinal, SaltFlags);
        var flags = CardFlags.None;
        if (!shifted)
        {
            if (Hashing.Below(hf, 3) == 0)
            {
                flags |= CardFlags.Featured;
            }

            if (Hashing.Below(hf >> 8, 10) == 0)
            {
                flags |= CardFlags.Story;
            }

            // Cards 0..2 carry the awkward titles: keep them visible so every default listing shows them.
            if (ordinal > 2 && Hashing.Below(hf >> 16, 100) < 4)
            {
                flags |= CardFlags.Hidden;
            }

            if (group >= 0 || Hashing.Below(hf >> 24, 10) == 0)
            {
                flags |= CardFlags.Private;
            }
        }

        int pack = 0;
        if (author < AccountCount)
        {
            int r = Hashing.Below(Hash(ordinal, SaltPack), 10);
            pack = r < 2 ? 1 : r < 4 ? 2 : 0;
        }

        return new CardFacts((short)author, (sbyte)group, (byte)type, (byte)step, (byte)mask, (byte)likes, flags, (byte)pack);
    }

    /// <summary>Login account <paramref name="account"/> liked the card: about one card in six.</summary>
    public bool Liked(int account, long ordinal) =>
        account >= 0 && Hashing.Below(Hash(ordinal, SaltLiked + (ulong)account), 6) == 0;

    public long TimeMs(long ordinal)
    {
        if (ordinal >= CardCount)
        {
            // Shifted cards are newer than every seeded card and than every earlier shifted card.
            return BaseTimeMs + (ordinal - CardCount + 1) * 1000;
        }

        // Gaps of 60 s plus under 60 s of jitter keep the order strictly newest first.
        long jitter = ordinal == 0 ? 0 : Hashing.Below(Hash(ordinal, SaltTime), 60_000);
        return BaseTimeMs - (ordinal * 60_000) - jitter;
    }

    public string TaskUuid(long ordinal)
    {
        ulong a = Hash(ordinal, SaltUuid);
        ulong b = Hashing.Mix(a);
        // The last group is an odd multiple of the ordinal (mod 2^48) xor a seed mask: a bijection, so uuids never collide.
        ulong tail = (((ulong)ordinal * 0x9E3779B97F4BUL) ^ Hash(-1, SaltUuid)) & 0xFFFF_FFFF_FFFFUL;
        return string.Create(36, (a, b, tail), static (span, s) =>
        {
            s.a.ToString("x16").AsSpan(0, 8).CopyTo(span);
            span[8] = '-';
            s.a.ToString("x16").AsSpan(8, 4).CopyTo(span[9..]);
            span[13] = '-';
            span[14] = '4';
            s.b.ToString("x16").AsSpan(0, 3).CopyTo(span[15..]);
            span[18] = '-';
            span[19] = "89ab"[(int)(s.b >> 60) & 3];
            s.b.ToString("x16").AsSpan(3, 3).CopyTo(span[20..]);
            span[23] = '-';
            s.tail.ToString("x12").AsSpan().CopyTo(span[24..]);
        });
    }

    public static string Iso(long epochMs) =>
        DateTimeOffset.FromUnixTimeMilliseconds(epochMs).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture);

    private string Uuid(ulong salt, long n) => new Guid(BitConverter.GetBytes(Hash(n, salt)).Concat(BitConverter.GetBytes(Hash(n + 7_777_777, salt))).ToArray()).ToString();

    private static long StableHash(string text)
    {
        // FNV-1a: string.GetHashCode is randomised per process, which would break determinism.
        ulong h = 0xCBF29CE484222325UL;
        foreach (char c in text)
        {
            h = (h ^ c) * 0x100000001B3UL;
        }

        return (long)(h >> 1);
    }

    private static string Avatar(string username) => $"https://assets.hyper3d.local/avatars/{Uri.EscapeDataString(username)}.png";
}
