using CsCheck;
using Hyper3D.Client.Media;
using Hyper3D.Model;

namespace Hyper3D.Tests;

public class MediaFileNamesTests
{
    private static readonly string Folder = Path.Combine(Path.GetTempPath(), "hyper3d-names", "archive");

    [Fact]
    public void A_plain_task_uuid_is_the_file_name()
    {
        Assert.Equal("0f8fad5b-d9cb-469f-a165-70867728950e-image", MediaFileNames.Key("0f8fad5b-d9cb-469f-a165-70867728950e", MediaKind.Image));
        Assert.Equal("0f8fad5b-d9cb-469f-a165-70867728950e-video", MediaFileNames.Key("0f8fad5b-d9cb-469f-a165-70867728950e", MediaKind.Video));
    }

    [Theory]
    [InlineData("../escaped")]
    [InlineData("..")]
    [InlineData(".")]
    [InlineData("")]
    [InlineData("a/b")]
    [InlineData("a\\b")]
    [InlineData("/etc/passwd")]
    [InlineData("C:\\Windows\\x")]
    [InlineData(".hidden")]
    [InlineData("a\0b")]
    [InlineData("tab\there")]
    [InlineData("ドラゴン")]
    public void A_hostile_task_uuid_becomes_a_plain_name_inside_the_folder(string taskUuid)
    {
        string key = MediaFileNames.Key(taskUuid, MediaKind.Image);
        Assert.Matches("^[A-Za-z0-9_][A-Za-z0-9._-]*-image$", key);
        string path = MediaFileNames.Inside(Folder, MediaFileNames.FileName(key, "png"));
        Assert.Equal(Path.GetFullPath(Folder), Path.GetDirectoryName(path));
        Assert.Equal(Path.GetFullPath(Folder), Path.GetDirectoryName(MediaFileNames.Inside(Folder, MediaFileNames.PartialName(key))));
    }

    [Theory]
    [InlineData("CON")]
    [InlineData("con")]
    [InlineData("NUL")]
    [InlineData("com1")]
    [InlineData("LPT9")]
    [InlineData("aux.txt")]
    public void A_reserved_device_name_is_never_the_stem(string taskUuid)
    {
        string stem = MediaFileNames.Stem(taskUuid);
        Assert.StartsWith("_", stem);
        Assert.NotEqual(taskUuid, stem);
    }

    [Fact]
    public void A_long_task_uuid_is_cut_and_stays_distinct()
    {
        string a = MediaFileNames.Stem(new string('x', 300));
        string b = MediaFileNames.Stem(new string('x', 301));
        Assert.True(a.Length <= 90, a);
        Assert.NotEqual(a, b);
    }

    [Fact]
    public void Any_text_stays_inside_the_folder_and_two_ids_never_share_a_name()
    {
        Gen.Select(Gen.String, Gen.String).Sample((x, y) =>
        {
            string kx = MediaFileNames.Key(x, MediaKind.Video);
            string path = MediaFileNames.Inside(Folder, MediaFileNames.FileName(kx, "mp4"));
            Assert.Equal(Path.GetFullPath(Folder), Path.GetDirectoryName(path));
            Assert.False(kx.StartsWith(".", StringComparison.Ordinal));
            if (x != y)
            {
                Assert.NotEqual(kx, MediaFileNames.Key(y, MediaKind.Video));
            }
        });
    }

    [Theory]
    [InlineData("../x.png")]
    [InlineData("a/b.png")]
    [InlineData("..")]
    [InlineData("")]
    public void Inside_refuses_a_name_that_leaves_the_folder(string name)
    {
        Assert.Throws<ArgumentException>(() => MediaFileNames.Inside(Folder, name));
    }

    [Theory]
    [InlineData("https://cdn.example/c/1/preview.webp", "image/png", "webp")]
    [InlineData("https://cdn.example/c/1/PREVIEW.PNG?sig=abc.exe", null, "png")]
    [InlineData("https://cdn.example/c/1/model.tar.gz", null, "bin")]
    [InlineData("https://cdn.example/c/1/a.jpeg#x.mp4", null, "jpeg")]
    [InlineData("https://cdn.example/c/1/turntable", "video/mp4", "mp4")]
    [InlineData("https://cdn.example/c/1/turntable", "image/jpeg; charset=binary", "jpg")]
    [InlineData("https://cdn.example/c/1/x.toolong", "image/svg+xml", "bin")]
    [InlineData("https://cdn.example/c/1/x.hta", "image/png", "png")]
    [InlineData("https://cdn.example/c/1/x.exe", "text/html", "bin")]
    [InlineData("https://cdn.example/c/1/x.p%2fng", "video/quicktime", "mov")]
    [InlineData("https://cdn.example/c/1/x.é", "image/avif", "avif")]
    [InlineData("https://cdn.example/c.dir/file", "application/octet-stream", "bin")]
    [InlineData("https://cdn.example/c/1/file", "application/x-weird+thing", "bin")]
    [InlineData("https://cdn.example/c/1/file", null, "bin")]
    [InlineData("https://cdn.example/c/1/file.", "", "bin")]
    public void The_extension_comes_from_the_url_then_the_content_type_then_bin(string url, string? contentType, string expected)
    {
        Assert.Equal(expected, MediaFileNames.Extension(new Uri(url), contentType));
    }

    [Fact]
    public void Every_name_made_reads_back_as_its_stem_kind_and_extension()
    {
        Gen.Select(Gen.String, Gen.Bool).Sample((taskUuid, video) =>
        {
            MediaKind kind = video ? MediaKind.Video : MediaKind.Image;
            string key = MediaFileNames.Key(taskUuid, kind);

            Assert.True(MediaFileNames.TryParse(MediaFileNames.FileName(key, "webm"), out string parsedKey, out string extension));
            Assert.Equal((key, "webm"), (parsedKey, extension));
            Assert.True(MediaFileNames.TryParseKey(parsedKey, out string stem, out MediaKind parsedKind));
            Assert.Equal((MediaFileNames.Stem(taskUuid), kind), (stem, parsedKind));
        });
    }

    [Theory]
    [InlineData("Card-X-image.png")]
    [InlineData("card-x-image")]
    [InlineData("card-x-image.")]
    [InlineData("-image.png")]
    [InlineData(".card-x-image.png")]
    [InlineData("card-x-thumb.png")]
    [InlineData("card-x-image.png.hta")]
    [InlineData(".card-x-image.hyper3d-partial")]
    [InlineData(MediaFileNames.IndexFileName)]
    public void A_name_the_rule_never_makes_does_not_read_back(string name)
    {
        Assert.False(MediaFileNames.TryParse(name, out _, out _));
    }
}
