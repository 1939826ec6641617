using System;
using System.Collections.Generic;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using Hyper3D.Model;
using Hyper3D;
using Hyper3D.Client;
using Hyper3D.Client.Pacing;

namespace Hyper3D.Client.Listing
{
    /// <summary>
    /// Reads a whole listing: pages in order with several in flight, each TaskUuid once, nothing lost while the
    /// feed moves, and an end that always comes.
    /// </summary>
    /// <remarks>
    /// The listing ends at an empty page, at a page that brings no card not already returned (a server that
    /// answers its last page again for every higher number would otherwise be read forever), at the last page
    /// number the API can take, when its caller stops it, or when the session is closed. Pages fetched ahead stay
    /// within the origin's concurrency limit, the throttle limit and a memory budget; only the caller's thread
    /// issues requests, so a caller that stops asking stops the requests with it.
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
        private Task<ListedPage>? _lastIssued;
        private long _nextToIssue;
        private long _nextPage;
        private int _lastPageAhead;
        private long _handedCost;
        private long _largestCost;
        private bool _ended;
        private bool _checked;
        private int? _repeatedPage;
        private volatile bool _stopped;

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
            _nextToIssue = options.FirstPage;
            _nextPage = options.FirstPage;

            // Nothing is fetched ahead until the first page has answered: it tells the page size, so -First asks for
            // no more than it needs, and a dead server or a wrong base URI costs one request, not a window of them.
            _lastPageAhead = options.FirstPage;
        }

        /// <summary>The server's page size, known once the first page has arrived.</summary>
        public int? PageSize { get; private set; }

        /// <summary>The page number of the last page read from the listing itself.</summary>
        public int LastPage { get; private set; } = -1;

        public int CardsSeen => _seen.Count;

        /// <summary>Pages answered and used: in order, and those the check for a moved feed read again.</summary>
        public int PagesRead { get; private set; }

        /// <summary>Cards that came again on a later page (the feed moved) and were not handed out twice.</summary>
        public int DuplicatesSkipped { get; private set; }

        /// <summary>True once the listing reached the end of the feed (not a stop, a repeat or a failure).</summary>
        public bool ReachedEnd { get; private set; }

        /// <summary>
        /// Ends the listing now, from any thread: requests in flight are cancelled and <see cref="NextAsync"/>
        /// returns null from then on.
        /// </summary>
        public void Stop()
        {
            _stopped = true;
            try
            {
                _cancel.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // Already disposed: nothing is in flight to cancel.
            }
        }

        /// <summary>
        /// The next page's cards not returned before; after the last page, any cards the check for a moved feed
        /// recovers; then null.
        /// </summary>
        public async Task<IReadOnlyList<GalleryCard>?> NextAsync()
        {
            // The caller is done with what it was given last.
            _handedCost = 0;
            try
            {
                while (!_ended)
                {
                    IReadOnlyList<GalleryCard>? fresh = await ReadNextPageAsync().ConfigureAwait(false);
                    if (fresh != null)
                    {
                        return fresh;
                    }
                }

                if (_checked || _stopped)
                {
                    return null;
                }

                _checked = true;
                return await CheckEndAsync().ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (_stopped)
            {
                return null;
            }
        }

        /// <summary>Reads the next page in order; returns its new cards, or null when it had none (or ended the listing).</summary>
        private async Task<IReadOnlyList<GalleryCard>?> ReadNextPageAsync()
        {
            if (_stopped)
            {
                End();
                return null;
            }

            if (_nextPage > int.MaxValue)
            {
                End();
                throw new Hyper3DException(ErrorKind.InvalidArgument, string.Format(
                    CultureInfo.InvariantCulture,
                    "The listing reached page {0}, the highest page number the API takes, and that page was not the last: the cards after it cannot be listed. Start from a lower -Page.",
                    int.MaxValue));
            }

            int number = (int)_nextPage;
            PendingPage pending = await TakeNextAsync().ConfigureAwait(false);
            ListedPage page = pending.Page;
            _nextPage++;
            if (IsEnd(page))
            {
                _options.Cutoff?.Ended(number, atCutoff: page.Cards.Length > 0);
                if (!pending.Sequential)
                {
                    _feedCheck.EndedInDoubt(number);
                }

                ReachedEnd = true;
                End();
                return null;
            }

            LastPage = number;
            if (PageSize == null)
            {
                PageSize = page.Cards.Length;
                _lastPageAhead = _options.LastPageNeeded?.Invoke(page.Cards.Length) ?? int.MaxValue;
            }

            _feedCheck.Observe(number, page.Cards, pending.Sequential);
            _options.Cutoff?.Observe(page.Cards, number);
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
                _repeatedPage = number;
                _feedCheck.EndedInDoubt(number);
                End();
                return null;
            }

            _handedCost = page.Cost;
            FillWindow();
            return fresh.Count > 0 ? fresh : null;
        }

        /// <summary>The next page in order, issuing it if it is not in flight yet, and the window behind it.</summary>
        private async Task<PendingPage> TakeNextAsync()
        {
            if (_inFlight.Count == 0)
            {
                Issue();
            }

            FillWindow();
            PendingPage head = _inFlight.Dequeue();
            ListedPage page = await head.Task.ConfigureAwait(false);
            PagesRead++;
            if (page.Cost > _largestCost)
            {
                _largestCost = page.Cost;
            }

            return head;
        }

        private async Task<IReadOnlyList<GalleryCard>?> CheckEndAsync()
        {
            (List<GalleryCard> recovered, bool moved) = await _feedCheck.RecoverAsync(ReadAgainAsync, _seen, _options.Cutoff, _log, _cancel.Token).ConfigureAwait(false);
            if (_repeatedPage is int repeated && !moved)
            {
                _log.Warning(string.Format(
                    CultureInfo.InvariantCulture,
                    "The listing ends at page {0}: the server answered it with cards already listed, as a server does that repeats its last page for every higher page number. If the gallery has more cards, run the command again with -Page {1} to read on from there.",
                    repeated,
                    repeated + 1));
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
                && BudgetAllowsAnother())
            {
                Issue();
            }
        }

        /// <summary>
        /// Pages held ahead (answered, or in flight and costed as the largest page so far) and the page the caller
        /// is writing share the memory budget; one request may always be in flight, or the listing could not go on.
        /// </summary>
        private bool BudgetAllowsAnother()
        {
            if (_inFlight.Count == 0)
            {
                return true;
            }

            long held = _handedCost + _largestCost;
            foreach (PendingPage pending in _inFlight)
            {
                held += pending.Task.Status == TaskStatus.RanToCompletion ? pending.Task.Result.Cost : _largestCost;
            }

            return held <= _options.MemoryBudget;
        }

        /// <summary>An empty page that came back early, ahead of its turn, already says where the listing ends.</summary>
        private bool EndHasArrived()
        {
            foreach (PendingPage pending in _inFlight)
            {
                if (pending.Task.Status == TaskStatus.RanToCompletion && IsEnd(pending.Task.Result))
                {
                    return true;
                }
            }

            return false;
        }

        private bool IsEnd(ListedPage page) => page.Cards.Length == 0 || _options.Cutoff?.IsPastEnd(page.Cards) == true;

        private void Issue()
        {
            _window.Token.ThrowIfCancellationRequested();
            if (_nextToIssue > int.MaxValue)
            {
                return;
            }

            int page = (int)_nextToIssue++;
            bool sequential = _lastIssued == null || _lastIssued.IsCompleted;
            Task<ListedPage> task = _fetch(page, _window.Token);
            _lastIssued = task;
            _inFlight.Enqueue(new PendingPage(task, sequential));
        }

        /// <summary>No more pages: what is still in flight is cancelled.</summary>
        private void End()
        {
            _ended = true;
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
            public PendingPage(Task<ListedPage> task, bool sequential)
            {
                Task = task;
                Sequential = sequential;
            }

            public Task<ListedPage> Task { get; }

            /// <summary>Requested only after the page above it had answered, and so served after it.</summary>
            public bool Sequential { get; }

            public ListedPage Page => Task.Result;
        }
    }
}
