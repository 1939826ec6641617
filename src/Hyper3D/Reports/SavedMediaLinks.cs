using System;
using System.Collections.Generic;
using System.IO;
using Hyper3D.Client.Media;
using Hyper3D.Model;

namespace Hyper3D.Reports
{
    /// <summary>
    /// The pictures and videos Save-Hyper3DCardMedia left in a folder (<c>&lt;TaskUuid&gt;-image.&lt;ext&gt;</c>,
    /// <c>&lt;TaskUuid&gt;-video.&lt;ext&gt;</c>), listed once, as links relative to the report so that the report
    /// and the folder can be zipped and moved together.
    /// </summary>
    internal sealed class SavedMediaLinks
    {
        // Names as the archive wrote them: matched exactly, so card "card-x" never shows the picture of "Card-X".
        private readonly Dictionary<string, string> _images = new Dictionary<string, string>(StringComparer.Ordinal);
        private readonly Dictionary<string, string> _videos = new Dictionary<string, string>(StringComparer.Ordinal);

        public SavedMediaLinks(string mediaFolder, string reportFolder)
        {
            string prefix = RelativeFolderAddress(mediaFolder, reportFolder);
            var names = new List<string>();
            foreach (string file in Directory.EnumerateFiles(mediaFolder))
            {
                names.Add(Path.GetFileName(file));
            }

            names.Sort(StringComparer.Ordinal);
            foreach (string name in names)
            {
                // Only what the archive saves as a picture or film is linked: never a .hta or .html left in the folder.
                if (MediaFileNames.TryParse(name, out string key, out string extension) && MediaExtensions.IsMedia(extension)
                    && MediaFileNames.TryParseKey(key, out string stem, out MediaKind kind))
                {
                    Dictionary<string, string> links = kind == MediaKind.Image ? _images : _videos;
                    if (!links.ContainsKey(stem))
                    {
                        links.Add(stem, prefix + Uri.EscapeDataString(name));
                    }
                }
            }
        }

        public int Count => _images.Count + _videos.Count;

        public string? Image(string? taskUuid) => Find(_images, taskUuid);

        public string? Video(string? taskUuid) => Find(_videos, taskUuid);

        private static string? Find(Dictionary<string, string> files, string? taskUuid) =>
            !string.IsNullOrEmpty(taskUuid) && files.TryGetValue(MediaFileNames.Stem(taskUuid!), out string? address) ? address : null;

        /// <summary>The media folder as an address relative to the report's folder, ending in a slash.</summary>
        private static string RelativeFolderAddress(string mediaFolder, string reportFolder)
        {
            var media = new Uri(WithSeparator(Path.GetFullPath(mediaFolder)));
            var report = new Uri(WithSeparator(Path.GetFullPath(reportFolder)));
            Uri relative = report.MakeRelativeUri(media);

            // Another drive or share has no relative path: the absolute file address is the best there is.
            return relative.IsAbsoluteUri ? relative.AbsoluteUri : relative.OriginalString;
        }

        private static string WithSeparator(string folder) =>
            folder.EndsWith(Path.DirectorySeparatorChar.ToString(), StringComparison.Ordinal) ? folder : folder + Path.DirectorySeparatorChar;
    }
}
