using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Hyper3D.Client.Secrets;

namespace Hyper3D.Client.Http
{
    /// <summary>One logical call on its way through the policies: the plan, where it reports, and what the policies decided.</summary>
    internal sealed class PipelineMessage
    {
        private readonly List<string> _tokensSent = new List<string>();
        private SecretScrubber? _scrubber;

        public PipelineMessage(RequestPlan plan, IClientLog log, CancellationToken cancellationToken)
        {
            Plan = plan;
            Log = log;
            CancellationToken = cancellationToken;
        }

        public RequestPlan Plan { get; }

        /// <summary>Where policies and the last step report; the scrubbing policy swaps in one that masks secrets.</summary>
        public IClientLog Log { get; set; }

        public CancellationToken CancellationToken { get; }

        /// <summary>The bearer token the next attempt carries, as the authorization policy chose it.</summary>
        public string? Token { get; set; }

        /// <summary>1 for the first attempt; the last step may ask for less on a repeat (a -Force download resumes).</summary>
        public int Attempt { get; set; } = 1;

        /// <summary>Every secret a server could echo back in an answer to this call: the plan's and each token sent.</summary>
        public SecretScrubber Scrubber()
        {
            lock (_tokensSent)
            {
                // One per call until another token goes out: the forms of each secret are worked out once.
                return _scrubber ??= new SecretScrubber(Plan.Secrets.Concat(_tokensSent).ToArray());
            }
        }

        internal void Sent(string token)
        {
            lock (_tokensSent)
            {
                if (!_tokensSent.Contains(token))
                {
                    _tokensSent.Add(token);
                    _scrubber = null;
                }
            }
        }
    }
}
