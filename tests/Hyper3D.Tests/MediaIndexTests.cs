using System.Text;
using Hyper3D.Client;
using Hyper3D.Client.Media;

namespace Hyper3D.Tests;

public sealed class MediaIndexTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "hyper3d-index-" + Guid.NewGuid().ToString("N"));

    public MediaIndexTests() => Directory.CreateDirectory(_folder);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void What_one_run_saw_the_next_run_reads_back()
    {
        MediaIndex index = MediaIndex.Load(_folder, out string? warning);
        Assert.Null(warning);
        Assert.Null(index.Get("a-image"));
        index.Set("a-image", new MediaIndexEntry { File = "a-image.webp", Url = "https://cdn/a.webp", ETag = "\"e1\"", LastModified = "Fri, 10 Oct 2025 17:13:26 GMT", Length = 42, Complete = true });
        index.Save();

        MediaIndexEntry? entry = MediaIndex.Load(_folder, out _).Get("a-image");
        Assert.NotNull(entry);
        Assert.Equal("a-image.webp", entry!.File);
        Assert.Equal("\"e1\"", entry.ETag);
        Assert.Equal("Fri, 10 Oct 2025 17:13:26 GMT", entry.LastModified);
        Assert.Equal(42, entry.Length);
        Assert.True(entry.Complete);
        Assert.Equal(new[] { MediaFileNames.IndexFileName }, Directory.GetFiles(_folder).Select(Path.GetFileName));
    }

    [Fact]
    public void An_entry_handed_out_is_a_copy()
    {
        MediaIndex index = MediaIndex.Load(_folder, out _);
        index.Set("k", new MediaIndexEntry { File = "k.png" });
        index.Get("k")!.Complete = true;
        Assert.False(index.Get("k")!.Complete);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("{\"files\":[1,2]}")]
    [InlineData("")]
    public void An_unreadable_index_is_replaced_with_a_warning(string text)
    {
        File.WriteAllText(Path.Combine(_folder, MediaFileNames.IndexFileName), text, Encoding.UTF8);
        MediaIndex index = MediaIndex.Load(_folder, out string? warning);
        Assert.NotNull(warning);
        Assert.Contains("rebuilt", warning);
        Assert.Null(index.Get("k"));
    }

    [Fact]
    public void A_temporary_copy_left_by_a_killed_run_is_removed()
    {
        string stale = Path.Combine(_folder, MediaFileNames.IndexFileName + ".1a2b3c4d.tmp");
        File.WriteAllText(stale, "{}");
        MediaIndex.Load(_folder, out _);
        Assert.False(File.Exists(stale));
    }

    [Fact]
    public void Nothing_changed_nothing_written()
    {
        MediaIndex.Load(_folder, out _).Save();
        Assert.Empty(Directory.GetFiles(_folder));
    }

    [Theory]
    [InlineData("https://api.example/api", "https://api.example/media/1.png", true)]
    [InlineData("https://api.example/api", "https://API.EXAMPLE:443/x", true)]
    [InlineData("https://api.example/api", "https://cdn.example/media/1.png", false)]
    [InlineData("https://api.example/api", "https://api.example:8443/media/1.png", false)]
    [InlineData("https://api.example/api", "http://api.example/media/1.png", false)]
    [InlineData("https://api.example/api", "https://api.example.evil.test/x", false)]
    public void The_token_goes_to_the_api_origin_only(string baseUri, string mediaUri, bool gets)
    {
        using var client = new Hyper3DClient(new ClientOptions { BaseUri = new Uri(baseUri) });
        client.UseToken("secret-token");
        Assert.Equal(gets ? "secret-token" : null, client.BearerTokenFor(new Uri(mediaUri)));
    }
}
