using System;
using System.Management.Automation;
using Hyper3D.Client;
using Hyper3D.Client.Errors;

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
            return Record(e, id, category, (AdviceFor(e) ?? advice).Replace("Connect-Hyper3D", ConnectCommand(server)), (object?)e.RequestUri?.ToString() ?? fallbackTarget);
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

        /// <summary>
        /// Advice that depends on more than the kind, so that it is true for the failure at hand; null where the
        /// kind's own advice is.
        /// </summary>
        private static string? AdviceFor(Hyper3DException e)
        {
            int status = e.StatusCode ?? 0;
            switch (e.Kind)
            {
                case ErrorKind.TlsFailure:
                    return CertificateAdvice(e.CertificateProblem);
                case ErrorKind.InvalidArgument when e.ApiCode == null && status == 400:
                    // nginx answers 400 "Request Header Or Cookie Too Large" itself; the API would have named a code.
                    return "The server or a proxy in front of it refused the request without an error code (its answer is quoted above). Check -BaseUri and any proxy; a proxy refuses headers larger than it allows, so a very long -Token can cause this.";
                case ErrorKind.InvalidResponse when status == 405 || status == 501:
                    return "The server at that address does not take this request: check that -BaseUri points at the Hyper3D API (it usually ends in /api), not at a web site or its root.";
                case ErrorKind.Unavailable when status == 505:
                    return "The server or a proxy in front of it does not speak this HTTP version: tell its administrator.";
                case ErrorKind.Unavailable when status == 511:
                    return "The network asks you to sign in before it lets requests out (a captive portal or gateway): sign in, then try again.";
                case ErrorKind.Unavailable when status != 0 && !e.IsTransient && status != 500:
                    return "The server or a proxy in front of it failed with an error it does not expect to pass by itself: tell its administrator, and try again once it is fixed.";
                case ErrorKind.ApiError when e.ApiCode == null && (status == 413 || status == 414 || status == 431):
                    return "The server or a proxy in front of it refused a request larger than it allows (a long -Token, many filters): check -BaseUri and any proxy, and tell its administrator if the request is an ordinary one.";
                case ErrorKind.ApiError when e.ApiCode == null:
                    return "The server refused the request and gave no error code: check -BaseUri and any proxy, and tell the server's administrator if it lasts.";
                default:
                    return null;
            }
        }

        /// <summary>Trust first, then the unsafe way round it, and only where trusting is what fixes the problem.</summary>
        private static string CertificateAdvice(CertificateProblem problem)
        {
            const string LastResort = " Only as an unsafe last resort, and only for a server you trust, connect with -SkipCertificateCheck.";
            switch (problem)
            {
                case CertificateProblem.NameMismatch:
                    return "Use the host name the certificate is issued for in -BaseUri, or ask the server's administrator for a certificate that names this host." + LastResort;
                case CertificateProblem.Expired:
                    return "Check this machine's date and time; if they are right, the server's administrator must renew its certificate." + LastResort;
                case CertificateProblem.Revoked:
                    return "Do not connect: the certificate's issuer has withdrawn it. Tell the server's administrator.";
                default:
                    return "Trust the certificate authority that issued the server's certificate: on Linux and macOS add it to the system's trusted certificates or point SSL_CERT_FILE at a file that holds it; on Windows import it into the certificate store (Trusted Root Certification Authorities). Ask the server's administrator for it if you do not have it." + LastResort;
            }
        }

        private static (string Id, ErrorCategory Category, string Advice) Describe(ErrorKind kind)
        {
            switch (kind)
            {
                case ErrorKind.Authentication:
                    return ("AuthenticationFailed", ErrorCategory.AuthenticationError, "Check the email, password or token, and run Connect-Hyper3D again.");
                case ErrorKind.ProxyAuthentication:
                    return ("ProxyAuthenticationRequired", ErrorCategory.AuthenticationError, "The proxy wants a user name and password: connect with -ProxyCredential, or, for a proxy set in HTTPS_PROXY or HTTP_PROXY, give them in its URI (http://user:password@proxy:3128). The request was not repeated, so the proxy account was not tried again.");
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
