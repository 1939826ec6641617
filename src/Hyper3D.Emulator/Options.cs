using System.Globalization;

namespace Hyper3D.Emulator;

internal sealed record UserSpec(string Email, string Password);

internal sealed class EmulatorOptions
{
    public List<string> Urls { get; } = new();
    public int Cards { get; set; } = 240;
    public int PageSize { get; set; } = 24;
    public List<UserSpec> Users { get; } = new();
    public SettingsChange Settings { get; } = new();
    public int TokenTtlSec { get; set; }
    public bool Https { get; set; }
    public bool EpochTime { get; set; }
    public long Seed { get; set; } = 1;
    public int NewCards { get; set; }
    public int NewCardsEveryMs { get; set; }
    public int MediaBytes { get; set; } = 65_536;
    public int MediaMinimumBytes { get; set; } = 4_096;
    public bool MediaCdn { get; set; }
    public bool TinyCards { get; set; }
}

internal sealed record ParseResult(EmulatorOptions? Options, bool ShowHelp, string? Error);

internal static class OptionsParser
{
    public const string Usage = """
        Usage: Hyper3D.Emulator [options]

          --urls URL[;URL]      where to listen (default http://127.0.0.1:3005; port 0 picks a free port)
          --cards N             number of seeded cards (default 240, up to 5000000)
          --page-size P         cards per page (default 24, up to 2000000)
          --user EMAIL:PASS     a login account (repeatable; default demo@hyper3d.local:demo-password
                                and alice@hyper3d.local:alice-password)
          --latency-ms L        delay every /api request by L ms (default 0)
          --shift-recent N      insert N new cards at the head of Recent before each Recent request (default 0)
          --faults SPEC         comma list of fault@n (n = 1-based /api request number, or a range a-b)
                                faults: 429 429:S 500 502 503 504 503html 200html ratelimited reset hang
                                        truncate empty object badtypes huge 401 slow:MS cut:N numberuuid
                                        echo:S fakegzip fakedeflate fakebr bom controlcode
                                media:fault@n counts media requests on their own: media:404 media:429[:S]
                                        media:500..504 media:reset media:stall media:hang media:slow:MS
                                        media:norange
          --token-ttl-sec T     tokens expire T seconds after login (default 0 = never)
          --https               serve HTTPS with an in-memory self-signed certificate (127.0.0.1, localhost)
          --epoch-time          emit card "time" as epoch milliseconds instead of ISO 8601 text
          --seed S              data seed (default 1)
          --rate R[:503]        allow R gallery requests a second (a token bucket holding R); past it
                                429 with Retry-After: 1, or with :503 nginx's 503 page and no Retry-After
                                (default 0 = no limit)
          --workers N           serve N requests at once (/api and media), the rest wait in arrival order
                                (default 0 = no bound)
          --clamp-pages         answer the last page again for every higher page_num, as some servers do
          --gallery-order O     time (default): every gallery newest first; likes: all but Recent by likes
          --new-cards N:MS      every MS ms, N new cards arrive at the head of Recent, stamped with the current time
          --media-bytes N       largest media file in bytes (default 65536)
          --media-min-bytes N   smallest media file in bytes (default 4096; sizes spread between the two)
          --media-cdn           serve media from a second listener on another port (a stand-in CDN)
          --tiny-cards          every card is the smallest valid card: the required fields only, each with
                                the shortest value (about 190 bytes a card), to measure clients on huge pages
          --help                show this help

        Prints "Hyper3D emulator listening on <url>" on stdout once it accepts requests.
        """;

    public static ParseResult Parse(string[] args)
    {
        var o = new EmulatorOptions();
        for (int i = 0; i < args.Length; i++)
        {
            string name = args[i];
            string? inlineValue = null;
            int eq = name.IndexOf('=');
            if (name.StartsWith("--", StringComparison.Ordinal) && eq > 0)
            {
                inlineValue = name[(eq + 1)..];
                name = name[..eq];
            }

            string? error = null;
            string Value()
            {
                if (inlineValue is not null)
                {
                    return inlineValue;
                }

                if (i + 1 >= args.Length)
                {
                    error = $"{name} needs a value";
                    return "";
                }

                return args[++i];
            }

            switch (name)
            {
                case "--help" or "-h" or "-?":
                    return new ParseResult(null, true, null);
                case "--https":
                    o.Https = true;
                    break;
                case "--epoch-time":
                    o.EpochTime = true;
                    break;
                case "--clamp-pages":
                    error = o.Settings.SetOption(name, "true");
                    break;
                case "--rate":
                    {
                        string v = Value();
                        int colon = v.IndexOf(':');
                        error ??= o.Settings.SetOption(name, colon < 0 ? v : v[..colon]);
                        if (error is null && colon >= 0 && o.Settings.SetOption("--rate-status", v[(colon + 1)..]) is not null)
                        {
                            error = $"--rate: '{v}' must be R, R:429 or R:503";
                        }

                        break;
                    }

                case "--faults" or "--shift-recent" or "--latency-ms" or "--gallery-order" or "--workers":
                    {
                        string v = Value();
                        error ??= o.Settings.SetOption(name, v);
                        break;
                    }

                case "--media-cdn":
                    o.MediaCdn = true;
                    break;
                case "--tiny-cards":
                    o.TinyCards = true;
                    break;
                case "--media-bytes":
                    o.MediaBytes = Int(name, Value(), 1, int.MaxValue, ref error);
                    break;
                case "--media-min-bytes":
                    o.MediaMinimumBytes = Int(name, Value(), 1, int.MaxValue, ref error);
                    break;
                case "--urls":
                    {
                        string v = Value();
                        foreach (var u in v.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                        {
                            if (!Uri.TryCreate(u, UriKind.Absolute, out var uri) || (uri.Scheme != "http" && uri.Scheme != "https"))
                            {
                                error ??= $"--urls: '{u}' is not an http(s) URL";
                            }

                            o.Urls.Add(u);
                        }

                        if (o.Urls.Count == 0)
                        {
                            error ??= "--urls needs at least one URL";
                        }

                        break;
                    }

                case "--cards":
                    o.Cards = Int(name, Value(), 0, 5_000_000, ref error);
                    break;
                case "--page-size":
                    o.PageSize = Int(name, Value(), 1, 2_000_000, ref error);
                    break;
                case "--new-cards":
                    {
                        string v = Value();
                        int colon = v.IndexOf(':');
                        if (error is null && colon <= 0)
                        {
                            error = $"--new-cards: '{v}' must be N:MS";
                        }
                        else if (error is null)
                        {
                            o.NewCards = Int(name, v[..colon], 1, 10_000, ref error);
                            o.NewCardsEveryMs = Int(name, v[(colon + 1)..], 1, 86_400_000, ref error);
                        }

                        break;
                    }

                case "--token-ttl-sec":
                    o.TokenTtlSec = Int(name, Value(), 0, int.MaxValue, ref error);
                    break;
                case "--seed":
                    {
                        string v = Value();
                        if (error is null && !long.TryParse(v, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long seed))
                        {
                            error = $"--seed: '{v}' is not an integer";
                        }
                        else
                        {
                            o.Seed = long.Parse(v, CultureInfo.InvariantCulture);
                        }

                        break;
                    }

                case "--user":
                    {
                        string v = Value();
                        int colon = v.IndexOf(':');
                        if (error is null && (colon <= 0 || colon == v.Length - 1 || !v[..colon].Contains('@')))
                        {
                            error = $"--user: '{v}' must be email:password";
                        }
                        else if (error is null)
                        {
                            string email = v[..colon];
                            if (o.Users.Any(u => string.Equals(u.Email, email, StringComparison.OrdinalIgnoreCase)))
                            {
                                error = $"--user: '{email}' given twice";
                            }

                            o.Users.Add(new UserSpec(email, v[(colon + 1)..]));
                        }

                        break;
                    }

                default:
                    error = $"unknown option '{args[i]}'";
                    break;
            }

            if (error is not null)
            {
                return new ParseResult(null, false, error);
            }
        }

        if (o.Urls.Count == 0)
        {
            o.Urls.Add("http://127.0.0.1:3005");
        }

        if (o.Users.Count == 0)
        {
            o.Users.Add(new UserSpec("demo@hyper3d.local", "demo-password"));
            o.Users.Add(new UserSpec("alice@hyper3d.local", "alice-password"));
        }

        return new ParseResult(o, false, null);
    }

    private static int Int(string name, string text, int min, int max, ref string? error)
    {
        if (error is not null)
        {
            return 0;
        }

        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int v) || v < min || v > max)
        {
            error = $"{name}: '{text}' must be an integer from {min} to {max}";
            return 0;
        }

        return v;
    }
}
