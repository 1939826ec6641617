using System;
using System.Collections.Generic;
using System.Net.Http;
using System.Threading.Tasks;

namespace Hyper3D.Client.Http
{
    /// <summary>
    /// What differs between requests: the request each attempt sends and the last step that reads its answer (a
    /// page parsed, a media body streamed to disk). Everything else (tokens, retries, pacing, classifying failures)
    /// is the pipeline's.
    /// </summary>
    internal abstract class RequestPlan
    {
        protected RequestPlan(HttpMethod method, Uri uri, string target, bool mayRepeat, bool sendsToken, IEnumerable<string?> secrets)
        {
            Method = method;
            Uri = uri;
            Target = target;
            MayRepeat = mayRepeat;
            SendsToken = sendsToken;
            Secrets = secrets;
        }

        public HttpMethod Method { get; }

        public Uri Uri { get; }

        /// <summary>How messages name the request: "POST https://host/api/task/cards".</summary>
        public string Target { get; }

        /// <summary>Safe to send again after it may have reached the server (a read is; a login is not).</summary>
        public bool MayRepeat { get; }

        /// <summary>Carries the session's token (only ever to the API's own origin).</summary>
        public bool SendsToken { get; }

        /// <summary>The secrets a server could echo in its answer to this request, besides the token sent.</summary>
        public IEnumerable<string?> Secrets { get; }

        /// <summary>One attempt: build the request, send it with <see cref="HttpAttempt.SendAsync"/>, read the answer.</summary>
        internal abstract Task RunAttemptAsync(HttpAttempt attempt);
    }

    /// <inheritdoc cref="RequestPlan"/>
    internal abstract class RequestPlan<T> : RequestPlan
    {
        protected RequestPlan(HttpMethod method, Uri uri, string target, bool mayRepeat, bool sendsToken, IEnumerable<string?> secrets)
            : base(method, uri, target, mayRepeat, sendsToken, secrets)
        {
        }

        /// <summary>What the last successful attempt read.</summary>
        public T Result { get; private set; } = default!;

        internal sealed override async Task RunAttemptAsync(HttpAttempt attempt)
        {
            Result = await RunAsync(attempt).ConfigureAwait(false);
        }

        protected abstract Task<T> RunAsync(HttpAttempt attempt);
    }
}
