using System;
using System.Collections.Generic;
using System.Globalization;
using System.Management.Automation;
using Hyper3D.Client.Api;
using Hyper3D.Client.Listing;
using Hyper3D.Client.Pacing;
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
        private readonly PipedGroups _groups = new PipedGroups();
        private Action<string>? _debug;

        /// <summary>Recent by default; Group when -GroupUuid is given.</summary>
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

        /// <summary>
        /// One group's cards: implies -Type Group. A piped string binds here, and so does the GroupUuid (or Uuid) of a
        /// piped object; objects without one (cards of no group) are passed over. Not by property name as well: the
        /// transformation reads the property itself, and an empty column must bind as "no group", not as "".
        /// </summary>
        [Parameter(ValueFromPipeline = true)]
        [Alias("Uuid")]
        [GroupUuidTransformation]
        [ValidateGroupUuid]
        [ArgumentCompleter(typeof(GroupUuidCompleter))]
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

        /// <summary>
        /// The most page requests -All keeps in flight; fewer while the server's answers slow down (it queues) or it
        /// throttles, as the session's limit for the server adapts.
        /// </summary>
        [Parameter]
        [ValidateRange(1, ConcurrencyLimit.Maximum)]
        public int ThrottleLimit { get; set; } = ListingOptions.DefaultThrottleLimit;

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
            // -Debug sets the command's own preference, not the variable, so it is read first.
            bool debugging = MyInvocation.BoundParameters.TryGetValue("Debug", out object? debug)
                ? ((SwitchParameter)debug).IsPresent
                : GetVariableValue("DebugPreference") is ActionPreference preference && preference != ActionPreference.SilentlyContinue && preference != ActionPreference.Ignore;
            _debug = debugging ? Log.Debug : null;
        }

        protected override void ProcessRecord()
        {
            if (!_groups.Take(this, GroupUuid, MyInvocation.ExpectingInput))
            {
                return;
            }

            Hyper3DSession session = ResolveSession(Session);
            GalleryQuery query = GalleryQueryBinding.Bind(this, session);
            var plan = new ListingPlan(
                new QueryPages(session, query, Log, _debug),
                Page,
                new PagingWindow(PagingParameters.Skip, PagingParameters.First),
                Bound(nameof(Since)) ? Since : (DateTimeOffset?)null,
                Log);
            if (Wait)
            {
                Watch(session, plan);
            }
            else if (All || plan.Cutoff != null || (!Bound(nameof(Page)) && (Bound("First") || Bound("Skip"))))
            {
                ReadPages(session, plan, null);
            }
            else
            {
                ReadOnePage(session, plan);
            }
        }

        protected override void EndProcessing() => _groups.Finish(this);

        private void ReadOnePage(Hyper3DSession session, ListingPlan plan)
        {
            GalleryCard[] cards = Await(plan.Pages.CardsAsync(Page, CancelToken), session.BaseUri);
            WriteWithin(plan.Window, cards);
            if (PagingParameters.IncludeTotalCount)
            {
                WriteObject(PagingParameters.NewTotalCount((ulong)cards.Length, 1.0));
            }
        }

        /// <param name="listed">Told each batch of cards as it is written.</param>
        private void ReadPages(Hyper3DSession session, ListingPlan plan, Action<IReadOnlyList<GalleryCard>>? listed)
        {
            string activity = $"Get-Hyper3DGalleryCard -Type {plan.Pages.Query.Type}";
            var progress = new ProgressThrottle(this, 1, activity);
            var summary = new ListingSummary(() => session.Client.Retries);
            long written = 0;
            using GalleryListing reader = plan.Open(ThrottleLimit, CancelToken);
            long cardsListed = 0;

            while (!plan.Window.Full)
            {
                IReadOnlyList<GalleryCard>? cards = Await(reader.NextAsync(), session.BaseUri);
                if (cards == null)
                {
                    break;
                }

                cardsListed += cards.Count;
                written += WriteWithin(plan.Window, cards);
                listed?.Invoke(cards);
                progress.Update(() => $"Page {reader.LastPage}: {cardsListed} cards so far");
            }

            progress.Complete();

            WriteVerbose(summary.Describe(activity, reader, written));

            if (PagingParameters.IncludeTotalCount)
            {
                WriteObject(PagingParameters.NewTotalCount((ulong)cardsListed, reader.ReachedEnd ? 1.0 : 0.0));
            }
        }

        /// <summary>
        /// -Wait: with -Since, first every card later than it; then each new card as polls find it, until -First is
        /// met or the pipeline stops. Each poll ends with a progress line: what is watched, cards seen, last poll.
        /// </summary>
        private void Watch(Hyper3DSession session, ListingPlan plan)
        {
            FeedWatcher watcher = plan.Watch(TimeSpan.FromSeconds(PollIntervalSec));
            if (plan.Cutoff != null)
            {
                ReadPages(session, plan, watcher.RememberListed);
            }

            string activity = $"Get-Hyper3DGalleryCard -Wait: watching {plan.Listed} every {PollIntervalSec} s";
            ProgressRecord? progress = null;
            while (!plan.Window.Full)
            {
                IReadOnlyList<GalleryCard> cards = Await(watcher.NextAsync(CancelToken), session.BaseUri);
                string? lastPoll = watcher.LastPoll?.ToString("T", CultureInfo.CurrentCulture);
                progress = new ProgressRecord(2, activity, $"New cards seen: {watcher.CardsSeen}; last poll {lastPoll}{(watcher.LastPollFailed ? " failed, trying again" : string.Empty)}");
                WriteProgress(progress);
                WriteWithin(plan.Window, cards);
            }

            if (progress != null)
            {
                WriteProgress(new ProgressRecord(2, activity, progress.StatusDescription) { RecordType = ProgressRecordType.Completed });
            }
        }

        /// <returns>How many cards were written.</returns>
        private int WriteWithin(PagingWindow window, IEnumerable<GalleryCard> cards)
        {
            int written = 0;
            foreach (GalleryCard card in window.Admitted(cards))
            {
                WriteObject(card);
                written++;
            }

            return written;
        }

        private bool Bound(string parameter) => MyInvocation.BoundParameters.ContainsKey(parameter);
    }
}
