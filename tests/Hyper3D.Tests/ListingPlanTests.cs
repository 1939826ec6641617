using System.Net;
using System.Text.Json;
using Hyper3D.Client;
using Hyper3D.Client.Api;
using Hyper3D.Client.Listing;
using Hyper3D.Model;

namespace Hyper3D.Tests;

/// <summary>The listing rules a call's parameters decide, and a listing built from them read through a session.</summary>
public class ListingPlanTests
{
    private sealed class Lines : IClientLog
    {
        public List<string> Verbose { get; } = new();
        void IClientLog.Verbose(string message) { lock (Verbose) Verbose.Add(message); }
        void IClientLog.Warning(string message) { }
    }

    private static Hyper3DSession Session(FakeHandler handler) => new(
        new Hyper3DClient(new ClientOptions { BaseUri = new Uri("http://127.0.0.1:9/api"), RetryInterval = TimeSpan.Zero, Timeout = TimeSpan.FromSeconds(5) }, handler),
        AuthenticationMethod.Anonymous);

    /// <summary>A plan over a server that must not be asked: the rules are decided before any request.</summary>
    private static ListingPlan Plan(GalleryType type, DateTimeOffset? since, int firstPage = 0, ulong skip = 0, ulong first = ulong.MaxValue)
    {
        var log = new Lines();
        var query = new GalleryQuery { Type = type, GroupUuid = type == GalleryType.Group ? "g-1" : null };
        var pages = new QueryPages(Session(new FakeHandler((_, _) => throw new InvalidOperationException("no request expected"))), query, log, null);
        return new ListingPlan(pages, firstPage, new PagingWindow(skip, first), since, log);
    }

    [Theory]
    [InlineData(GalleryType.Recent, true)]
    [InlineData(GalleryType.Featured, false)]
    [InlineData(GalleryType.Mine, false)]
    [InlineData(GalleryType.Group, false)]
    [InlineData(GalleryType.Story, false)]
    public void Only_Recent_is_taken_as_newest_first_by_the_cutoff_and_the_watch(GalleryType type, bool newestFirst)
    {
        ListingPlan plan = Plan(type, DateTimeOffset.UnixEpoch);
        Assert.Equal(newestFirst, plan.NewestFirst);
        Assert.NotNull(plan.Cutoff);
        Assert.Null(Plan(type, since: null).Cutoff);
    }

    /// <remarks>Pages of 24 from page 3: -Skip 10 -First 30 needs the cards up to the 40th, on pages 3 and 4.</remarks>
    [Theory]
    [InlineData(GalleryType.Recent, false, 4)]
    [InlineData(GalleryType.Recent, true, 4)]
    [InlineData(GalleryType.Featured, false, 4)]
    [InlineData(GalleryType.Featured, true, 3)]
    [InlineData(GalleryType.Group, true, 3)]
    public void With_Since_only_a_newest_first_listing_fetches_ahead_to_what_Skip_and_First_need(GalleryType type, bool since, int lastPage)
    {
        ListingPlan plan = Plan(type, since ? DateTimeOffset.UnixEpoch : null, firstPage: 3, skip: 10, first: 30);
        Assert.Equal(lastPage, plan.LastPageNeeded(24));
    }

    [Fact]
    public void The_watch_and_its_messages_name_a_group_by_its_uuid()
    {
        Assert.Equal("group g-1", Plan(GalleryType.Group, null).Listed);
        Assert.Equal("Featured", Plan(GalleryType.Featured, null).Listed);
    }

    [Fact]
    public async Task A_listing_opened_from_a_plan_reads_every_page_through_the_session_names_each_and_counts_the_pages_it_used()
    {
        var handler = new FakeHandler((request, _) =>
        {
            int page = JsonDocument.Parse(request.Content!.ReadAsStringAsync().Result).RootElement.GetProperty("page_num").GetInt32();
            string cards = page < 3 ? $$$"""[{"task_uuid":"c{{{page}}}a","group":{"uuid":"g-{{{page}}}","name":"Group {{{page}}}"}},{"task_uuid":"c{{{page}}}b"}]""" : "[]";
            return FakeHandler.Json(HttpStatusCode.Created, cards);
        });
        var log = new Lines();
        var bodies = new List<string>();
        Hyper3DSession session = Session(handler);
        var plan = new ListingPlan(new QueryPages(session, new GalleryQuery { Type = GalleryType.Featured }, log, bodies.Add), 0, new PagingWindow(0, ulong.MaxValue), null, log);
        using GalleryListing listing = plan.Open(throttleLimit: 1, default);
        var read = new List<string>();
        while (await listing.NextAsync() is { } batch) read.AddRange(batch.Select(card => card.TaskUuid));

        Assert.Equal(new[] { "c0a", "c0b", "c1a", "c1b", "c2a", "c2b" }, read);
        Assert.Equal(4, listing.PagesRead);
        Assert.True(listing.ReachedEnd);
        Assert.Equal(4, handler.Count);
        Assert.Equal(4, log.Verbose.Count(line => line.StartsWith("Page ", StringComparison.Ordinal)));
        Assert.Contains(log.Verbose, line => line.StartsWith("Page 2 of -Type Featured, no filters: 2 cards in ", StringComparison.Ordinal));
        Assert.Equal(new[] { "g-0", "g-1", "g-2" }, session.Groups.Matching("g-").Select(group => group.Key));
        Assert.Equal("""Page 0: POST http://127.0.0.1:9/api/task/cards {"page_num":0,"type":"Featured"}""", bodies[0]);
    }
}
