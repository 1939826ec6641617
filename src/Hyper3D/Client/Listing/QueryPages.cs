using System;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Hyper3D.Client.Api;
using Hyper3D.Model;

namespace Hyper3D.Client.Listing
{
    /// <summary>
    /// The pages of one query from one session. Each page is named in a verbose line with its filters and timing, and
    /// the groups on it are remembered for -GroupUuid completion. Pages are read in parallel, so nothing here counts
    /// them: the listing that asked for them does.
    /// </summary>
    internal sealed class QueryPages
    {
        private readonly Hyper3DSession _session;
        private readonly IClientLog _log;
        private readonly Action<string>? _debug;

        /// <param name="debug">Told each request's body, when the caller asked for debug lines: the token travels in a header, never in the body.</param>
        public QueryPages(Hyper3DSession session, GalleryQuery query, IClientLog log, Action<string>? debug)
        {
            _session = session;
            Query = query;
            _log = log;
            _debug = debug;
        }

        public GalleryQuery Query { get; }

        /// <summary>The server's adaptive limit on requests at once, as it stands now.</summary>
        public int ConcurrencyLimit => _session.Client.Pacers.For(_session.Client.CardsUri).ConcurrencyLimit;

        public async Task<ListedPage> FetchAsync(int page, CancellationToken cancellationToken)
        {
            _debug?.Invoke($"Page {page}: POST {_session.Client.CardsUri} {Encoding.UTF8.GetString(Query.ToBody(page))}");
            var clock = Stopwatch.StartNew();
            ListedPage listed = await _session.Client.ListPageAsync(Query, page, _log, cancellationToken).ConfigureAwait(false);
            _session.Groups.Remember(listed.Cards);
            _log.Verbose(string.Format(CultureInfo.InvariantCulture, "Page {0} of {1}: {2} cards in {3} ms.", page, Query, listed.Cards.Length, clock.ElapsedMilliseconds));
            return listed;
        }

        public async Task<GalleryCard[]> CardsAsync(int page, CancellationToken cancellationToken) =>
            (await FetchAsync(page, cancellationToken).ConfigureAwait(false)).Cards;
    }
}
