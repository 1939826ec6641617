using System;
using System.Collections.Generic;
using System.Management.Automation;

namespace Hyper3D.Commands
{
    /// <summary>
    /// The groups a pipeline gives Get-Hyper3DGalleryCard: each group is listed once (three cards of one group list it
    /// once), and objects of no group are counted and passed over, said once at the end.
    /// </summary>
    internal sealed class PipedGroups
    {
        private readonly HashSet<string> _listed = new HashSet<string>(StringComparer.Ordinal);
        private int _withoutGroup;

        /// <returns>True for a group (or a call without pipeline input) to list now.</returns>
        public bool Take(Cmdlet cmdlet, string? groupUuid, bool fromPipeline)
        {
            if (string.IsNullOrEmpty(groupUuid))
            {
                if (!fromPipeline)
                {
                    return true;
                }

                _withoutGroup++;
                return false;
            }

            if (fromPipeline && !_listed.Add(groupUuid!))
            {
                cmdlet.WriteVerbose($"Group {groupUuid} is already listed by this pipeline; passed over.");
                return false;
            }

            return true;
        }

        public void Finish(Cmdlet cmdlet)
        {
            if (_withoutGroup > 0)
            {
                cmdlet.WriteWarning($"{_withoutGroup} piped objects had no GroupUuid (cards of no group) and were passed over.");
            }
        }
    }
}
