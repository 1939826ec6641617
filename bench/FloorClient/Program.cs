using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Threading.Tasks;

namespace Hyper3D.Bench;

/// <summary>
/// The floor contender: a sequential HttpClient + System.Text.Json loop over POST {base}/task/cards, page 0, 1, ...
/// until the first empty page, each page deserialized into <see cref="Card"/> objects.
///
///   FloorClient BASE_URI            one timed pass; prints "elapsed_ms=... cards=... pages=..."
///   FloorClient BASE_URI --serve    one timed pass per line read on stdin ("run"); EOF or "quit" ends.
///                                   Keeps the process (JIT) warm between passes, like the pwsh contenders.
/// Each pass uses a new HttpClient (new connections), as the PowerShell contenders do.
/// </summary>
internal static class Program
{
    private static readonly JsonSerializerOptions Json = new();

    private static async Task<int> Main(string[] args)
    {
        if (args.Length < 1 || args[0].StartsWith("-", StringComparison.Ordinal))
        {
            Console.Error.WriteLine("usage: FloorClient BASE_URI [--serve] [--type Recent]");
            return 2;
        }

        string baseUri = args[0].TrimEnd('/');
        bool serve = Array.IndexOf(args, "--serve") >= 0;
        int typeAt = Array.IndexOf(args, "--type");
        string type = typeAt >= 0 && typeAt + 1 < args.Length ? args[typeAt + 1] : "Recent";
        var cardsUri = new Uri(baseUri + "/task/cards");

        if (!serve)
        {
            Console.WriteLine(await RunAsync(cardsUri, type));
            return 0;
        }

        string? line;
        while ((line = Console.ReadLine()) != null)
        {
            line = line.Trim();
            if (line.Length == 0)
            {
                continue;
            }

            if (line == "quit")
            {
                break;
            }

            try
            {
                Console.WriteLine(await RunAsync(cardsUri, type));
            }
            catch (Exception e)
            {
                Console.WriteLine("error=" + e.GetType().Name + ": " + e.Message.Replace('\n', ' '));
            }

            Console.Out.Flush();
        }

        return 0;
    }

    private static async Task<string> RunAsync(Uri cardsUri, string type)
    {
        var clock = Stopwatch.StartNew();
        using var http = new HttpClient();
        long count = 0;
        int page = 0;
        while (true)
        {
            string body = JsonSerializer.Serialize(new CardsRequest { PageNum = page, Type = type }, Json);
            using var content = new StringContent(body, Encoding.UTF8, "application/json");
            using HttpResponseMessage response = await http.PostAsync(cardsUri, content);
            response.EnsureSuccessStatusCode();
            await using var stream = await response.Content.ReadAsStreamAsync();
            List<Card>? cards = await JsonSerializer.DeserializeAsync<List<Card>>(stream, Json);
            page++;
            if (cards is null || cards.Count == 0)
            {
                break;
            }

            count += cards.Count;
        }

        clock.Stop();
        return string.Format(CultureInfo.InvariantCulture, "elapsed_ms={0:0.0} cards={1} pages={2}", clock.Elapsed.TotalMilliseconds, count, page);
    }
}

internal sealed class CardsRequest
{
    [JsonPropertyName("page_num")]
    public int PageNum { get; set; }

    [JsonPropertyName("type")]
    public string Type { get; set; } = "Recent";
}

/// <summary>
/// A small card: the fields a report would use. Deliberately its own type, not the module's GalleryCard: the
/// floor is what a hand-written client without the module costs.
/// </summary>
internal sealed class Card
{
    [JsonPropertyName("task_uuid")]
    public string TaskUuid { get; set; } = string.Empty;

    [JsonPropertyName("title")]
    public string? Title { get; set; }

    [JsonPropertyName("type")]
    public string? Type { get; set; }

    [JsonPropertyName("step")]
    public string? Step { get; set; }

    [JsonPropertyName("num_like")]
    public int NumLike { get; set; }

    [JsonPropertyName("time")]
    public DateTime? Time { get; set; }
}
