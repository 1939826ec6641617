using Hyper3D.Client;
using Hyper3D.Model;

namespace Hyper3D.Tests;

public class GalleryReaderTests
{
    /// <summary>A feed whose new cards enter at the head; each page is sliced when it is served.</summary>
    private sealed class MovingFeed
    {
        private readonly List<string> _cards;
        private readonly int _pageSize;
        private readonly int _insertPerRequest;
        private int _fresh;

        public MovingFeed(int cards, int pageSize, int insertPerRequest)
        {
            _cards = Enumerable.Range(0, cards).Select(i => $"seed-{i}").ToList();
            Seeded = _cards.ToList();
            _pageSize = pageSize;
            _insertPerRequest = insertPerRequest;
        }

        public List<string> Seeded { get; }

        public List<int> Requested { get; } = new();

        /// <summary>Lower pages of each window are held longer, so later pages are served first.</summary>
        public async Task<GalleryCard[]> Fetch(int page, CancellationToken token)
        {
            lock (Requested) Requested.Add(page);
            await Task.Delay(2 + 6 * (3 - page % 4), token);
            lock (_cards)
            {
                for (int i = 0; i < _insertPerRequest; i++) _cards.Insert(0, $"new-{_fresh++}");
                return _cards.Skip(page * _pageSize).Take(_pageSize).Select(id => new GalleryCard { TaskUuid = id }).ToArray();
            }
        }
    }

    private static async Task<List<string>> ReadAll(GalleryReader reader)
    {
        var all = new List<string>();
        while (await reader.NextAsync() is { } batch) all.AddRange(batch.Select(c => c.TaskUuid));
        return all;
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(16)]
    public async Task A_still_feed_is_read_whole_in_order_with_one_extra_check_at_most(int throttle)
    {
        var feed = new MovingFeed(100, 10, 0);
        using var reader = new GalleryReader(feed.Fetch, 0, throttle, new ClientLogStub(), default);
        Assert.Equal(feed.Seeded, await ReadAll(reader));
        Assert.True(reader.ReachedEnd);
        int pagesToEnd = 11;
        Assert.InRange(feed.Requested.Count, pagesToEnd, pagesToEnd + throttle);
    }

    /// <remarks>Up to 5 new cards per request on pages of 24, as the emulator's --shift-recent 5 does.</remarks>
    [Theory]
    [InlineData(1, 1)]
    [InlineData(4, 1)]
    [InlineData(4, 5)]
    [InlineData(8, 3)]
    [InlineData(16, 2)]
    public async Task A_moving_feed_read_in_parallel_loses_nothing_and_repeats_nothing(int throttle, int inserts)
    {
        var feed = new MovingFeed(480, 24, inserts);
        using var reader = new GalleryReader(feed.Fetch, 0, throttle, new ClientLogStub(), default);
        List<string> read = await ReadAll(reader);
        Assert.Equal(read.Count, read.Distinct().Count());
        Assert.Empty(feed.Seeded.Except(read));
    }

    [Fact]
    public async Task Disposing_cancels_the_pages_in_flight_and_issues_no_more()
    {
        var started = new List<int>();
        var cancelled = 0;
        async Task<GalleryCard[]> Fetch(int page, CancellationToken token)
        {
            lock (started) started.Add(page);
            try
            {
                if (page > 0) await Task.Delay(Timeout.Infinite, token);
            }
            catch (OperationCanceledException)
            {
                Interlocked.Increment(ref cancelled);
                throw;
            }

            return new[] { new GalleryCard { TaskUuid = $"p{page}" } };
        }

        var reader = new GalleryReader(Fetch, 0, 4, new ClientLogStub(), default);
        Assert.Single((await reader.NextAsync())!);
        reader.Dispose();
        await Task.Delay(100);
        Assert.Equal(new[] { 0, 1, 2, 3, 4 }, started.OrderBy(p => p));
        Assert.Equal(4, Volatile.Read(ref cancelled));
    }

    [Fact]
    public async Task Nothing_is_fetched_past_the_speculative_limit_until_asked()
    {
        var feed = new MovingFeed(100, 10, 0);
        using var reader = new GalleryReader(feed.Fetch, 0, 8, new ClientLogStub(), default) { SpeculativeLimit = 0 };
        await reader.NextAsync();
        Assert.Equal(new[] { 0 }, feed.Requested);
        reader.SpeculativeLimit = 2;
        await reader.NextAsync();
        await Task.Delay(50);
        Assert.Equal(new[] { 0, 1, 2 }, feed.Requested.OrderBy(p => p));
    }

    [Fact]
    public void Seen_cards_are_counted_once_whatever_their_form()
    {
        var seen = new SeenCards();
        Assert.True(seen.Add("0f8fad5b-d9cb-469f-a165-70867728950e"));
        Assert.False(seen.Add("0F8FAD5B-D9CB-469F-A165-70867728950E"));
        Assert.True(seen.Add("not-a-guid"));
        Assert.False(seen.Add("not-a-guid"));
        Assert.Equal(2, seen.Count);
    }

    private sealed class ClientLogStub : IClientLog
    {
        public void Verbose(string message) { }
        public void Warning(string message) => throw new Xunit.Sdk.XunitException("unexpected warning: " + message);
    }
}

public class GalleryReaderChurnTests
{
    private sealed class WarningLog : IClientLog
    {
        public List<string> Warnings { get; } = new();
        public void Verbose(string message) { }
        public void Warning(string message) { lock (Warnings) Warnings.Add(message); }
    }

    [Fact]
    public async Task A_feed_that_moves_faster_than_it_can_be_reread_is_reported_not_passed_over()
    {
        // Every request adds 9 cards to pages of 10: re-reading cannot catch up with the boundaries.
        var cards = Enumerable.Range(0, 100).Select(i => $"seed-{i}").ToList();
        int fresh = 0;
        async Task<GalleryCard[]> Fetch(int page, CancellationToken token)
        {
            await Task.Delay(1 + 3 * (3 - page % 4), token);
            lock (cards)
            {
                for (int i = 0; i < 9; i++) cards.Insert(0, $"new-{fresh++}");
                return cards.Skip(page * 10).Take(10).Select(id => new GalleryCard { TaskUuid = id }).ToArray();
            }
        }

        var log = new WarningLog();
        using var reader = new GalleryReader(Fetch, 0, 8, log, default);
        while (await reader.NextAsync() != null)
        {
        }

        Assert.NotEmpty(log.Warnings);
        Assert.Contains("may be missing", log.Warnings[0]);
    }
}
