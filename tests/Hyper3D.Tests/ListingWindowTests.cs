using Hyper3D.Client;
using Hyper3D.Client.Listing;
using Hyper3D.Client.Pacing;

namespace Hyper3D.Tests;

/// <summary>How many pages a listing keeps in flight: the origin's adaptive limit, under the caller's -ThrottleLimit.</summary>
public class ListingWindowTests
{
    [Theory]
    [InlineData(16, 3, 3)]
    [InlineData(2, 8, 2)]
    [InlineData(16, 0, 1)]
    public async Task Pages_in_flight_are_the_smaller_of_the_limit_and_the_ceiling_and_at_least_one(int throttle, int limit, int expected)
    {
        var feed = new ScriptedFeed(200, 10);
        using var listing = new GalleryListing(feed.Fetch, new ListingOptions { ThrottleLimit = throttle, ConcurrencyLimit = () => limit }, new RecordingLog(), default);
        Assert.Equal(feed.Seeded, await feed.ReadAll(listing, ScriptedFeed.InOrder));
        Assert.Equal(expected, feed.MostInFlight);
    }

    [Fact]
    public async Task The_window_follows_the_limit_as_it_moves_during_the_listing()
    {
        var feed = new ScriptedFeed(400, 10);
        int limit = 2;
        using var listing = new GalleryListing(feed.Fetch, new ListingOptions { ThrottleLimit = 16, ConcurrencyLimit = () => limit }, new RecordingLog(), default);
        var inFlight = new List<int>();
        var read = new List<string>();
        while (true)
        {
            Task<IReadOnlyList<Hyper3D.Model.GalleryCard>?> next = listing.NextAsync();
            while (!next.IsCompleted)
            {
                inFlight.Add(feed.Pending.Count);
                feed.AnswerOne(ScriptedFeed.InOrder);
            }

            if (await next is not { } batch) break;
            read.AddRange(batch.Select(c => c.TaskUuid));

            // The server answers faster and faster, then starts queueing.
            limit = read.Count switch { < 100 => 2, < 250 => 8, _ => 3 };
        }

        Assert.Equal(feed.Seeded, read);
        Assert.InRange(inFlight.Count, 41, 45);
        Assert.Equal(2, inFlight.Take(8).Max());
        Assert.Equal(8, inFlight.Max());
        Assert.Equal(3, inFlight.Skip(36).Max());
    }
}
