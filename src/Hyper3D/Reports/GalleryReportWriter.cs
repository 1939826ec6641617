using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using Hyper3D.Model;

namespace Hyper3D.Reports
{
    /// <summary>
    /// Writes the report as the cards come: the page head and each card go straight to the writer; what the
    /// totals and charts need is tallied on the way and written at the end (the page's layout shows it on top).
    /// </summary>
    internal sealed class GalleryReportWriter
    {
        private const int PromptLength = 300;

        /// <summary>No gallery card was made before this; an earlier date is a placeholder or a server's mistake.</summary>
        private static readonly DateTime EarliestCharted = new DateTime(2000, 1, 1);

        /// <summary>
        /// The first cards name their picture in src, so the top of the sheet shows even where scripts are off. The
        /// rest carry it in data-src for the page's script to load as they near the screen: Chromium requests every
        /// src of a long page, loading="lazy" or not, and ten thousand requests made the page take many seconds.
        /// </summary>
        private const int EagerPictures = 36;
        private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

        private readonly TextWriter _w;
        private readonly ReportHeading _heading;
        private readonly SavedMediaLinks? _media;
        private readonly ReportTally _tally;

        public GalleryReportWriter(TextWriter writer, ReportHeading heading, SavedMediaLinks? media)
        {
            _w = writer;
            _heading = heading;
            _media = media;

            // The chart spans the dates a card can really have: from 2000 to the day after the report is made.
            _tally = new ReportTally(EarliestCharted, Local(heading.MadeAt).Date.AddDays(1));
        }

        public int Cards => _tally.Cards;

        public void Begin()
        {
            _w.Write("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<meta http-equiv=\"Content-Security-Policy\" content=\"");
            _w.Write(ReportPage.ContentSecurityPolicy);
            _w.Write("\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<meta name=\"generator\" content=\"Hyper3D PowerShell module\">\n<title>");
            HtmlText.Write(_w, _heading.Title);
            _w.Write("</title>\n<style>");
            _w.Write(ReportPage.Style);
            _w.Write("</style></head>\n<body><div class=\"page\">\n<header class=\"head\"><h1>");
            HtmlText.Write(_w, _heading.Title);
            _w.Write("</h1>");
            if (!string.IsNullOrWhiteSpace(_heading.Description))
            {
                _w.Write("<p class=\"scope\">");
                HtmlText.Write(_w, _heading.Description);
                _w.Write("</p>");
            }

            _w.Write("<p>Made ");
            WriteTime(Local(_heading.MadeAt), "yyyy-MM-dd HH:mm");
            _w.Write($" · times in {ZoneName(_heading.MadeAt)}</p></header>\n");
            _w.Write("<div class=\"tools\" id=\"tools\" hidden><input type=\"search\" id=\"search\" placeholder=\"Search titles, authors, prompts, steps\" aria-label=\"Search cards\" autocomplete=\"off\">");
            _w.Write("<select id=\"order\" aria-label=\"Sort cards\"><option value=\"listed\">As listed</option><option value=\"newest\">Newest first</option><option value=\"likes\">Most liked</option><option value=\"author\">Author A-Z</option></select>");
            _w.Write("<output id=\"shown\"></output></div>\n<main class=\"grid\" id=\"grid\">\n");
        }

        public void Add(GalleryCard card)
        {
            DateTimeOffset? time = card.Instant.HasValue ? Local(card.Instant.Value) : (DateTimeOffset?)null;
            string? author = card.Author?.ToString();
            string? image = _media?.Image(card.TaskUuid) ?? HtmlText.WebAddress(card.ImageUrl);
            string? video = _media?.Video(card.TaskUuid) ?? HtmlText.WebAddress(card.VideoUrl);
            _tally.Add(time, card.Type, card.Step, author, card.NumLike, video != null);

            _w.Write("<article class=\"c\" data-t=\"");
            _w.Write(time.HasValue ? time.Value.ToUnixTimeMilliseconds().ToString(Invariant) : "0");
            _w.Write("\" data-l=\"");
            _w.Write(card.NumLike.ToString(Invariant));
            _w.Write("\" data-a=\"");
            HtmlText.Write(_w, author);
            _w.Write('"');
            if (!string.IsNullOrWhiteSpace(card.Prompt))
            {
                _w.Write(" title=\"");
                HtmlText.Write(_w, card.Prompt, PromptLength);
                _w.Write('"');
            }

            _w.Write('>');
            WritePicture(card, image, image ?? video);
            if (video != null)
            {
                _w.Write("<a class=\"v\" href=\"");
                HtmlText.Write(_w, video);
                _w.Write("\" target=\"_blank\" rel=\"noopener noreferrer\">&#9654; Video</a>");
            }

            if (string.IsNullOrWhiteSpace(card.Title))
            {
                _w.Write("<h3 class=\"none\">Untitled</h3>");
            }
            else
            {
                _w.Write("<h3>");
                HtmlText.Write(_w, card.Title!.Trim());
                _w.Write("</h3>");
            }

            _w.Write("<p class=\"by\"><b>");
            HtmlText.Write(_w, string.IsNullOrWhiteSpace(author) ? "unknown author" : author);
            _w.Write("</b><span class=\"likes\">&#9829; ");
            _w.Write(card.NumLike.ToString("N0", Invariant));
            _w.Write("</span></p><p class=\"when\">");
            if (time.HasValue)
            {
                _w.Write(time.Value.ToString("yyyy-MM-dd HH:mm", Invariant));
                _w.Write(" · ");
            }

            HtmlText.Write(_w, string.IsNullOrWhiteSpace(card.Step) ? ReportTally.Unknown : card.Step);
            _w.Write("</p></article>\n");
        }

        public void End()
        {
            if (_tally.Cards == 0)
            {
                _w.Write("</main>\n<p class=\"empty\">No cards were given to this report.</p>\n");
            }
            else
            {
                _w.Write("</main>\n");
            }

            WriteSummary();
            _w.Write("<footer class=\"foot\">Made with the Hyper3D PowerShell module (Export-Hyper3DGalleryReport). Pictures load from ");
            _w.Write(_media != null ? "the media folder beside this file, or the web" : "the web");
            _w.Write(" when shown.</footer>\n</div>\n<script>");
            _w.Write(ReportPage.Script);
            _w.Write("</script>\n</body></html>\n");
            _w.Flush();
        }

        private void WritePicture(GalleryCard card, string? image, string? link)
        {
            _w.Write(link != null ? "<a class=\"p\" target=\"_blank\" rel=\"noopener noreferrer\" href=\"" : "<div class=\"p");
            if (link != null)
            {
                HtmlText.Write(_w, link);
            }

            _w.Write("\" style=\"--h:");
            _w.Write(Hue(card.TaskUuid).ToString(Invariant));
            _w.Write("\" data-type=\"");
            HtmlText.Write(_w, string.IsNullOrWhiteSpace(card.Type) ? "Hyper3D" : card.Type, 24);
            _w.Write("\">");
            if (image != null)
            {
                _w.Write(_tally.Cards <= EagerPictures ? "<img loading=\"lazy\" decoding=\"async\" alt=\"\" src=\"" : "<img loading=\"lazy\" decoding=\"async\" alt=\"\" data-src=\"");
                HtmlText.Write(_w, image);
                _w.Write("\">");
            }

            _w.Write(link != null ? "</a>" : "</div>");
        }

        private void WriteSummary()
        {
            _w.Write("<section class=\"summary\" id=\"summary\"><div class=\"totals\">");
            WriteTotal(_tally.Cards, "Cards", "cards");
            WriteTotal(_tally.Authors, "Authors", "authors");
            WriteTotal(_tally.Likes, "Likes", "likes");
            WriteTotal(_tally.Videos, "With video", "videos");
            _w.Write("</div><div class=\"charts\">");

            (string unit, IReadOnlyList<ReportCharts.Bucket> buckets) = ReportCharts.Activity(_tally.Days);
            _w.Write($"<figure class=\"panel wide\" id=\"activity\"><figcaption>Cards per {unit}");
            if (_tally.First.HasValue && _tally.Last.HasValue)
            {
                _w.Write("<small>");
                WriteTime(_tally.First.Value, "d MMM yyyy HH:mm");
                _w.Write(" to ");
                WriteTime(_tally.Last.Value, "d MMM yyyy HH:mm");
                _w.Write("</small>");
            }

            if (_tally.Uncharted > 0)
            {
                _w.Write("<small>");
                _w.Write(string.Format(Invariant, "{0:N0} card{1} dated before 2000 or after today {2} not charted", _tally.Uncharted, _tally.Uncharted == 1 ? string.Empty : "s", _tally.Uncharted == 1 ? "is" : "are"));
                _w.Write("</small>");
            }

            _w.Write("</figcaption>");
            ReportCharts.WriteActivity(_w, unit, buckets);
            _w.Write("</figure>");
            WriteRanking("types", "Cards by type", _tally.Types);
            WriteRanking("steps", "Cards by step", _tally.Steps);
            WriteRanking("authors", "Top authors by cards", _tally.AuthorsByCards);
            WriteRanking("likes", "Top authors by likes", _tally.AuthorsByLikes);
            _w.Write("</div></section>\n");
        }

        private void WriteTotal(long value, string label, string id)
        {
            _w.Write($"<div class=\"total\" id=\"total-{id}\"><b>{value.ToString("N0", Invariant)}</b><span>{label}</span></div>");
        }

        private void WriteRanking(string id, string caption, IEnumerable<KeyValuePair<string, long>> ranked)
        {
            _w.Write($"<figure class=\"panel {id}\" id=\"{id}\"><figcaption>{caption}</figcaption>");
            ReportCharts.WriteRanking(_w, caption, ranked);
            _w.Write("</figure>");
        }

        private void WriteTime(DateTimeOffset time, string format)
        {
            _w.Write("<time datetime=\"");
            _w.Write(time.ToString("yyyy-MM-dd'T'HH:mm:sszzz", Invariant));
            _w.Write("\">");
            _w.Write(time.ToString(format, Invariant));
            _w.Write("</time>");
        }

        /// <summary>The instant in the report's zone; at the very ends of the calendar (year 1, year 9999), where the
        /// zone's offset would step outside it, the instant as the server gave it.</summary>
        private DateTimeOffset Local(DateTimeOffset instant)
        {
            DateTime utc = instant.UtcDateTime;
            return utc < DateTime.MinValue.AddDays(1) || utc > DateTime.MaxValue.AddDays(-1) ? instant : TimeZoneInfo.ConvertTime(instant, _heading.TimeZone);
        }

        private string ZoneName(DateTimeOffset at)
        {
            TimeSpan offset = _heading.TimeZone.GetUtcOffset(at);
            return "UTC" + (offset < TimeSpan.Zero ? "-" : "+") + offset.ToString("hh\\:mm", Invariant);
        }

        /// <summary>A colour per card for its placeholder, the same in every report.</summary>
        private static int Hue(string? taskUuid)
        {
            uint hash = 2166136261;
            foreach (char c in taskUuid ?? string.Empty)
            {
                hash = (hash ^ c) * 16777619;
            }

            return (int)(hash % 360);
        }
    }
}
