using System;
using System.Threading.Tasks;

namespace Hyper3D.Client.Http
{
    /// <summary>One rule every request obeys (authorization, retry, pacing, scrubbing), applied around the rest of the pipeline.</summary>
    internal abstract class PipelinePolicy
    {
        /// <summary>Does this policy's part; <paramref name="next"/> runs the policies after it and the attempt, as often as this one decides.</summary>
        public abstract Task ProcessAsync(PipelineMessage message, Func<Task> next);
    }
}
