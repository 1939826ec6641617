using System;
using System.Collections.Generic;
using System.Linq;

namespace Hyper3D.Reports
{
    /// <summary>
    /// What the report's totals and charts need, counted card by card: a few numbers per day, type, step and
    /// author, never the cards themselves, so a listing of any length streams through in flat memory.
    /// </summary>
    internal sealed class ReportTally
    {
        public const string Unknown = "(none)";

        private readonly Dictionary<DateTime, int> _days = new Dictionary<DateTime, int>();
        private readonly Dictionary<string, int> _types = new Dictionary<string, int>(StringComparer.Ordinal);
        private readonly Dictionary<string, int> _steps = new Dictionary<string, int>(StringComparer.Ordinal);
        private readonly Dictionary<string, AuthorTotals> _authors = new Dictionary<string, AuthorTotals>(StringComparer.Ordinal);
        private readonly DateTime _chartFrom;
        private readonly DateTime _chartTo;

        /// <param name="chartFrom">The first day the activity chart may show.</param>
        /// <param name="chartTo">The last day the activity chart may show.</param>
        public ReportTally(DateTime chartFrom, DateTime chartTo)
        {
            _chartFrom = chartFrom.Date;
            _chartTo = chartTo.Date;
        }

        public int Cards { get; private set; }

        public long Likes { get; private set; }

        public int Videos { get; private set; }

        public int Authors => _authors.Count;

        public DateTimeOffset? First { get; private set; }

        public DateTimeOffset? Last { get; private set; }

        /// <summary>Cards with a date outside the chart's span (year 0001, year 9999): counted, listed, not charted.</summary>
        public int Uncharted { get; private set; }

        public void Add(DateTimeOffset? localTime, string? type, string? step, string? author, int likes, bool hasVideo)
        {
            Cards++;
            Likes += likes;
            if (hasVideo)
            {
                Videos++;
            }

            Count(_types, Label(type));
            Count(_steps, Label(step));
            string who = Label(author);
            _authors.TryGetValue(who, out AuthorTotals totals);
            _authors[who] = new AuthorTotals(totals.Cards + 1, totals.Likes + likes);

            if (localTime.HasValue)
            {
                DateTimeOffset time = localTime.Value;
                if (time.Date >= _chartFrom && time.Date <= _chartTo)
                {
                    Count(_days, time.Date);
                }
                else
                {
                    Uncharted++;
                }

                if (!First.HasValue || time < First.Value)
                {
                    First = time;
                }

                if (!Last.HasValue || time > Last.Value)
                {
                    Last = time;
                }
            }
        }

        public IReadOnlyDictionary<DateTime, int> Days => _days;

        public IEnumerable<KeyValuePair<string, long>> Types => Ranked(Widen(_types));

        public IEnumerable<KeyValuePair<string, long>> Steps => Ranked(Widen(_steps));

        public IEnumerable<KeyValuePair<string, long>> AuthorsByCards =>
            Ranked(_authors.Select(a => new KeyValuePair<string, long>(a.Key, a.Value.Cards)));

        public IEnumerable<KeyValuePair<string, long>> AuthorsByLikes =>
            Ranked(_authors.Select(a => new KeyValuePair<string, long>(a.Key, a.Value.Likes)));

        private static IEnumerable<KeyValuePair<string, long>> Widen(Dictionary<string, int> counts) =>
            counts.Select(c => new KeyValuePair<string, long>(c.Key, c.Value));

        private static string Label(string? text) => string.IsNullOrWhiteSpace(text) ? Unknown : text!;

        private static void Count<TKey>(Dictionary<TKey, int> counts, TKey key)
        {
            counts.TryGetValue(key, out int count);
            counts[key] = count + 1;
        }

        /// <summary>Largest first, ties by name, so the same cards always draw the same chart.</summary>
        private static IEnumerable<KeyValuePair<string, long>> Ranked(IEnumerable<KeyValuePair<string, long>> counts) =>
            counts.OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal);

        private readonly struct AuthorTotals
        {
            public AuthorTotals(long cards, long likes)
            {
                Cards = cards;
                Likes = likes;
            }

            public long Cards { get; }

            public long Likes { get; }
        }
    }
}
