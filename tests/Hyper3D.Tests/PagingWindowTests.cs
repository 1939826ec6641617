using Hyper3D.Client.Listing;
using Hyper3D.Model;

namespace Hyper3D.Tests;

public class PagingWindowTests
{
    private static PagingWindow Window(ulong skip, ulong first) => new(skip, first);

    [Fact]
    public void Skips_then_takes_first_across_any_number_of_batches()
    {
        var window = Window(skip: 3, first: 4);
        var admitted = Enumerable.Range(0, 10).Where(_ => window.Admit()).ToList();
        Assert.Equal(new[] { 3, 4, 5, 6 }, admitted);
        Assert.True(window.Full);
    }

    [Fact]
    public void Admitted_cards_span_batches_and_stop_being_read_once_first_is_met()
    {
        var window = Window(skip: 3, first: 4);
        GalleryCard[] Batch(int from) => Enumerable.Range(from, 5).Select(i => new GalleryCard { TaskUuid = $"c{i}" }).ToArray();
        Assert.Equal(new[] { "c3", "c4" }, window.Admitted(Batch(0)).Select(card => card.TaskUuid));

        int read = 0;
        List<string> second = window.Admitted(Batch(5).Select(card => { read++; return card; })).Select(card => card.TaskUuid).ToList();
        Assert.Equal(new[] { "c5", "c6" }, second);
        Assert.Equal(3, read);
        Assert.True(window.Full);
        Assert.Empty(window.Admitted(Batch(10)));
    }

    [Fact]
    public void Without_first_it_is_never_full_and_fetches_ahead_without_bound()
    {
        var window = Window(skip: 0, first: ulong.MaxValue);
        Assert.All(Enumerable.Range(0, 1000), _ => Assert.True(window.Admit()));
        Assert.False(window.Full);
        Assert.Equal(int.MaxValue, window.LastPageNeeded(0, 24));
    }

    [Theory]
    [InlineData(0UL, 5UL, 0, 0)]
    [InlineData(0UL, 24UL, 0, 0)]
    [InlineData(0UL, 30UL, 0, 1)]
    [InlineData(20UL, 10UL, 0, 1)]
    [InlineData(48UL, 24UL, 0, 2)]
    [InlineData(48UL, 25UL, 0, 3)]
    [InlineData(0UL, 30UL, 5, 6)]
    public void Knows_the_last_page_skip_and_first_can_need(ulong skip, ulong first, int firstPage, int lastPage)
    {
        Assert.Equal(lastPage, Window(skip, first).LastPageNeeded(firstPage, 24));
    }

    [Fact]
    public void Huge_skip_and_first_do_not_overflow_into_a_small_bound()
    {
        Assert.Equal(int.MaxValue, Window(ulong.MaxValue - 30, ulong.MaxValue - 1).LastPageNeeded(0, 24));
        Assert.Equal(int.MaxValue, Window(ulong.MaxValue / 2, ulong.MaxValue / 2).LastPageNeeded(0, 24));
    }
}
