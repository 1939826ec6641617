using System;
using System.Collections.Generic;

namespace Hyper3D.Client.Media
{
    /// <summary>
    /// The extensions the archive gives a file: image and video types a viewer opens as pictures and films, and
    /// nothing a shell or browser would run (.hta, .exe, .html, .svg with its scripts). A server cannot choose
    /// otherwise: anything else is saved as <c>.bin</c>, and report links follow the same list.
    /// </summary>
    internal static class MediaExtensions
    {
        private static readonly HashSet<string> Allowed = new HashSet<string>(StringComparer.Ordinal)
        {
            "jpg", "jpeg", "png", "gif", "webp", "avif", "bmp", "heic", "heif", "tif", "tiff",
            "mp4", "m4v", "webm", "mov", "mkv", "avi", "ogv",
        };

        /// <summary>True for an extension (lower case, no dot) a saved media file may have.</summary>
        public static bool IsMedia(string? extension) => extension != null && Allowed.Contains(extension);

        /// <summary>The extension when it is on the list, else null.</summary>
        public static string? Allow(string? extension) => IsMedia(extension) ? extension : null;
    }
}
