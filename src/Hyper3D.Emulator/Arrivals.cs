namespace Hyper3D.Emulator;

/// <summary>A card added while the emulator runs: it carries the time it arrived, not a seeded one.</summary>
internal readonly record struct Arrival(long Ordinal, long TimeMs, CardFacts Facts);

/// <summary>
/// New cards that arrive at the head of Recent (and of a group) on demand or on a schedule, stamped with the
/// current time, so a client watching a feed has something real to find.
/// </summary>
internal sealed class Arrivals
{
    // Far above any seeded or --shift-recent ordinal, so an arrival never shares a task_uuid with another card.
    private const long FirstOrdinal = 1L << 40;

    private readonly SeedData _seed;
    private readonly object _lock = new();
    private readonly List<Arrival> _cards = new();
    private readonly Dictionary<long, Arrival> _byOrdinal = new();
    private long _nextOrdinal = FirstOrdinal;
    private long _lastTimeMs;
    private Timer? _schedule;
    private int _generation;

    public Arrivals(SeedData seed)
    {
        _seed = seed;
    }

    /// <summary>Adds <paramref name="count"/> cards now, in <paramref name="group"/> too unless it is -1; oldest first.</summary>
    public IReadOnlyList<Arrival> Add(int count, int group) => Add(count, group, null);

    /// <summary>Adds <paramref name="count"/> cards every <paramref name="everyMs"/> ms until <see cref="Clear"/>; replaces any earlier schedule.</summary>
    public void Schedule(int count, int group, int everyMs)
    {
        lock (_lock)
        {
            _schedule?.Dispose();
            int generation = ++_generation;
            _schedule = new Timer(_ => Add(count, group, generation), null, everyMs, everyMs);
        }
    }

    /// <param name="generation">
    /// The schedule adding them, if any: a timer may still fire once after it was replaced or cleared, and then adds nothing.
    /// </param>
    private IReadOnlyList<Arrival> Add(int count, int group, int? generation)
    {
        var added = new List<Arrival>(count);
        lock (_lock)
        {
            if (generation is int scheduled && scheduled != _generation)
            {
                return added;
            }

            for (int i = 0; i < count; i++)
            {
                long ordinal = _nextOrdinal++;
                // Strictly increasing, so Recent stays strictly newest first even for cards added in one millisecond.
                _lastTimeMs = Math.Max(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), _lastTimeMs + 1);
                var arrival = new Arrival(ordinal, _lastTimeMs, FactsFor(ordinal, group));
                _cards.Add(arrival);
                _byOrdinal[ordinal] = arrival;
                added.Add(arrival);
            }
        }

        return added;
    }

    /// <summary>Forgets every arrival and stops the schedule. Ordinals go on growing, so task_uuids are never reused.</summary>
    public void Clear()
    {
        lock (_lock)
        {
            _schedule?.Dispose();
            _schedule = null;
            _generation++;
            _cards.Clear();
            _byOrdinal.Clear();
        }
    }

    /// <summary>The arrivals newest first: all of them (<paramref name="group"/> -1) or one group's.</summary>
    public long[] NewestFirst(int group)
    {
        lock (_lock)
        {
            var list = new List<long>();
            for (int i = _cards.Count - 1; i >= 0; i--)
            {
                if (group < 0 || _cards[i].Facts.Group == group)
                {
                    list.Add(_cards[i].Ordinal);
                }
            }

            return list.ToArray();
        }
    }

    public bool TryGet(long ordinal, out Arrival arrival)
    {
        lock (_lock)
        {
            return _byOrdinal.TryGetValue(ordinal, out arrival);
        }
    }

    /// <summary>
    /// Plain public cards of authors without a login, so they show in no Mine or per-user listing; a group's are
    /// by one of its members without a login, and private like every group card.
    /// </summary>
    private CardFacts FactsFor(long ordinal, int group)
    {
        CardFacts facts = _seed.ComputeFacts(ordinal);
        if (group < 0)
        {
            return facts;
        }

        int[] members = _seed.Groups[group].MemberAuthors.Where(a => !_seed.Authors[a].CanLogIn).ToArray();
        int author = members[Hashing.Below(_seed.Hash(ordinal, SeedData.SaltOwner), members.Length)];
        return facts with { Author = (short)author, Group = (sbyte)group, Flags = CardFlags.Private };
    }
}
