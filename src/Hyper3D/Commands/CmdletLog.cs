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
        private enum Stream
        {
            Verbose,
            Warning,
            Debug,
        }

        private readonly ConcurrentQueue<(Stream Stream, string Text)> _messages = new ConcurrentQueue<(Stream, string)>();
        private readonly SemaphoreSlim _signal = new SemaphoreSlim(0);
        private readonly Cmdlet _cmdlet;

        public CmdletLog(Cmdlet cmdlet)
        {
            _cmdlet = cmdlet;
        }

        public void Verbose(string message)
        {
            Enqueue(Stream.Verbose, message);
        }

        public void Warning(string message)
        {
            Enqueue(Stream.Warning, message);
        }

        /// <summary>For the cmdlet's own detail (request bodies); the client itself reports no debug lines.</summary>
        public void Debug(string message)
        {
            Enqueue(Stream.Debug, message);
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

        private void Enqueue(Stream stream, string message)
        {
            _messages.Enqueue((stream, message));
            _signal.Release();
        }

        public void Drain()
        {
            while (_messages.TryDequeue(out var message))
            {
                switch (message.Stream)
                {
                    case Stream.Warning:
                        _cmdlet.WriteWarning(message.Text);
                        break;
                    case Stream.Debug:
                        _cmdlet.WriteDebug(message.Text);
                        break;
                    default:
                        _cmdlet.WriteVerbose(message.Text);
                        break;
                }
            }
        }
    }
}
