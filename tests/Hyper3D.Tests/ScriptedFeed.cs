using Hyper3D.Client;
using Hyper3D.Client.Listing;
using Hyper3D.Model;

namespace Hyper3D.Tests;

/// <summary>
/// A gallery feed whose requests wait until the test answers them, in the order it chooses. Answers run the
/// listing's continuations inline, so after each answer the listing has done all it can: no delays, no races.
/// </summary>
internal sealed class ScriptedFeed
{
    private readonly List<string> _cards;
    private readonly int _pageSize;
    private readonly List<(int Page, TaskCompletionSource<ListedPage> Answer)> _pending = new();
    private int _fresh;

    public ScriptedFeed(int cards, int pageSize)
    {
        _cards = Enumerable.Range(0, cards).Select(i => $"seed-{i}").ToList();
        Seeded = _cards.ToList();
        _pageSize = pageSize;
    }

    public List<string> Seeded { get; }

    /// <summary>New cards at the head before each answer, as a busy Recent feed gets them.</summary>
    public int InsertPerAnswer { get; init; }

    /// <summary>Answer the last page again for every higher page number, as some servers do.</summary>
    public bool Clamp { get; init; }

    /// <summary>Fresh cards on every page, however high: a feed that never ends.</summary>
    public bool Endless { get; init; }

    /// <summary>What each page's body weighs.</summary>
    public long BodyBytes { get; init; } = 1000;

    public List<int> Requested { get; } = new();

    public int MostInFlight { get; private set; }

    public IReadOnlyList<int> Pending => _pending.Select(p => p.Page).ToList();

    public Task<ListedPage> Fetch(int page, CancellationToken token)
    {
        var answer = new TaskCompletionSource<ListedPage>();
        token.Register(() => answer.TrySetCanceled(token));
        Requested.Add(page);
        _pending.Add((page, answer));
        MostInFlight = Math.Max(MostInFlight, _pending.Count(p => !p.Answer.Task.IsCompleted));
        return answer.Task;
    }

    /// <summary>Answers the pending request the script picks (given the pending page numbers, in request order).</summary>
    public void AnswerOne(Func<IReadOnlyList<int>, int> pick)
    {
        _pending.RemoveAll(p => p.Answer.Task.IsCompleted);
        Assert.NotEmpty(_pending);
        int index = pick(_pending.Select(p => p.Page).ToList());
        (int page, TaskCompletionSource<ListedPage> answer) = _pending[index];
        _pending.RemoveAt(index);
        ListedPage served = Serve(page);
        Inline.Run(() => answer.TrySetResult(served));
    }

    public ListedPage Serve(int page)
    {
        for (int i = 0; i < InsertPerAnswer; i++) _cards.Insert(0, $"new-{_fresh++}");
        IEnumerable<string> ids;
        if (Endless)
        {
            ids = Enumerable.Range(0, _pageSize).Select(i => $"p{page}-{i}");
        }
        else
        {
            int lastPage = Math.Max(0, (_cards.Count - 1) / _pageSize);
            int served = Clamp && page > lastPage ? lastPage : page;
            ids = _cards.Skip((int)Math.Min(int.MaxValue, (long)served * _pageSize)).Take(_pageSize);
        }

        return new ListedPage(ids.Select(id => new GalleryCard { TaskUuid = id }).ToArray(), BodyBytes);
    }

    /// <summary>The script's usual picks.</summary>
    public static int InOrder(IReadOnlyList<int> pages) => 0;

    public static int LastFirst(IReadOnlyList<int> pages) => pages.Count - 1;

    /// <summary>Reads the whole listing, answering one request at a time by <paramref name="pick"/>.</summary>
    public async Task<List<string>> ReadAll(GalleryListing listing, Func<IReadOnlyList<int>, int> pick)
    {
        var all = new List<string>();
        while (true)
        {
            Task<IReadOnlyList<GalleryCard>?> next = listing.NextAsync();
            while (!next.IsCompleted)
            {
                AnswerOne(pick);
            }

            if (await next is not { } batch)
            {
                return all;
            }

            all.AddRange(batch.Select(c => c.TaskUuid));
        }
    }
}

internal sealed class RecordingLog : IClientLog
{
    public List<string> Warnings { get; } = new();

    public void Verbose(string message)
    {
    }

    public void Warning(string message)
    {
        lock (Warnings) Warnings.Add(message);
    }
}
