using System;
using System.Management.Automation;
using System.Net;
using System.Security;
using Hyper3D.Client;
using Hyper3D.Client.Api;
using Hyper3D.Client.Proxies;
using Hyper3D.Client.Secrets;
using Hyper3D.Model;

namespace Hyper3D.Commands
{
    /// <summary>
    /// Connect-Hyper3D: opens a session (anonymous, with a login, or with a token) and makes it this
    /// runspace's current one. With no parameters it reads HYPER3D_* environment variables for unattended use.
    /// Before it replaces the current session it reads one page, so a wrong address fails here, not later.
    /// </summary>
    [Cmdlet(VerbsCommunications.Connect, "Hyper3D", DefaultParameterSetName = AnonymousSet)]
    [OutputType(typeof(Hyper3DSession))]
    public sealed class ConnectHyper3DCommand : Hyper3DCmdlet
    {
        private const string AnonymousSet = "Anonymous";
        private const string CredentialSet = "Credential";
        private const string TokenSet = "Token";

        internal const string BaseUriVariable = "HYPER3D_BASE_URI";
        internal const string TokenVariable = "HYPER3D_TOKEN";
        internal const string EmailVariable = "HYPER3D_EMAIL";
        internal const string PasswordVariable = "HYPER3D_PASSWORD";

        [Parameter(Position = 0)]
        [ValidateNotNull]
        public Uri? BaseUri { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = CredentialSet)]
        [Credential]
        [ValidateNotNull]
        public PSCredential? Credential { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = TokenSet)]
        [ValidateNotNull]
        public SecureString? Token { get; set; }

        [Parameter]
        public SwitchParameter SkipCertificateCheck { get; set; }

        [Parameter]
        public SwitchParameter AllowUnencryptedAuthentication { get; set; }

        [Parameter]
        [ValidateRange(1, 3600)]
        public int TimeoutSec { get; set; } = 30;

        [Parameter]
        [ValidateRange(0, 100)]
        public int MaximumRetryCount { get; set; } = 3;

        [Parameter]
        [ValidateRange(0, 600)]
        public int RetryIntervalSec { get; set; } = 1;

        [Parameter]
        [ValidateNotNull]
        public Uri? Proxy { get; set; }

        [Parameter]
        [Credential]
        [ValidateNotNull]
        public PSCredential? ProxyCredential { get; set; }

        [Parameter]
        public SwitchParameter PassThru { get; set; }

        /// <summary>Connect without reading a page first (for scripts that prepare a session offline).</summary>
        [Parameter]
        public SwitchParameter SkipConnectionCheck { get; set; }

        protected override void EndProcessing()
        {
            Uri baseUri = BaseUri ?? EnvironmentBaseUri() ?? new Uri(ClientOptions.DefaultBaseUri);
            if (BaseUriRules.Check(baseUri) is (string problem, string advice))
            {
                ThrowTerminatingError(ErrorRecordFactory.Create("InvalidBaseUri", ErrorCategory.InvalidArgument, problem, advice, null));
            }

            var options = new ClientOptions
            {
                BaseUri = baseUri,
                UserAgent = UserAgent(),
                SkipCertificateCheck = SkipCertificateCheck,
                AllowUnencryptedAuthentication = AllowUnencryptedAuthentication,
                Timeout = TimeSpan.FromSeconds(TimeoutSec),
                MaximumRetryCount = MaximumRetryCount,
                RetryInterval = TimeSpan.FromSeconds(RetryIntervalSec),
                Proxy = ChooseProxy(baseUri),
                ProxyCredential = ProxyCredential?.GetNetworkCredential(),
            };

            var client = new Hyper3DClient(options);
            Hyper3DSession session;
            try
            {
                session = Open(client);
                if (!SkipConnectionCheck)
                {
                    Check(session);
                }
            }
            catch
            {
                // A failed login or check leaves no half session: the client is dropped and the current session kept.
                client.Dispose();
                throw;
            }

            SessionStore.Set(session);
            WriteVerbose($"Connected to {session.BaseUri} ({session.Authentication}).");
            if (PassThru)
            {
                WriteObject(session);
            }
        }

        /// <summary>
        /// -Proxy, else the proxy environment variables as they are now, else none. Whichever it is, its user name and
        /// password leave the address here and live only as the proxy's credentials.
        /// </summary>
        private SessionProxy? ChooseProxy(Uri baseUri)
        {
            NetworkCredential? credential = ProxyCredential?.GetNetworkCredential();
            SessionProxy? proxy;
            if (Proxy != null)
            {
                proxy = SessionProxy.FromParameter(Proxy, credential);

                // The bound value stays in InvocationInfo, which every error record of this call carries.
                MyInvocation.BoundParameters[nameof(Proxy)] = proxy.For(baseUri);
            }
            else
            {
                proxy = SessionProxy.FromEnvironment(Environment.GetEnvironmentVariable, credential, out string? problem);
                if (problem != null)
                {
                    WriteWarning(problem + ".");
                }
            }

            if (proxy?.For(baseUri) is Uri used)
            {
                WriteVerbose($"Requests to {baseUri.Host} go through the proxy {used} (from {proxy.Source}).");
            }

            return proxy;
        }

        private Hyper3DSession Open(Hyper3DClient client)
        {
            // Not GetNetworkCredential(): it splits user@domain when the domain has no dot, and the email must go as typed.
            NetworkCredential? credential = Credential != null ? new NetworkCredential(Credential.UserName, Credential.Password) : null;
            string? token = Token != null ? UsableToken(new NetworkCredential(string.Empty, Token).Password, "-Token") : null;
            if (ParameterSetName == AnonymousSet)
            {
                token = Environment.GetEnvironmentVariable(TokenVariable) is { Length: > 0 } fromEnvironment ? UsableToken(fromEnvironment, TokenVariable) : null;
                string? email = Environment.GetEnvironmentVariable(EmailVariable);
                string? password = Environment.GetEnvironmentVariable(PasswordVariable);
                if (token != null)
                {
                    WriteVerbose($"Using the token in {TokenVariable}.");
                }
                else if (string.IsNullOrEmpty(email) != string.IsNullOrEmpty(password))
                {
                    RefuseHalfLogin(string.IsNullOrEmpty(email) ? EmailVariable : PasswordVariable, string.IsNullOrEmpty(email) ? PasswordVariable : EmailVariable);
                }
                else if (!string.IsNullOrEmpty(email))
                {
                    WriteVerbose($"Signing in as {email} from {EmailVariable} and {PasswordVariable}.");
                    credential = new NetworkCredential(email, password);
                }
            }

            try
            {
                if (credential != null)
                {
                    Await(client.LoginAsync(credential, Log, CancelToken), e => Describe(e, client.Options.BaseUri, checkingPage: false));
                    return new Hyper3DSession(client, AuthenticationMethod.Credential);
                }

                if (token != null)
                {
                    client.UseToken(token);
                    return new Hyper3DSession(client, AuthenticationMethod.Token);
                }
            }
            catch (Hyper3DException e)
            {
                ThrowTerminatingError(ErrorRecordFactory.From(e, client.Options.BaseUri, client.Options.BaseUri));
            }

            return new Hyper3DSession(client, AuthenticationMethod.Anonymous);
        }

        /// <summary>
        /// Reads page 0 of Recent, with the token when there is one: an address that is not the API, or a token it
        /// refuses, fails the connect while the previous session still works.
        /// </summary>
        private void Check(Hyper3DSession session)
        {
            WriteVerbose($"Checking {session.BaseUri} with one request (page 0 of Recent); -SkipConnectionCheck skips this.");
            GalleryCard[] page = Await(session.Client.GetCardsPageAsync(new GalleryQuery(), 0, Log, CancelToken), e => Describe(e, session.BaseUri, checkingPage: true));
            session.Groups.Remember(page);
        }

        /// <summary>
        /// 404, 405 or 501 to the API's own paths means -BaseUri names something else, whatever the body: web servers
        /// and frameworks answer unknown routes with JSON errors of their own ({"error":"Not Found"}), and a static
        /// server answers a POST with 501. So does an answer to the check that is not a page of cards; a login's
        /// unreadable 2xx answer stays InvalidResponse, since a hostile or broken API server sends those too.
        /// </summary>
        private static ErrorRecord Describe(Hyper3DException e, Uri baseUri, bool checkingPage)
        {
            bool notTheApi = e.StatusCode is 404 or 405 or 501 || (checkingPage && e.Kind == ErrorKind.InvalidResponse);
            if (!notTheApi)
            {
                return ErrorRecordFactory.From(e, baseUri, baseUri);
            }

            return ErrorRecordFactory.Create(
                "BaseUriNotApi",
                ErrorCategory.InvalidArgument,
                $"{baseUri} does not answer as the Hyper3D API, so the current session was kept. {e.Message}",
                "Check -BaseUri (the API root usually ends in /api), or pass -SkipConnectionCheck to connect without checking.",
                baseUri);
        }

        /// <summary>
        /// One of the two login variables without the other is a broken secret store, not a wish to be anonymous: an
        /// unattended script connected anonymously would fail later, or quietly list only public cards.
        /// </summary>
        private void RefuseHalfLogin(string missing, string present)
        {
            ThrowTerminatingError(ErrorRecordFactory.Create(
                "EnvironmentLoginIncomplete",
                ErrorCategory.InvalidArgument,
                $"{present} is set and {missing} is not (or is empty), so Connect-Hyper3D cannot sign in from the environment.",
                $"Set {missing} too (check its spelling), or remove {present} to connect anonymously.",
                missing));
        }

        /// <summary>Refused before anything is sent: a header that cannot carry the token would fail every request.</summary>
        private string UsableToken(string raw, string source)
        {
            string? token = BearerToken.Normalize(raw, out string? problem);
            if (token == null)
            {
                ThrowTerminatingError(ErrorRecordFactory.Create(
                    "InvalidToken",
                    ErrorCategory.InvalidArgument,
                    $"The token in {source} holds {problem}.",
                    "Pass the token exactly as the server issued it (copied without line breaks, quotes or other text).",
                    null));
            }

            return token!;
        }

        private Uri? EnvironmentBaseUri()
        {
            string? text = Environment.GetEnvironmentVariable(BaseUriVariable);
            if (string.IsNullOrEmpty(text))
            {
                return null;
            }

            if (!Uri.TryCreate(text, UriKind.Absolute, out Uri? uri))
            {
                ThrowTerminatingError(ErrorRecordFactory.Create(
                    "InvalidBaseUri",
                    ErrorCategory.InvalidArgument,
                    $"{BaseUriVariable} holds '{text}', which is not an absolute address.",
                    "Set it to the API's address, for example https://hyperhuman.deemos.com/api, or pass -BaseUri.",
                    text));
            }

            WriteVerbose($"Using the base URI in {BaseUriVariable}.");
            return uri;
        }
    }
}
