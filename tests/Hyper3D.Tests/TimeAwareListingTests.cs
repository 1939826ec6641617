using System.Globalization;
using System.Text;
using System.Text.Json;
using Hyper3D.Client;
using Hyper3D.Client.Json;
using Hyper3D.Client.Listing;
using Hyper3D.Model;

namespace Hyper3D.Tests;

/// <summary>A feed of cards with times, newest first unless shuffled; new cards enter at the head.</summary>
internal sealed class TimedFeed
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly List<GalleryCard> _cards = new();
    private readonly int _pageSize;
    private int _added;

    public TimedFeed(int cards, int pageSize)
    {
        _pageSize = pageSize;
        for (int i = 0; i < cards; i++) _cards.Add(Card($"seed-{i}", Start.AddMinutes(-i)));
    }

    public List<int> Requested { get; } = new();

    public Queue<Exception> Failures { get; } = new();

    public IReadOnlyList<GalleryCard> Cards { get { lock (_cards) return _cards.ToList(); } }

    /// <summary>Cards built from the API's JSON, as the module reads them, whatever the type of Time.</summary>
    public static GalleryCard Card(string uuid, DateTimeOffset time)
    {
        string json = $"[{{\"task_uuid\":\"{uuid}\",\"time\":\"{time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture)}\"}}]";
        return JsonSerializer.Deserialize(Encoding.UTF8.GetBytes(json), Hyper3DJsonContext.Default.GalleryCardArray)![0];
    }

    /// <summary>New cards at the head, later than every card there; their uuids oldest first.</summary>
    public List<string> Add(int count)
    {
        lock (_cards)
        {
            var added = new List<string>();
            for (int i = 0; i < count; i++)
            {
                string uuid = $"new-{_added}";
                _cards.Insert(0, Card(uuid, Start.AddSeconds(++_added)));
                added.Add(uuid);
            }

            return added;
        }
    }

    public void Remove(int index) { lock (_cards) _cards.RemoveAt(index); }

    public void Shuffle(int seed) { lock (_cards) { var r = new Random(seed); var s = _cards.OrderBy(_ => r.Next()).ToList(); _cards.Clear(); _cards.AddRange(s); } }

    public Task<GalleryCard[]> Fetch(int page, CancellationToken token)
    {
        token.ThrowIfCancellationRequested();
        lock (_cards)
        {
            Requested.Add(page);
            if (Failures.Count > 0) throw Failures.Dequeue();
            return Task.FromResult(_cards.Skip(page * _pageSize).Take(_pageSize).ToArray());
        }
    }
}

internal sealed class CollectingLog : IClientLog
{
    public List<string> Verbose { get; } = new();
    public List<string> Warnings { get; } = new();
    void IClientLog.Verbose(string message) { lock (Verbose) Verbose.Add(message); }
    void IClientLog.Warning(string message) { lock (Warnings) Warnings.Add(message); }
}

public class SinceCutoffTests
{
    private static GalleryListing Listing(TimedFeed feed, int throttle, SinceCutoff cutoff, IClientLog log) =>
        new(async (page, token) => new ListedPage(await feed.Fetch(page, token), 0), new ListingOptions { ThrottleLimit = throttle, Cutoff = cutoff }, log, default);

    private static async Task<List<string>> ReadAll(GalleryListing reader)
    {
        var all = new List<string>();
        while (await reader.NextAsync() is { } batch) all.AddRange(batch.Select(c => c.TaskUuid));
        return all;
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(25, 1)]
    [InlineData(25, 6)]
    [InlineData(99, 16)]
    public async Task Newest_first_stops_at_the_first_page_without_a_later_card(int index, int throttle)
    {
        var feed = new TimedFeed(300, 10);
        DateTimeOffset since = feed.Cards[index].Instant!.Value;
        var log = new CollectingLog();
        using var reader = Listing(feed, throttle, new SinceCutoff(since, true, "Recent", log), log);
        Assert.Equal(feed.Cards.Take(index).Select(c => c.TaskUuid), await ReadAll(reader));
        int laterPages = (index + 9) / 10;
        Assert.InRange(feed.Requested.Count, laterPages + 1, laterPages + 1 + throttle);
        Assert.Contains(log.Verbose, v => v.Contains($"stopped at page {laterPages},"));
    }

    [Fact]
    public async Task A_gallery_out_of_time_order_is_read_whole_and_filtered()
    {
        var feed = new TimedFeed(95, 10);
        feed.Shuffle(7);
        DateTimeOffset since = feed.Cards.OrderByDescending(c => c.Instant).ElementAt(40).Instant!.Value;
        var log = new CollectingLog();
        using var reader = Listing(feed, 4, new SinceCutoff(since, false, "Featured", log), log);
        Assert.Equal(feed.Cards.Where(c => c.Instant > since).Select(c => c.TaskUuid), await ReadAll(reader));
        Assert.Contains(10, feed.Requested);
        Assert.Contains(log.Verbose, v => v.Contains("not in time order"));
    }

    [Fact]
    public async Task A_gallery_in_time_order_stops_one_page_after_the_first_without_a_later_card()
    {
        var feed = new TimedFeed(300, 10);
        DateTimeOffset since = feed.Cards[35].Instant!.Value;
        var log = new CollectingLog();
        using var reader = Listing(feed, 1, new SinceCutoff(since, false, "Featured", log), log);
        Assert.Equal(feed.Cards.Take(35).Select(c => c.TaskUuid), await ReadAll(reader));
        Assert.Equal(new[] { 0, 1, 2, 3, 4, 5 }, feed.Requested);
        Assert.Contains(log.Verbose, v => v.Contains("stopped at page 5"));
    }

    [Fact]
    public void A_card_at_the_cutoff_or_without_a_time_is_not_later()
    {
        var at = new DateTimeOffset(2026, 3, 1, 8, 0, 0, TimeSpan.FromHours(2));
        var cutoff = new SinceCutoff(at, true, "Recent", new CollectingLog());
        Assert.False(cutoff.Admits(TimedFeed.Card("a", at.ToUniversalTime())));
        Assert.True(cutoff.Admits(TimedFeed.Card("b", at.AddMilliseconds(1))));
        Assert.False(cutoff.Admits(new GalleryCard { TaskUuid = "c" }));
    }
}

public class FeedWatcherTests
{
    private static FeedWatcher Watch(TimedFeed feed, CollectingLog log, DateTimeOffset? since = null) =>
        new(feed.Fetch, TimeSpan.FromMilliseconds(1), true, since, "Recent", log);

    private static async Task<List<string>> Next(FeedWatcher watcher) =>
        (await watcher.NextAsync(default)).Select(c => c.TaskUuid).ToList();

    [Fact]
    public async Task Writes_only_arrivals_oldest_first_each_once_and_a_burst_of_several_pages_whole()
    {
        var feed = new TimedFeed(100, 10);
        var watcher = Watch(feed, new CollectingLog());
        Assert.Empty(await Next(watcher));
        Assert.Empty(await Next(watcher));
        var one = feed.Add(1);
        Assert.Equal(one, await Next(watcher));
        var burst = feed.Add(37);
        Assert.Equal(burst, await Next(watcher));
        Assert.Empty(await Next(watcher));
        Assert.Equal(38, watcher.CardsSeen);
    }

    [Fact]
    public async Task Cards_that_rise_when_others_are_deleted_are_not_new()
    {
        var feed = new TimedFeed(100, 10);
        var watcher = Watch(feed, new CollectingLog());
        Assert.Empty(await Next(watcher));
        for (int i = 0; i < 5; i++) feed.Remove(0);
        Assert.Empty(await Next(watcher));
    }

    [Fact]
    public async Task A_failure_worth_waiting_out_keeps_nothing_of_the_poll_and_the_next_one_catches_all()
    {
        var feed = new TimedFeed(100, 10);
        var log = new CollectingLog();
        var watcher = Watch(feed, log);
        Assert.Empty(await Next(watcher));
        var burst = feed.Add(15);
        feed.Failures.Enqueue(new Hyper3DException(ErrorKind.Unavailable, "Bad gateway.", statusCode: 502, isTransient: true));
        var first = await watcher.NextAsync(default);
        Assert.Empty(first);
        Assert.True(watcher.LastPollFailed);
        Assert.Single(log.Warnings);
        Assert.Equal(burst, await Next(watcher));
        Assert.False(watcher.LastPollFailed);
    }

    [Fact]
    public async Task An_authentication_failure_ends_the_watch()
    {
        var feed = new TimedFeed(10, 10);
        var watcher = Watch(feed, new CollectingLog());
        Assert.Empty(await Next(watcher));
        feed.Failures.Enqueue(new Hyper3DException(ErrorKind.Authentication, "Unauthorized.", statusCode: 401));
        await Assert.ThrowsAsync<Hyper3DException>(() => watcher.NextAsync(default));
    }

    [Fact]
    public async Task After_a_since_listing_only_cards_it_did_not_write_are_new()
    {
        var feed = new TimedFeed(100, 10);
        DateTimeOffset since = feed.Cards[30].Instant!.Value;
        var watcher = Watch(feed, new CollectingLog(), since);
        watcher.RememberListed(feed.Cards.Take(30).ToList());
        var arrived = feed.Add(3);
        Assert.Equal(arrived, await Next(watcher));
        Assert.Empty(await Next(watcher));
    }

    [Fact]
    public void Memory_stays_bounded_however_many_cards_arrive()
    {
        var head = new SeenHead(true, null) { PageSize = 10 };
        var feed = new TimedFeed(0, 10);
        for (int poll = 0; poll < 2000; poll++)
        {
            feed.Add(5);
            head.Prepend(feed.Cards.Take(10).ToList());
            Assert.InRange(head.Count, 0, 100);
        }
    }
}
