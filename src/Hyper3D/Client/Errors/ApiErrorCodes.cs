using System;
using System.Collections.Generic;

namespace Hyper3D.Client.Errors
{
    /// <summary>
    /// The error codes the vendor's servers put in <c>{"error": "CODE"}</c> bodies, often with a 2xx status, in one
    /// table: what each means to a caller and how to say it. A known code decides the kind whatever the status came
    /// with (a 400 that says RATE_LIMITED is a throttle); an unknown one leaves that to the status.
    /// </summary>
    internal static class ApiErrorCodes
    {
        /// <summary>How much of a code a message shows; a server can send anything, of any length.</summary>
        public const int MaximumShownLength = 200;

        private static readonly Dictionary<string, (ErrorKind Kind, string Meaning)> Known = new Dictionary<string, (ErrorKind, string)>(StringComparer.Ordinal)
        {
            ["RATE_LIMITED"] = (ErrorKind.RateLimited, "the server is throttling requests"),
            ["NO_SUCH_GROUP"] = (ErrorKind.NotFound, "no group has that UUID"),
            ["GROUP_NOT_FOUND"] = (ErrorKind.NotFound, "no group has that UUID"),
            ["NO_SUCH_TASK"] = (ErrorKind.NotFound, "no card has that task UUID"),
            ["USER_NOT_FOUND"] = (ErrorKind.NotFound, "no such user"),
            ["PERMISSION_DENIED"] = (ErrorKind.PermissionDenied, "the account may not do this"),
            ["USER_FORBIDDEN"] = (ErrorKind.PermissionDenied, "the account may not do this"),
            ["GROUP_EXPIRED"] = (ErrorKind.PermissionDenied, "the group has expired"),
            ["USER_NOT_IN_GROUP"] = (ErrorKind.PermissionDenied, "you are not a member of that group"),
            ["WRONG_PASSWORD"] = (ErrorKind.Authentication, "the password is wrong"),
            ["NO_SUCH_USER"] = (ErrorKind.Authentication, "no account has that email"),
            ["UNAUTHORIZED"] = (ErrorKind.Authentication, "the server wants a signed-in session"),
            ["INVALID_TOKEN"] = (ErrorKind.Authentication, "the server does not accept the token"),
            ["INVALID_REQUEST"] = (ErrorKind.InvalidArgument, "the server rejected the request as invalid"),
            ["SUBSCRIPTION_REQUIRED"] = (ErrorKind.QuotaExceeded, "this needs a subscription"),
            ["INSUFFICIENT_BALANCE"] = (ErrorKind.QuotaExceeded, "the account's balance is too low"),
        };

        /// <summary>Newer servers put <c>"error": "OK"</c> in successful answers.</summary>
        public static bool IsSuccess(string? code) => code == null || code.Length == 0 || code == "OK";

        /// <summary>The kind a code stands for; null when only the status can tell.</summary>
        public static ErrorKind? KindOf(string code)
        {
            if (Known.TryGetValue(code, out var entry))
            {
                return entry.Kind;
            }

            return code.StartsWith("NO_SUCH_", StringComparison.Ordinal) || code.EndsWith("_NOT_FOUND", StringComparison.Ordinal)
                ? ErrorKind.NotFound
                : (ErrorKind?)null;
        }

        /// <summary>
        /// The code as a message may show it, with what it means: control characters removed (a code could
        /// otherwise repaint the terminal) and cut to <see cref="MaximumShownLength"/> characters.
        /// </summary>
        public static string Describe(string code)
        {
            string meaning = Known.TryGetValue(code, out var entry) ? entry.Meaning : "the server reported an error";
            return $"error {PrintableText.Cut(PrintableText.WithoutControls(code), MaximumShownLength)} ({meaning})";
        }
    }
}
