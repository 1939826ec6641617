using System;
using System.Collections.Generic;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using Hyper3D.Model;

namespace Hyper3D.Client.Listing
{
    /// <summary>
    /// Watches a listing for new cards: each poll reads page 0, and the next page while a page holds any card not
    /// seen before (wherever on the page the seen ones are: a pinned or future-dated card stays above the new ones),
    /// so a burst larger than a page between two polls is caught whole. New cards come back oldest first,
    /// each once. A failure worth waiting out (network, throttling, 5xx) never ends the watch: it is reported, the
    /// next poll waits longer (at least the server's Retry-After), and the watch goes on; any other failure is thrown.
    /// </summary>
    internal sealed class FeedWatcher
    {
        private static readonly TimeSpan LongestBackoff = TimeSpan.FromMinutes(5);
        private static readonly TimeSpan LongestRetryAfter = TimeSpan.FromHours(1);

        private readonly Func<int, CancellationToken, Task<GalleryCard[]>> _fetch;
        private readonly TimeSpan _interval;
        private readonly string _listing;
        private readonly IClientLog _log;
        private readonly SeenHead _seen;
        private readonly bool _newestFirst;
        private bool _primed;
        private DateTime _due = DateTime.MinValue;
        private int _failures;

        /// <param name="fetch">Reads one page of the listing watched.</param>
        /// <param name="newestFirst">The listing is documented newest first (Recent).</param>
        /// <param name="since">
        /// Cards up to this instant are never new. Given, the watch is taken to follow a listing of every card later
        /// than it (see <see cref="RememberListed"/>); without it, the first poll only notes what is there already.
        /// </param>
        /// <param name="listing">How messages name the listing, e.g. "Recent".</param>
        public FeedWatcher(Func<int, CancellationToken, Task<GalleryCard[]>> fetch, TimeSpan pollInterval, bool newestFirst, DateTimeOffset? since, string listing, IClientLog log)
        {
            _fetch = fetch;
            _interval = pollInterval;
            _listing = listing;
            _log = log;
            _seen = new SeenHead(newestFirst, since);
            _newestFirst = newestFirst;
            _primed = since.HasValue;
        }

        /// <summary>New cards written so far.</summary>
        public long CardsSeen { get; private set; }

        /// <summary>When the last poll was answered or failed.</summary>
        public DateTimeOffset? LastPoll { get; private set; }

        /// <summary>Whether the last poll failed (and the next one waits longer).</summary>
        public bool LastPollFailed { get; private set; }

        /// <summary>Cards a listing already wrote, in its order: the watch will not write them again.</summary>
        public void RememberListed(IReadOnlyList<GalleryCard> cards) => _seen.Append(cards);

        /// <summary>
        /// Waits for the next poll and runs it: the cards that are new since the last one, oldest first (often none).
        /// </summary>
        public async Task<IReadOnlyList<GalleryCard>> NextAsync(CancellationToken cancellationToken)
        {
            TimeSpan wait = _due - DateTime.UtcNow;
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, cancellationToken).ConfigureAwait(false);
            }

            DateTime started = DateTime.UtcNow;
            List<GalleryCard> fresh;
            try
            {
                fresh = await PollAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Hyper3DException e) when (WorthWaitingOut(e))
            {
                _failures++;
                LastPoll = DateTimeOffset.Now;
                LastPollFailed = true;
                TimeSpan backoff = Backoff(e);
                _due = DateTime.UtcNow + backoff;
                _log.Warning(string.Format(CultureInfo.InvariantCulture, "Watching {0}: a poll failed ({1} in a row): {2} The watch goes on; next poll in {3:0.#} s.", _listing, _failures, e.Message, backoff.TotalSeconds));
                return Array.Empty<GalleryCard>();
            }

            _failures = 0;
            LastPoll = DateTimeOffset.Now;
            LastPollFailed = false;
            _due = started + _interval;
            if (!_primed)
            {
                _primed = true;
                return Array.Empty<GalleryCard>();
            }

            fresh.Reverse();
            CardsSeen += fresh.Count;
            return fresh;
        }

        /// <summary>One poll, whole or not at all: a failure on a later page keeps nothing, so the next poll starts over.</summary>
        private async Task<List<GalleryCard>> PollAsync(CancellationToken cancellationToken)
        {
            var met = new List<GalleryCard>();
            var metUuids = new HashSet<string>(StringComparer.Ordinal);
            var fresh = new List<GalleryCard>();
            for (int page = 0; ; page++)
            {
                GalleryCard[] cards = await _fetch(page, cancellationToken).ConfigureAwait(false);
                int unseen = 0;
                foreach (GalleryCard card in cards)
                {
                    // Met twice in one poll: new cards pushed it down a page while the poll read on.
                    if (!metUuids.Add(card.TaskUuid))
                    {
                        continue;
                    }

                    met.Add(card);
                    if (_primed && _seen.IsNew(card))
                    {
                        fresh.Add(card);
                        unseen++;
                    }
                }

                _seen.PageSize = Math.Max(_seen.PageSize, cards.Length);

                // Newest first, a page with no new card holds only cards met before or older than them: nothing new
                // lies below it. In another order an old card never met may look new at any depth, so the reading
                // ends at the first page that is not all new.
                bool readOn = _newestFirst ? unseen > 0 : unseen == cards.Length && cards.Length > 0;
                if (!readOn)
                {
                    break;
                }
            }

            _seen.Prepend(met);
            return fresh;
        }

        /// <summary>Network failures, throttling and server errors pass; a refused login or a bad answer does not.</summary>
        private static bool WorthWaitingOut(Hyper3DException e)
        {
            return e.IsTransient
                || e.Kind == ErrorKind.RateLimited
                || e.Kind == ErrorKind.Unavailable
                || e.Kind == ErrorKind.Timeout
                || e.Kind == ErrorKind.ConnectionFailed;
        }

        /// <summary>The poll interval, doubled per failure in a row up to five minutes, and never less than Retry-After.</summary>
        private TimeSpan Backoff(Hyper3DException e)
        {
            double doubled = _interval.TotalMilliseconds * Math.Pow(2, Math.Min(_failures - 1, 20));
            TimeSpan backoff = TimeSpan.FromMilliseconds(Math.Min(doubled, Math.Max(_interval.TotalMilliseconds, LongestBackoff.TotalMilliseconds)));
            if (e.RetryAfter is TimeSpan asked && asked > backoff)
            {
                backoff = asked < LongestRetryAfter ? asked : LongestRetryAfter;
            }

            return backoff;
        }
    }
}
