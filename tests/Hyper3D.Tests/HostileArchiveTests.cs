using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Hyper3D.Client;
using Hyper3D.Client.Media;
using Hyper3D.Model;

namespace Hyper3D.Tests;

/// <summary>What a hostile folder or server does to the archive: every case here corrupted or hung a run once.</summary>
public sealed class HostileArchiveTests : IDisposable
{
    private static readonly Uri Url = new("https://cdn.example/cards/1/preview.webp");
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "hyper3d-hostile-" + Guid.NewGuid().ToString("N"));
    private readonly string _outside = Path.Combine(Path.GetTempPath(), "hyper3d-outside-" + Guid.NewGuid().ToString("N"));

    public HostileArchiveTests()
    {
        Directory.CreateDirectory(_folder);
        Directory.CreateDirectory(_outside);
    }

    public void Dispose()
    {
        Directory.Delete(_folder, recursive: true);
        Directory.Delete(_outside, recursive: true);
    }

    private string InFolder(string name) => Path.Combine(_folder, name);

    private async Task<List<MediaResult>> SaveAsync(HttpMessageHandler handler, int retries, params MediaJob[] jobs)
    {
        using var client = new Hyper3DClient(new ClientOptions { BaseUri = new Uri("https://api.example/api"), MaximumRetryCount = retries, RetryInterval = TimeSpan.Zero });
        using var archive = new MediaArchive(client, _folder, 2, force: false, NullClientLog.Instance, CancellationToken.None, handler);
        foreach (MediaJob job in jobs)
        {
            archive.Start(job);
        }

        var results = new List<MediaResult>();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (results.Count < jobs.Length)
        {
            if (archive.TryTakeResult(out MediaResult result))
            {
                results.Add(result);
            }
            else
            {
                await archive.WaitForResultAsync(TimeSpan.FromMilliseconds(200)).WaitAsync(deadline.Token);
            }
        }

        Assert.Null(await archive.CloseAsync());
        return results;
    }

    private static MediaJob Job(string uuid = "card-1", Uri? url = null) => new(uuid, MediaKind.Image, url ?? Url);

    private static HttpResponseMessage Whole(byte fill, int length, string etag = "\"v1\"", string type = "image/webp")
    {
        var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(Enumerable.Repeat(fill, length).ToArray()) };
        response.Content.Headers.ContentType = new MediaTypeHeaderValue(type);
        response.Headers.ETag = new EntityTagHeaderValue(etag);
        return response;
    }

    private void WriteIndex(string filesJson, int version = 1, bool byteOrderMark = false) =>
        File.WriteAllText(InFolder(MediaFileNames.IndexFileName), $"{{\"version\":{version},\"files\":{filesJson}}}", new UTF8Encoding(byteOrderMark));

    [Fact]
    public async Task A_null_entry_in_the_index_neither_hangs_the_run_nor_fails_a_card()
    {
        WriteIndex("{\"card-1-image\":null,\"card-2-image\":{\"file\":null,\"complete\":true}}");

        List<MediaResult> results = await SaveAsync(new FakeHandler((_, _) => Whole(1, 100)), 0, Job("card-1"), Job("card-2"));

        Assert.All(results, r => Assert.Null(r.Failure));
        Assert.Equal(100, new FileInfo(InFolder("card-1-image.webp")).Length);
        Assert.Equal(100, new FileInfo(InFolder("card-2-image.webp")).Length);
    }

    [Fact]
    public async Task A_failure_the_downloader_did_not_expect_becomes_that_files_result()
    {
        MediaResult result = Assert.Single(await SaveAsync(new FakeHandler((_, _) => throw new NullReferenceException("a bug")), 0, Job()));

        Assert.IsType<NullReferenceException>(result.Failure);
        Assert.False(File.Exists(InFolder("card-1-image.webp")));
    }

    [Theory]
    [InlineData("mynotes.txt")]
    [InlineData("../x")]
    [InlineData("card-1-image.hta")]
    [InlineData("/etc/passwd")]
    public async Task An_entry_that_names_a_file_the_archive_never_writes_is_ignored_and_the_file_left_alone(string named)
    {
        File.WriteAllText(InFolder("mynotes.txt"), "keep me");
        WriteIndex($"{{\"card-1-image\":{{\"file\":\"{named}\",\"length\":7,\"complete\":true}}}}", byteOrderMark: named == "mynotes.txt");

        MediaIndex index = MediaIndex.Load(_folder, out string? warning);
        Assert.Null(index.Get("card-1-image"));
        Assert.Contains("did not name a file this archive writes", warning);

        List<MediaResult> results = await SaveAsync(new FakeHandler((_, _) => Whole(1, 100)), 0, Job());
        Assert.Null(Assert.Single(results).Failure);
        Assert.Equal("keep me", File.ReadAllText(InFolder("mynotes.txt")));
        Assert.Equal(100, new FileInfo(InFolder("card-1-image.webp")).Length);
    }

    [Fact]
    public void Fields_a_newer_module_wrote_are_kept_and_the_run_says_so()
    {
        WriteIndex("{\"card-1-image\":{\"file\":\"card-1-image.webp\",\"complete\":true,\"sha256\":\"abc\"},\"card-1-model\":{\"file\":\"card-1-model.glb\"}},\"shelves\":[1,2]", version: 2);

        MediaIndex index = MediaIndex.Load(_folder, out string? warning);
        Assert.Contains("newer version", warning);
        index.Set("card-2-image", new MediaIndexEntry { File = "card-2-image.png", Complete = true });
        index.Save();

        string saved = File.ReadAllText(InFolder(MediaFileNames.IndexFileName));
        Assert.Contains("\"version\":2", saved);
        Assert.Contains("\"sha256\":\"abc\"", saved);
        Assert.Contains("\"shelves\":[1,2]", saved);
        Assert.Contains("\"card-1-model\":{\"file\":\"card-1-model.glb\"", saved);
        Assert.Null(index.Get("card-1-model"));
        Assert.Equal(2, index.CompleteCount);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_link_at_the_partial_name_is_removed_not_written_through(bool resuming)
    {
        // Dangling, the link would create a file outside; to a file, a resume would append to it.
        string victim = Path.Combine(_outside, "victim.txt");
        if (resuming)
        {
            File.WriteAllText(victim, "outside");
            WriteIndex("{\"card-1-image\":{\"file\":\"card-1-image.webp\",\"etag\":\"\\\"v1\\\"\",\"length\":100,\"complete\":false}}");
        }

        File.CreateSymbolicLink(InFolder(MediaFileNames.PartialName("card-1-image")), victim);

        List<MediaResult> results = await SaveAsync(new FakeHandler((_, _) => Whole(1, 100)), 0, Job());

        Assert.Null(Assert.Single(results).Failure);
        Assert.Equal(resuming ? new[] { "victim.txt" } : Array.Empty<string>(), Directory.GetFiles(_outside).Select(Path.GetFileName));
        if (resuming)
        {
            Assert.Equal("outside", File.ReadAllText(victim));
        }

        var final = new FileInfo(InFolder("card-1-image.webp"));
        Assert.Null(final.LinkTarget);
        Assert.Equal(100, final.Length);
    }

    [Fact]
    public async Task A_link_at_the_final_name_is_replaced_and_its_target_kept()
    {
        string victim = Path.Combine(_outside, "victim.webp");
        File.WriteAllText(victim, "outside");
        File.CreateSymbolicLink(InFolder("card-1-image.webp"), victim);
        WriteIndex("{\"card-1-image\":{\"file\":\"card-1-image.webp\",\"etag\":\"\\\"v1\\\"\",\"length\":7,\"complete\":true}}");
        var conditional = new List<bool>();

        List<MediaResult> results = await SaveAsync(
            new FakeHandler((request, _) =>
            {
                conditional.Add(request.Headers.IfNoneMatch.Count > 0);
                return Whole(1, 100);
            }),
            0,
            Job());

        Assert.Null(Assert.Single(results).Failure);
        Assert.Equal(new[] { false }, conditional);
        Assert.Equal("outside", File.ReadAllText(victim));
        Assert.Null(new FileInfo(InFolder("card-1-image.webp")).LinkTarget);
    }

    [Fact]
    public async Task A_206_of_another_version_is_not_spliced_on_the_saved_bytes()
    {
        File.WriteAllBytes(InFolder(MediaFileNames.PartialName("card-1-image")), Enumerable.Repeat((byte)1, 500).ToArray());
        WriteIndex("{\"card-1-image\":{\"file\":\"card-1-image.webp\",\"etag\":\"\\\"v1\\\"\",\"length\":1000,\"complete\":false}}");
        var asked = new List<string>();
        var handler = new FakeHandler((request, _) =>
        {
            asked.Add(request.Headers.Range + " " + (request.Headers.TryGetValues("If-Range", out var ifRange) ? string.Join(",", ifRange) : ""));
            if (request.Headers.Range != null)
            {
                // A proxy that ignores If-Range: the rest of version 2, as if it continued version 1.
                var part = new HttpResponseMessage(HttpStatusCode.PartialContent) { Content = new ByteArrayContent(Enumerable.Repeat((byte)2, 500).ToArray()) };
                part.Content.Headers.ContentRange = new ContentRangeHeaderValue(500, 999, 1000);
                part.Headers.ETag = new EntityTagHeaderValue("\"v2\"");
                return part;
            }

            return Whole(2, 1000, "\"v2\"");
        });

        List<MediaResult> results = await SaveAsync(handler, 1, Job());

        Assert.Null(Assert.Single(results).Failure);
        Assert.Equal(new[] { "bytes=500- \"v1\"", " " }, asked);
        byte[] saved = File.ReadAllBytes(InFolder("card-1-image.webp"));
        Assert.Equal(1000, saved.Length);
        Assert.All(saved, b => Assert.Equal(2, b));
    }

    [Fact]
    public async Task A_206_of_the_version_asked_for_resumes()
    {
        File.WriteAllBytes(InFolder(MediaFileNames.PartialName("card-1-image")), Enumerable.Repeat((byte)1, 500).ToArray());
        WriteIndex("{\"card-1-image\":{\"file\":\"card-1-image.webp\",\"etag\":\"\\\"v1\\\"\",\"length\":1000,\"complete\":false}}");
        var handler = new FakeHandler((_, _) =>
        {
            var part = new HttpResponseMessage(HttpStatusCode.PartialContent) { Content = new ByteArrayContent(Enumerable.Repeat((byte)1, 500).ToArray()) };
            part.Content.Headers.ContentRange = new ContentRangeHeaderValue(500, 999, 1000);
            part.Headers.ETag = new EntityTagHeaderValue("\"v1\"");
            return part;
        });

        MediaResult result = Assert.Single(await SaveAsync(handler, 0, Job()));

        Assert.Null(result.Failure);
        Assert.Equal(MediaOutcome.Resumed, result.Outcome);
        Assert.Equal(1000, new FileInfo(InFolder("card-1-image.webp")).Length);
        Assert.Equal(1, handler.Count);
    }

    [Fact]
    public async Task A_body_without_a_length_that_a_closed_connection_ends_is_not_called_complete()
    {
        var handler = new FakeHandler((_, _) =>
        {
            var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = new StreamContent(new UnseekableStream(new byte[700])) };
            response.Content.Headers.ContentType = new MediaTypeHeaderValue("image/webp");
            response.Headers.ETag = new EntityTagHeaderValue("\"v1\"");
            return response;
        });

        MediaResult result = Assert.Single(await SaveAsync(handler, 0, Job()));

        var failure = Assert.IsType<Hyper3DException>(result.Failure);
        Assert.Contains("cannot be proven whole", failure.Message);
        Assert.False(File.Exists(InFolder("card-1-image.webp")));
        Assert.False(MediaIndex.Load(_folder, out _).Get("card-1-image")!.Complete);
    }

    [Fact]
    public async Task A_chunked_body_proves_its_end_by_its_last_chunk()
    {
        var handler = new FakeHandler((_, _) =>
        {
            var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = new StreamContent(new UnseekableStream(new byte[700])) };
            response.Content.Headers.ContentType = new MediaTypeHeaderValue("image/webp");
            response.Headers.TransferEncodingChunked = true;
            return response;
        });

        MediaResult result = Assert.Single(await SaveAsync(handler, 0, Job()));

        Assert.Null(result.Failure);
        Assert.Equal(700, new FileInfo(InFolder("card-1-image.webp")).Length);
    }

    [Theory]
    [InlineData("https://cdn.example/a/preview.hta", "image/png", "png")]
    [InlineData("https://cdn.example/a/preview.exe", "application/octet-stream", "bin")]
    [InlineData("https://cdn.example/a/preview", "text/html", "bin")]
    [InlineData("https://cdn.example/a/preview.svg", "image/svg+xml", "bin")]
    [InlineData("https://cdn.example/a/preview", "image/jpeg", "jpg")]
    [InlineData("https://cdn.example/a/turntable.MP4", "video/mp4", "mp4")]
    public async Task The_server_cannot_choose_an_extension_off_the_media_list(string url, string type, string extension)
    {
        MediaResult result = Assert.Single(await SaveAsync(new FakeHandler((_, _) => Whole(1, 10, type: type)), 0, Job(url: new Uri(url))));

        Assert.Null(result.Failure);
        Assert.Equal("card-1-image." + extension, Path.GetFileName(result.Path));
    }

    [Fact]
    public void A_second_writer_on_one_folder_is_refused_while_the_first_holds_it()
    {
        using var client = new Hyper3DClient(new ClientOptions { BaseUri = new Uri("https://api.example/api") });
        using (new MediaArchive(client, _folder, 1, force: false, NullClientLog.Instance, CancellationToken.None, new FakeHandler((_, _) => Whole(1, 1))))
        {
            var busy = Assert.Throws<ArchiveBusyException>(() => new MediaArchive(client, _folder, 1, force: false, NullClientLog.Instance, CancellationToken.None, new FakeHandler((_, _) => Whole(1, 1))));
            Assert.Contains(Path.GetFullPath(_folder), busy.Message);
        }

        using (new MediaArchive(client, _folder, 1, force: false, NullClientLog.Instance, CancellationToken.None, new FakeHandler((_, _) => Whole(1, 1))))
        {
        }
    }

    [Fact]
    public void A_last_modified_in_year_9999_or_0001_does_not_become_the_files_time()
    {
        string file = InFolder("card-1-image.webp");
        File.WriteAllText(file, "x");
        DateTime before = File.GetLastWriteTimeUtc(file);
        MediaFiles.SetModifiedTime(file, new DateTimeOffset(9999, 12, 31, 0, 0, 0, TimeSpan.Zero));
        MediaFiles.SetModifiedTime(file, new DateTimeOffset(1, 1, 1, 0, 0, 0, TimeSpan.Zero));
        Assert.Equal(before, File.GetLastWriteTimeUtc(file));

        var plausible = new DateTimeOffset(2025, 10, 10, 17, 13, 26, TimeSpan.Zero);
        MediaFiles.SetModifiedTime(file, plausible);
        Assert.Equal(plausible.UtcDateTime, File.GetLastWriteTimeUtc(file));
    }

    [Fact]
    public void Ids_that_differ_only_in_case_never_share_a_file()
    {
        Assert.NotEqual(
            MediaFileNames.Key("Card-X", MediaKind.Image).ToLowerInvariant(),
            MediaFileNames.Key("card-x", MediaKind.Image).ToLowerInvariant());
        Assert.Equal("card-x-image", MediaFileNames.Key("card-x", MediaKind.Image));
    }

    /// <summary>A body whose length nothing announces: the handler cannot compute it, as with a socket.</summary>
    private sealed class UnseekableStream : MemoryStream
    {
        public UnseekableStream(byte[] bytes)
            : base(bytes)
        {
        }

        public override bool CanSeek => false;
    }
}
