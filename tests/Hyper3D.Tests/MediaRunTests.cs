using System.Net;
using System.Net.Http.Headers;
using Hyper3D.Client;
using Hyper3D.Client.Media;
using Hyper3D.Model;

namespace Hyper3D.Tests;

/// <summary>One run of saves as the cmdlet feeds it: each file once, the folder opened late, held back, closed on any exit.</summary>
public sealed class MediaRunTests : ArchiveFolderTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);
    private static Hyper3DClient NewClient() =>
        new(new ClientOptions { BaseUri = new Uri("https://api.example/api"), MaximumRetryCount = 0, RetryInterval = TimeSpan.Zero });

    private static MediaJob Job(string uuid, string file = "preview.webp", MediaKind kind = MediaKind.Image) =>
        new(uuid, kind, new Uri($"https://cdn.example/cards/{uuid}/{file}"));

    private MediaRun Run(Hyper3DClient client, int throttleLimit, HttpMessageHandler handler) =>
        new(Folder, throttleLimit, () => new MediaArchive(client, Folder, throttleLimit, force: false, NullClientLog.Instance, CancellationToken.None, handler));

    private static HttpResponseMessage Whole(int length)
    {
        var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(new byte[length]) };
        response.Headers.ETag = new EntityTagHeaderValue("\"v1\"");
        return response;
    }

    private static async Task<MediaResult> NextResultAsync(MediaRun run)
    {
        using var deadline = new CancellationTokenSource(Deadline);
        MediaResult? result;
        while (!run.TryTakeResult(out result))
        {
            await run.WaitForResultAsync(TimeSpan.FromMilliseconds(200)).WaitAsync(deadline.Token);
        }

        return result;
    }

    [Fact]
    public async Task Before_the_first_file_starts_the_folder_is_not_touched_and_the_url_names_the_file()
    {
        var run = new MediaRun(Folder, 1, () => throw new InvalidOperationException("The folder was opened."));

        Assert.Equal(Path.Combine(Folder, "card-1-image.webp"), run.PlannedPath(Job("card-1")));
        Assert.Equal(Path.Combine(Folder, "card-1-video.*"), run.PlannedPath(Job("card-1", "turntable", MediaKind.Video)));
        Assert.Equal(0, run.Pending);
        Assert.False(run.TryTakeResult(out _));
        Assert.Null(await run.CloseAsync());
        run.Abandon();
        Assert.False(Directory.Exists(Folder));
    }

    [Fact]
    public async Task Each_file_is_admitted_once_no_more_start_while_twice_the_limit_wait_and_the_tally_adds_up()
    {
        var handler = new FakeHandler((request, _) => request.RequestUri!.AbsolutePath.Contains("/gone/") ? new HttpResponseMessage(HttpStatusCode.NotFound) : Whole(10));
        using Hyper3DClient client = NewClient();
        using MediaRun run = Run(client, 1, handler);
        MediaJob first = Job("card-1");
        MediaJob gone = Job("gone");

        Assert.True(run.Admit(first));
        Assert.False(run.Admit(Job("card-1", "other.png")));
        Assert.True(run.Admit(Job("card-1", kind: MediaKind.Video)));
        Assert.True(run.Admit(gone));

        run.Start(first);
        Assert.False(run.IsFull);
        run.Start(gone);
        Assert.True(run.IsFull);

        MediaResult[] results = { await NextResultAsync(run), await NextResultAsync(run) };
        Assert.False(run.IsFull);
        Assert.Equal(0, run.Pending);
        Assert.Equal(new[] { "card-1", "gone" }, results.Select(r => r.Job.TaskUuid).Order());
        Assert.Equal((2, 2, 1, 0, 1), (run.Started, run.Finished, run.Downloaded, run.Unchanged, run.Failed));
        Assert.Equal(10, run.BytesReceived);
        Assert.Null(await run.CloseAsync());
        Assert.True(MediaIndex.Load(Folder, out _).Get(first.Key)!.Complete);
    }

    [Fact]
    public async Task Closing_waits_for_every_download_however_long_and_then_saves_the_index()
    {
        var answer = new TaskCompletionSource<HttpResponseMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        using Hyper3DClient client = NewClient();
        using MediaRun run = Run(client, 1, FakeHandler.Async((_, _) => answer.Task));
        MediaJob job = Job("card-1");
        run.Start(job);

        Task<string?> closing = run.CloseAsync();
        Assert.False(closing.IsCompleted);
        answer.SetResult(Whole(10));

        Assert.Null(await closing.WaitAsync(Deadline));
        Assert.Equal(10, new FileInfo(Path.Combine(Folder, "card-1-image.webp")).Length);
        Assert.True(MediaIndex.Load(Folder, out _).Get(job.Key)!.Complete);
    }

    [Fact]
    public async Task Abandoning_stops_the_downloads_keeps_their_bytes_for_a_resume_and_frees_the_folder()
    {
        var stalled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var handler = FakeHandler.Async((_, _) =>
        {
            var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = new StreamContent(new StallingStream(100, stalled)) };
            response.Content.Headers.ContentLength = 1000;
            response.Headers.ETag = new EntityTagHeaderValue("\"v1\"");
            return Task.FromResult(response);
        });
        using Hyper3DClient client = NewClient();
        MediaRun run = Run(client, 1, handler);
        MediaJob job = Job("card-1");
        run.Start(job);
        await stalled.Task.WaitAsync(Deadline);

        run.Abandon();

        Assert.Equal(0, run.Pending);
        Assert.False(run.TryTakeResult(out _));
        Assert.Equal(100, new FileInfo(Path.Combine(Folder, MediaFileNames.PartialName(job.Key))).Length);
        MediaIndexEntry entry = MediaIndex.Load(Folder, out _).Get(job.Key)!;
        Assert.Equal(("\"v1\"", false), (entry.ETag, entry.Complete));
        using (new MediaArchive(client, Folder, 1, force: false, NullClientLog.Instance, CancellationToken.None, handler))
        {
            // Opened: the abandoned run let the folder go.
        }
    }

    /// <summary>A body that sends its first bytes, says so, and then sends nothing until its reader gives up.</summary>
    private sealed class StallingStream : MemoryStream
    {
        private readonly TaskCompletionSource _stalled;

        public StallingStream(int first, TaskCompletionSource stalled)
            : base(new byte[first]) => _stalled = stalled;

        public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            await ReadAsync(buffer.AsMemory(offset, count), cancellationToken);

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            int read = await base.ReadAsync(buffer, cancellationToken);
            if (read > 0)
            {
                return read;
            }

            _stalled.TrySetResult();
            await Task.Delay(Timeout.Infinite, cancellationToken);
            return 0;
        }
    }
}
