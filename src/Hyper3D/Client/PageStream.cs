using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace Hyper3D.Client
{
    /// <summary>
    /// Reads pages in order while keeping up to <c>throttleLimit</c> requests in flight. Pages are handed out
    /// strictly in page order; no request is issued past the first empty page, past
    /// <see cref="SpeculativeLimit"/> (unless asked for), or after disposal, which cancels whatever is in flight.
    /// Only the caller's thread issues requests, so a stopped consumer stops the requests with it.
    /// </summary>
    public sealed class PageStream<TPage> : IDisposable
    {
        private readonly Func<int, CancellationToken, Task<TPage>> _fetch;
        private readonly Func<TPage, bool> _isEmpty;
        private readonly int _throttleLimit;
        private readonly CancellationTokenSource _cancel;
        private readonly Queue<(Task<TPage> Task, bool AfterPrevious)> _inFlight = new Queue<(Task<TPage>, bool)>();
        private Task<TPage>? _lastIssued;
        private int _nextToIssue;
        private bool _ended;

        public PageStream(
            Func<int, CancellationToken, Task<TPage>> fetch,
            Func<TPage, bool> isEmpty,
            int firstPage,
            int throttleLimit,
            CancellationToken cancellationToken)
        {
            if (throttleLimit < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(throttleLimit));
            }

            _fetch = fetch;
            _isEmpty = isEmpty;
            _throttleLimit = throttleLimit;
            _nextToIssue = firstPage;
            NextPage = firstPage;
            _cancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        }

        /// <summary>The highest page number worth requesting before it is needed.</summary>
        public int SpeculativeLimit { get; set; } = int.MaxValue;

        /// <summary>The page number the next <see cref="NextAsync"/> returns.</summary>
        public int NextPage { get; private set; }

        /// <summary>
        /// Whether the page <see cref="NextAsync"/> returned last was requested only after its predecessor's answer
        /// had arrived, and so was served after it.
        /// </summary>
        public bool LastWasSequential { get; private set; }

        /// <summary>The next page in order, or an empty one at the end.</summary>
        public async Task<TPage> NextAsync()
        {
            if (_ended)
            {
                throw new InvalidOperationException("The listing has ended.");
            }

            if (_inFlight.Count == 0)
            {
                Issue();
            }

            FillWindow();
            (Task<TPage> head, bool afterPrevious) = _inFlight.Dequeue();
            TPage page = await head.ConfigureAwait(false);
            LastWasSequential = afterPrevious;
            NextPage++;
            if (_isEmpty(page))
            {
                _ended = true;
                _cancel.Cancel();
            }
            else
            {
                FillWindow();
            }

            return page;
        }

        private void FillWindow()
        {
            while (_inFlight.Count < _throttleLimit && _nextToIssue <= SpeculativeLimit && !_cancel.IsCancellationRequested && !EndHasArrived())
            {
                Issue();
            }
        }

        /// <summary>An empty page that came back early, ahead of its turn, already says where the listing ends.</summary>
        private bool EndHasArrived()
        {
            foreach ((Task<TPage> task, bool _) in _inFlight)
            {
                if (task.Status == TaskStatus.RanToCompletion && _isEmpty(task.Result))
                {
                    return true;
                }
            }

            return false;
        }

        private void Issue()
        {
            _cancel.Token.ThrowIfCancellationRequested();
            int page = _nextToIssue++;
            bool afterPrevious = _lastIssued == null || _lastIssued.IsCompleted;
            Task<TPage> task = _fetch(page, _cancel.Token);
            _lastIssued = task;
            _inFlight.Enqueue((task, afterPrevious));
        }

        public void Dispose()
        {
            _cancel.Cancel();
            foreach ((Task<TPage> task, bool _) in _inFlight)
            {
                // Observe the cancelled requests so none reports an unobserved exception later.
                task.ContinueWith(t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
            }

            _inFlight.Clear();
            _cancel.Dispose();
        }
    }
}
