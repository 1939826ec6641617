using System;

namespace Hyper3D.Client.Media
{
    /// <summary>
    /// Whether an index entry read from disk may be trusted. The index is a file anyone can edit (or a zip can
    /// carry), and the archive deletes and replaces the file an entry names: so an entry must name exactly the
    /// file the archive itself would have written for its key, a plain name inside the folder. An entry that
    /// fails counts as missing; the file it names is never touched.
    /// </summary>
    internal static class MediaEntryValidation
    {
        public static bool IsValid(string? key, MediaIndexEntry? entry)
        {
            if (key == null || entry == null || !IsKey(key) || entry.File == null || (entry.Length is long length && length < 0))
            {
                return false;
            }

            string prefix = key + ".";
            if (!entry.File.StartsWith(prefix, StringComparison.Ordinal))
            {
                return false;
            }

            string extension = entry.File.Substring(prefix.Length);
            return extension == MediaFileNames.DefaultExtension || MediaExtensions.IsMedia(extension);
        }

        /// <summary>A key as <see cref="MediaFileNames.Key"/> makes one: a stem of safe characters and the kind.</summary>
        private static bool IsKey(string key)
        {
            if (!(key.EndsWith("-image", StringComparison.Ordinal) || key.EndsWith("-video", StringComparison.Ordinal)) || key.StartsWith(".", StringComparison.Ordinal))
            {
                return false;
            }

            foreach (char c in key)
            {
                bool safe = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
                if (!safe)
                {
                    return false;
                }
            }

            return true;
        }
    }
}
