using Hyper3D.Client.Pacing;

namespace Hyper3D.Tests;

public class ConcurrencyLimitTests
{
    private static readonly TimeSpan Floor = TimeSpan.FromMilliseconds(100);

    /// <summary>A server with <paramref name="workers"/> workers of <paramref name="service"/> each: the latency n requests at once see on average.</summary>
    private static TimeSpan Queued(int atServer, int workers, TimeSpan service) =>
        TimeSpan.FromTicks(service.Ticks * (atServer + workers - 1) / workers);

    [Fact]
    public void While_latency_stays_at_its_floor_and_the_limit_is_used_it_grows_to_the_ceiling_and_no_further()
    {
        var limit = new ConcurrencyLimit(initial: 4, maximum: 16);
        var seen = new List<int>();
        for (int i = 0; i < 200; i++)
        {
            limit.Sample(Floor, limit.Current, saturated: true);
            seen.Add(limit.Current);
        }

        Assert.Equal(16, limit.Current);
        Assert.Equal(16, seen.Max());
        Assert.Equal(seen.OrderBy(x => x), seen);
    }

    [Fact]
    public void A_server_answering_within_the_noise_allowance_gets_the_initial_limit_back_but_no_more()
    {
        var limit = new ConcurrencyLimit(initial: 6, maximum: 16);
        limit.Throttled();
        Assert.Equal(4, limit.Current);
        for (int i = 0; i < 200; i++) limit.Sample(TimeSpan.FromMilliseconds(1), limit.Current, saturated: true);
        Assert.Equal(6, limit.Current);
    }

    [Fact]
    public void A_limit_its_callers_do_not_fill_does_not_grow()
    {
        var limit = new ConcurrencyLimit(initial: 4, maximum: 16);
        for (int i = 0; i < 200; i++) limit.Sample(Floor, 2, saturated: false);
        Assert.Equal(4, limit.Current);
    }

    [Fact]
    public void Latency_within_the_noise_allowance_of_the_floor_is_not_taken_for_a_queue()
    {
        var limit = new ConcurrencyLimit(initial: 16, maximum: 16);
        limit.Sample(Floor, 16, saturated: true);
        for (int i = 0; i < 50; i++) limit.Sample(Floor + TimeSpan.FromMilliseconds(i % 2 == 0 ? 9 : 3), 16, saturated: true);
        Assert.Equal(16, limit.Current);
    }

    [Theory]
    [InlineData(2, 50)]
    [InlineData(4, 100)]
    public void A_server_that_queues_brings_the_limit_down_to_a_request_or_so_waiting_per_worker(int workers, int serviceMs)
    {
        var service = TimeSpan.FromMilliseconds(serviceMs);
        var limit = new ConcurrencyLimit(initial: 16, maximum: 16);
        limit.Sample(service, 1, saturated: true);
        var settled = new List<int>();
        for (int i = 0; i < 300; i++)
        {
            limit.Sample(Queued(limit.Current, workers, service), limit.Current, saturated: true);
            if (i >= 100) settled.Add(limit.Current);
        }

        // Every worker busy (no fewer requests than workers) and not much more than one waiting for each.
        Assert.Equal(200, settled.Count);
        Assert.InRange(settled.Min(), workers, 2 * workers);
        Assert.InRange(settled.Max(), workers, 2 * workers);
    }

    [Fact]
    public void A_throttle_shrinks_the_limit_to_three_quarters_and_never_below_one()
    {
        var limit = new ConcurrencyLimit(initial: 16, maximum: 16);
        limit.Throttled();
        Assert.Equal(12, limit.Current);
        for (int i = 0; i < 20; i++) limit.Throttled();
        Assert.Equal(1, limit.Current);
    }

    [Fact]
    public void A_server_that_became_slower_for_good_sets_a_new_floor_from_a_request_sent_alone_and_the_limit_grows_again()
    {
        var limit = new ConcurrencyLimit(initial: 8, maximum: 16);
        limit.Sample(Floor, 1, saturated: true);
        TimeSpan slower = TimeSpan.FromMilliseconds(400);
        for (int i = 0; i < 200; i++) limit.Sample(slower, i % 50 == 0 ? 1 : limit.Current, saturated: true);
        Assert.Equal(slower, limit.Floor);
        Assert.Equal(16, limit.Current);
    }

    [Fact]
    public void A_server_that_queues_all_the_time_does_not_raise_its_own_floor()
    {
        var limit = new ConcurrencyLimit(initial: 4, maximum: 16);
        limit.Sample(Floor, 1, saturated: true);
        for (int i = 0; i < 500; i++) limit.Sample(Queued(limit.Current, 1, Floor), limit.Current, saturated: true);
        Assert.Equal(Floor, limit.Floor);
        Assert.InRange(limit.Current, 1, 3);
    }
}
