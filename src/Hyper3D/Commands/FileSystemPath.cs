using System.Management.Automation;
using Microsoft.PowerShell.Commands;

namespace Hyper3D.Commands
{
    /// <summary>
    /// A -Path as the file system path it names (relative paths from the current location, which .NET does not
    /// know); a path on another provider (a registry key, a variable) is refused, as no file can be written there.
    /// </summary>
    internal static class FileSystemPath
    {
        /// <param name="errorId">The cmdlet's own id for the refusal.</param>
        /// <param name="example">A path the advice shows, of the kind the cmdlet wants (./archive, ./report.html).</param>
        public static string Resolve(PSCmdlet cmdlet, string path, string errorId, string example)
        {
            string resolved = cmdlet.SessionState.Path.GetUnresolvedProviderPathFromPSPath(path, out ProviderInfo provider, out _);
            if (provider.ImplementingType != typeof(FileSystemProvider))
            {
                cmdlet.ThrowTerminatingError(ErrorRecordFactory.Create(
                    errorId,
                    ErrorCategory.InvalidArgument,
                    $"-Path '{path}' is on the {provider.Name} provider, not on a file system drive.",
                    $"Pass a path on a file system drive, for example {example}.",
                    path));
            }

            return resolved;
        }
    }
}
