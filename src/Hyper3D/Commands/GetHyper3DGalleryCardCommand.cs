using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Management.Automation;
using Hyper3D.Client;
using Hyper3D.Model;

namespace Hyper3D.Commands
{
    /// <summary>
    /// Get-Hyper3DGalleryCard: one page of a gallery, or with -All (or -First/-Skip without -Page) every page
    /// in order, several fetched ahead in parallel, each card written once as its page arrives. -Since keeps the
    /// cards later than an instant and reads only as far as needed; -Wait then watches for new cards until stopped.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "Hyper3DGalleryCard", SupportsPaging = true)]
    [OutputType(typeof(GalleryCard))]
    public sealed class GetHyper3DGalleryCardCommand : Hyper3DCmdlet
    {
        private static readonly TimeSpan ProgressInterval = TimeSpan.FromMilliseconds(250);

        [Parameter(Position = 0)]
        public GalleryType Type { get; set; } = GalleryType.Recent;

        /// <summary>The API's user_type.</summary>
        [Parameter]
        public CardStatusType Status { get; set; }

        [Parameter]
        public TaskType TaskType { get; set; }

        /// <summary>The API's task_step: cards at any of these steps.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public TaskStep[]? Step { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("Uuid")]
        [ValidateNotNullOrEmpty]
        public string? GroupUuid { get; set; }

        /// <summary>The API's tag_ids: cards with any of these tags.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        [ValidateRange(0, int.MaxValue)]
        public int[]? TagId { get; set; }

        /// <summary>The API's user_override, passed through as given (the API does not document it).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? UserOverride { get; set; }

        /// <summary>The API's is_hidden, sent only when given.</summary>
        [Parameter]
        public bool IsHidden { get; set; }

        /// <summary>The page to read (from 0). Without -All, only this page.</summary>
        [Parameter]
        [ValidateRange(0, int.MaxValue)]
        public int Page { get; set; }

        [Parameter]
        public SwitchParameter All { get; set; }

        /// <summary>The most page requests -All keeps in flight; fewer, more slowly, while the server throttles.</summary>
        [Parameter]
        [ValidateRange(1, 16)]
        public int ThrottleLimit { get; set; } = 6;

        [Parameter]
        [ValidateNotNull]
        public Hyper3DSession? Session { get; set; }

        /// <summary>Only cards whose time is strictly later than this instant (a [datetime] of any Kind binds too).</summary>
        [Parameter]
        public DateTimeOffset Since { get; set; }

        /// <summary>Watch the listing and write each new card as it appears, until stopped.</summary>
        [Parameter]
        public SwitchParameter Wait { get; set; }

        /// <summary>Seconds between two polls of -Wait.</summary>
        [Parameter]
        [ValidateRange(1, 3600)]
        public int PollIntervalSec { get; set; } = 10;

        protected override void BeginProcessing()
        {
            WaitParameters.Refuse(this, Wait, Bound);
        }

        protected override void ProcessRecord()
        {
            Hyper3DSession session = ResolveSession(Session);
            GalleryQuery query = BuildQuery();
            RefuseWithoutLogin(session, query);

            SinceCutoff? cutoff = Bound(nameof(Since)) ? new SinceCutoff(Since, query.Type == GalleryType.Recent, query.Type.ToString(), Log) : null;
            bool spansPages = All || cutoff != null || (!Bound(nameof(Page)) && (Bound("First") || Bound("Skip")));
            if (Wait)
            {
                Watch(session, query, cutoff);
            }
            else if (spansPages)
            {
                var window = new PagingWindow(PagingParameters.Skip, PagingParameters.First);
                ReadPages(session, query, cutoff, window, null);
            }
            else
            {
                ReadOnePage(session, query);
            }
        }

        private GalleryQuery BuildQuery()
        {
            if (Type == GalleryType.Group && string.IsNullOrEmpty(GroupUuid))
            {
                ThrowTerminatingError(ErrorRecordFactory.Create(
                    "GroupUuidRequired",
                    ErrorCategory.InvalidArgument,
                    "-Type Group lists one group's cards, and no -GroupUuid was given.",
                    "Pass -GroupUuid (or pipe objects with a GroupUuid or Uuid property).",
                    Type));
            }

            return new GalleryQuery
            {
                Type = Type,
                Status = Bound(nameof(Status)) ? Status : (CardStatusType?)null,
                TaskType = Bound(nameof(TaskType)) ? TaskType : (TaskType?)null,
                Steps = Step,
                GroupUuid = GroupUuid,
                TagIds = TagId,
                UserOverride = UserOverride,
                IsHidden = Bound(nameof(IsHidden)) ? IsHidden : (bool?)null,
            };
        }

        private void RefuseWithoutLogin(Hyper3DSession session, GalleryQuery query)
        {
            if (query.NeedsLogin && !session.IsAuthenticated)
            {
                string what = query.Type == GalleryType.Mine || query.Type == GalleryType.Group
                    ? $"-Type {query.Type}"
                    : $"-Status {query.Status}";
                ThrowTerminatingError(ErrorRecordFactory.Create(
                    "LoginRequired",
                    ErrorCategory.AuthenticationError,
                    $"{what} lists a signed-in user's cards, and the session to {session.BaseUri} is anonymous.",
                    "Run Connect-Hyper3D -Credential (Get-Credential) (or -Token) first.",
                    query.Type));
            }
        }

        private void ReadOnePage(Hyper3DSession session, GalleryQuery query)
        {
            GalleryCard[] cards = Await(session.Client.GetCardsPageAsync(query, Page, Log, CancelToken), session.BaseUri);
            WriteWithin(new PagingWindow(PagingParameters.Skip, PagingParameters.First), cards);
            if (PagingParameters.IncludeTotalCount)
            {
                WriteObject(PagingParameters.NewTotalCount((ulong)cards.Length, 1.0));
            }
        }

        /// <param name="listed">Told each batch of cards as it is written.</param>
        private void ReadPages(Hyper3DSession session, GalleryQuery query, SinceCutoff? cutoff, PagingWindow window, Action<IReadOnlyList<GalleryCard>>? listed)
        {
            string activity = $"Get-Hyper3DGalleryCard -Type {query.Type}";
            ProgressRecord? progress = null;
            var sinceProgress = Stopwatch.StartNew();

            var options = new ListingOptions
            {
                FirstPage = Page,
                ThrottleLimit = ThrottleLimit,

                // With -Since, a listing that is not newest first learns page by page where it may end: nothing is
                // fetched ahead of the page asked for.
                LastPageNeeded = cutoff == null || query.Type == GalleryType.Recent ? pageSize => window.LastPageNeeded(Page, pageSize) : _ => Page,
                Cutoff = cutoff,
            };
            using var reader = new GalleryListing(
                (page, token) => session.Client.ListPageAsync(query, page, Log, token),
                options,
                Log,
                CancelToken);
            long cardsListed = 0;

            while (!window.Full)
            {
                IReadOnlyList<GalleryCard>? cards = Await(reader.NextAsync(), session.BaseUri);
                if (cards == null)
                {
                    break;
                }

                cardsListed += cards.Count;
                WriteWithin(window, cards);
                listed?.Invoke(cards);
                if (sinceProgress.Elapsed >= ProgressInterval)
                {
                    // A new record each time: the host may keep the ones it was given.
                    progress = new ProgressRecord(1, activity, $"Page {reader.LastPage}: {cardsListed} cards so far");
                    WriteProgress(progress);
                    sinceProgress.Restart();
                }
            }

            if (progress != null)
            {
                WriteProgress(new ProgressRecord(1, activity, progress.StatusDescription) { RecordType = ProgressRecordType.Completed });
            }

            if (PagingParameters.IncludeTotalCount)
            {
                WriteObject(PagingParameters.NewTotalCount((ulong)cardsListed, reader.ReachedEnd ? 1.0 : 0.0));
            }
        }

        /// <summary>
        /// -Wait: with -Since, first every card later than it; then each new card as polls find it, until -First is
        /// met or the pipeline stops. Each poll ends with a progress line: what is watched, cards seen, last poll.
        /// </summary>
        private void Watch(Hyper3DSession session, GalleryQuery query, SinceCutoff? cutoff)
        {
            var window = new PagingWindow(0, PagingParameters.First);
            string watched = query.Type == GalleryType.Group ? $"group {query.GroupUuid}" : query.Type.ToString();
            var watcher = new FeedWatcher(
                (page, token) => session.Client.GetCardsPageAsync(query, page, Log, token),
                TimeSpan.FromSeconds(PollIntervalSec),
                query.Type == GalleryType.Recent,
                cutoff?.Since,
                watched,
                Log);
            if (cutoff != null)
            {
                ReadPages(session, query, cutoff, window, watcher.RememberListed);
            }

            string activity = $"Get-Hyper3DGalleryCard -Wait: watching {watched} every {PollIntervalSec} s";
            ProgressRecord? progress = null;
            while (!window.Full)
            {
                IReadOnlyList<GalleryCard> cards = Await(watcher.NextAsync(CancelToken), session.BaseUri);
                string? lastPoll = watcher.LastPoll?.ToString("T", System.Globalization.CultureInfo.CurrentCulture);
                progress = new ProgressRecord(2, activity, $"New cards seen: {watcher.CardsSeen}; last poll {lastPoll}{(watcher.LastPollFailed ? " failed, trying again" : string.Empty)}");
                WriteProgress(progress);
                WriteWithin(window, cards);
            }

            if (progress != null)
            {
                WriteProgress(new ProgressRecord(2, activity, progress.StatusDescription) { RecordType = ProgressRecordType.Completed });
            }
        }

        private void WriteWithin(PagingWindow window, IEnumerable<GalleryCard> cards)
        {
            foreach (GalleryCard card in cards)
            {
                if (window.Full)
                {
                    return;
                }

                if (window.Admit())
                {
                    WriteObject(card);
                }
            }
        }

        private bool Bound(string parameter) => MyInvocation.BoundParameters.ContainsKey(parameter);
    }
}
