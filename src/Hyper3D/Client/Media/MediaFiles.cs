using System.IO;

namespace Hyper3D.Client.Media
{
    internal static class MediaFiles
    {
        /// <summary>
        /// Moves a finished file onto its final name in one step: a rename over the old file, so the final name
        /// holds the old complete file or the new complete file, never a mix and never nothing.
        /// </summary>
        public static void Replace(string source, string destination)
        {
            if (File.Exists(destination))
            {
                File.Replace(source, destination, null);
            }
            else
            {
                File.Move(source, destination);
            }
        }
    }
}
