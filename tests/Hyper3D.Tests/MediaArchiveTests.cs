using System.Net;
using Hyper3D.Client;
using Hyper3D.Client.Media;
using Hyper3D.Model;

namespace Hyper3D.Tests;

public sealed class MediaArchiveTests : IDisposable
{
    private static readonly Uri Url = new("https://cdn.example/cards/1/preview.webp");
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "hyper3d-archive-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    private async Task<MediaResult> SaveOneAsync(FakeHandler handler)
    {
        using var client = new Hyper3DClient(new ClientOptions { BaseUri = new Uri("https://api.example/api"), MaximumRetryCount = 0 });
        using var archive = new MediaArchive(client, _folder, 1, force: false, NullClientLog.Instance, CancellationToken.None, handler);
        archive.Start(new MediaJob("card-1", MediaKind.Image, Url));
        MediaResult? result;
        while (!archive.TryTakeResult(out result))
        {
            await archive.WaitForResultAsync(TimeSpan.FromSeconds(5));
        }

        await archive.CloseAsync();
        return result;
    }

    private static HttpResponseMessage Body(int sent, long promised)
    {
        var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(new byte[sent]) };
        response.Content.Headers.ContentLength = promised;
        response.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("image/webp");
        response.Headers.ETag = new System.Net.Http.Headers.EntityTagHeaderValue("\"v1\"");
        return response;
    }

    [Fact]
    public async Task A_body_shorter_than_promised_never_reaches_the_final_name()
    {
        MediaResult result = await SaveOneAsync(new FakeHandler((_, _) => Body(sent: 500, promised: 1000)));

        var failure = Assert.IsType<Hyper3DException>(result.Failure);
        Assert.Contains("500 of the 1000 bytes", failure.Message);
        Assert.Contains("card-1", failure.Message);
        Assert.Contains(Url.ToString(), failure.Message);
        Assert.False(File.Exists(Path.Combine(_folder, "card-1-image.webp")));
        Assert.Equal(500, new FileInfo(Path.Combine(_folder, MediaFileNames.PartialName("card-1-image"))).Length);
    }

    [Fact]
    public async Task A_complete_body_is_renamed_and_recorded()
    {
        MediaResult result = await SaveOneAsync(new FakeHandler((_, _) => Body(sent: 1000, promised: 1000)));

        Assert.Null(result.Failure);
        Assert.Equal(Path.Combine(Path.GetFullPath(_folder), "card-1-image.webp"), result.Path);
        Assert.Equal(1000, new FileInfo(result.Path!).Length);
        MediaIndexEntry? entry = MediaIndex.Load(_folder, out _).Get("card-1-image");
        Assert.True(entry!.Complete);
        Assert.Equal("\"v1\"", entry.ETag);
        Assert.Equal(new[] { ".hyper3d-media.json", ".hyper3d-media.lock", "card-1-image.webp" }, Directory.GetFiles(_folder).Select(Path.GetFileName).OrderBy(n => n, StringComparer.Ordinal));
    }

    [Fact]
    public async Task No_token_goes_to_another_host()
    {
        var handler = new FakeHandler((_, _) => Body(sent: 10, promised: 10));
        using var client = new Hyper3DClient(new ClientOptions { BaseUri = new Uri("https://api.example/api") });
        client.UseToken("secret-token");
        using var archive = new MediaArchive(client, _folder, 1, force: false, NullClientLog.Instance, CancellationToken.None, handler);
        archive.Start(new MediaJob("card-1", MediaKind.Image, Url));
        archive.Start(new MediaJob("card-2", MediaKind.Image, new Uri("https://api.example/media/2.png")));
        int taken = 0;
        while (taken < 2)
        {
            if (archive.TryTakeResult(out MediaResult _))
            {
                taken++;
            }
            else
            {
                await archive.WaitForResultAsync(TimeSpan.FromSeconds(5));
            }
        }

        await archive.CloseAsync();
        Assert.Null(handler.Requests.Single(r => r.Uri == Url.ToString()).Authorization);
        Assert.Equal("Bearer secret-token", handler.Requests.Single(r => r.Uri.EndsWith("2.png", StringComparison.Ordinal)).Authorization);
    }
}
