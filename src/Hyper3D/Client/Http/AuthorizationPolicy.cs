using System;
using System.Threading.Tasks;

namespace Hyper3D.Client.Http
{
    /// <summary>
    /// The bearer token, to the API's own origin only. A -Credential session whose token the server no longer
    /// accepts (401) signs in again once and repeats the request, API page or same-origin media alike, so a long
    /// listing or download outlives its token.
    /// </summary>
    internal sealed class AuthorizationPolicy : PipelinePolicy
    {
        private readonly ISessionAuthority _session;

        public AuthorizationPolicy(ISessionAuthority session) => _session = session;

        public override async Task ProcessAsync(PipelineMessage message, Func<Task> next)
        {
            string? token = message.Plan.SendsToken ? _session.BearerTokenFor(message.Plan.Uri) : null;
            message.Token = token;
            try
            {
                await next().ConfigureAwait(false);
            }
            catch (Hyper3DException e) when (e.StatusCode == 401 && token != null && _session.CanSignInAgain)
            {
                message.Log.Warning("The server no longer accepts this session's token (401); signing in again.");
                await _session.SignInAgainAsync(token, message.Log, message.CancellationToken).ConfigureAwait(false);
                message.Token = _session.BearerTokenFor(message.Plan.Uri);
                await next().ConfigureAwait(false);
            }
        }
    }
}
