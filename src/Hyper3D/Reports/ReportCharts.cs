using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;

namespace Hyper3D.Reports
{
    /// <summary>The report's charts as inline SVG: drawn once from the tally, readable with no script and no network.</summary>
    internal static class ReportCharts
    {
        private const int MaxBars = 92;
        private const int RankedRows = 8;

        /// <summary>Up to this many bars each carry their count; beyond, the bars are too narrow for it.</summary>
        private const int LabelledBars = 31;
        private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

        /// <summary>One time bucket of the activity chart.</summary>
        internal readonly struct Bucket
        {
            public Bucket(DateTime start, string label, int cards)
            {
                Start = start;
                Label = label;
                Cards = cards;
            }

            public DateTime Start { get; }

            public string Label { get; }

            public int Cards { get; }
        }

        /// <summary>
        /// Cards per day from the first card's day to the last's, empty days included so gaps show; per week, per
        /// month or per year when there would be too many bars to read.
        /// </summary>
        public static (string Unit, IReadOnlyList<Bucket> Buckets) Activity(IReadOnlyDictionary<DateTime, int> days)
        {
            if (days.Count == 0)
            {
                return ("day", Array.Empty<Bucket>());
            }

            DateTime first = days.Keys.Min();
            DateTime last = days.Keys.Max();
            if ((last - first).TotalDays < MaxBars)
            {
                return ("day", Fill(days, first, last, d => d, d => d.AddDays(1), d => d.ToString("ddd d MMM yyyy", Invariant)));
            }

            Func<DateTime, DateTime> week = d => d.AddDays(-(((int)d.DayOfWeek + 6) % 7));
            if ((last - first).TotalDays / 7 < MaxBars)
            {
                return ("week", Fill(days, week(first), last, week, d => d.AddDays(7), d => "week of " + d.ToString("d MMM yyyy", Invariant)));
            }

            Func<DateTime, DateTime> month = d => new DateTime(d.Year, d.Month, 1);
            if ((last.Year - first.Year) * 12 + last.Month - first.Month < MaxBars)
            {
                return ("month", Fill(days, month(first), last, month, d => d.AddMonths(1), d => d.ToString("MMMM yyyy", Invariant)));
            }

            Func<DateTime, DateTime> year = d => new DateTime(d.Year, 1, 1);
            return ("year", Fill(days, year(first), last, year, d => d.AddYears(1), d => d.ToString("yyyy", Invariant)));
        }

        /// <summary>Vertical bars over time, with the largest value and a few dates as labels.</summary>
        public static void WriteActivity(TextWriter w, string unit, IReadOnlyList<Bucket> buckets)
        {
            const double width = 1200, height = 210, left = 44, top = 12, bottom = 28;
            double plotWidth = width - left - 8, plotHeight = height - top - bottom;
            int max = Math.Max(1, buckets.Count == 0 ? 1 : buckets.Max(b => b.Cards));
            double slot = plotWidth / Math.Max(1, buckets.Count);
            double gap = slot > 6 ? Math.Min(6, slot * 0.2) : 0;

            w.Write($"<svg class=\"chart\" viewBox=\"0 0 {N(width)} {N(height)}\" role=\"img\" aria-label=\"Cards per {unit}\">");
            foreach (double fraction in new[] { 1.0, 0.5 })
            {
                double y = top + plotHeight * (1 - fraction);
                w.Write($"<line class=\"grid\" x1=\"{N(left)}\" x2=\"{N(width - 8)}\" y1=\"{N(y)}\" y2=\"{N(y)}\"/>");
                w.Write($"<text class=\"axis\" x=\"{N(left - 6)}\" y=\"{N(y + 4)}\" text-anchor=\"end\">{N(Math.Round(max * fraction))}</text>");
            }

            w.Write($"<line class=\"base\" x1=\"{N(left)}\" x2=\"{N(width - 8)}\" y1=\"{N(top + plotHeight)}\" y2=\"{N(top + plotHeight)}\"/>");
            int labelEvery = Math.Max(1, (int)Math.Ceiling(buckets.Count / 7.0));
            for (int i = 0; i < buckets.Count; i++)
            {
                Bucket b = buckets[i];
                double h = plotHeight * b.Cards / max;
                double x = left + i * slot + gap / 2;
                w.Write($"<rect class=\"bar\" x=\"{N(x)}\" y=\"{N(top + plotHeight - h)}\" width=\"{N(slot - gap)}\" height=\"{N(h)}\"><title>");
                HtmlText.Write(w, b.Label);
                w.Write($": {b.Cards.ToString("N0", Invariant)} card{(b.Cards == 1 ? string.Empty : "s")}</title></rect>");
                if (buckets.Count <= LabelledBars && b.Cards > 0)
                {
                    bool inside = h >= 22;
                    w.Write($"<text class=\"count{(inside ? string.Empty : " out")}\" x=\"{N(x + (slot - gap) / 2)}\" y=\"{N(top + plotHeight - h + (inside ? 16 : -5))}\" text-anchor=\"middle\">{b.Cards.ToString("N0", Invariant)}</text>");
                }

                if (i % labelEvery == 0)
                {
                    string tick = unit == "year" ? b.Start.ToString("yyyy", Invariant) : unit == "month" ? b.Start.ToString("MMM yyyy", Invariant) : b.Start.ToString("d MMM", Invariant);
                    w.Write($"<text class=\"axis\" x=\"{N(x + (slot - gap) / 2)}\" y=\"{N(height - 10)}\" text-anchor=\"middle\">{tick}</text>");
                }
            }

            w.Write("</svg>");
        }

        /// <summary>Horizontal bars, largest first; what does not fit is summed into one last row.</summary>
        public static void WriteRanking(TextWriter w, string name, IEnumerable<KeyValuePair<string, long>> ranked)
        {
            List<KeyValuePair<string, long>> all = ranked.ToList();
            List<KeyValuePair<string, long>> rows = all.Take(RankedRows).ToList();
            if (all.Count > RankedRows)
            {
                int rest = all.Count - (RankedRows - 1);
                rows = all.Take(RankedRows - 1).ToList();
                rows.Add(new KeyValuePair<string, long>($"{rest} others", all.Skip(RankedRows - 1).Sum(r => r.Value)));
            }

            const double width = 300, row = 24, labelWidth = 108, valueWidth = 46;
            double height = Math.Max(1, rows.Count) * row;
            double barSpace = width - labelWidth - valueWidth;
            long max = Math.Max(1, rows.Count == 0 ? 1 : rows.Max(r => r.Value));

            w.Write($"<svg class=\"chart\" viewBox=\"0 0 {N(width)} {N(height)}\" role=\"img\" aria-label=\"");
            HtmlText.Write(w, name);
            w.Write("\">");
            if (rows.Count == 0)
            {
                w.Write($"<text class=\"axis\" x=\"0\" y=\"16\">No cards</text>");
            }

            for (int i = 0; i < rows.Count; i++)
            {
                double y = i * row;
                double barWidth = Math.Max(rows[i].Value > 0 ? 2 : 0, barSpace * rows[i].Value / max);
                w.Write($"<text class=\"label\" x=\"{N(labelWidth - 8)}\" y=\"{N(y + 16)}\" text-anchor=\"end\">");
                HtmlText.Write(w, rows[i].Key, 16);
                w.Write($"<title>");
                HtmlText.Write(w, rows[i].Key);
                w.Write($"</title></text><rect class=\"hbar\" x=\"{N(labelWidth)}\" y=\"{N(y + 4)}\" width=\"{N(barWidth)}\" height=\"{N(row - 8)}\" rx=\"3\"/>");
                w.Write($"<text class=\"value\" x=\"{N(labelWidth + barWidth + 6)}\" y=\"{N(y + 16)}\">{rows[i].Value.ToString("N0", Invariant)}</text>");
            }

            w.Write("</svg>");
        }

        private static IReadOnlyList<Bucket> Fill(
            IReadOnlyDictionary<DateTime, int> days, DateTime from, DateTime last,
            Func<DateTime, DateTime> bucketOf, Func<DateTime, DateTime> next, Func<DateTime, string> label)
        {
            var counts = new Dictionary<DateTime, int>();
            foreach (KeyValuePair<DateTime, int> day in days)
            {
                DateTime key = bucketOf(day.Key);
                counts.TryGetValue(key, out int count);
                counts[key] = count + day.Value;
            }

            var buckets = new List<Bucket>();
            for (DateTime d = from; d <= last; d = next(d))
            {
                counts.TryGetValue(d, out int count);
                buckets.Add(new Bucket(d, label(d), count));
            }

            return buckets;
        }

        private static string N(double value) => Math.Round(value, 1).ToString("0.#", Invariant);
    }
}
