using System;
using System.Threading.Tasks;

namespace Hyper3D.Client.Http
{
    /// <summary>
    /// Nothing reported about a call shows a secret of it: each warning and verbose line the policies and the last
    /// step write, and the failure that leaves the pipeline, with the token, the passwords and the proxy's masked.
    /// </summary>
    internal sealed class ScrubbingPolicy : PipelinePolicy
    {
        public override async Task ProcessAsync(PipelineMessage message, Func<Task> next)
        {
            IClientLog log = message.Log;
            message.Log = new ScrubbedLog(log, message);
            try
            {
                await next().ConfigureAwait(false);
            }
            catch (Hyper3DException e)
            {
                Hyper3DException clean = e.Scrubbed(message.Scrubber());
                if (ReferenceEquals(clean, e))
                {
                    throw;
                }

                throw clean;
            }
            finally
            {
                message.Log = log;
            }
        }

        private sealed class ScrubbedLog : IClientLog
        {
            private readonly IClientLog _inner;
            private readonly PipelineMessage _message;

            public ScrubbedLog(IClientLog inner, PipelineMessage message)
            {
                _inner = inner;
                _message = message;
            }

            public void Verbose(string message) => _inner.Verbose(_message.Scrubber().ScrubKnown(message));

            public void Warning(string message) => _inner.Warning(_message.Scrubber().ScrubKnown(message));
        }
    }
}
