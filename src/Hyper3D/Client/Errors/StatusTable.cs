
namespace Hyper3D.Client.Errors
{
    /// <summary>What an HTTP status means in the client's terms: the one table pages and media downloads both read.</summary>
    internal static class StatusTable
    {
        public static ErrorKind KindOf(int status)
        {
            switch (status)
            {
                case 400:
                case 422:
                    return ErrorKind.InvalidArgument;
                case 401:
                    return ErrorKind.Authentication;
                case 402:
                    return ErrorKind.QuotaExceeded;
                case 403:
                    return ErrorKind.PermissionDenied;
                case 404:
                case 410:
                    return ErrorKind.NotFound;

                // Not the API at that address: a static web server or a site root refuses POST, or does not know it.
                case 405:
                case 501:
                    return ErrorKind.InvalidResponse;
                case 407:
                    return ErrorKind.ProxyAuthentication;
                case 408:
                    return ErrorKind.Timeout;
                case 429:
                    return ErrorKind.RateLimited;
                default:
                    if (status >= 300 && status < 400)
                    {
                        // Redirects are not followed (a login would carry its password wherever they point).
                        return ErrorKind.InvalidResponse;
                    }

                    return status >= 500 ? ErrorKind.Unavailable : ErrorKind.ApiError;
            }
        }

        /// <summary>
        /// Worth another try: a throttle, a gateway that could not reach the server, a server that closed an idle
        /// request (408). Never a 407: each try is another wrong password against the proxy's account.
        /// </summary>
        public static bool IsTransient(int status) => status == 408 || status == 429 || status == 502 || status == 503 || status == 504;
    }
}
