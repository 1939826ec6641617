using System;
using System.Collections.Generic;
using System.Globalization;
using Hyper3D.Model;

namespace Hyper3D.Client.Listing
{
    /// <summary>
    /// -Since as a rule the listing consults: which cards to keep (strictly later than the cutoff, as instants), and
    /// where the listing may stop. Recent lists newest first, so its first page without a newer card ends it. The API
    /// documents no order for the other galleries: they are read whole, unless every card read so far came in
    /// strictly decreasing time, in which case one more page without a newer card ends them too.
    /// </summary>
    /// <remarks>
    /// The listing calls <see cref="Observe"/> on each page in page order and <see cref="IsPastEnd"/> on any page
    /// (also on a page that arrived ahead of its turn) to learn whether it ends the listing like an empty page.
    /// Calls come one at a time, from whichever thread the listing continues on.
    /// </remarks>
    internal sealed class SinceCutoff
    {
        private readonly bool _newestFirst;
        private readonly string _listing;
        private readonly IClientLog _log;
        private DateTimeOffset? _lastTime;
        private bool _inTimeOrder = true;
        private bool _endsAtNextOlderPage;

        /// <param name="newestFirst">The listing is documented newest first (Recent).</param>
        /// <param name="listing">How the verbose lines name the listing, e.g. "Featured".</param>
        public SinceCutoff(DateTimeOffset since, bool newestFirst, string listing, IClientLog log)
        {
            Since = since;
            _newestFirst = newestFirst;
            _listing = listing;
            _log = log;
            _endsAtNextOlderPage = newestFirst;
        }

        public DateTimeOffset Since { get; }

        /// <summary>A card whose time equals the cutoff, or that has no time, is not later.</summary>
        public bool Admits(GalleryCard card) => card.Instant is DateTimeOffset time && time > Since;

        /// <summary>
        /// Whether no page from this one on can hold a card later than the cutoff, so the listing ends here. Pure: it
        /// may be asked about the same page more than once.
        /// </summary>
        public bool IsPastEnd(IReadOnlyList<GalleryCard> page)
        {
            if (!_endsAtNextOlderPage || page.Count == 0 || HasNewer(page))
            {
                return false;
            }

            // Recent's order is documented; another gallery's is only observed, so this page must keep it up too.
            return _newestFirst || (Decreasing(page) && (_lastTime == null || page[0].Instant < _lastTime));
        }

        /// <summary>A page read in page order that did not end the listing.</summary>
        public void Observe(IReadOnlyList<GalleryCard> page, int number)
        {
            if (_newestFirst || !_inTimeOrder)
            {
                return;
            }

            bool inOrder = Decreasing(page) && (_lastTime == null || page.Count == 0 || page[0].Instant < _lastTime);
            if (!inOrder)
            {
                _inTimeOrder = false;
                _endsAtNextOlderPage = false;
                _log.Verbose(string.Format(CultureInfo.InvariantCulture, "-Since: the {0} cards are not in time order (page {1}); reading every page and keeping the cards later than {2:o}.", _listing, number, Since));
                return;
            }

            if (page.Count > 0)
            {
                _lastTime = page[page.Count - 1].Instant;
            }

            if (!_endsAtNextOlderPage && page.Count > 0 && !HasNewer(page))
            {
                _endsAtNextOlderPage = true;
                _log.Verbose(string.Format(CultureInfo.InvariantCulture, "-Since: the {0} cards so far came newest first and page {1} has none later than {2:o}; one more page like it ends the listing.", _listing, number, Since));
            }
        }

        /// <summary>The listing ended at page <paramref name="number"/>, either where the cutoff says or at its empty page.</summary>
        public void Ended(int number, bool atCutoff)
        {
            string message = atCutoff
                ? _newestFirst
                    ? "-Since: {0} lists newest first; stopped at page {1}, the first with no card later than {2:o}."
                    : "-Since: the {0} cards came newest first; stopped at page {1}, the second page in a row with no card later than {2:o}."
                : "-Since: read every page of {0} (to page {1}) and kept the cards later than {2:o}.";
            _log.Verbose(string.Format(CultureInfo.InvariantCulture, message, _listing, number, Since));
        }

        private bool HasNewer(IReadOnlyList<GalleryCard> page)
        {
            foreach (GalleryCard card in page)
            {
                if (Admits(card))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>Strictly decreasing times, and every card has one.</summary>
        private static bool Decreasing(IReadOnlyList<GalleryCard> page)
        {
            for (int i = 0; i < page.Count; i++)
            {
                if (page[i].Instant == null || (i > 0 && !(page[i].Instant < page[i - 1].Instant)))
                {
                    return false;
                }
            }

            return true;
        }
    }
}
