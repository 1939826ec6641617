using System;
using System.Collections.Generic;
using System.IO;
using System.Security.Cryptography;
using System.Text;
using Hyper3D.Model;

namespace Hyper3D.Client.Media
{
    /// <summary>
    /// Names in an archive folder: <c>&lt;TaskUuid&gt;-image.&lt;ext&gt;</c>, made safe whatever the server sends,
    /// never a path outside the folder, and read back by the same rule that made them.
    /// </summary>
    internal static class MediaFileNames
    {
        /// <summary>The one file an archive keeps besides the media: what each download last saw.</summary>
        public const string IndexFileName = ".hyper3d-media.json";

        public const string DefaultExtension = "bin";

        private const string PartialSuffix = ".hyper3d-partial";
        private const string ImageSuffix = "-image";
        private const string VideoSuffix = "-video";
        private const int MaximumStemLength = 80;
        private const int MaximumExtensionLength = 5;

        // Device names Windows reserves with any extension; a file named so cannot be created or read there.
        private static readonly HashSet<string> Reserved = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        {
            "CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$",
            "COM0", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9",
            "LPT0", "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9",
        };

        private static readonly Dictionary<string, string> ByContentType = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["image/jpeg"] = "jpg",
            ["image/pjpeg"] = "jpg",
            ["video/quicktime"] = "mov",
            ["video/x-matroska"] = "mkv",
            ["video/x-msvideo"] = "avi",
        };

        /// <summary>
        /// The TaskUuid as a file name part: lower-case letters, digits, '-', '_' and inner dots only, no reserved
        /// device name, at most 80 characters. Any change appends a hash of the original, so two ids that differ
        /// only in case (or in what was replaced) never share a file, even where the file system ignores case.
        /// </summary>
        public static string Stem(string taskUuid)
        {
            var safe = new StringBuilder(Math.Min(taskUuid.Length, MaximumStemLength));
            foreach (char c in taskUuid)
            {
                if (safe.Length == MaximumStemLength)
                {
                    break;
                }

                char lower = c >= 'A' && c <= 'Z' ? char.ToLowerInvariant(c) : c;
                safe.Append(IsStemCharacter(lower) ? lower : '_');
            }

            string stem = safe.ToString().Trim('.');
            int dot = stem.IndexOf('.');
            if (stem.Length == 0 || Reserved.Contains(dot < 0 ? stem : stem.Substring(0, dot)))
            {
                stem = "_" + stem;
            }

            return stem == taskUuid ? stem : stem + "-" + ShortHash(taskUuid);
        }

        /// <summary>A file's name without its extension: what the index and the partial file are keyed by.</summary>
        public static string Key(string taskUuid, MediaKind kind) =>
            Stem(taskUuid) + (kind == MediaKind.Image ? ImageSuffix : VideoSuffix);

        public static string FileName(string key, string extension) => key + "." + extension;

        /// <summary>A name <see cref="FileName"/> made, split back into its key and extension; false for any other name.</summary>
        public static bool TryParse(string fileName, out string key, out string extension)
        {
            int dot = fileName.LastIndexOf('.');
            key = dot < 0 ? string.Empty : fileName.Substring(0, dot);
            extension = dot < 0 ? string.Empty : fileName.Substring(dot + 1);
            return extension.Length > 0 && TryParseKey(key, out _, out _);
        }

        /// <summary>A key <see cref="Key"/> made, split back into its stem and kind; false for any other text.</summary>
        public static bool TryParseKey(string key, out string stem, out MediaKind kind)
        {
            stem = string.Empty;
            kind = key.EndsWith(VideoSuffix, StringComparison.Ordinal) ? MediaKind.Video : MediaKind.Image;
            string suffix = kind == MediaKind.Video ? VideoSuffix : ImageSuffix;
            if (!key.EndsWith(suffix, StringComparison.Ordinal))
            {
                return false;
            }

            string candidate = key.Substring(0, key.Length - suffix.Length);
            if (candidate.Length == 0 || candidate[0] == '.')
            {
                return false;
            }

            foreach (char c in candidate)
            {
                if (!IsStemCharacter(c))
                {
                    return false;
                }
            }

            stem = candidate;
            return true;
        }

        /// <summary>
        /// The name a job's file has before its answer says more: the index's, else one by the URL's extension; null
        /// when only the answer's media type can tell.
        /// </summary>
        public static string? Planned(MediaJob job, MediaIndexEntry? entry) =>
            entry?.File ?? (ExtensionFromUrl(job.Url) is string extension ? FileName(job.Key, extension) : null);

        /// <summary>Hidden, and never a name a final file could have: a half-written download lives here.</summary>
        public static string PartialName(string key) => "." + key + PartialSuffix;

        /// <summary>The extension the URL's path ends with, when it is a media type's (lower case); else null.</summary>
        public static string? ExtensionFromUrl(Uri url)
        {
            string path = Uri.UnescapeDataString(url.AbsolutePath);
            string last = path.Substring(path.LastIndexOf('/') + 1);
            int dot = last.LastIndexOf('.');
            return dot < 0 ? null : MediaExtensions.Allow(Clean(last.Substring(dot + 1)));
        }

        /// <summary>The usual extension of a media type (<c>image/png</c> gives png), when it is an allowed one.</summary>
        public static string? ExtensionFromContentType(string? mediaType)
        {
            if (string.IsNullOrWhiteSpace(mediaType))
            {
                return null;
            }

            string type = mediaType!.Split(';')[0].Trim();
            if (ByContentType.TryGetValue(type, out string? known))
            {
                return known;
            }

            int slash = type.IndexOf('/');
            return slash < 0 ? null : MediaExtensions.Allow(Clean(type.Substring(slash + 1)));
        }

        /// <summary>The URL's extension, else the media type's, else <c>bin</c>: never one off the allow-list.</summary>
        public static string Extension(Uri url, string? mediaType) =>
            ExtensionFromUrl(url) ?? ExtensionFromContentType(mediaType) ?? DefaultExtension;

        /// <summary>
        /// The full path of <paramref name="name"/> in <paramref name="folder"/>; refuses any name that would
        /// resolve elsewhere, as a last guard behind the naming rules.
        /// </summary>
        public static string Inside(string folder, string name)
        {
            string root = Path.GetFullPath(folder);
            string full = Path.GetFullPath(Path.Combine(root, name));
            string? parent = Path.GetDirectoryName(full);
            if (name.IndexOfAny(new[] { '/', '\\' }) >= 0 || parent == null
                || !string.Equals(parent.TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar), root.TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar), StringComparison.Ordinal))
            {
                throw new ArgumentException($"The file name '{name}' would not stay inside {root}.", nameof(name));
            }

            return full;
        }

        private static string? Clean(string candidate)
        {
            string lower = candidate.ToLowerInvariant();
            if (lower.Length == 0 || lower.Length > MaximumExtensionLength)
            {
                return null;
            }

            foreach (char c in lower)
            {
                if (!IsAsciiLetterOrDigit(c))
                {
                    return null;
                }
            }

            return lower;
        }

        private static bool IsAsciiLetterOrDigit(char c) =>
            (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');

        private static bool IsStemCharacter(char c) =>
            (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';

        private static string ShortHash(string text)
        {
            using var sha = SHA256.Create();
            byte[] hash = sha.ComputeHash(Encoding.UTF8.GetBytes(text));
            var hex = new StringBuilder(8);
            for (int i = 0; i < 4; i++)
            {
                hex.Append(hash[i].ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
            }

            return hex.ToString();
        }
    }
}
