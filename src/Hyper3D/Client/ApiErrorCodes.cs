namespace Hyper3D.Client
{
    /// <summary>
    /// The error codes the vendor's servers put in <c>{"error": "CODE"}</c> bodies, often with a 2xx status
    /// (so a 200 is not yet a success). Unknown codes pass through verbatim as <see cref="ErrorKind.ApiError"/>.
    /// </summary>
    internal static class ApiErrorCodes
    {
        /// <summary>Newer servers put <c>"error": "OK"</c> in successful answers.</summary>
        public static bool IsSuccess(string? code) => code == null || code.Length == 0 || code == "OK";

        public static ErrorKind KindOf(string code)
        {
            switch (code)
            {
                case "RATE_LIMITED":
                    return ErrorKind.RateLimited;
                case "NO_SUCH_GROUP":
                case "GROUP_NOT_FOUND":
                case "NO_SUCH_TASK":
                case "USER_NOT_FOUND":
                    return ErrorKind.NotFound;
                case "PERMISSION_DENIED":
                case "USER_FORBIDDEN":
                case "GROUP_EXPIRED":
                case "USER_NOT_IN_GROUP":
                    return ErrorKind.PermissionDenied;
                case "WRONG_PASSWORD":
                case "NO_SUCH_USER":
                case "UNAUTHORIZED":
                case "INVALID_TOKEN":
                    return ErrorKind.Authentication;
                case "INVALID_REQUEST":
                    return ErrorKind.InvalidArgument;
                case "SUBSCRIPTION_REQUIRED":
                case "INSUFFICIENT_BALANCE":
                    return ErrorKind.QuotaExceeded;
                default:
                    return code.StartsWith("NO_SUCH_", System.StringComparison.Ordinal) || code.EndsWith("_NOT_FOUND", System.StringComparison.Ordinal)
                        ? ErrorKind.NotFound
                        : ErrorKind.ApiError;
            }
        }

        public static string Describe(string code)
        {
            switch (code)
            {
                case "WRONG_PASSWORD": return "the password is wrong";
                case "NO_SUCH_USER": return "no account has that email";
                case "NO_SUCH_GROUP":
                case "GROUP_NOT_FOUND": return "no group has that UUID";
                case "GROUP_EXPIRED": return "the group has expired";
                case "USER_NOT_IN_GROUP": return "you are not a member of that group";
                case "PERMISSION_DENIED":
                case "USER_FORBIDDEN": return "the account may not do this";
                case "INVALID_REQUEST": return "the server rejected the request as invalid";
                case "RATE_LIMITED": return "the server is throttling requests";
                case "SUBSCRIPTION_REQUIRED": return "this needs a subscription";
                case "INSUFFICIENT_BALANCE": return "the account's balance is too low";
                default: return "the server reported an error";
            }
        }
    }
}
