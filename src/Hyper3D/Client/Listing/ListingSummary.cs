using System;
using System.Diagnostics;
using System.Globalization;

namespace Hyper3D.Client.Listing
{
    /// <summary>
    /// The closing line of a listing: pages read, cards written, duplicates skipped, the retries the session made
    /// meanwhile, and the time since the summary was started.
    /// </summary>
    internal sealed class ListingSummary
    {
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private readonly Func<long> _retries;
        private readonly long _retriesBefore;

        /// <param name="retries">The session's count of retries so far.</param>
        public ListingSummary(Func<long> retries)
        {
            _retries = retries;
            _retriesBefore = retries();
        }

        /// <param name="listing">How the line names the listing, e.g. "Get-Hyper3DGalleryCard -Type Recent".</param>
        public string Describe(string listing, GalleryListing reader, long written) => string.Format(
            CultureInfo.InvariantCulture,
            "{0}: {1} pages read, {2} cards written, {3} duplicates skipped, {4} retries, in {5:0.00} s.",
            listing,
            reader.PagesRead,
            written,
            reader.DuplicatesSkipped,
            _retries() - _retriesBefore,
            _clock.Elapsed.TotalSeconds);
    }
}
