using System;
using System.Linq;
using System.Management.Automation;

namespace Hyper3D.Commands
{
    /// <summary>
    /// Which parameters -Wait cannot be combined with, checked before any request. -Skip comes with
    /// SupportsPaging and so cannot join a parameter set, hence one check for all of them.
    /// </summary>
    internal static class WaitParameters
    {
        private static readonly string[] Conflicting = { "All", "Page", "Skip", "IncludeTotalCount" };

        public static void Refuse(Cmdlet cmdlet, bool wait, Func<string, bool> bound)
        {
            if (!wait)
            {
                if (bound("PollIntervalSec"))
                {
                    cmdlet.ThrowTerminatingError(ErrorRecordFactory.Create(
                        "PollIntervalWithoutWait",
                        ErrorCategory.InvalidArgument,
                        "-PollIntervalSec sets how often -Wait polls, and -Wait was not given.",
                        "Add -Wait to watch for new cards, or remove -PollIntervalSec.",
                        null));
                }

                return;
            }

            string[] given = Conflicting.Where(bound).Select(name => "-" + name).ToArray();
            if (given.Length > 0)
            {
                cmdlet.ThrowTerminatingError(ErrorRecordFactory.Create(
                    "WaitWithPaging",
                    ErrorCategory.InvalidArgument,
                    $"-Wait cannot be combined with {string.Join(", ", given)}: -Wait watches the head of the listing for new cards until stopped, while -All, -Page, -Skip and -IncludeTotalCount are about the pages already there.",
                    "Remove them. To write the cards since a time before watching, add -Since <time>; to stop after n new cards, add -First n.",
                    null));
            }
        }
    }
}
