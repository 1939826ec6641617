using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Hyper3D.Client.Api;
using Hyper3D.Client.Http;
using Hyper3D.Client.Json;
using Hyper3D.Client.Listing;
using Hyper3D.Client.Pacing;
using Hyper3D.Client.Proxies;
using Hyper3D.Client.Secrets;
using Hyper3D.Model;

namespace Hyper3D.Client
{
    /// <summary>
    /// One session with one server: its connections, its token and who it belongs to. Safe to use from many
    /// threads at once (pages are fetched in parallel).
    /// </summary>
    internal sealed class Hyper3DClient : IDisposable, ISessionAuthority
    {
        private readonly HttpPipeline _pipeline;
        private readonly RetryPolicy _retry;
        private readonly Uri _loginUri;
        private readonly Uri _cardsUri;
        private readonly SemaphoreSlim _relogin = new SemaphoreSlim(1, 1);

        // Cancelled by Dispose: every request in flight on a session that is disconnected ends at once.
        private readonly CancellationTokenSource _closed = new CancellationTokenSource();
        private NetworkCredential? _credential;
        private volatile string? _token;
        private volatile string? _subscriptionKey;
        private volatile bool _disposed;

        // Fixed with the session; an answer that echoes a proxy's password or its Basic header is masked like the token.
        private readonly string[] _proxySecrets;

        public Hyper3DClient(ClientOptions options)
            : this(options, null)
        {
        }

        /// <param name="clock">The clock pacing and retry waits run on; tests pass one that does not wait in real time.</param>
        internal Hyper3DClient(ClientOptions options, System.Net.Http.HttpMessageHandler? handler, PacerClock? clock = null)
        {
            Options = options;
            _proxySecrets = (options.Proxy?.Secrets ?? ProxyAddress.SecretsOf(options.ProxyCredential)).ToArray();
            Pacers = new RequestPacers(clock);
            string root = options.BaseUri.AbsoluteUri.TrimEnd('/') + "/";
            _loginUri = new Uri(new Uri(root), "user/login");
            _cardsUri = new Uri(new Uri(root), "task/cards");
            _retry = new RetryPolicy(options, clock);
            _pipeline = CreatePipeline(handler ?? HttpHandlerFactory.Create(options));
        }

        public ClientOptions Options { get; }

        /// <summary>How fast this session may send to each origin; shared by every listing and download on it.</summary>
        internal RequestPacers Pacers { get; }

        public GalleryUser? User { get; private set; }

        public bool IsAuthenticated => _token != null;

        /// <summary>Disconnected: nothing may be sent on this session any more.</summary>
        public bool IsClosed => _disposed;

        /// <summary>The Subscription-Key header of the last gallery answer; its use is not documented.</summary>
        public string? SubscriptionKey => _subscriptionKey;

        /// <summary>Where pages of cards are asked for.</summary>
        internal Uri CardsUri => _cardsUri;

        /// <summary>Attempts repeated after a transient failure, over the session's life.</summary>
        internal long Retries => _retry.Retries;

        bool ISessionAuthority.CanSignInAgain => _credential != null;

        /// <summary>The session's pipeline over another transport (media is fetched without automatic decompression).</summary>
        internal HttpPipeline CreatePipeline(System.Net.Http.HttpMessageHandler transport) =>
            HttpPipeline.ForSession(Options, this, Pacers, _retry, transport);

        /// <summary>Use a token the caller already has (no request is made); it must be one <see cref="BearerToken.Normalize"/> accepts.</summary>
        public void UseToken(string token)
        {
            RefuseUnencrypted();
            if (BearerToken.Normalize(token, out string? problem) is not string usable)
            {
                throw new Hyper3DException(ErrorKind.InvalidArgument, $"The token holds {problem}.", requestUri: Options.BaseUri);
            }

            _token = usable;
        }

        /// <summary>
        /// The token for a request to <paramref name="uri"/>: only the API's own origin (scheme, host and port of
        /// the base URI) gets it, so media on a CDN or any other host is fetched without it.
        /// </summary>
        public string? BearerTokenFor(Uri uri) =>
            Uri.Compare(uri, Options.BaseUri, UriComponents.Scheme | UriComponents.Host | UriComponents.StrongPort, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) == 0
                ? _token
                : null;

        /// <summary>Log in; on success the token and the credential (for a transparent re-login) are kept.</summary>
        public async Task LoginAsync(NetworkCredential credential, IClientLog log, CancellationToken cancellationToken)
        {
            ThrowIfDisposed();
            RefuseUnencrypted();
            (string token, GalleryUser user) = await SendLoginAsync(credential, log, cancellationToken).ConfigureAwait(false);
            user.Email ??= credential.UserName;
            _credential = credential;
            _token = token;
            User = user;
        }

        /// <summary>
        /// One page of cards. A 401 on a session that logged in with a credential logs in again once and repeats
        /// the request, so a long listing outlives its token.
        /// </summary>
        public async Task<GalleryCard[]> GetCardsPageAsync(GalleryQuery query, int page, IClientLog log, CancellationToken cancellationToken)
        {
            return (await ListPageAsync(query, page, log, cancellationToken).ConfigureAwait(false)).Cards;
        }

        /// <summary>One page of cards with the size of the body they came in (listings budget their memory by it).</summary>
        public async Task<ListedPage> ListPageAsync(GalleryQuery query, int page, IClientLog log, CancellationToken cancellationToken)
        {
            ThrowIfDisposed();
            byte[] body = query.ToBody(page);
            CancellationTokenSource open;
            try
            {
                open = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _closed.Token);
            }
            catch (ObjectDisposedException)
            {
                throw Closed();
            }

            using (open)
            {
                try
                {
                    return await FetchAsync(body, log, open.Token).ConfigureAwait(false);
                }
                catch (Exception e) when (_disposed && !cancellationToken.IsCancellationRequested && (e is OperationCanceledException || e is ObjectDisposedException || e is Hyper3DException))
                {
                    // Disconnected meanwhile: whatever the request met on its way out (a cancellation, a disposed
                    // connection, a failure that would be retried) is this, and nothing else.
                    throw Closed();
                }
            }
        }

        private Task<ListedPage> FetchAsync(byte[] body, IClientLog log, CancellationToken cancellationToken)
        {
            var plan = new ApiCallPlan<ListedPage>(_cardsUri, body, mayRepeat: true, sendsToken: true, Secrets(null), Options.MaximumResponseBytes, response =>
            {
                GalleryCard[] cards = ResponseReader.ReadCards(response);
                if (response.SubscriptionKey != null)
                {
                    _subscriptionKey = response.SubscriptionKey;
                }

                return new ListedPage(cards, response.Body.Length);
            });
            return _pipeline.SendAsync(plan, log, cancellationToken);
        }

        /// <summary>Parallel requests that all got a 401 log in once, not once each.</summary>
        public async Task SignInAgainAsync(string rejectedToken, IClientLog log, CancellationToken cancellationToken)
        {
            await _relogin.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                if (_token != rejectedToken)
                {
                    return;
                }

                (string token, GalleryUser _) = await SendLoginAsync(_credential!, log, cancellationToken).ConfigureAwait(false);
                _token = token;
            }
            finally
            {
                _relogin.Release();
            }
        }

        private Task<(string Token, GalleryUser User)> SendLoginAsync(NetworkCredential credential, IClientLog log, CancellationToken cancellationToken)
        {
            byte[] body = JsonSerializer.SerializeToUtf8Bytes(
                new LoginRequest { Email = credential.UserName, Password = credential.Password },
                Hyper3DJsonContext.Default.LoginRequest);
            var plan = new ApiCallPlan<(string Token, GalleryUser User)>(_loginUri, body, mayRepeat: false, sendsToken: false, Secrets(credential), Options.MaximumResponseBytes, ResponseReader.ReadLogin);
            return _pipeline.SendAsync(plan, log, cancellationToken);
        }

        /// <summary>
        /// Every secret of this session a server or a proxy could echo, besides the token a request carries: the token
        /// held, the passwords (the one signing in too), the proxy's password.
        /// </summary>
        internal IEnumerable<string?> Secrets(NetworkCredential? signingIn) =>
            new[] { _token, _credential?.Password, signingIn?.Password }.Concat(_proxySecrets);

        /// <summary>Invoke-RestMethod's rule: secrets go over plain http only to this machine, or when allowed.</summary>
        private void RefuseUnencrypted()
        {
            Uri uri = Options.BaseUri;
            if (uri.Scheme == Uri.UriSchemeHttps || uri.IsLoopback || Options.AllowUnencryptedAuthentication)
            {
                return;
            }

            throw new Hyper3DException(
                ErrorKind.InsecureTransport,
                $"Refusing to send a password or token over unencrypted http to {uri.Host}: anyone on the network could read it.",
                requestUri: uri);
        }

        private void ThrowIfDisposed()
        {
            if (_disposed)
            {
                throw Closed();
            }
        }

        /// <summary>The failure every use of a disconnected session meets.</summary>
        internal Hyper3DException Closed()
        {
            return new Hyper3DException(ErrorKind.SessionClosed, $"The session to {Options.BaseUri} was disconnected.", requestUri: Options.BaseUri);
        }

        /// <summary>Ends every request in flight (each fails with SessionClosed), then closes the connections.</summary>
        public void Dispose()
        {
            _disposed = true;
            _closed.Cancel();
            _pipeline.Dispose();
        }
    }
}
