using System;
using System.Collections.Generic;
using System.IO;
using Hyper3D.Client.Media;

namespace Hyper3D.Reports
{
    /// <summary>
    /// The pictures and videos Save-Hyper3DCardMedia left in a folder (<c>&lt;TaskUuid&gt;-image.&lt;ext&gt;</c>,
    /// <c>&lt;TaskUuid&gt;-video.&lt;ext&gt;</c>), listed once, as links relative to the report so that the report
    /// and the folder can be zipped and moved together.
    /// </summary>
    internal sealed class SavedMediaLinks
    {
        private const string ImageSuffix = "-image.";
        private const string VideoSuffix = "-video.";

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
                Add(name, ImageSuffix, _images, prefix);
                Add(name, VideoSuffix, _videos, prefix);
            }
        }

        public int Count => _images.Count + _videos.Count;

        public string? Image(string? taskUuid) => Find(_images, taskUuid);

        public string? Video(string? taskUuid) => Find(_videos, taskUuid);

        private static void Add(string name, string suffix, Dictionary<string, string> into, string folderAddress)
        {
            int at = name.LastIndexOf(suffix, StringComparison.Ordinal);
            if (at <= 0 || !MediaExtensions.IsMedia(name.Substring(at + suffix.Length)))
            {
                // Only what the archive saves as a picture or film is linked: never a .hta or .html left in the folder.
                return;
            }

            string key = name.Substring(0, at);
            if (!into.ContainsKey(key))
            {
                into.Add(key, folderAddress + Uri.EscapeDataString(name));
            }
        }

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
