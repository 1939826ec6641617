using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Hyper3D.Model;

namespace Hyper3D.Client
{
    /// <summary>
    /// Reads a whole listing: pages in order (several in flight), each TaskUuid once, and nothing lost while the
    /// feed moves.
    /// </summary>
    /// <remarks>
    /// New cards enter a feed at its head and push older ones down. Read in order, that only repeats cards
    /// across a page boundary. But a page fetched in parallel may be served before the page above it; if cards
    /// arrive in between, the cards pushed across that boundary are on neither page. A boundary is safe when the
    /// lower page was requested after the upper one was answered, or when the two pages overlap. The rest are
    /// checked at the end: if the first page is unchanged the feed did not move; otherwise the listing is read
    /// again one page at a time from the first doubtful boundary down, and the cards it had missed are written last.
    /// </remarks>
    public sealed class GalleryReader : IDisposable
    {
        private const int ExtraPagesSwept = 16;

        private readonly Func<int, CancellationToken, Task<GalleryCard[]>> _fetch;
        private readonly PageStream<GalleryCard[]> _pages;
        private readonly SeenCards _seen = new SeenCards();
        private readonly int _firstPage;
        private readonly IClientLog _log;
        private readonly CancellationToken _cancellationToken;
        private int? _firstDoubtful;
        private string? _lastOfFirstDoubtful;
        private string[]? _firstPageUuids;
        private GalleryCard[]? _previous;
        private bool _checked;
        private int _pagesRead;

        public GalleryReader(Func<int, CancellationToken, Task<GalleryCard[]>> fetch, int firstPage, int throttleLimit, IClientLog log, CancellationToken cancellationToken)
        {
            _fetch = fetch;
            _firstPage = firstPage;
            _log = log;
            _cancellationToken = cancellationToken;
            _pages = new PageStream<GalleryCard[]>(fetch, IsEnd, firstPage, throttleLimit, cancellationToken);
        }

        /// <summary>-Since: keeps only later cards and ends the listing where the rule says, like an empty page.</summary>
        public SinceCutoff? Cutoff { get; set; }

        /// <summary>The server's page size, known once the first page has arrived.</summary>
        public int? PageSize { get; private set; }

        /// <summary>The page number of the last batch read from the listing itself.</summary>
        public int LastPage { get; private set; } = -1;

        public int CardsSeen => _seen.Count;

        /// <summary>Cards that came again on a later page (the feed moved) and were not handed out twice.</summary>
        public int DuplicatesSkipped { get; private set; }

        /// <summary>True once the empty page that ends the listing has arrived.</summary>
        public bool ReachedEnd { get; private set; }

        /// <inheritdoc cref="PageStream{TPage}.SpeculativeLimit"/>
        public int SpeculativeLimit
        {
            get => _pages.SpeculativeLimit;
            set => _pages.SpeculativeLimit = value;
        }

        /// <summary>
        /// The next page's cards not written before; after the last page, any cards the end-of-listing check finds;
        /// then null.
        /// </summary>
        public async Task<IReadOnlyList<GalleryCard>?> NextAsync()
        {
            while (!ReachedEnd)
            {
                int number = _pages.NextPage;
                GalleryCard[] page = await _pages.NextAsync().ConfigureAwait(false);
                if (IsEnd(page))
                {
                    Cutoff?.Ended(number, atCutoff: page.Length > 0);

                    // An empty page served before the page above it may have missed cards pushed past the end.
                    if (_previous != null && !_pages.LastWasSequential)
                    {
                        Doubt(number - 1);
                    }

                    ReachedEnd = true;
                    break;
                }

                LastPage = number;
                _pagesRead++;
                PageSize ??= page.Length;
                if (_previous == null)
                {
                    _firstPageUuids = page.Select(card => card.TaskUuid).ToArray();
                }
                else if (!_pages.LastWasSequential && !Overlaps(_previous, page))
                {
                    Doubt(number - 1);
                }

                _previous = page;
                Cutoff?.Observe(page, number);
                int seenBefore = _seen.Count;
                List<GalleryCard> fresh = page.Where(card => _seen.Add(card.TaskUuid) && Admits(card)).ToList();
                DuplicatesSkipped += page.Length - (_seen.Count - seenBefore);
                if (fresh.Count > 0)
                {
                    return fresh;
                }
            }

            if (_checked)
            {
                return null;
            }

            _checked = true;
            List<GalleryCard> recovered = await CheckBoundariesAsync().ConfigureAwait(false);
            return recovered.Count > 0 ? recovered : null;
        }

        /// <summary>
        /// The boundary under page <paramref name="upperPage"/> needs a second look. Only the first one is kept: the
        /// sweep at the end starts there and covers every boundary below it.
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

        private async Task<List<GalleryCard>> CheckBoundariesAsync()
        {
            var recovered = new List<GalleryCard>();
            if (_firstDoubtful == null)
            {
                return recovered;
            }

            GalleryCard[] first = await _fetch(_firstPage, _cancellationToken).ConfigureAwait(false);
            if (first.Select(card => card.TaskUuid).SequenceEqual(_firstPageUuids!))
            {
                _log.Verbose("The feed did not move while it was read: the pages read in parallel need no second look.");
                return recovered;
            }

            _log.Verbose($"The feed moved while it was read: reading it again one page at a time from page {_firstDoubtful}.");
            await SweepAsync(_firstDoubtful.Value, _lastOfFirstDoubtful!, recovered).ConfigureAwait(false);
            return recovered;
        }

        /// <summary>
        /// Reads down from the first doubtful boundary, in order, to the end. Cards only move down, so the boundary's
        /// upper card is met again at or below its page; every card after it that was not written yet was missed.
        /// Cards above it are newer than the listing and are not collected.
        /// </summary>
        private async Task SweepAsync(int fromPage, string lastOfUpper, List<GalleryCard> recovered)
        {
            bool pastUpper = false;
            int limit = fromPage + (4 * _pagesRead) + ExtraPagesSwept;
            for (int page = fromPage; page < limit; page++)
            {
                GalleryCard[] cards = await _fetch(page, _cancellationToken).ConfigureAwait(false);
                if (cards.Length == 0)
                {
                    if (pastUpper)
                    {
                        return;
                    }

                    break;
                }

                foreach (GalleryCard card in cards)
                {
                    if (!pastUpper)
                    {
                        pastUpper = card.TaskUuid == lastOfUpper;
                    }
                    else if (_seen.Add(card.TaskUuid) && Admits(card))
                    {
                        recovered.Add(card);
                    }
                }

                if (Cutoff?.IsPastEnd(cards) == true)
                {
                    return;
                }
            }

            _log.Warning($"Could not check the pages after page {fromPage} again: the feed changed too much while it was read (cards were removed, or arrived faster than pages could be read). Cards there may be missing; run the command again to compare.");
        }

        private bool IsEnd(GalleryCard[] page) => page.Length == 0 || Cutoff?.IsPastEnd(page) == true;

        private bool Admits(GalleryCard card) => Cutoff?.Admits(card) ?? true;

        public void Dispose() => _pages.Dispose();
    }
}
