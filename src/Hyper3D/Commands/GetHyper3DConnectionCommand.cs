using System.Management.Automation;
using Hyper3D.Client;

namespace Hyper3D.Commands
{
    /// <summary>Get-Hyper3DConnection: the current session, or nothing when there is none.</summary>
    [Cmdlet(VerbsCommon.Get, "Hyper3DConnection")]
    [OutputType(typeof(Hyper3DSession))]
    public sealed class GetHyper3DConnectionCommand : Hyper3DCmdlet
    {
        protected override void EndProcessing()
        {
            Hyper3DSession? session = SessionStore.Get();
            if (session != null)
            {
                WriteObject(session);
            }
        }
    }
}
