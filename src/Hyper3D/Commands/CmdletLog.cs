using System.Collections.Concurrent;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using Hyper3D.Client;

namespace Hyper3D.Commands
{
    /// <summary>
    /// Bridges the client's background threads to the pipeline thread: the client reports from anywhere,
    /// and the cmdlet writes those lines only while it waits here, on its own thread.
    /// </summary>
    internal sealed class CmdletLog : IClientLog
    {
        private readonly ConcurrentQueue<(bool Warning, string Text)> _messages = new ConcurrentQueue<(bool, string)>();
        private readonly SemaphoreSlim _signal = new SemaphoreSlim(0);
        private readonly Cmdlet _cmdlet;

        public CmdletLog(Cmdlet cmdlet)
        {
            _cmdlet = cmdlet;
        }

        public void Verbose(string message)
        {
            _messages.Enqueue((false, message));
            _signal.Release();
        }

        public void Warning(string message)
        {
            _messages.Enqueue((true, message));
            _signal.Release();
        }

        /// <summary>Blocks the pipeline thread until the task ends, writing what the client reports meanwhile.</summary>
        public void Wait(Task task)
        {
            task.ContinueWith(_ => _signal.Release(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            while (true)
            {
                Drain();
                if (task.IsCompleted)
                {
                    break;
                }

                _signal.Wait();
            }

            Drain();
            task.GetAwaiter().GetResult();
        }

        public void Drain()
        {
            while (_messages.TryDequeue(out var message))
            {
                if (message.Warning)
                {
                    _cmdlet.WriteWarning(message.Text);
                }
                else
                {
                    _cmdlet.WriteVerbose(message.Text);
                }
            }
        }
    }
}
