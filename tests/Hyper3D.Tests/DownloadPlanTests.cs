using Hyper3D.Client.Media;
using Hyper3D.Model;

namespace Hyper3D.Tests;

/// <summary>How an attempt asks for a file, from what the index and the folder hold; nothing is sent.</summary>
public sealed class DownloadPlanTests : ArchiveFolderTests
{
    private static readonly MediaJob Job = new("card-1", MediaKind.Image, new Uri("https://cdn.example/cards/1/preview.webp"));

    public DownloadPlanTests() => Directory.CreateDirectory(Folder);

    private void Write(string name, int length) => File.WriteAllBytes(Path.Combine(Folder, name), new byte[length]);

    private static MediaIndexEntry Entry(bool complete, long? length, string? etag = "\"v1\"", string? lastModified = null) =>
        new() { File = "card-1-image.webp", ETag = etag, LastModified = lastModified, Length = length, Complete = complete };

    [Fact]
    public void Nothing_on_disk_is_fetched_whole_without_conditions()
    {
        DownloadPlan plan = DownloadPlan.For(Job, null, Folder, fresh: false);

        Assert.Equal(DownloadMode.Fresh, plan.Mode);
        using var request = plan.CreateRequest();
        Assert.Null(request.Headers.Range);
        Assert.Empty(request.Headers.IfNoneMatch);
        Assert.Null(request.Headers.IfModifiedSince);
        Assert.Equal(string.Empty, plan.Describe());
    }

    [Fact]
    public void A_complete_file_is_asked_for_only_if_changed()
    {
        Write("card-1-image.webp", 10);

        DownloadPlan plan = DownloadPlan.For(Job, Entry(complete: true, 10, lastModified: "Tue, 01 Dec 2026 10:00:00 GMT"), Folder, fresh: false);

        Assert.Equal(DownloadMode.Conditional, plan.Mode);
        using var request = plan.CreateRequest();
        Assert.Equal("\"v1\"", Assert.Single(request.Headers.IfNoneMatch).ToString());
        Assert.Equal(new DateTimeOffset(2026, 12, 1, 10, 0, 0, TimeSpan.Zero), request.Headers.IfModifiedSince);
        Assert.Null(request.Headers.Range);
        Assert.Equal(", conditional", plan.Describe());
    }

    [Fact]
    public void A_partial_file_a_strong_validator_vouches_for_is_resumed_after_its_bytes()
    {
        Write(MediaFileNames.PartialName("card-1-image"), 400);

        DownloadPlan plan = DownloadPlan.For(Job, Entry(complete: false, 1000), Folder, fresh: false);

        Assert.Equal((DownloadMode.Resume, 400L), (plan.Mode, plan.ResumeFrom));
        using var request = plan.CreateRequest();
        Assert.Equal("bytes=400-", request.Headers.Range!.ToString());
        Assert.Equal(new[] { "\"v1\"" }, request.Headers.GetValues("If-Range"));
        Assert.Equal(", from byte 400", plan.Describe());
    }

    [Theory]
    [InlineData("W/\"v1\"", null, false)]
    [InlineData("\"v1\"", null, true)]
    public void Without_a_strong_validator_or_with_force_the_partial_bytes_are_not_trusted(string etag, string? lastModified, bool force)
    {
        Write(MediaFileNames.PartialName("card-1-image"), 400);

        DownloadPlan plan = DownloadPlan.For(Job, Entry(complete: false, 1000, etag, lastModified), Folder, force);

        Assert.Equal((DownloadMode.Fresh, 0L), (plan.Mode, plan.ResumeFrom));
    }

    [Fact]
    public void A_complete_file_of_another_length_than_recorded_is_fetched_whole()
    {
        Write("card-1-image.webp", 7);

        Assert.Equal(DownloadMode.Fresh, DownloadPlan.For(Job, Entry(complete: true, 10), Folder, fresh: false).Mode);
    }
}
