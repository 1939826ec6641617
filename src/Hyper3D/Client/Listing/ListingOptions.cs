using System;
using Hyper3D.Client.Pacing;

namespace Hyper3D.Client.Listing
{
    /// <summary>Where a listing starts, how far it reads ahead, and what -Since keeps of it.</summary>
    internal sealed class ListingOptions
    {
        /// <summary>Pages held ahead share this much memory (bodies and parsed cards), whatever their number.</summary>
        public const long DefaultMemoryBudget = 128L * 1024 * 1024;

        public int FirstPage { get; set; }

        /// <summary>The caller's ceiling on pages in flight at once.</summary>
        public int ThrottleLimit { get; set; } = DefaultThrottleLimit;

        /// <summary>
        /// A window of 16 pages keeps a server 100 ms away (another continent) within a page's time of the fastest a
        /// listing can be (first page, then ceil(pages / 16) round trips), and a server that cannot take that many
        /// at once answers later, which shrinks <see cref="ConcurrencyLimit"/> below it.
        /// </summary>
        public const int DefaultThrottleLimit = 16;

        /// <summary>
        /// The origin's adaptive limit on requests at once, read each time the window is filled: pages in flight are
        /// the smaller of it and <see cref="ThrottleLimit"/>.
        /// </summary>
        public Func<int> ConcurrencyLimit { get; set; } = () => int.MaxValue;

        /// <summary>
        /// Given the page size, the last page worth fetching before it is asked for (-First needs no more);
        /// null: no bound.
        /// </summary>
        public Func<int, int>? LastPageNeeded { get; set; }

        public long MemoryBudget { get; set; } = DefaultMemoryBudget;

        /// <summary>-Since: keeps only later cards and ends the listing where its rule says, like an empty page.</summary>
        public SinceCutoff? Cutoff { get; set; }
    }
}
