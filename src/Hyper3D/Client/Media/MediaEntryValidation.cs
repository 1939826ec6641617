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
            if (key == null || entry == null || entry.File == null || (entry.Length is long length && length < 0))
            {
                return false;
            }

            return MediaFileNames.TryParse(entry.File, out string named, out string extension)
                && string.Equals(named, key, StringComparison.Ordinal)
                && (extension == MediaFileNames.DefaultExtension || MediaExtensions.IsMedia(extension));
        }
    }
}
