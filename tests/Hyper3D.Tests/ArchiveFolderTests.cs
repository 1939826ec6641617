using Hyper3D.Client.Media;

namespace Hyper3D.Tests;

/// <summary>Tests that save media: a folder of their own, deleted afterwards, and one job run to its end.</summary>
public abstract class ArchiveFolderTests : IDisposable
{
    protected string Folder { get; } = Path.Combine(Path.GetTempPath(), "hyper3d-archive-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(Folder))
        {
            Directory.Delete(Folder, recursive: true);
        }

        GC.SuppressFinalize(this);
    }

    /// <summary>Starts the job and waits for its result; the archive stays open.</summary>
    internal static async Task<MediaResult> SaveAsync(MediaArchive archive, MediaJob job)
    {
        archive.Start(job);
        MediaResult? result;
        while (!archive.TryTakeResult(out result))
        {
            await archive.WaitForResultAsync(TimeSpan.FromSeconds(5));
        }

        return result;
    }
}
