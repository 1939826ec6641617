using System.Text;
using Hyper3D.Client.Media;
using Hyper3D.Model;
using Hyper3D.Reports;

namespace Hyper3D.Tests;

public class ReportTests
{
    [Theory]
    [InlineData("<img src=x onerror=alert(1)>", "&lt;img src=x onerror=alert(1)&gt;")]
    [InlineData("</script><script>alert(1)</script>", "&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;")]
    [InlineData("\" onmouseover='x' a=\"", "&quot; onmouseover=&#39;x&#39; a=&quot;")]
    [InlineData("Café &amp; ドラゴン", "Café &amp;amp; ドラゴン")]
    [InlineData("line one\r\nline two\ttab", "line one\nline two\ttab")]
    [InlineData("nul\0 bell\a end", "nul\uFFFD bell\uFFFD end")]
    public void Text_is_escaped_so_it_can_only_read_as_text(string text, string expected)
    {
        Assert.Equal(expected, HtmlText.Escape(text));
    }

    [Fact]
    public void A_lone_surrogate_becomes_a_replacement_character_so_the_file_stays_valid_UTF8()
    {
        Assert.Equal("a\uFFFDb\uFFFD", HtmlText.Escape("a" + '\uD800' + "b" + '\uDC00'));
    }

    [Fact]
    public void Shortened_text_ends_with_an_ellipsis_and_never_splits_a_character()
    {
        Assert.Equal("ab\u2026", HtmlText.Escape("abcdef", 2));
        Assert.Equal("a\u2026", HtmlText.Escape("a\U0001F600b", 2));
        Assert.Equal("a\U0001F600\u2026", HtmlText.Escape("a\U0001F600b", 3));
    }

    [Theory]
    [InlineData("https://assets.example/a.webp", "https://assets.example/a.webp")]
    [InlineData(" http://assets.example/a b.png ", "http://assets.example/a%20b.png")]
    [InlineData("https://a.example/x\"><img src=y>", "https://a.example/x%22%3E%3Cimg%20src=y%3E")]
    [InlineData("javascript:alert(1)", null)]
    [InlineData("JAVASCRIPT:alert(1)", null)]
    [InlineData("data:text/html,<script>alert(1)</script>", null)]
    [InlineData("file:///etc/passwd", null)]
    [InlineData("/relative/path.png", null)]
    [InlineData("", null)]
    [InlineData(null, null)]
    public void Only_web_addresses_become_links(string? address, string? expected)
    {
        Assert.Equal(expected, HtmlText.WebAddress(address));
    }

    [Fact]
    public void Saved_files_are_found_by_TaskUuid_as_links_relative_to_the_report()
    {
        string root = Path.Combine(Path.GetTempPath(), "hyper3d-media-" + Guid.NewGuid().ToString("n"));
        string media = Path.Combine(root, "media files");
        Directory.CreateDirectory(media);
        try
        {
            File.WriteAllText(Path.Combine(media, "aaaa-image.png"), "x");
            File.WriteAllText(Path.Combine(media, "aaaa-video.mp4"), "x");
            // Named as Save-Hyper3DCardMedia names the files of a TaskUuid that is unsafe as a file name.
            File.WriteAllText(Path.Combine(media, MediaFileNames.Key("b/c", MediaKind.Image) + ".jpg"), "x");
            File.WriteAllText(Path.Combine(media, "notes.txt"), "x");
            var index = new SavedMediaLinks(media, root);
            Assert.Equal("media%20files/aaaa-image.png", index.Image("aaaa"));
            Assert.Equal("media%20files/aaaa-video.mp4", index.Video("aaaa"));
            Assert.Equal("media%20files/" + MediaFileNames.Key("b/c", MediaKind.Image) + ".jpg", index.Image("b/c"));
            Assert.Null(index.Image("b_c"));
            Assert.Null(index.Video("b/c"));
            Assert.Null(index.Image("zzzz"));
            Assert.Null(index.Image(null));
            Assert.Equal("aaaa-image.png", new SavedMediaLinks(media, media).Image("aaaa"));
            Assert.Equal("../media%20files/aaaa-image.png", new SavedMediaLinks(media, Path.Combine(root, "reports")).Image("aaaa"));
        }
        finally
        {
            Directory.Delete(root, true);
        }
    }

    [Fact]
    public void Activity_is_per_day_with_empty_days_then_per_week_then_per_month()
    {
        var days = new Dictionary<DateTime, int> { [new DateTime(2025, 10, 1)] = 3, [new DateTime(2025, 10, 4)] = 2 };
        (string unit, IReadOnlyList<ReportCharts.Bucket> buckets) = ReportCharts.Activity(days);
        Assert.Equal("day", unit);
        Assert.Equal(new[] { 3, 0, 0, 2 }, buckets.Select(b => b.Cards));

        days[new DateTime(2026, 3, 30)] = 1;
        (unit, buckets) = ReportCharts.Activity(days);
        Assert.Equal("week", unit);
        Assert.Equal(new DateTime(2025, 9, 29), buckets[0].Start);
        Assert.Equal(5, buckets[0].Cards);
        Assert.Equal(6, buckets.Sum(b => b.Cards));

        days[new DateTime(2028, 1, 15)] = 4;
        (unit, buckets) = ReportCharts.Activity(days);
        Assert.Equal("month", unit);
        Assert.Equal(new DateTime(2025, 10, 1), buckets[0].Start);
        Assert.Equal(new DateTime(2028, 1, 1), buckets[^1].Start);
        Assert.Equal(10, buckets.Sum(b => b.Cards));
    }

    [Fact]
    public void Ten_thousand_cards_stay_well_under_15_MB_and_each_is_written_as_it_comes()
    {
        var output = new CountingWriter();
        var report = new GalleryReportWriter(output, new ReportHeading { Title = "Size" }, media: null);
        report.Begin();
        long before = output.Length;
        for (int i = 0; i < 10_000; i++)
        {
            report.Add(new GalleryCard
            {
                TaskUuid = Guid.NewGuid().ToString(),
                Title = "Knight in \"gothic\" plate armour, number " + i,
                Prompt = new string('p', 400),
                Type = "Rodin",
                Step = "TextureRefine",
                NumLike = i,
                ImageUrl = "https://assets.hyper3d.example/cards/" + Guid.NewGuid() + "/preview.webp",
                VideoUrl = "https://assets.hyper3d.example/cards/" + Guid.NewGuid() + "/turntable.mp4",
            });

            // Nothing is held back for the end: every card is in the output once Add returns.
            Assert.True(output.Length > before);
            before = output.Length;
        }

        report.End();
        Assert.Equal(10_000, report.Cards);
        Assert.True(output.Length < 15 * 1024 * 1024 * 2 / 3, $"{output.Length:N0} characters");
    }

    private sealed class CountingWriter : TextWriter
    {
        public long Length { get; private set; }

        public override Encoding Encoding => Encoding.UTF8;

        public override void Write(char value) => Length++;

        public override void Write(string? value) => Length += value?.Length ?? 0;
    }
}
