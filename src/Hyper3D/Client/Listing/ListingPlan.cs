using System;
using System.Threading;
using Hyper3D.Client.Api;
using Hyper3D.Model;

namespace Hyper3D.Client.Listing
{
    /// <summary>
    /// One listing as its caller asked for it (the query, the first page, -Skip/-First, -Since) and the rules that follow
    /// from it: which galleries come newest first, which cards -Since keeps and where it ends, how far ahead pages are
    /// fetched. The listing and the watch are built from it, so each rule is decided here once.
    /// </summary>
    internal sealed class ListingPlan
    {
        private readonly IClientLog _log;

        public ListingPlan(QueryPages pages, int firstPage, PagingWindow window, DateTimeOffset? since, IClientLog log)
        {
            Pages = pages;
            FirstPage = firstPage;
            Window = window;
            _log = log;

            // The API documents an order for Recent only.
            NewestFirst = pages.Query.Type == GalleryType.Recent;
            Cutoff = since is DateTimeOffset instant ? new SinceCutoff(instant, NewestFirst, pages.Query.Type.ToString(), log) : null;
        }

        public QueryPages Pages { get; }

        public int FirstPage { get; }

        /// <summary>-Skip and -First over every card written, however many pages (and polls) they span.</summary>
        public PagingWindow Window { get; }

        public bool NewestFirst { get; }

        public SinceCutoff? Cutoff { get; }

        /// <summary>How messages name what is listed: "Recent", "group 0f3c…".</summary>
        public string Listed => Pages.Query.Type == GalleryType.Group ? $"group {Pages.Query.GroupUuid}" : Pages.Query.Type.ToString();

        /// <summary>
        /// Given the page size, the last page worth fetching before it is asked for. With -Since, a listing that is not
        /// newest first learns page by page where it may end: nothing is fetched ahead of the page asked for.
        /// </summary>
        public int LastPageNeeded(int pageSize) =>
            Cutoff == null || NewestFirst ? Window.LastPageNeeded(FirstPage, pageSize) : FirstPage;

        /// <summary>Every page from the first, several in flight, within the throttle limit and the server's own.</summary>
        public GalleryListing Open(int throttleLimit, CancellationToken cancellationToken)
        {
            var options = new ListingOptions
            {
                FirstPage = FirstPage,
                ThrottleLimit = throttleLimit,
                ConcurrencyLimit = () => Pages.ConcurrencyLimit,
                LastPageNeeded = LastPageNeeded,
                Cutoff = Cutoff,
            };
            return new GalleryListing(Pages.FetchAsync, options, _log, cancellationToken);
        }

        /// <summary>A watch of the head of the listing, past -Since when it was given.</summary>
        public FeedWatcher Watch(TimeSpan pollInterval) =>
            new FeedWatcher(Pages.CardsAsync, pollInterval, NewestFirst, Cutoff?.Since, Listed, _log);
    }
}
