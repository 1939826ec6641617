using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Security.Authentication;
using Hyper3D.Client;
using Hyper3D.Client.Api;
using Hyper3D.Client.Errors;
using Hyper3D.Client.Media;
using Hyper3D.Commands;
using Hyper3D.Model;

namespace Hyper3D.Tests;

/// <summary>
/// One table for every failure a request can meet: each status 400-599 and each transport failure, against the
/// ErrorKind, the retry decision and the advice it comes to. Every row runs twice, as a page of cards and as a media
/// download, and both must land on the same row: one classifier, not two that happen to agree today.
/// </summary>
public sealed class StatusTableTests : ArchiveFolderTests
{
    private static readonly Uri BaseUri = new("https://api.example/api");
    private static readonly Uri MediaUrl = new("https://api.example/media/1.webp");
    /// <summary>The row each status must come to; what the module does is read from it, never the other way round.</summary>
    private static (ErrorKind Kind, bool Retried, string Advice) Expected(int status) => status switch
    {
        400 => (ErrorKind.InvalidArgument, false, "without an error code"),
        401 => (ErrorKind.Authentication, false, "Connect-Hyper3D"),
        402 => (ErrorKind.QuotaExceeded, false, "subscription"),
        403 => (ErrorKind.PermissionDenied, false, "may see"),
        404 or 410 => (ErrorKind.NotFound, false, "identifiers"),
        405 or 501 => (ErrorKind.InvalidResponse, false, "-BaseUri points at the Hyper3D API"),
        407 => (ErrorKind.ProxyAuthentication, false, "-ProxyCredential"),
        408 => (ErrorKind.Timeout, true, "-TimeoutSec"),
        413 or 414 or 431 => (ErrorKind.ApiError, false, "larger than it allows"),
        422 => (ErrorKind.InvalidArgument, false, "Check the parameters given"),
        429 => (ErrorKind.RateLimited, true, "throttling"),
        500 or 502 or 503 or 504 => (ErrorKind.Unavailable, status != 500, "try again later"),
        505 => (ErrorKind.Unavailable, false, "HTTP version"),
        511 => (ErrorKind.Unavailable, false, "sign in"),
        >= 500 => (ErrorKind.Unavailable, false, "tell its administrator"),
        _ => (ErrorKind.ApiError, false, "gave no error code"),
    };

    public static IEnumerable<object[]> Statuses() => Enumerable.Range(400, 200).Select(s => new object[] { s });

    [Theory]
    [MemberData(nameof(Statuses))]
    public async Task Every_status_means_the_same_for_a_page_and_for_a_media_file(int status)
    {
        (ErrorKind kind, bool retried, string advice) = Expected(status);
        foreach ((string path, Hyper3DException e, int requests) in await BothPathsAsync(_ =>
            Task.FromResult(FakeHandler.Json((HttpStatusCode)status, "<html><body>refused</body></html>", "text/html"))))
        {
            Assert.True(kind == e.Kind, $"{status} {path}: {e.Kind}, expected {kind}");
            Assert.True((retried ? 2 : 1) == requests, $"{status} {path}: {requests} requests");
            Assert.Equal(status, e.StatusCode);
            string recommended = Advice(e);
            Assert.Contains(advice, recommended);
            Assert.DoesNotContain("error code above", recommended);
            Assert.DoesNotContain("email and password", status == 422 ? string.Empty : recommended);
        }
    }

    public static IEnumerable<object[]> TransportFailures() => new[]
    {
        new object[] { "refused" }, new object[] { "reset" }, new object[] { "dns-not-found" }, new object[] { "dns-try-again" },
        new object[] { "timeout-before-headers" }, new object[] { "timeout-while-reading" }, new object[] { "tls-untrusted" },
        new object[] { "tls-partial-chain" }, new object[] { "tls-name-mismatch" }, new object[] { "tls-expired" },
        new object[] { "tls-revoked" }, new object[] { "proxy-tunnel-407" }, new object[] { "proxy-tunnel-502" },
    };

    private static (ErrorKind Kind, bool Retried, string Message, string Advice) ExpectedFor(string failure) => failure switch
    {
        "refused" => (ErrorKind.ConnectionFailed, true, "Could not connect to", "-BaseUri, the network"),
        "reset" => (ErrorKind.ConnectionFailed, true, "The connection failed for", "-BaseUri, the network"),
        "dns-not-found" => (ErrorKind.ConnectionFailed, false, "Could not find the host api.example", "-BaseUri, the network"),
        "dns-try-again" => (ErrorKind.ConnectionFailed, true, "Could not find the host api.example", "-BaseUri, the network"),
        "timeout-before-headers" => (ErrorKind.Timeout, true, "waiting for an answer", "-TimeoutSec"),
        "timeout-while-reading" => (ErrorKind.Timeout, true, "while reading the answer", "-TimeoutSec"),
        "tls-untrusted" or "tls-partial-chain" => (ErrorKind.TlsFailure, false, "a certificate authority this machine does not trust", "SSL_CERT_FILE"),
        "tls-name-mismatch" => (ErrorKind.TlsFailure, false, "not issued for the name api.example", "host name the certificate is issued for"),
        "tls-expired" => (ErrorKind.TlsFailure, false, "has expired", "date and time"),
        "tls-revoked" => (ErrorKind.TlsFailure, false, "has been revoked", "Do not connect"),
        "proxy-tunnel-407" => (ErrorKind.ProxyAuthentication, false, "407 Proxy Authentication Required", "-ProxyCredential"),
        "proxy-tunnel-502" => (ErrorKind.ConnectionFailed, true, "The proxy refused to open a tunnel to api.example (status 502)", "-Proxy"),
        _ => throw new ArgumentOutOfRangeException(nameof(failure)),
    };

    /// <summary>What .NET 10 throws for each failure (the types, the socket codes and the wording it uses).</summary>
    private static async Task<HttpResponseMessage> Fail(string failure, CancellationToken cancellationToken)
    {
        const string Tls = "The SSL connection could not be established, see inner exception.";
        switch (failure)
        {
            case "refused":
                throw new HttpRequestException("Connection refused (api.example:443)", new SocketException((int)SocketError.ConnectionRefused));
            case "reset":
                throw new HttpRequestException("An error occurred while sending the request.", new IOException("Unable to read data from the transport connection: Connection reset by peer.", new SocketException((int)SocketError.ConnectionReset)));
            case "dns-not-found":
                throw new HttpRequestException("Name or service not known (api.example:443)", new SocketException((int)SocketError.HostNotFound));
            case "dns-try-again":
                throw new HttpRequestException("Temporary failure in name resolution (api.example:443)", new SocketException((int)SocketError.TryAgain));
            case "timeout-before-headers":
                await Task.Delay(Timeout.Infinite, cancellationToken);
                throw new InvalidOperationException("not reached");
            case "timeout-while-reading":
                return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StreamContent(new SilentStream()) };
            case "tls-untrusted":
                throw new HttpRequestException(Tls, new AuthenticationException("The remote certificate is invalid because of errors in the certificate chain: UntrustedRoot"));
            case "tls-partial-chain":
                throw new HttpRequestException(Tls, new AuthenticationException("The remote certificate is invalid because of errors in the certificate chain: PartialChain"));
            case "tls-name-mismatch":
                throw new HttpRequestException(Tls, new AuthenticationException("The remote certificate is invalid according to the validation procedure: RemoteCertificateNameMismatch"));
            case "tls-expired":
                throw new HttpRequestException(Tls, new AuthenticationException("The remote certificate is invalid because of errors in the certificate chain: NotTimeValid"));
            case "tls-revoked":
                throw new HttpRequestException(Tls, new AuthenticationException("The remote certificate is invalid because of errors in the certificate chain: Revoked"));
            case "proxy-tunnel-407":
                throw new HttpRequestException(HttpRequestError.ProxyTunnelError, "The proxy tunnel request to proxy 'http://alice:pr0xy-pass@proxy.example:3128/' failed with status code '407'.");
            default:
                throw new HttpRequestException(HttpRequestError.ProxyTunnelError, "The proxy tunnel request to proxy 'http://proxy.example:3128/' failed with status code '502'.");
        }
    }

    [Theory]
    [MemberData(nameof(TransportFailures))]
    public async Task Every_transport_failure_means_the_same_for_a_page_and_for_a_media_file(string failure)
    {
        (ErrorKind kind, bool retried, string message, string advice) = ExpectedFor(failure);
        foreach ((string path, Hyper3DException e, int requests) in await BothPathsAsync(token => Fail(failure, token)))
        {
            Assert.True(kind == e.Kind, $"{failure} {path}: {e.Kind}, expected {kind}: {e.Message}");
            Assert.True((retried ? 2 : 1) == requests, $"{failure} {path}: {requests} requests");
            Assert.Contains(message, e.Message);
            Assert.DoesNotContain("pr0xy-pass", e.ToString());
            string recommended = Advice(e);
            Assert.Contains(advice, recommended);
            if (kind == ErrorKind.TlsFailure && failure != "tls-revoked")
            {
                Assert.True(recommended.IndexOf(advice, StringComparison.Ordinal) < recommended.IndexOf("-SkipCertificateCheck", StringComparison.Ordinal), recommended);
            }
        }
    }

    [Fact]
    public void The_revoked_certificate_s_advice_does_not_suggest_skipping_the_check()
    {
        var e = new Hyper3DException(ErrorKind.TlsFailure, "x", null, BaseUri, null, null, false, true, null, 1, CertificateProblem.Revoked);
        Assert.DoesNotContain("-SkipCertificateCheck", Advice(e));
    }

    private static string Advice(Hyper3DException e) => ErrorRecordFactory.From(e, null).ErrorDetails.RecommendedAction;

    /// <summary>The same answer (or failure) to a page of cards and to a media file on the API's origin, one retry allowed.</summary>
    private async Task<List<(string Path, Hyper3DException Failure, int Requests)>> BothPathsAsync(Func<CancellationToken, Task<HttpResponseMessage>> answer)
    {
        // A short time limit: the two timeout rows wait it out (four attempts in all); no other row waits at all.
        var options = new ClientOptions { BaseUri = BaseUri, MaximumRetryCount = 1, RetryInterval = TimeSpan.Zero, Timeout = TimeSpan.FromMilliseconds(100) };
        var results = new List<(string, Hyper3DException, int)>();

        var pages = new Transport(answer);
        using (var client = new Hyper3DClient(options, pages))
        {
            var e = await Assert.ThrowsAsync<Hyper3DException>(() => client.GetCardsPageAsync(new GalleryQuery(), 0, NullClientLog.Instance, CancellationToken.None));
            results.Add(("page", e, pages.Count));
        }

        var media = new Transport(answer);
        using (var client = new Hyper3DClient(options))
        using (var archive = new MediaArchive(client, Folder, 1, force: false, NullClientLog.Instance, CancellationToken.None, media))
        {
            MediaResult result = await SaveAsync(archive, new MediaJob("card-1", MediaKind.Image, MediaUrl));
            await archive.CloseAsync();
            results.Add(("media", Assert.IsType<Hyper3DException>(result.Failure), media.Count));
        }

        Assert.Equal(2, results.Count);
        return results;
    }

    /// <summary>A transport that answers every request alike and counts them; it sees the attempt's cancellation.</summary>
    private sealed class Transport : HttpMessageHandler
    {
        private readonly Func<CancellationToken, Task<HttpResponseMessage>> _answer;
        private int _count;

        public Transport(Func<CancellationToken, Task<HttpResponseMessage>> answer) => _answer = answer;

        public int Count => Volatile.Read(ref _count);

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _count);
            return _answer(cancellationToken);
        }
    }

    /// <summary>A body that sends nothing and never ends: only the reader's time limit stops it.</summary>
    private sealed class SilentStream : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => 0; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
            return 0;
        }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
            return 0;
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
