using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Hyper3D.Model;

namespace Hyper3D.Client.Listing
{
    /// <summary>
    /// Finds, and then recovers, the cards a listing read in parallel can miss when its feed moves.
    /// </summary>
    /// <remarks>
    /// New cards enter a feed at its head and push older ones down. Read in order, that only repeats cards
    /// across a page boundary. But a page fetched in parallel may be served before the page above it; if cards
    /// arrive in between, the cards pushed across that boundary are on neither page. A boundary is safe when the
    /// lower page was requested after the upper one was answered, or when the two pages overlap. The rest are
    /// checked at the end: if the first page is unchanged the feed did not move; otherwise the listing is read
    /// again one page at a time from the first doubtful boundary down, and the cards it had missed come last.
    /// </remarks>
    internal sealed class MovedFeedCheck
    {
        /// <summary>
        /// The sweep reads the pages the listing read below the boundary plus those that new cards pushed down
        /// meanwhile. It may read four times the listing's pages (and this margin, for short listings), one more for
        /// each page that recovers a card; a feed that outruns that (it gains about a page for each page read) cannot
        /// be caught up with, and the sweep gives up and says so.
        /// </summary>
        private const int SweepMargin = 16;

        private const int SweepPagesPerPageRead = 4;

        private readonly int _firstPage;
        private string[]? _firstPageUuids;
        private GalleryCard[]? _previous;
        private int _pagesRead;
        private int? _firstDoubtful;
        private string? _lastOfFirstDoubtful;

        public MovedFeedCheck(int firstPage)
        {
            _firstPage = firstPage;
        }

        /// <summary>Whether any boundary needs a second look.</summary>
        public bool HasDoubts => _firstDoubtful != null;

        /// <summary>A page with cards, in page order; <paramref name="sequential"/>: requested after the one above it answered.</summary>
        public void Observe(int number, GalleryCard[] cards, bool sequential)
        {
            _pagesRead++;
            if (_previous == null)
            {
                _firstPageUuids = cards.Select(card => card.TaskUuid).ToArray();
            }
            else if (!sequential && !Overlaps(_previous, cards))
            {
                Doubt(number - 1);
            }

            _previous = cards;
        }

        /// <summary>
        /// The listing ended at page <paramref name="number"/> without knowing that the feed ends there: an empty page
        /// served before the page above it, or a page that brought nothing new (the feed may have moved a whole page
        /// while it was in flight). What lies below the page above it may have been missed.
        /// </summary>
        public void EndedInDoubt(int number)
        {
            if (_previous != null)
            {
                Doubt(number - 1);
            }
        }

        /// <summary>
        /// Looks at the first page again; if it moved, reads down from the first doubtful boundary and returns the
        /// cards not seen before (adding them to <paramref name="seen"/>), and whether the feed had moved.
        /// </summary>
        public async Task<(List<GalleryCard> Recovered, bool Moved)> RecoverAsync(
            Func<int, CancellationToken, Task<ListedPage>> fetch,
            SeenCards seen,
            SinceCutoff? cutoff,
            IClientLog log,
            CancellationToken cancellationToken)
        {
            var recovered = new List<GalleryCard>();
            if (_firstDoubtful == null)
            {
                return (recovered, false);
            }

            ListedPage first = await fetch(_firstPage, cancellationToken).ConfigureAwait(false);
            if (first.Cards.Select(card => card.TaskUuid).SequenceEqual(_firstPageUuids!))
            {
                log.Verbose("The feed did not move while it was read: the pages read in parallel need no second look.");
                return (recovered, false);
            }

            log.Verbose($"The feed moved while it was read: reading it again one page at a time from page {_firstDoubtful}.");
            await SweepAsync(fetch, seen, cutoff, recovered, log, cancellationToken).ConfigureAwait(false);
            return (recovered, true);
        }

        /// <summary>
        /// Reads down from the first doubtful boundary, in order, to the end. Cards only move down, so the boundary's
        /// upper card is met again at or below its page; every card after it that was not written yet was missed.
        /// Cards above it are newer than the listing and are not collected.
        /// </summary>
        private async Task SweepAsync(
            Func<int, CancellationToken, Task<ListedPage>> fetch,
            SeenCards seen,
            SinceCutoff? cutoff,
            List<GalleryCard> recovered,
            IClientLog log,
            CancellationToken cancellationToken)
        {
            int fromPage = _firstDoubtful!.Value;
            bool pastUpper = false;
            long limit = fromPage + ((long)SweepPagesPerPageRead * _pagesRead) + SweepMargin;
            GalleryCard[]? before = null;
            for (long page = fromPage; page < limit && page <= int.MaxValue; page++)
            {
                GalleryCard[] cards = (await fetch((int)page, cancellationToken).ConfigureAwait(false)).Cards;
                if (cards.Length == 0 && pastUpper)
                {
                    return;
                }

                // The same cards as the page before: the server repeats its last page, or the feed moved a whole page
                // between the two requests. Either way reading on brings nothing.
                if (before != null && SameCards(before, cards))
                {
                    log.Warning($"While the moved feed was read again, page {page} came back with the same cards as page {page - 1}: the server repeats its last page, or the feed moved a whole page between two requests. Cards after page {page - 1} may be missing; run the command again to compare.");
                    return;
                }

                if (cards.Length == 0)
                {
                    break;
                }

                int recoveredBefore = recovered.Count;
                foreach (GalleryCard card in cards)
                {
                    if (!pastUpper)
                    {
                        pastUpper = card.TaskUuid == _lastOfFirstDoubtful;
                    }
                    else if (seen.Add(card.TaskUuid) && (cutoff?.Admits(card) ?? true))
                    {
                        recovered.Add(card);
                    }
                }

                if (cutoff?.IsPastEnd(cards) == true)
                {
                    return;
                }

                if (recovered.Count > recoveredBefore)
                {
                    limit++;
                }

                before = cards;
            }

            log.Warning($"Could not check the pages after page {fromPage} again: the feed changed too much while it was read (cards were removed, or arrived faster than pages could be read). Cards there may be missing; run the command again to compare.");
        }

        /// <summary>
        /// Only the first doubtful boundary is kept: the sweep at the end starts there and covers every one below it.
        /// </summary>
        private void Doubt(int upperPage)
        {
            if (_firstDoubtful == null)
            {
                _firstDoubtful = upperPage;
                _lastOfFirstDoubtful = _previous![_previous.Length - 1].TaskUuid;
            }
        }

        private static bool Overlaps(GalleryCard[] upper, GalleryCard[] lower)
        {
            var above = new HashSet<string>(upper.Select(card => card.TaskUuid), StringComparer.Ordinal);
            return lower.Any(card => above.Contains(card.TaskUuid));
        }

        private static bool SameCards(GalleryCard[] a, GalleryCard[] b) =>
            a.Select(card => card.TaskUuid).SequenceEqual(b.Select(card => card.TaskUuid), StringComparer.Ordinal);
    }
}
