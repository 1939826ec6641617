using System;

namespace Hyper3D.Client
{
    /// <summary>What an API base address may hold: request paths are appended to it, and it is shown everywhere.</summary>
    internal static class BaseUriRules
    {
        /// <summary>Null when the address can be a base; else what is wrong and what to do, without its user info.</summary>
        public static (string Problem, string Advice)? Check(Uri uri)
        {
            if (!uri.IsAbsoluteUri || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            {
                return ($"'{(uri.IsAbsoluteUri ? WithoutUserInfo(uri) : uri.OriginalString)}' is not an http or https address.", "Pass the API's address, for example https://hyperhuman.deemos.com/api.");
            }

            if (uri.UserInfo.Length > 0)
            {
                // A password in an address ends up in verbose lines, errors and the session's display.
                return ($"The base URI for {WithoutUserInfo(uri)} holds a user name or password before the host (not shown here); an address is shown in messages and displays, so it is no place for a secret.", "Pass the address without them and sign in with -Credential (or -Token).");
            }

            if (uri.Query.Length > 0 || uri.Fragment.Length > 0)
            {
                // The request paths go after the base path; a query or fragment would swallow them.
                return ($"The address {uri.AbsoluteUri} has a query or fragment (after '?' or '#'), which a base address cannot have.", "Pass the API's address alone, for example https://hyperhuman.deemos.com/api.");
            }

            return null;
        }

        public static string WithoutUserInfo(Uri uri) => new UriBuilder(uri) { UserName = string.Empty, Password = string.Empty }.Uri.AbsoluteUri;
    }
}
