using System;
using System.IO;
using System.Threading;

namespace Hyper3D.Client.Media
{
    /// <summary>
    /// One writer per archive folder: a lock file held open with no sharing (an OS lock, released by the OS when
    /// the process ends, however it ends), so two runs never write one index or one partial file at once.
    /// </summary>
    /// <remarks>
    /// A second run does not queue behind the first: a run may take hours, and a scheduled job that waits that
    /// long unseen is worse than one that says at once that the folder is busy (running it again later only
    /// fetches what is still missing). It retries for a moment, so a run that is just closing is not reported.
    /// </remarks>
    internal sealed class ArchiveLock : IDisposable
    {
        public const string FileName = ".hyper3d-media.lock";

        private static readonly TimeSpan Patience = TimeSpan.FromSeconds(1);
        private static readonly TimeSpan Pause = TimeSpan.FromMilliseconds(50);

        private readonly FileStream? _held;

        private ArchiveLock(FileStream? held) => _held = held;

        /// <summary>
        /// Takes the folder's lock, or throws <see cref="ArchiveBusyException"/>. A folder where no file can be
        /// created at all (a read-only file system) has no writer to exclude: the run goes on unlocked, and
        /// whatever it would write fails and is reported as such.
        /// </summary>
        public static ArchiveLock Acquire(string folder)
        {
            string path = MediaFileNames.Inside(folder, FileName);
            if (MediaFiles.IsLink(path))
            {
                File.Delete(path);
            }

            DateTime giveUp = DateTime.UtcNow + Patience;
            while (true)
            {
                try
                {
                    return new ArchiveLock(Open(path));
                }
                catch (IOException) when (DateTime.UtcNow < giveUp)
                {
                    Thread.Sleep(Pause);
                }
                catch (IOException e)
                {
                    throw new ArchiveBusyException(folder, e);
                }
            }
        }

        /// <summary>True when this run holds the lock (false only where the folder cannot be written at all).</summary>
        public bool Held => _held != null;

        private static FileStream? Open(string path)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (Exception e) when (e is UnauthorizedAccessException || e is IOException)
            {
                if (File.Exists(path))
                {
                    // Held by another run (this fails the same way), or only unwritable here: an OS lock needs no
                    // write access, so a read-only lock file or file system still excludes a second writer.
                    return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.None);
                }

                if (!CanCreateIn(Path.GetDirectoryName(path)!))
                {
                    return null;
                }

                throw;
            }
        }

        private static bool CanCreateIn(string folder)
        {
            string probe = Path.Combine(folder, FileName + "." + Guid.NewGuid().ToString("N").Substring(0, 8) + ".tmp");
            try
            {
                new FileStream(probe, FileMode.CreateNew, FileAccess.Write, FileShare.None).Dispose();
                File.Delete(probe);
                return true;
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                return false;
            }
        }

        public void Dispose() => _held?.Dispose();
    }

    /// <summary>Another run is writing into the same archive folder.</summary>
    internal sealed class ArchiveBusyException : IOException
    {
        public ArchiveBusyException(string folder, Exception inner)
            : base($"Another Save-Hyper3DCardMedia run (in this or another process) is writing into {folder}; its lock file {ArchiveLock.FileName} could not be taken ({inner.Message.TrimEnd('.')}).", inner)
        {
            Folder = folder;
        }

        public string Folder { get; }
    }
}
