using System;
using System.Diagnostics;
using System.IO;
using System.Runtime.InteropServices;

namespace Hyper3D.Commands
{
    /// <summary>Opens a file the way a double-click would, where the system has a way to.</summary>
    internal static class DefaultBrowser
    {
        /// <summary>How long the opener may take to fail; one still running after this has started something.</summary>
        private static readonly TimeSpan FailureWindow = TimeSpan.FromSeconds(3);

        /// <returns>Null when the file was handed to the system's opener; otherwise why not, as a sentence for a warning.</returns>
        public static string? TryOpen(string path)
        {
            if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
            {
                using Process? started = Process.Start(new ProcessStartInfo(path) { UseShellExecute = true });
                return null;
            }

            string name = RuntimeInformation.IsOSPlatform(OSPlatform.OSX) ? "open" : "xdg-open";
            string? opener = FindOnPath(name);
            if (opener == null)
            {
                return $"This system has no program to open '{path}' with (no {name}); open it in a browser yourself.";
            }

            // Through sh into /dev/null: the opener's complaints (a server without a browser) would otherwise spill over
            // the prompt, and pipes of ours would break a browser it runs in the foreground once this command ends.
            string arguments = "-c " + Quote("exec \"$0\" \"$1\" </dev/null >/dev/null 2>&1") + " " + Quote(opener) + " " + Quote(path);
            using Process process = Process.Start(new ProcessStartInfo("/bin/sh", arguments) { UseShellExecute = false })!;
            if (!process.WaitForExit((int)FailureWindow.TotalMilliseconds) || process.ExitCode == 0)
            {
                return null;
            }

            // xdg-open's exit codes, which open(1) shares for the cases that matter here.
            string why = process.ExitCode switch
            {
                2 => "it could not find the file",
                3 => "no browser or other program to open it with is installed",
                4 => "the program that should open it failed",
                _ => "it failed",
            };
            return $"{name} could not open '{path}': {why} (exit code {process.ExitCode}). Open the file in a browser yourself.";
        }

        private static string Quote(string argument) => "\"" + argument.Replace("\"", "\\\"") + "\"";

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
