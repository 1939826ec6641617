using System;
using Hyper3D.Model;

namespace Hyper3D.Client
{
    /// <summary>Where a listing starts, how far it reads ahead, and where its caller wants it to stop.</summary>
    internal sealed class ListingOptions
    {
        /// <summary>Pages held ahead share this much memory (bodies and parsed cards), whatever their number.</summary>
        public const long DefaultMemoryBudget = 128L * 1024 * 1024;

        public int FirstPage { get; set; }

        /// <summary>The most requests in flight at once; the session's pacer may send them more slowly.</summary>
        public int ThrottleLimit { get; set; } = 6;

        /// <summary>
        /// Given the page size, the last page worth fetching before it is asked for (-First needs no more);
        /// null: no bound.
        /// </summary>
        public Func<int, int>? LastPageNeeded { get; set; }

        public long MemoryBudget { get; set; } = DefaultMemoryBudget;

        /// <summary>
        /// The listing ends just before the first card this returns true for (for example the first card older
        /// than a date, in a feed listed newest first); that card and all after it are not returned.
        /// </summary>
        public Func<GalleryCard, bool>? StopAt { get; set; }

        /// <summary>-Since: keeps only later cards and ends the listing where its rule says, like an empty page.</summary>
        public SinceCutoff? Cutoff { get; set; }
    }
}
