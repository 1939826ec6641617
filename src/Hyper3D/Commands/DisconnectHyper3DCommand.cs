using System.Management.Automation;
using Hyper3D.Client;

namespace Hyper3D.Commands
{
    /// <summary>Disconnect-Hyper3D: forgets a session (the current one by default) and closes its connections.</summary>
    [Cmdlet(VerbsCommunications.Disconnect, "Hyper3D", SupportsShouldProcess = true)]
    [OutputType(typeof(void))]
    public sealed class DisconnectHyper3DCommand : Hyper3DCmdlet
    {
        /// <summary>A session from Connect-Hyper3D -PassThru; by default the current one.</summary>
        [Parameter(ValueFromPipeline = true)]
        public Hyper3DSession? Session { get; set; }

        protected override void ProcessRecord()
        {
            Hyper3DSession? current = SessionStore.Get();
            Hyper3DSession? session = Session ?? current;
            if (session == null)
            {
                WriteVerbose("There is no Hyper3D session to disconnect.");
                return;
            }

            if (!ShouldProcess(session.ToString(), "Disconnect"))
            {
                return;
            }

            if (ReferenceEquals(session, current))
            {
                SessionStore.Set(null);
            }

            session.Client.Dispose();
            WriteVerbose($"Disconnected from {session.BaseUri}.");
        }
    }
}
