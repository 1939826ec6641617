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
    /// checked at the end: if the first page is unchanged the feed did not move; otherwise each doubtful boundary
    /// is re-read and the cards found there are written last.
    /// </remarks>
    public sealed class GalleryReader : IDisposable
    {
        private const int MaximumPagesScanned = 16;

        private readonly Func<int, CancellationToken, Task<GalleryCard[]>> _fetch;
        private readonly PageStream<GalleryCard[]> _pages;
        private readonly SeenCards _seen = new SeenCards();
        private readonly List<Boundary> _doubtful = new List<Boundary>();
        private readonly int _firstPage;
        private readonly IClientLog _log;
        private readonly CancellationToken _cancellationToken;
        private string[]? _firstPageUuids;
        private GalleryCard[]? _previous;
        private bool _checked;

        public GalleryReader(Func<int, CancellationToken, Task<GalleryCard[]>> fetch, int firstPage, int throttleLimit, IClientLog log, CancellationToken cancellationToken)
        {
            _fetch = fetch;
            _firstPage = firstPage;
            _log = log;
            _cancellationToken = cancellationToken;
            _pages = new PageStream<GalleryCard[]>(fetch, page => page.Length == 0, firstPage, throttleLimit, cancellationToken);
        }

        /// <summary>The server's page size, known once the first page has arrived.</summary>
        public int? PageSize { get; private set; }

        /// <summary>The page number of the last batch read from the listing itself.</summary>
        public int LastPage { get; private set; } = -1;

        public int CardsSeen => _seen.Count;

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
                if (page.Length == 0)
                {
                    ReachedEnd = true;
                    break;
                }

                LastPage = number;
                PageSize ??= page.Length;
                if (_previous == null)
                {
                    _firstPageUuids = page.Select(card => card.TaskUuid).ToArray();
                }
                else if (!_pages.LastWasSequential && !Overlaps(_previous, page))
                {
                    _doubtful.Add(new Boundary(number - 1, _previous[_previous.Length - 1].TaskUuid, page[0].TaskUuid));
                }

                _previous = page;
                List<GalleryCard> fresh = page.Where(card => _seen.Add(card.TaskUuid)).ToList();
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

        private static bool Overlaps(GalleryCard[] upper, GalleryCard[] lower)
        {
            var above = new HashSet<string>(upper.Select(card => card.TaskUuid), StringComparer.Ordinal);
            return lower.Any(card => above.Contains(card.TaskUuid));
        }

        private async Task<List<GalleryCard>> CheckBoundariesAsync()
        {
            var recovered = new List<GalleryCard>();
            if (_doubtful.Count == 0)
            {
                return recovered;
            }

            GalleryCard[] first = await _fetch(_firstPage, _cancellationToken).ConfigureAwait(false);
            if (first.Select(card => card.TaskUuid).SequenceEqual(_firstPageUuids!))
            {
                _log.Verbose($"The feed did not move while it was read: {_doubtful.Count} page boundaries read in parallel need no second look.");
                return recovered;
            }

            _log.Verbose($"The feed moved while it was read: re-reading {_doubtful.Count} page boundaries read in parallel.");
            foreach (Boundary boundary in _doubtful)
            {
                await RereadAsync(boundary, recovered).ConfigureAwait(false);
            }

            return recovered;
        }

        /// <summary>Finds the cards now between the boundary's two cards; they can only have moved down since.</summary>
        private async Task RereadAsync(Boundary boundary, List<GalleryCard> recovered)
        {
            bool afterUpper = false;
            for (int page = boundary.UpperPage; page < boundary.UpperPage + MaximumPagesScanned; page++)
            {
                GalleryCard[] cards = await _fetch(page, _cancellationToken).ConfigureAwait(false);
                if (cards.Length == 0)
                {
                    break;
                }

                foreach (GalleryCard card in cards)
                {
                    if (!afterUpper)
                    {
                        afterUpper = card.TaskUuid == boundary.LastOfUpper;
                        continue;
                    }

                    if (card.TaskUuid == boundary.FirstOfLower)
                    {
                        return;
                    }

                    if (_seen.Add(card.TaskUuid))
                    {
                        recovered.Add(card);
                    }
                }
            }

            _log.Warning($"Could not re-check the boundary after page {boundary.UpperPage}: the feed changed too much while it was read (cards were removed, or many were added). Cards there may be missing; run the command again to compare.");
        }

        public void Dispose() => _pages.Dispose();

        private sealed class Boundary
        {
            public Boundary(int upperPage, string lastOfUpper, string firstOfLower)
            {
                UpperPage = upperPage;
                LastOfUpper = lastOfUpper;
                FirstOfLower = firstOfLower;
            }

            public int UpperPage { get; }

            public string LastOfUpper { get; }

            public string FirstOfLower { get; }
        }
    }
}
