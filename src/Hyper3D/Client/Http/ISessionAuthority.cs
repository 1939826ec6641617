using System;
using System.Threading;
using System.Threading.Tasks;

namespace Hyper3D.Client.Http
{
    /// <summary>The session's side of authorization: which token a request gets, and signing in again.</summary>
    internal interface ISessionAuthority
    {
        /// <summary>The token for <paramref name="uri"/>: only the API's own origin gets one.</summary>
        string? BearerTokenFor(Uri uri);

        /// <summary>The session signed in with a credential, so a rejected token can be replaced.</summary>
        bool CanSignInAgain { get; }

        /// <summary>Signs in again unless another request already replaced <paramref name="rejectedToken"/>.</summary>
        Task SignInAgainAsync(string rejectedToken, IClientLog log, CancellationToken cancellationToken);
    }
}
