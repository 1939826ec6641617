using Hyper3D.Client;
using Hyper3D.Client.Listing;
using Hyper3D.Model;

namespace Hyper3D.Tests;

public class GalleryListingTests
{
    private static GalleryListing Listing(ScriptedFeed feed, int throttle, IClientLog? log = null, int firstPage = 0, long budget = ListingOptions.DefaultMemoryBudget, CancellationToken cancellationToken = default) =>
        new(feed.Fetch, new ListingOptions { FirstPage = firstPage, ThrottleLimit = throttle, MemoryBudget = budget }, log ?? new RecordingLog(), cancellationToken);

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(16)]
    public async Task A_still_feed_is_read_whole_in_order_with_the_window_full_and_answers_last_first(int throttle)
    {
        var feed = new ScriptedFeed(100, 10);
        var log = new RecordingLog();
        using var listing = Listing(feed, throttle, log);
        Assert.Equal(feed.Seeded, await feed.ReadAll(listing, ScriptedFeed.LastFirst));
        Assert.True(listing.ReachedEnd);
        Assert.Empty(log.Warnings);
        Assert.InRange(feed.Requested.Count, 11, 11 + throttle);
        Assert.Equal(throttle, feed.MostInFlight);
    }

    /// <remarks>Up to 5 new cards per answer on pages of 24, as the emulator's --shift-recent 5 does.</remarks>
    [Theory]
    [InlineData(1, 1)]
    [InlineData(4, 1)]
    [InlineData(4, 5)]
    [InlineData(8, 3)]
    [InlineData(16, 2)]
    public async Task A_moving_feed_answered_last_first_loses_nothing_and_repeats_nothing(int throttle, int inserts)
    {
        var feed = new ScriptedFeed(480, 24) { InsertPerAnswer = inserts };
        var log = new RecordingLog();
        using var listing = Listing(feed, throttle, log);
        List<string> read = await feed.ReadAll(listing, ScriptedFeed.LastFirst);
        Assert.Equal(read.Count, read.Distinct().Count());
        Assert.Empty(feed.Seeded.Except(read));
        Assert.Empty(log.Warnings);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(6)]
    public async Task A_server_that_repeats_its_last_page_ends_the_listing_with_a_warning_that_says_why(int throttle)
    {
        var feed = new ScriptedFeed(100, 10) { Clamp = true };
        var log = new RecordingLog();
        using var listing = Listing(feed, throttle, log);
        Assert.Equal(feed.Seeded, await feed.ReadAll(listing, ScriptedFeed.InOrder));
        Assert.InRange(feed.Requested.Count, 11, 11 + throttle);
        Assert.Contains(log.Warnings, w => w.Contains("cards already listed") && w.Contains("page 10"));
        Assert.False(listing.ReachedEnd);
    }

    [Fact]
    public async Task Pages_read_are_the_pages_used_and_read_again_not_those_fetched_ahead_past_the_end()
    {
        var feed = new ScriptedFeed(100, 10);
        using var listing = Listing(feed, 16);
        await feed.ReadAll(listing, ScriptedFeed.LastFirst);

        // Pages 0 to 10 in order (10 is empty) and page 0 again, the check for a moved feed; the others were cancelled.
        Assert.Equal(12, listing.PagesRead);
        Assert.InRange(feed.Requested.Count, 18, 28);
    }

    [Fact]
    public async Task A_feed_moving_half_a_page_per_answer_read_last_first_loses_nothing_and_repeats_nothing()
    {
        var feed = new ScriptedFeed(240, 24) { InsertPerAnswer = 12 };
        using var listing = Listing(feed, 8);
        List<string> read = await feed.ReadAll(listing, ScriptedFeed.LastFirst);
        Assert.Empty(feed.Seeded.Except(read));
        Assert.Equal(read.Count, read.Distinct().Count());
    }

    [Fact]
    public async Task Page_numbers_stop_at_int_MaxValue_with_a_clear_error_and_never_go_negative()
    {
        var feed = new ScriptedFeed(0, 10) { Endless = true };
        using var listing = Listing(feed, 6, firstPage: int.MaxValue - 2);
        var failure = await Assert.ThrowsAsync<Hyper3DException>(() => feed.ReadAll(listing, ScriptedFeed.InOrder));
        Assert.Contains("2147483647", failure.Message);
        Assert.Contains("-Page", failure.Message);
        Assert.All(feed.Requested, page => Assert.True(page >= int.MaxValue - 2));
        Assert.Equal(new[] { int.MaxValue - 2, int.MaxValue - 1, int.MaxValue }, feed.Requested.OrderBy(p => p));
    }

    /// <remarks>
    /// Pages of 40 MB (body and 10 parsed cards): a 128 MiB budget holds three, counting the one being written. A
    /// page of 200 MB is over the budget alone, yet one request stays in flight or the listing could not go on.
    /// </remarks>
    [Theory]
    [InlineData(40_000_000L, 3)]
    [InlineData(200_000_000L, 1)]
    public async Task Pages_held_ahead_share_the_memory_budget_whatever_the_throttle_limit(long bodyBytes, int mostInFlight)
    {
        var feed = new ScriptedFeed(200, 10) { BodyBytes = bodyBytes };
        using var listing = Listing(feed, 16);
        Assert.Equal(feed.Seeded, await feed.ReadAll(listing, ScriptedFeed.InOrder));
        Assert.Equal(mostInFlight, feed.MostInFlight);
    }

    [Fact]
    public async Task Cancelling_the_callers_token_cancels_the_requests_in_flight_and_issues_no_more()
    {
        var feed = new ScriptedFeed(1000, 10);
        using var stopping = new CancellationTokenSource();
        using var listing = Listing(feed, 4, cancellationToken: stopping.Token);
        Task<IReadOnlyList<GalleryCard>?> first = listing.NextAsync();
        feed.AnswerOne(ScriptedFeed.InOrder);
        Assert.Equal(10, (await first)!.Count);
        Task<IReadOnlyList<GalleryCard>?> second = listing.NextAsync();
        Assert.False(second.IsCompleted);
        Assert.Equal(new[] { 1, 2, 3, 4 }, feed.Pending);
        stopping.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => second);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => listing.NextAsync());
        Assert.Equal(new[] { 0, 1, 2, 3, 4 }, feed.Requested);
        Assert.False(listing.ReachedEnd);
    }

    [Fact]
    public async Task Disposing_cancels_the_pages_in_flight_and_issues_no_more()
    {
        var feed = new ScriptedFeed(1000, 10);
        var listing = Listing(feed, 4);
        Task<IReadOnlyList<GalleryCard>?> first = listing.NextAsync();
        feed.AnswerOne(ScriptedFeed.InOrder);
        await first;
        listing.Dispose();
        Assert.Equal(new[] { 0, 1, 2, 3, 4 }, feed.Requested);
    }

    [Fact]
    public async Task Nothing_is_fetched_ahead_before_the_first_page_nor_past_the_last_page_needed()
    {
        var feed = new ScriptedFeed(1000, 10);
        using var listing = new GalleryListing(feed.Fetch, new ListingOptions { ThrottleLimit = 8, LastPageNeeded = _ => 2 }, new RecordingLog(), default);
        Task<IReadOnlyList<GalleryCard>?> first = listing.NextAsync();
        Assert.Equal(new[] { 0 }, feed.Requested);
        feed.AnswerOne(ScriptedFeed.InOrder);
        await first;
        Assert.Equal(new[] { 0, 1, 2 }, feed.Requested);
    }
}

/// <summary>The recovery step on its own: the order in which pages answer is scripted, page by page.</summary>
public class MovedFeedCheckTests
{
    private static GalleryCard[] Cards(params string[] ids) => ids.Select(id => new GalleryCard { TaskUuid = id }).ToArray();

    [Fact]
    public async Task A_boundary_served_out_of_order_on_a_moved_feed_is_swept_and_the_missed_cards_recovered()
    {
        // Pages of 2 over a..f. Page 2 was served first (e, f); then x and y arrived and pushed c and d onto page 2,
        // so page 1, served next, is a and b again: c and d are on neither page.
        var check = new MovedFeedCheck(0);
        check.Observe(0, Cards("a", "b"), sequential: true);
        check.Observe(1, Cards("a", "b"), sequential: false);
        check.Observe(2, Cards("e", "f"), sequential: false);
        Assert.True(check.HasDoubts);

        var now = new[] { "x", "y", "a", "b", "c", "d", "e", "f" };
        var seen = new SeenCards();
        foreach (var id in new[] { "a", "b", "e", "f" }) seen.Add(id);
        var asked = new List<int>();
        Task<ListedPage> Fetch(int page, CancellationToken _)
        {
            asked.Add(page);
            return Task.FromResult(new ListedPage(Cards(now.Skip(page * 2).Take(2).ToArray()), 10));
        }

        (List<GalleryCard> recovered, bool moved) = await new MovedFeedCheck(0).RecoverAsync(Fetch, seen, null, new RecordingLog(), default);
        Assert.False(moved);

        (recovered, moved) = await check.RecoverAsync(Fetch, seen, null, new RecordingLog(), default);
        Assert.True(moved);
        Assert.Equal(new[] { "c", "d" }, recovered.Select(c => c.TaskUuid));
        Assert.Equal(new[] { 0, 1, 2, 3, 4 }, asked);
    }

    [Fact]
    public async Task An_unmoved_feed_costs_one_request_and_recovers_nothing()
    {
        var check = new MovedFeedCheck(0);
        check.Observe(0, Cards("a", "b"), sequential: true);
        check.Observe(1, Cards("e", "f"), sequential: false);
        var asked = new List<int>();
        Task<ListedPage> Fetch(int page, CancellationToken _)
        {
            asked.Add(page);
            return Task.FromResult(new ListedPage(Cards("a", "b"), 10));
        }

        (List<GalleryCard> recovered, bool moved) = await check.RecoverAsync(Fetch, new SeenCards(), null, new RecordingLog(), default);
        Assert.False(moved);
        Assert.Empty(recovered);
        Assert.Equal(new[] { 0 }, asked);
    }

    [Fact]
    public async Task A_sweep_on_a_server_that_repeats_its_last_page_ends_there_and_says_so()
    {
        var check = new MovedFeedCheck(0);
        check.Observe(0, Cards("a", "b"), sequential: true);
        check.Observe(1, Cards("e", "f"), sequential: false);
        var now = new[] { "x", "a", "b", "c", "d", "e", "f" };
        var seen = new SeenCards();
        foreach (var id in new[] { "a", "b", "e", "f" }) seen.Add(id);
        var log = new RecordingLog();
        Task<ListedPage> Fetch(int page, CancellationToken _) =>
            Task.FromResult(new ListedPage(Cards(now.Skip(Math.Min(page, 3) * 2).Take(2).ToArray()), 10));

        (List<GalleryCard> recovered, bool moved) = await check.RecoverAsync(Fetch, seen, null, log, default);
        Assert.True(moved);
        Assert.Equal(new[] { "c", "d" }, recovered.Select(c => c.TaskUuid));
        Assert.Contains("same cards as page 3", Assert.Single(log.Warnings));
    }

    [Fact]
    public async Task A_feed_that_moves_as_fast_as_it_can_be_reread_is_reported_not_passed_over()
    {
        // Every answer adds a whole page: re-reading cannot catch up with the boundaries.
        var feed = new ScriptedFeed(100, 10) { InsertPerAnswer = 10 };
        var log = new RecordingLog();
        using var listing = new GalleryListing(feed.Fetch, new ListingOptions { ThrottleLimit = 8 }, log, default);
        await feed.ReadAll(listing, ScriptedFeed.LastFirst);
        Assert.NotEmpty(log.Warnings);
        Assert.Contains("may be missing", log.Warnings[0]);
    }
}
