using System;
using System.IO;

namespace Hyper3D.Client.Media
{
    /// <summary>
    /// The archive's few ways of touching the disk, each safe against what a folder may hold: a link at one of its
    /// names is removed or replaced, never followed, and a new file is created only where nothing is.
    /// </summary>
    internal static class MediaFiles
    {
        /// <summary>File times outside this span are a server's mistake, not a date to give a file.</summary>
        private static readonly DateTime EarliestFileTime = new DateTime(1980, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        private static readonly TimeSpan LatestAhead = TimeSpan.FromDays(1);

        /// <summary>
        /// Moves a finished file onto its final name in one step: a rename over the old file, so the final name
        /// holds the old complete file or the new complete file, never a mix and never nothing. A link at the
        /// final name is itself replaced, not the file it points to.
        /// </summary>
        public static void Replace(string source, string destination)
        {
            if (IsLink(destination))
            {
                File.Delete(destination);
            }

            if (File.Exists(destination))
            {
                File.Replace(source, destination, null);
            }
            else
            {
                File.Move(source, destination);
            }
        }

        /// <summary>True when <paramref name="path"/> is a symbolic link or another reparse point (dangling or not).</summary>
        public static bool IsLink(string path)
        {
            var info = new FileInfo(path);
            return info.Exists && (info.Attributes & FileAttributes.ReparsePoint) != 0;
        }

        /// <summary>True when a regular file (not a link, not a folder) is at <paramref name="path"/>.</summary>
        public static bool IsPlainFile(string path) => File.Exists(path) && !IsLink(path);

        /// <summary>
        /// Opens a file the archive creates: whatever is at the name (an old partial, a link) is removed first, and
        /// the file is created new, so a link placed there cannot redirect the bytes.
        /// </summary>
        public static FileStream CreateNew(string path, FileOptions options)
        {
            Remove(path);
            return new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, options);
        }

        /// <summary>Reopens a partial file to append to; refuses anything but a plain file (a link is not followed).</summary>
        public static FileStream OpenToAppend(string path, FileOptions options)
        {
            if (!IsPlainFile(path))
            {
                throw new IOException($"{path} is no longer a plain file; the download starts over.");
            }

            return new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.None, 1, options);
        }

        /// <summary>Removes the file or link at one of the archive's own names (a link itself, never its target).</summary>
        public static void Remove(string path)
        {
            if (IsLink(path) || File.Exists(path))
            {
                File.Delete(path);
            }
        }

        public static void WriteNew(string path, byte[] bytes)
        {
            using FileStream file = CreateNew(path, FileOptions.None);
            file.Write(bytes, 0, bytes.Length);
            file.Flush(flushToDisk: true);
        }

        public static void DeleteQuietly(string path)
        {
            try
            {
                File.Delete(path);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                // What could not be deleted now is found and removed by the next run.
            }
        }

        /// <summary>Gives the file the server's Last-Modified when that is a plausible date (not year 9999 or 0001).</summary>
        public static void SetModifiedTime(string path, DateTimeOffset? lastModified)
        {
            if (lastModified is DateTimeOffset time && time.UtcDateTime >= EarliestFileTime && time.UtcDateTime <= DateTime.UtcNow + LatestAhead)
            {
                File.SetLastWriteTimeUtc(path, time.UtcDateTime);
            }
        }
    }
}
