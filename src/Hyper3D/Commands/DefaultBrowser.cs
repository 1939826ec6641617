using System;
using System.Diagnostics;
using System.IO;
using System.Runtime.InteropServices;

namespace Hyper3D.Commands
{
    /// <summary>Opens a file the way a double-click would, where the system has a way to.</summary>
    internal static class DefaultBrowser
    {
        /// <summary>False when this system has no opener (a server without a desktop); the file is then left as it is.</summary>
        public static bool TryOpen(string path)
        {
            if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
            {
                Start(new ProcessStartInfo(path) { UseShellExecute = true });
                return true;
            }

            string? opener = FindOnPath(RuntimeInformation.IsOSPlatform(OSPlatform.OSX) ? "open" : "xdg-open");
            if (opener == null)
            {
                return false;
            }

            Start(new ProcessStartInfo(opener, "\"" + path.Replace("\"", "\\\"") + "\"") { UseShellExecute = false });
            return true;
        }

        private static void Start(ProcessStartInfo start)
        {
            using Process? process = Process.Start(start);
        }

        private static string? FindOnPath(string name)
        {
            foreach (string folder in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator))
            {
                if (folder.Length == 0)
                {
                    continue;
                }

                string candidate = Path.Combine(folder, name);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }

            return null;
        }
    }
}
