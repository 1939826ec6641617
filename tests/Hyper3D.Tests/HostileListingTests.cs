using System.Globalization;
using Hyper3D.Client;
using Hyper3D.Client.Listing;
using Hyper3D.Model;
using Hyper3D.Reports;

namespace Hyper3D.Tests;

/// <summary>Cards a server may really send (pinned, dated year 9999 or 0001, ids that differ only in case) against -Wait, listings and the report.</summary>
public sealed class HostileListingTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(36)]
    [InlineData(5)]
    public async Task A_watch_reads_every_arrival_under_a_card_pinned_above_them(int arrivals)
    {
        // Newest first, but one future-dated card stays on top of page 0: new cards enter just below it.
        var cards = new List<GalleryCard> { TimedFeed.Card("pinned", Start.AddYears(1)) };
        for (int i = 0; i < 100; i++) cards.Add(TimedFeed.Card($"old-{i}", Start.AddMinutes(-i)));
        Task<GalleryCard[]> Fetch(int page, CancellationToken _) => Task.FromResult(cards.Skip(page * 10).Take(10).ToArray());
        var watcher = new FeedWatcher(Fetch, TimeSpan.FromMilliseconds(1), newestFirst: true, since: null, "Recent", new CollectingLog());
        Assert.Empty(await watcher.NextAsync(default));

        var added = new List<string>();
        for (int i = 0; i < arrivals; i++)
        {
            cards.Insert(1, TimedFeed.Card($"new-{i}", Start.AddSeconds(i + 1)));
            added.Add($"new-{i}");
        }

        Assert.Equal(added, (await watcher.NextAsync(default)).Select(c => c.TaskUuid));
        Assert.Empty(await watcher.NextAsync(default));
    }

    [Fact]
    public void Task_uuids_are_the_servers_text_compared_ordinally()
    {
        var seen = new SeenCards();
        Assert.True(seen.Add("0f8fad5b-d9cb-469f-a165-70867728950e"));
        Assert.True(seen.Add("0F8FAD5B-D9CB-469F-A165-70867728950E"));
        Assert.True(seen.Add("{0f8fad5b-d9cb-469f-a165-70867728950e}"));
        Assert.True(seen.Add("0f8fad5bd9cb469fa16570867728950e"));
        Assert.False(seen.Add("0f8fad5b-d9cb-469f-a165-70867728950e"));
        Assert.False(seen.Add("0F8FAD5B-D9CB-469F-A165-70867728950E"));
        Assert.True(seen.Add("not-a-guid"));
        Assert.False(seen.Add("not-a-guid"));
        Assert.Equal(5, seen.Count);
    }

    private static string Report(params GalleryCard[] cards)
    {
        var output = new StringWriter(CultureInfo.InvariantCulture);
        var report = new GalleryReportWriter(output, new ReportHeading { Title = "Edges", MadeAt = Start, TimeZone = TimeZoneInfo.CreateCustomTimeZone("plus2", TimeSpan.FromHours(2), "plus2", "plus2") }, media: null);
        report.Begin();
        foreach (GalleryCard card in cards) report.Add(card);
        report.End();
        return output.ToString();
    }

    [Fact]
    public void Cards_dated_at_the_ends_of_the_calendar_are_listed_counted_and_left_out_of_the_chart()
    {
        string baseline = Report(TimedFeed.Card("a", Start), TimedFeed.Card("b", Start.AddDays(-1)));
        string edges = Report(
            TimedFeed.Card("a", Start),
            TimedFeed.Card("late", new DateTimeOffset(9999, 12, 31, 23, 59, 59, TimeSpan.Zero)),
            TimedFeed.Card("early", new DateTimeOffset(1, 1, 1, 0, 0, 0, TimeSpan.Zero)));

        Assert.Contains("2 cards dated before 2000 or after today are not charted", edges);
        Assert.Contains("<b>3</b><span>Cards</span>", edges);
        Assert.Contains("9999-12-31", edges);
        Assert.InRange(edges.Length, 0, baseline.Length + 3000);
    }

    [Fact]
    public void A_chart_over_decades_is_drawn_per_year()
    {
        var days = new Dictionary<DateTime, int> { [new DateTime(2000, 1, 1)] = 1, [new DateTime(2026, 6, 1)] = 2 };
        (string unit, IReadOnlyList<ReportCharts.Bucket> buckets) = ReportCharts.Activity(days);
        Assert.Equal("year", unit);
        Assert.Equal(27, buckets.Count);
        Assert.Equal(3, buckets.Sum(b => b.Cards));
    }

    [Fact]
    public void Saved_media_is_matched_by_the_name_the_archive_wrote_and_only_media_is_linked()
    {
        string folder = Path.Combine(Path.GetTempPath(), "hyper3d-links-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            File.WriteAllText(Path.Combine(folder, "Card-X-image.png"), "x");
            File.WriteAllText(Path.Combine(folder, "card-y-image.hta"), "x");
            File.WriteAllText(Path.Combine(folder, "card-y-video.mp4"), "x");
            var links = new SavedMediaLinks(folder, folder);
            Assert.Null(links.Image("card-x"));
            Assert.Null(links.Image("card-y"));
            Assert.Equal("card-y-video.mp4", links.Video("card-y"));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
