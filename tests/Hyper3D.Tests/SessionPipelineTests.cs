using System.Collections.Concurrent;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Text;
using Hyper3D.Client;
using Hyper3D.Client.Api;
using Hyper3D.Client.Media;
using Hyper3D.Client.Proxies;
using Hyper3D.Commands;
using Hyper3D.Model;

namespace Hyper3D.Tests;

/// <summary>The session's one pipeline end to end: pages and media through the same policies, and a real proxy's 407.</summary>
public sealed class SessionPipelineTests : ArchiveFolderTests
{
    private static readonly Uri BaseUri = new("https://api.example/api");
    private sealed class ListLog : IClientLog
    {
        public List<string> Warnings { get; } = new();
        public void Verbose(string message) { }
        public void Warning(string message) { lock (Warnings) Warnings.Add(message); }
    }

    private static ClientOptions Options(Uri? baseUri = null, Uri? proxy = null, NetworkCredential? proxyCredential = null) => new()
    {
        BaseUri = baseUri ?? BaseUri,
        MaximumRetryCount = 3,
        RetryInterval = TimeSpan.Zero,
        Timeout = TimeSpan.FromSeconds(10),
        Proxy = proxy == null ? null : SessionProxy.FromParameter(proxy, proxyCredential),
    };

    private static HttpResponseMessage Image() => new(HttpStatusCode.OK) { Content = new ByteArrayContent(new byte[] { 1, 2, 3 }) { Headers = { ContentType = new("image/webp") } } };

    [Fact]
    public async Task A_page_and_a_media_file_rejected_together_sign_in_once_and_both_go_through()
    {
        int logins = 0;
        int rejected = 0;
        var bothRejected = new TaskCompletionSource();
        async Task<HttpResponseMessage> Reject()
        {
            if (Interlocked.Increment(ref rejected) == 2)
            {
                bothRejected.TrySetResult();
            }

            // Both wait until both were sent with the old token, so their 401s meet the sign-in together.
            await bothRejected.Task.WaitAsync(TimeSpan.FromSeconds(10));
            return FakeHandler.Json(HttpStatusCode.Unauthorized, """{"error":"INVALID_TOKEN"}""");
        }

        var api = FakeHandler.Async(async (request, _) =>
        {
            if (request.RequestUri!.AbsolutePath.EndsWith("/user/login", StringComparison.Ordinal))
            {
                int n = Interlocked.Increment(ref logins);
                return FakeHandler.Json(HttpStatusCode.Created, $$"""{"token":"token-{{n}}"}""");
            }

            return request.Headers.Authorization?.Parameter == "token-1" ? await Reject() : FakeHandler.Json(HttpStatusCode.Created, """[{"task_uuid":"a"}]""");
        });
        var media = FakeHandler.Async(async (request, _) => request.Headers.Authorization?.Parameter == "token-1" ? await Reject() : Image());
        var log = new ListLog();
        using var client = new Hyper3DClient(Options(), api);
        await client.LoginAsync(new NetworkCredential("a", "b"), log, CancellationToken.None);
        using var archive = new MediaArchive(client, Folder, 2, force: false, log, CancellationToken.None, media);

        Task<GalleryCard[]> page = client.GetCardsPageAsync(new GalleryQuery(), 0, log, CancellationToken.None);
        MediaResult saved = await SaveAsync(archive, new MediaJob("a", MediaKind.Image, new Uri("https://api.example/media/a.webp")));
        Assert.Single(await page);
        await archive.CloseAsync();

        Assert.Null(saved.Failure);
        Assert.Equal(2, rejected);
        Assert.Equal(2, logins);
        Assert.Equal(2, log.Warnings.Count(w => w.Contains("signing in again", StringComparison.Ordinal)));
        Assert.Equal(new[] { "Bearer token-1", "Bearer token-2" }, media.Requests.Select(r => r.Authorization));
    }

    [Fact]
    public async Task A_retry_is_announced_once_for_a_page_and_once_for_a_media_file()
    {
        var api = new FakeHandler((_, n) => n == 1 ? FakeHandler.Json(HttpStatusCode.ServiceUnavailable, "{}") : FakeHandler.Json(HttpStatusCode.Created, """[{"task_uuid":"a"}]"""));
        var media = new FakeHandler((_, n) => n == 1 ? FakeHandler.Json(HttpStatusCode.ServiceUnavailable, "{}") : Image());
        var log = new ListLog();
        using var client = new Hyper3DClient(Options(), api);
        Assert.Single(await client.GetCardsPageAsync(new GalleryQuery(), 0, log, CancellationToken.None));
        using (var archive = new MediaArchive(client, Folder, 1, force: false, log, CancellationToken.None, media))
        {
            Assert.Null((await SaveAsync(archive, new MediaJob("a", MediaKind.Image, new Uri("https://cdn.example/a.webp")))).Failure);
            await archive.CloseAsync();
        }

        Assert.Equal(2, log.Warnings.Count);
        Assert.StartsWith("Attempt 1 of 4 failed: The server answered 503 Service Unavailable to POST https://api.example/api/task/cards", log.Warnings[0]);
        Assert.StartsWith("Attempt 1 of 4 failed: The server answered 503 Service Unavailable to GET https://cdn.example/a.webp (the image of card a).", log.Warnings[1]);
        Assert.Equal(2, media.Count);
    }

    /// <summary>A proxy on loopback that refuses everything with 407 and keeps each request line it got.</summary>
    private sealed class RefusingProxy : IDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);

        public RefusingProxy()
        {
            _listener.Start();
            _ = AcceptAsync();
        }

        public Uri Uri => new($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");

        public ConcurrentQueue<string> Requests { get; } = new();

        private async Task AcceptAsync()
        {
            while (true)
            {
                TcpClient connection;
                try
                {
                    connection = await _listener.AcceptTcpClientAsync();
                }
                catch (Exception e) when (e is ObjectDisposedException || e is SocketException)
                {
                    return;
                }

                _ = ServeAsync(connection);
            }
        }

        private async Task ServeAsync(TcpClient connection)
        {
            using (connection)
            {
                NetworkStream stream = connection.GetStream();
                var head = new StringBuilder();
                var buffer = new byte[4096];
                while (!head.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
                {
                    int read = await stream.ReadAsync(buffer);
                    if (read == 0)
                    {
                        return;
                    }

                    head.Append(Encoding.ASCII.GetString(buffer, 0, read));
                }

                string text = head.ToString();
                Requests.Enqueue(text[..text.IndexOf('\r')] + (text.Contains("Proxy-Authorization:", StringComparison.OrdinalIgnoreCase) ? " +credentials" : ""));
                byte[] answer = Encoding.ASCII.GetBytes("HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm=\"test\"\r\nContent-Type: text/html\r\nContent-Length: 13\r\nConnection: close\r\n\r\n<html></html>");
                await stream.WriteAsync(answer);
            }
        }

        public void Dispose() => _listener.Stop();
    }

    [Theory]
    [InlineData("https://api.example/api", "CONNECT api.example:443 HTTP/1.1")]
    [InlineData("http://api.example/api", "POST http://api.example/api/task/cards HTTP/1.1")]
    public async Task A_real_proxy_s_407_is_ProxyAuthentication_on_its_one_attempt_for_a_tunnel_and_for_plain_http(string baseUri, string requestLine)
    {
        using var proxy = new RefusingProxy();
        using var client = new Hyper3DClient(Options(new Uri(baseUri), proxy.Uri));
        var e = await Assert.ThrowsAsync<Hyper3DException>(() => client.GetCardsPageAsync(new GalleryQuery(), 0, NullClientLog.Instance, CancellationToken.None));
        Assert.Equal(ErrorKind.ProxyAuthentication, e.Kind);
        Assert.Equal(407, e.StatusCode);
        Assert.Equal(new[] { requestLine }, proxy.Requests);
        var record = ErrorRecordFactory.From(e, null);
        Assert.StartsWith("ProxyAuthenticationRequired", record.FullyQualifiedErrorId);
        Assert.Contains("-ProxyCredential", record.ErrorDetails.RecommendedAction);
    }

    [Fact]
    public async Task A_wrong_proxy_password_is_tried_once_per_media_file_and_never_shown()
    {
        using var proxy = new RefusingProxy();
        using var client = new Hyper3DClient(Options(proxy: proxy.Uri, proxyCredential: new NetworkCredential("alice", "pr0xy-s3cret")));
        MediaResult result;
        using (var archive = new MediaArchive(client, Folder, 1, force: false, NullClientLog.Instance, CancellationToken.None))
        {
            result = await SaveAsync(archive, new MediaJob("a", MediaKind.Image, new Uri("https://cdn.example/a.webp")));
            await archive.CloseAsync();
        }

        var e = Assert.IsType<Hyper3DException>(result.Failure);
        Assert.Equal(ErrorKind.ProxyAuthentication, e.Kind);
        Assert.Equal(1, proxy.Requests.Count(r => r.EndsWith("+credentials", StringComparison.Ordinal)));
        Assert.DoesNotContain("pr0xy-s3cret", e.ToString());
    }
}
