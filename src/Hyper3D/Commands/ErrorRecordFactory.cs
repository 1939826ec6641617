using System;
using System.Management.Automation;
using Hyper3D.Client;

namespace Hyper3D.Commands
{
    /// <summary>
    /// One place that turns a failure into an ErrorRecord: a stable ErrorId scripts can test, the category that
    /// says what kind of failure it was, a target, the message saying what happened, and what to do next said
    /// once, as the RecommendedAction (the default error view prints it after the message as "Recommendation:").
    /// </summary>
    internal static class ErrorRecordFactory
    {
        /// <summary>
        /// A client failure: the kind picks ErrorId, category and advice; the URL is the target. Advice to connect again
        /// names <paramref name="server"/>, the session's own address (none: the default server).
        /// </summary>
        public static ErrorRecord From(Hyper3DException e, object? fallbackTarget, Uri? server = null)
        {
            (string id, ErrorCategory category, string advice) = Describe(e.Kind);
            return Record(e, id, category, advice.Replace("Connect-Hyper3D", ConnectCommand(server)), (object?)e.RequestUri?.ToString() ?? fallbackTarget);
        }

        /// <summary>
        /// Connect-Hyper3D as advice must write it: with -BaseUri unless the server is the default one, since the advice
        /// followed as written would otherwise send an on-premises password to the cloud.
        /// </summary>
        public static string ConnectCommand(Uri? server) =>
            server == null || server == new Uri(ClientOptions.DefaultBaseUri) ? "Connect-Hyper3D" : $"Connect-Hyper3D -BaseUri {server}";

        /// <summary>A refusal of the cmdlet's own, before any request (bad input, no session).</summary>
        public static ErrorRecord Create(string id, ErrorCategory category, string message, string advice, object? target)
        {
            Exception exception = category == ErrorCategory.InvalidArgument
                ? new ArgumentException(message)
                : new InvalidOperationException(message);
            return Record(exception, id, category, advice, target);
        }

        private static ErrorRecord Record(Exception exception, string id, ErrorCategory category, string advice, object? target)
        {
            return new ErrorRecord(exception, id, category, target)
            {
                ErrorDetails = new ErrorDetails(exception.Message) { RecommendedAction = advice },
            };
        }

        private static (string Id, ErrorCategory Category, string Advice) Describe(ErrorKind kind)
        {
            switch (kind)
            {
                case ErrorKind.Authentication:
                    return ("AuthenticationFailed", ErrorCategory.AuthenticationError, "Check the email, password or token (or -ProxyCredential, when a proxy asks), and run Connect-Hyper3D again.");
                case ErrorKind.PermissionDenied:
                    return ("PermissionDenied", ErrorCategory.PermissionDenied, "Check that this account may see that gallery or group.");
                case ErrorKind.NotFound:
                    return ("NotFound", ErrorCategory.ObjectNotFound, "Check the identifiers passed (for example -GroupUuid).");
                case ErrorKind.InvalidArgument:
                    return ("InvalidRequest", ErrorCategory.InvalidArgument, "Check the parameters given: the email and password of a login, or the filters of a listing (an older server may not know one).");
                case ErrorKind.RateLimited:
                    return ("RateLimited", ErrorCategory.LimitsExceeded, "The server is throttling requests: wait a while and run the command again, or connect with a larger -MaximumRetryCount or -RetryIntervalSec.");
                case ErrorKind.Unavailable:
                    return ("ServiceUnavailable", ErrorCategory.ResourceUnavailable, "The server or a proxy in front of it is failing: try again later, and tell its administrator if it lasts.");
                case ErrorKind.Timeout:
                    return ("Timeout", ErrorCategory.OperationTimeout, "Check the network, or connect with a larger -TimeoutSec.");
                case ErrorKind.ConnectionFailed:
                    return ("ConnectionFailed", ErrorCategory.ConnectionError, "Check -BaseUri, the network and any proxy (-Proxy), then try again.");
                case ErrorKind.TlsFailure:
                    return ("TlsFailure", ErrorCategory.SecurityError, "If the server uses a certificate this machine does not trust and you trust it, connect with -SkipCertificateCheck.");
                case ErrorKind.InsecureTransport:
                    return ("UnencryptedAuthentication", ErrorCategory.SecurityError, "Use an https:// base URI, or pass -AllowUnencryptedAuthentication if you accept the risk.");
                case ErrorKind.QuotaExceeded:
                    return ("QuotaExceeded", ErrorCategory.QuotaExceeded, "Check the account's subscription and balance.");
                case ErrorKind.InvalidResponse:
                    return ("InvalidResponse", ErrorCategory.InvalidResult, "Check that -BaseUri points at the Hyper3D API (it usually ends in /api) and that no proxy answers in its place.");
                case ErrorKind.SessionClosed:
                    return ("SessionClosed", ErrorCategory.InvalidOperation, "Run Connect-Hyper3D to open a new session.");
                default:
                    return ("ApiError", ErrorCategory.InvalidOperation, "See the server's error code above.");
            }
        }
    }
}
