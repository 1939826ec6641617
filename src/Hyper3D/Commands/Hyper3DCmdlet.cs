using System;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using Hyper3D.Client;
using Hyper3D.Model;

namespace Hyper3D.Commands
{
    /// <summary>
    /// What every Hyper3D cmdlet shares: async work awaited on the pipeline thread, Ctrl+C cancelling it,
    /// the session to use, and client failures reported as ErrorRecords.
    /// </summary>
    public abstract class Hyper3DCmdlet : PSCmdlet, IDisposable
    {
        private readonly CancellationTokenSource _stopping = new CancellationTokenSource();
        private CmdletLog? _log;
        private Uri? _server;

        // Public only because the cmdlets deriving from it must be; no one outside the module derives from it.
        internal Hyper3DCmdlet()
        {
        }

        internal CancellationToken CancelToken => _stopping.Token;

        internal CmdletLog Log => _log ??= new CmdletLog(this);

        protected override void StopProcessing() => _stopping.Cancel();

        /// <summary>Waits for the work, writing its messages; a stop becomes PipelineStoppedException.</summary>
        internal T Await<T>(Task<T> work, object? errorTarget)
        {
            Await((Task)work, errorTarget);
            return work.GetAwaiter().GetResult();
        }

        /// <inheritdoc cref="Await{T}(Task{T}, object?)"/>
        internal void Await(Task work, object? errorTarget) => Await(work, e => ErrorRecordFactory.From(e, errorTarget, _server));

        /// <summary>As <see cref="Await{T}(Task{T}, object?)"/>, with the caller's own account of a client failure.</summary>
        internal T Await<T>(Task<T> work, Func<Hyper3DException, ErrorRecord> describe)
        {
            Await((Task)work, describe);
            return work.GetAwaiter().GetResult();
        }

        /// <inheritdoc cref="Await{T}(Task{T}, Func{Hyper3DException, ErrorRecord})"/>
        internal void Await(Task work, Func<Hyper3DException, ErrorRecord> describe)
        {
            try
            {
                Log.Wait(work);
            }
            catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
            {
                throw new PipelineStoppedException();
            }
            catch (Hyper3DException e)
            {
                ThrowTerminatingError(describe(e));
            }
        }

        /// <summary>
        /// The -Session given, else this runspace's current one; a terminating error when there is none or it was
        /// disconnected (a closed session sends nothing, its token included).
        /// </summary>
        internal Hyper3DSession ResolveSession(Hyper3DSession? given)
        {
            Hyper3DSession? session = given ?? SessionStore.Get();
            if (session == null)
            {
                ThrowTerminatingError(ErrorRecordFactory.Create(
                    "NotConnected",
                    ErrorCategory.ConnectionError,
                    "There is no Hyper3D session.",
                    "Run Connect-Hyper3D first (with no -Credential for the public galleries), or pass -Session.",
                    null));
            }

            if (session!.Client.IsClosed)
            {
                ThrowTerminatingError(ErrorRecordFactory.From(session.Client.Closed(), null, session.BaseUri));
            }

            _server = session.BaseUri;
            return session;
        }

        internal string UserAgent()
        {
            string module = MyInvocation.MyCommand.Module?.Version?.ToString() ?? typeof(Hyper3DCmdlet).Assembly.GetName().Version!.ToString(3);
            string shell = (SessionState.PSVariable.GetValue("PSVersionTable") as System.Collections.Hashtable)?["PSVersion"]?.ToString() ?? "unknown";
            return $"Hyper3D-PowerShell/{module} PowerShell/{shell}";
        }

        public void Dispose()
        {
            _stopping.Dispose();
            GC.SuppressFinalize(this);
        }
    }
}
