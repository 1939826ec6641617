using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Hyper3D.Model;

namespace Hyper3D.Client.Listing
{
    /// <summary>
    /// Reads a whole listing: pages in order with several in flight, each TaskUuid once, nothing lost while the
    /// feed moves, and an end that always comes.
    /// </summary>
    /// <remarks>
    /// The listing ends at an empty page, at a page that brings no card not already returned (a server that
    /// answers its last page again for every higher number would otherwise be read forever), at the last page
    /// number the API can take, when its caller's token is cancelled, or when the session is closed. Pages fetched
    /// ahead stay within the origin's concurrency limit, the throttle limit and a memory budget; only the caller's
    /// thread issues requests, so a caller that stops asking stops the requests with it.
    /// </remarks>
    internal sealed class GalleryListing : IDisposable
    {
        private readonly Func<int, CancellationToken, Task<ListedPage>> _fetch;
        private readonly ListingOptions _options;
        private readonly IClientLog _log;
        private readonly CancellationTokenSource _cancel;
        private readonly CancellationTokenSource _window;
        private readonly Queue<PendingPage> _inFlight = new Queue<PendingPage>();
        private readonly SeenCards _seen = new SeenCards();
        private readonly MovedFeedCheck _feedCheck;
        private readonly ReadAheadBudget _budget;
        private long _nextToIssue;
        private int _lastPageAhead;
        private Ending _end = Ending.Reading;

        public GalleryListing(Func<int, CancellationToken, Task<ListedPage>> fetch, ListingOptions options, IClientLog log, CancellationToken cancellationToken)
        {
            if (options.ThrottleLimit < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(options), "The throttle limit must be at least 1.");
            }

            _fetch = fetch;
            _options = options;
            _log = log;
            _cancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);

            // Cancelled when the listing ends: pages fetched ahead are no longer wanted, the check at the end still is.
            _window = CancellationTokenSource.CreateLinkedTokenSource(_cancel.Token);
            _feedCheck = new MovedFeedCheck(options.FirstPage);
            _budget = new ReadAheadBudget(options.MemoryBudget);
            _nextToIssue = options.FirstPage;

            // Nothing is fetched ahead until the first page has answered: it tells the page size, so -First asks for
            // no more than it needs, and a dead server or a wrong base URI costs one request, not a window of them.
            _lastPageAhead = options.FirstPage;
        }

        /// <summary>How the listing ended, set once where it ends.</summary>
        private enum Ending
        {
            Reading,

            /// <summary>An empty page, or the first page -Since says lies past the cards it keeps.</summary>
            FeedEnd,

            /// <summary>A page that brought no card not returned before: the feed moved a whole page, or the server repeats its last page.</summary>
            RepeatedPage,

            /// <summary>The highest page number the API takes was read, and it was not the last.</summary>
            PageLimit,
        }

        /// <summary>The page number of the last page read from the listing itself.</summary>
        public int LastPage { get; private set; } = -1;

        /// <summary>Pages answered and used: in order, and those the check for a moved feed read again.</summary>
        public int PagesRead { get; private set; }

        /// <summary>Cards that came again on a later page (the feed moved) and were not handed out twice.</summary>
        public int DuplicatesSkipped { get; private set; }

        /// <summary>True once the listing reached the end of the feed (not a repeated page, the page limit or a failure).</summary>
        public bool ReachedEnd => _end == Ending.FeedEnd;

        /// <summary>
        /// The next page's cards not returned before; at the end, any cards the check for a moved feed recovers; then
        /// null. The caller's token cancels it, and the requests in flight with it.
        /// </summary>
        public async Task<IReadOnlyList<GalleryCard>?> NextAsync()
        {
            // The caller is done with what it was given last.
            _budget.Handed(0);
            while (_end == Ending.Reading)
            {
                IReadOnlyList<GalleryCard>? fresh = await ReadNextPageAsync().ConfigureAwait(false);
                if (fresh != null)
                {
                    return fresh;
                }
            }

            return null;
        }

        /// <summary>Reads the next page in order; returns its new cards, or null when it had none.</summary>
        private async Task<IReadOnlyList<GalleryCard>?> ReadNextPageAsync()
        {
            PendingPage pending = await TakeNextAsync().ConfigureAwait(false);
            ListedPage page = pending.Page;
            if (IsEnd(page))
            {
                _options.Cutoff?.Ended(pending.Number, atCutoff: page.Cards.Length > 0);
                return await EndAsync(Ending.FeedEnd, pending.Number, inDoubt: !pending.Sequential).ConfigureAwait(false);
            }

            if (LastPage < 0)
            {
                _lastPageAhead = _options.LastPageNeeded?.Invoke(page.Cards.Length) ?? int.MaxValue;
            }

            LastPage = pending.Number;
            _feedCheck.Observe(pending.Number, page.Cards, pending.Sequential);
            _options.Cutoff?.Observe(page.Cards, pending.Number);
            var fresh = new List<GalleryCard>(page.Cards.Length);
            bool anyUnseen = false;
            foreach (GalleryCard card in page.Cards)
            {
                if (!_seen.Add(card.TaskUuid))
                {
                    DuplicatesSkipped++;
                }
                else
                {
                    anyUnseen = true;
                    if (_options.Cutoff?.Admits(card) ?? true)
                    {
                        fresh.Add(card);
                    }
                }
            }

            if (!anyUnseen)
            {
                // A moving feed can push a whole page of cards already returned onto the next page while it is in
                // flight; then the check at the end sees the feed moved and reads on from here, one page at a time.
                return await EndAsync(Ending.RepeatedPage, pending.Number, inDoubt: true).ConfigureAwait(false);
            }

            _budget.Handed(page.Cost);
            FillWindow();
            return fresh.Count > 0 ? fresh : null;
        }

        /// <summary>The next page in order, issuing it if it is not in flight yet, and the window behind it.</summary>
        private async Task<PendingPage> TakeNextAsync()
        {
            if (_inFlight.Count == 0)
            {
                if (_nextToIssue > int.MaxValue)
                {
                    Close(Ending.PageLimit);
                    throw new Hyper3DException(ErrorKind.InvalidArgument, string.Format(
                        CultureInfo.InvariantCulture,
                        "The listing reached page {0}, the highest page number the API takes, and that page was not the last: the cards after it cannot be listed. Start from a lower -Page.",
                        int.MaxValue));
                }

                Issue();
            }

            FillWindow();
            PendingPage head = _inFlight.Dequeue();
            ListedPage page = await head.Task.ConfigureAwait(false);
            PagesRead++;
            _budget.Answered(page);
            return head;
        }

        /// <summary>
        /// Ends the listing at page <paramref name="number"/>: what is still in flight is cancelled. When the end may
        /// hide cards a moving feed pushed past it, the feed is checked and read again where needed; returns the cards
        /// that recovers, or null.
        /// </summary>
        private async Task<IReadOnlyList<GalleryCard>?> EndAsync(Ending end, int number, bool inDoubt)
        {
            Close(end);
            if (inDoubt)
            {
                _feedCheck.EndedInDoubt(number);
            }

            (List<GalleryCard> recovered, bool moved) = await _feedCheck.RecoverAsync(ReadAgainAsync, _seen, _options.Cutoff, _log, _cancel.Token).ConfigureAwait(false);
            if (end == Ending.RepeatedPage && !moved)
            {
                _log.Warning(string.Format(
                    CultureInfo.InvariantCulture,
                    "The listing ends at page {0}: the server answered it with cards already listed, as a server does that repeats its last page for every higher page number. If the gallery has more cards, run the command again with -Page {1} to read on from there.",
                    number,
                    number + 1));
            }

            return recovered.Count > 0 ? recovered : null;
        }

        private async Task<ListedPage> ReadAgainAsync(int page, CancellationToken cancellationToken)
        {
            ListedPage listed = await _fetch(page, cancellationToken).ConfigureAwait(false);
            PagesRead++;
            return listed;
        }

        private void FillWindow()
        {
            int window = Math.Max(1, Math.Min(_options.ThrottleLimit, _options.ConcurrencyLimit()));
            while (_inFlight.Count < window
                && _nextToIssue <= _lastPageAhead
                && !_window.IsCancellationRequested
                && !EndHasArrived()
                && _budget.AllowsAnother(_inFlight.Select(pending => pending.Task)))
            {
                Issue();
            }
        }

        /// <summary>An empty page that came back early, ahead of its turn, already says where the listing ends.</summary>
        private bool EndHasArrived() =>
            _inFlight.Any(pending => pending.Task.Status == TaskStatus.RanToCompletion && IsEnd(pending.Page));

        private bool IsEnd(ListedPage page) => page.Cards.Length == 0 || _options.Cutoff?.IsPastEnd(page.Cards) == true;

        private void Issue()
        {
            _window.Token.ThrowIfCancellationRequested();
            if (_nextToIssue > int.MaxValue)
            {
                return;
            }

            int page = (int)_nextToIssue++;

            // Every page taken from the window was answered, so only the last one still in it can be pending.
            bool sequential = _inFlight.Count == 0 || _inFlight.Last().Task.IsCompleted;
            _inFlight.Enqueue(new PendingPage(page, _fetch(page, _window.Token), sequential));
        }

        /// <summary>No more pages: what is still in flight is cancelled.</summary>
        private void Close(Ending end)
        {
            _end = end;
            _window.Cancel();
            ObserveInFlight();
        }

        private void ObserveInFlight()
        {
            foreach (PendingPage pending in _inFlight)
            {
                // Observe the cancelled requests so none reports an unobserved exception later.
                pending.Task.ContinueWith(t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
            }

            _inFlight.Clear();
        }

        public void Dispose()
        {
            _cancel.Cancel();
            ObserveInFlight();
            _window.Dispose();
            _cancel.Dispose();
        }

        private readonly struct PendingPage
        {
            public PendingPage(int number, Task<ListedPage> task, bool sequential)
            {
                Number = number;
                Task = task;
                Sequential = sequential;
            }

            public int Number { get; }

            public Task<ListedPage> Task { get; }

            /// <summary>Requested only after the page above it had answered, and so served after it.</summary>
            public bool Sequential { get; }

            public ListedPage Page => Task.Result;
        }
    }
}
