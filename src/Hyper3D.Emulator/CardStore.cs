namespace Hyper3D.Emulator;

/// <summary>
/// The seeded facts plus precomputed ordinal lists, so an unfiltered page is a slice (O(page size))
/// and only filtered queries scan; and the moving head of Recent that --shift-recent grows.
/// </summary>
internal sealed class CardStore
{
    private readonly CardFacts[] _facts;
    private readonly int[] _visibleAll;
    private readonly int[] _featuredAll, _featuredVisible, _storyAll, _storyVisible;
    private readonly int[][] _ownedAll, _ownedVisible, _groupAll, _groupVisible;
    private readonly object _shiftLock = new();
    private readonly System.Collections.Concurrent.ConcurrentDictionary<int[], int[]> _byLikes = new(ReferenceEqualityComparer.Instance);
    private long _nextShiftOrdinal;
    private long _shiftStart;
    private int _shiftCount;

    public CardStore(SeedData seed)
    {
        Seed = seed;
        int n = seed.CardCount;
        _facts = new CardFacts[n];
        for (int i = 0; i < n; i++)
        {
            _facts[i] = seed.ComputeFacts(i);
        }

        _visibleAll = Select(f => true, true);
        _featuredAll = Select(f => f.Is(CardFlags.Featured), false);
        _featuredVisible = Select(f => f.Is(CardFlags.Featured), true);
        _storyAll = Select(f => f.Is(CardFlags.Story), false);
        _storyVisible = Select(f => f.Is(CardFlags.Story), true);
        _ownedAll = new int[seed.AccountCount][];
        _ownedVisible = new int[seed.AccountCount][];
        for (int a = 0; a < seed.AccountCount; a++)
        {
            short who = (short)a;
            _ownedAll[a] = Select(f => f.Author == who, false);
            _ownedVisible[a] = Select(f => f.Author == who, true);
        }

        _groupAll = new int[seed.Groups.Count][];
        _groupVisible = new int[seed.Groups.Count][];
        for (int g = 0; g < seed.Groups.Count; g++)
        {
            sbyte which = (sbyte)g;
            _groupAll[g] = Select(f => f.Group == which, false);
            _groupVisible[g] = Select(f => f.Group == which, true);
        }

        _nextShiftOrdinal = n;
        _shiftStart = n;
        Arrivals = new Arrivals(seed);
    }

    public SeedData Seed { get; }

    public Arrivals Arrivals { get; }

    public CardFacts Facts(long ordinal) =>
        ordinal < _facts.Length ? _facts[ordinal] : Arrivals.TryGet(ordinal, out var arrival) ? arrival.Facts : Seed.ComputeFacts(ordinal);

    public long TimeMs(long ordinal) => Arrivals.TryGet(ordinal, out var arrival) ? arrival.TimeMs : Seed.TimeMs(ordinal);

    /// <summary>Adds <paramref name="count"/> new cards to the head of Recent and returns the head to read with.</summary>
    public (long Start, int Count) ShiftAndSnapshot(int count)
    {
        lock (_shiftLock)
        {
            // Ordinals keep growing across resets so a new shifted card never reuses an old uuid.
            _nextShiftOrdinal += count;
            _shiftCount += count;
            return (_shiftStart, _shiftCount);
        }
    }

    public void ResetShift()
    {
        lock (_shiftLock)
        {
            _shiftStart = _nextShiftOrdinal;
            _shiftCount = 0;
        }
    }

    /// <summary>
    /// One page of ordinals: new arrivals first (newest first), then Recent's --shift-recent head, then the seeded
    /// list, newest first or, with <paramref name="byLikes"/>, every gallery but Recent by likes.
    /// <paramref name="viewer"/> is the account index or -1.
    /// </summary>
    public List<long> Page(CardQuery q, int viewer, int groupIndex, (long Start, int Count) head, bool byLikes = false, int? pageNum = null)
    {
        int size = Seed.PageSize;
        long skip = (long)(pageNum ?? q.PageNum) * size;
        var page = new List<long>(size);
        bool recent = q.Type == GalleryType.Recent;
        long[] arrived = recent ? Arrivals.NewestFirst(-1) : q.Type == GalleryType.Group ? Arrivals.NewestFirst(groupIndex) : Array.Empty<long>();
        int shifted = recent ? head.Count : 0;
        long headCount = arrived.Length + shifted;
        long HeadAt(long p) => p < arrived.Length ? arrived[p] : head.Start + shifted - 1 - (p - arrived.Length);

        if (q.IsUnfiltered)
        {
            int[] list = q.Type switch
            {
                GalleryType.Recent => _visibleAll,
                GalleryType.Featured => _featuredVisible,
                GalleryType.Story => _storyVisible,
                GalleryType.Mine => _ownedVisible[viewer],
                _ => _groupVisible[groupIndex],
            };
            list = !recent && byLikes ? ByLikes(list) : list;
            for (long p = skip; p < skip + size && p < headCount + list.Length; p++)
            {
                page.Add(p < headCount ? HeadAt(p) : list[p - headCount]);
            }

            return page;
        }

        long matched = 0;
        bool Take(long ordinal)
        {
            if (!Matches(q, viewer, ordinal))
            {
                return true;
            }

            if (matched++ >= skip)
            {
                page.Add(ordinal);
            }

            return page.Count < size;
        }

        for (long p = 0; p < headCount; p++)
        {
            if (!Take(HeadAt(p)))
            {
                return page;
            }
        }

        if (recent)
        {
            for (int i = 0; i < _facts.Length; i++)
            {
                if (!Take(i))
                {
                    return page;
                }
            }

            return page;
        }

        int[] source = q.Type switch
        {
            GalleryType.Featured => _featuredAll,
            GalleryType.Story => _storyAll,
            GalleryType.Mine => _ownedAll[viewer],
            _ => _groupAll[groupIndex],
        };
        foreach (int i in byLikes ? ByLikes(source) : source)
        {
            if (!Take(i))
            {
                break;
            }
        }

        return page;
    }

    /// <summary>A list ordered by likes, most first (ties newest first): a gallery whose order is not by time.</summary>
    private int[] ByLikes(int[] list) =>
        _byLikes.GetOrAdd(list, l => l.OrderByDescending(i => _facts[i].NumLike).ThenBy(i => i).ToArray());

    private bool Matches(CardQuery q, int viewer, long ordinal)
    {
        var f = Facts(ordinal);
        bool hidden = f.Is(CardFlags.Hidden);
        if (q.IsHidden is bool wanted ? hidden != wanted : hidden)
        {
            return false;
        }

        switch (q.UserType)
        {
            case CardStatusType.Generated when f.Author != viewer:
            case CardStatusType.Liked when !Seed.Liked(viewer, ordinal):
            case CardStatusType.Packing when f.Author != viewer || f.PackState != 1:
            case CardStatusType.Packed when f.Author != viewer || f.PackState != 2:
                return false;
        }

        if (q.TaskType >= 0 && f.TypeCode != q.TaskType)
        {
            return false;
        }

        if (q.StepMask != 0 && (f.StepCode >= 31 || (q.StepMask & (1 << f.StepCode)) == 0))
        {
            return false;
        }

        return !q.HasTagFilter || (f.TagMask & q.TagMask) != 0;
    }

    private int[] Select(Func<CardFacts, bool> predicate, bool visibleOnly)
    {
        var list = new List<int>();
        for (int i = 0; i < _facts.Length; i++)
        {
            if (predicate(_facts[i]) && !(visibleOnly && _facts[i].Is(CardFlags.Hidden)))
            {
                list.Add(i);
            }
        }

        return list.ToArray();
    }
}
