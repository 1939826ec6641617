using System;
using System.Globalization;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Text.RegularExpressions;
using Hyper3D.Client.Http;

namespace Hyper3D.Client.Errors
{
    /// <summary>
    /// The one place that says what a failed attempt was: a status through <see cref="StatusTable"/>, a transport
    /// exception by what the system reports (refused, reset, DNS, time limit, TLS, a proxy's refusal of its tunnel).
    /// </summary>
    internal static class FailureClassifier
    {
        private static readonly Regex QuotedStatus = new Regex(@"'(\d{3})'", RegexOptions.CultureInvariant);

        /// <summary>An answer the last step cannot use for its status alone (it has no body worth reading).</summary>
        public static Hyper3DException Status(RequestPlan plan, HttpResponseMessage response)
        {
            int status = (int)response.StatusCode;
            string text = string.Format(CultureInfo.InvariantCulture, "{0} {1}", status, response.ReasonPhrase).TrimEnd();
            string message = status >= 300 && status < 400
                ? $"The server redirected {plan.Target} ({text}) to {response.Headers.Location?.ToString() ?? "no location"}, and redirects are not followed."
                : $"The server answered {text} to {plan.Target}.";
            return new Hyper3DException(
                StatusTable.KindOf(status),
                message,
                requestUri: plan.Uri,
                statusCode: status,
                isTransient: StatusTable.IsTransient(status),
                retryAfter: RetryAfter(response.Headers.RetryAfter, DateTimeOffset.UtcNow));
        }

        /// <param name="timedOut">The attempt's time limit had passed when <paramref name="e"/> was thrown.</param>
        /// <param name="progress">How far the body got (", after 10 of 20 bytes"), when that helps.</param>
        public static Hyper3DException Transport(RequestPlan plan, Exception e, bool timedOut, bool headersReceived, string? progress, TimeSpan timeout)
        {
            Uri uri = plan.Uri;
            if (timedOut)
            {
                return new Hyper3DException(
                    ErrorKind.Timeout,
                    string.Format(CultureInfo.InvariantCulture, "{0} timed out after {1:0.#} s {2}{3}.", plan.Target, timeout.TotalSeconds, headersReceived ? "while reading the answer" : "waiting for an answer", progress),
                    e,
                    requestUri: uri,
                    isTransient: true);
            }

            if (ProxyTunnelStatus(e) is int tunnelStatus)
            {
                // Not kept as the inner exception: its message quotes the proxy's address, and with it any user name
                // and password written into it.
                return tunnelStatus == 407
                    ? new Hyper3DException(ErrorKind.ProxyAuthentication, $"The proxy refused to open a tunnel to {uri.Host}: it asks for a user name and password it was not given, or refused the ones it was given (407 Proxy Authentication Required).", requestUri: uri, statusCode: 407, neverSent: true)
                    : new Hyper3DException(ErrorKind.ConnectionFailed, $"The proxy refused to open a tunnel to {uri.Host} (status {tunnelStatus}).", requestUri: uri, statusCode: tunnelStatus, isTransient: StatusTable.IsTransient(tunnelStatus), neverSent: true);
            }

            if (Find<AuthenticationException>(e) is AuthenticationException tls)
            {
                CertificateProblem problem = Certificates.ProblemIn(tls);
                return new Hyper3DException(ErrorKind.TlsFailure, $"Could not make a secure connection to {uri.Host}: {Certificates.Describe(problem, uri.Host, tls)}", e, uri, null, null, false, true, null, 1, problem);
            }

            SocketException? socket = Find<SocketException>(e);
            SocketError code = socket?.SocketErrorCode ?? SocketError.SocketError;
            if (code == SocketError.HostNotFound || code == SocketError.NoData || code == SocketError.TryAgain)
            {
                // Only TryAgain (the name server did not answer) may pass; a name that does not exist will not exist
                // a second later, and asking again only delays the error.
                return new Hyper3DException(
                    ErrorKind.ConnectionFailed,
                    $"Could not find the host {uri.Host}: {Sentence(Innermost(e).Message)}",
                    e,
                    requestUri: uri,
                    isTransient: code == SocketError.TryAgain,
                    neverSent: true);
            }

            bool neverSent = !headersReceived && (code == SocketError.ConnectionRefused || code == SocketError.NetworkUnreachable || code == SocketError.HostUnreachable);
            string what = neverSent ? "Could not connect to" : headersReceived ? "The connection broke while reading the answer from" : "The connection failed for";
            return new Hyper3DException(ErrorKind.ConnectionFailed, $"{what} {plan.Target}{progress}: {Sentence(Innermost(e).Message)}", e, requestUri: uri, isTransient: true, neverSent: neverSent);
        }

        /// <summary>Retry-After as delta-seconds or an HTTP date (RFC 9110).</summary>
        public static TimeSpan? RetryAfter(RetryConditionHeaderValue? header, DateTimeOffset now)
        {
            if (header == null)
            {
                return null;
            }

            if (header.Delta.HasValue)
            {
                return header.Delta.Value;
            }

            if (header.Date.HasValue)
            {
                TimeSpan wait = header.Date.Value - now;
                return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
            }

            return null;
        }

        /// <summary>
        /// The status a proxy answered a CONNECT with. .NET 8 and later mark the failure HttpRequestError.ProxyTunnelError
        /// (a property this netstandard2.0 assembly cannot name) and quote the status in the message.
        /// </summary>
        private static int? ProxyTunnelStatus(Exception e)
        {
            for (Exception? current = e; current != null; current = current.InnerException)
            {
                if (current is HttpRequestException
                    && string.Equals(current.GetType().GetProperty("HttpRequestError")?.GetValue(current)?.ToString(), "ProxyTunnelError", StringComparison.Ordinal)
                    && QuotedStatus.Match(current.Message) is { Success: true } match)
                {
                    return int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
                }
            }

            return null;
        }

        /// <summary>The system's reasons often lack a full stop; ours follow them, so end the sentence.</summary>
        internal static string Sentence(string text)
        {
            text = text.Trim();
            return text.EndsWith(".", StringComparison.Ordinal) || text.EndsWith("!", StringComparison.Ordinal) || text.EndsWith("?", StringComparison.Ordinal)
                ? text
                : text + ".";
        }

        private static TException? Find<TException>(Exception e)
            where TException : Exception
        {
            for (Exception? current = e; current != null; current = current.InnerException)
            {
                if (current is TException match)
                {
                    return match;
                }
            }

            return null;
        }

        private static Exception Innermost(Exception e)
        {
            while (e.InnerException != null)
            {
                e = e.InnerException;
            }

            return e;
        }
    }
}
