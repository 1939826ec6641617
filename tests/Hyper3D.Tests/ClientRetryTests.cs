using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using Hyper3D.Client;
using Hyper3D.Client.Api;
using Hyper3D.Client.Errors;
using Hyper3D.Client.Http;
using Hyper3D.Client.Listing;
using Hyper3D.Model;

namespace Hyper3D.Tests;

public class ClientRetryTests
{
    private sealed class ListLog : IClientLog
    {
        public List<string> Warnings { get; } = new();
        public List<string> Verbose { get; } = new();
        void IClientLog.Verbose(string message) { lock (Verbose) Verbose.Add(message); }
        void IClientLog.Warning(string message) { lock (Warnings) Warnings.Add(message); }
    }

    private static ClientOptions Options(int retries = 3) => new()
    {
        BaseUri = new Uri("http://127.0.0.1:9/api"),
        MaximumRetryCount = retries,
        RetryInterval = TimeSpan.FromMilliseconds(1),
        Timeout = TimeSpan.FromSeconds(5),
    };

    private static HttpResponseMessage Page(string json = """[{"task_uuid":"a"}]""") => FakeHandler.Json(HttpStatusCode.Created, json);

    private static Task<GalleryCard[]> Read(Hyper3DClient client, IClientLog log, CancellationToken token = default) =>
        client.GetCardsPageAsync(new GalleryQuery(), 0, log, token);

    [Theory]
    [InlineData(429)]
    [InlineData(502)]
    [InlineData(503)]
    [InlineData(504)]
    public async Task Transient_statuses_are_retried_with_a_warning(int status)
    {
        var handler = new FakeHandler((_, n) => n == 1 ? FakeHandler.Json((HttpStatusCode)status, "{}") : Page());
        var log = new ListLog();
        using var client = new Hyper3DClient(Options(), handler);
        Assert.Single(await Read(client, log));
        Assert.Equal(2, handler.Count);
        string warning = Assert.Single(log.Warnings);
        Assert.Contains("Attempt 1 of 4", warning);
        Assert.Contains(status.ToString(), warning);
    }

    [Fact]
    public async Task Rate_limited_in_a_2xx_body_is_retried()
    {
        var handler = new FakeHandler((_, n) => n == 1 ? FakeHandler.Json(HttpStatusCode.Created, """{"error":"RATE_LIMITED"}""") : Page());
        using var client = new Hyper3DClient(Options(), handler);
        Assert.Single(await Read(client, new ListLog()));
        Assert.Equal(2, handler.Count);
    }

    [Theory]
    [InlineData(400)]
    [InlineData(401)]
    [InlineData(403)]
    [InlineData(404)]
    [InlineData(500)]
    public async Task Other_failures_are_not_retried(int status)
    {
        var handler = new FakeHandler((_, _) => FakeHandler.Json((HttpStatusCode)status, """{"error":"X"}"""));
        using var client = new Hyper3DClient(Options(), handler);
        var e = await Assert.ThrowsAsync<Hyper3DException>(() => Read(client, new ListLog()));
        Assert.Equal(1, handler.Count);
        Assert.Equal(status, e.StatusCode);
    }

    [Fact]
    public async Task Gives_up_after_the_last_retry_with_one_error()
    {
        var handler = new FakeHandler((_, _) => FakeHandler.Json(HttpStatusCode.ServiceUnavailable, "<html>down</html>", "text/html"));
        var log = new ListLog();
        using var client = new Hyper3DClient(Options(retries: 2), handler);
        var e = await Assert.ThrowsAsync<Hyper3DException>(() => Read(client, log));
        Assert.Equal(3, handler.Count);
        Assert.Equal(2, log.Warnings.Count);
        Assert.Equal(ErrorKind.Unavailable, e.Kind);
        Assert.Contains("Gave up after 3 attempts", e.Message);
        Assert.Contains("text/html", e.Message);
    }

    [Fact]
    public async Task A_connection_refused_is_retried_even_for_a_login()
    {
        var handler = new FakeHandler((_, n) => n == 1
            ? throw new HttpRequestException("refused", new SocketException((int)SocketError.ConnectionRefused))
            : FakeHandler.Json(HttpStatusCode.Created, """{"token":"t","username":"demo"}"""));
        using var client = new Hyper3DClient(Options(), handler);
        await client.LoginAsync(new NetworkCredential("demo@x", "pw"), new ListLog(), default);
        Assert.True(client.IsAuthenticated);
        Assert.Equal(2, handler.Count);
    }

    [Fact]
    public async Task A_login_is_not_repeated_after_a_reset_or_a_gateway_error()
    {
        var reset = new FakeHandler((_, _) => throw new HttpRequestException("reset", new IOException("reset", new SocketException((int)SocketError.ConnectionReset))));
        using (var client = new Hyper3DClient(Options(), reset))
        {
            await Assert.ThrowsAsync<Hyper3DException>(() => client.LoginAsync(new NetworkCredential("a", "b"), new ListLog(), default));
        }

        Assert.Equal(1, reset.Count);
        var gateway = new FakeHandler((_, _) => FakeHandler.Json(HttpStatusCode.BadGateway, "{}"));
        using (var client = new Hyper3DClient(Options(), gateway))
        {
            await Assert.ThrowsAsync<Hyper3DException>(() => client.LoginAsync(new NetworkCredential("a", "b"), new ListLog(), default));
        }

        Assert.Equal(1, gateway.Count);
    }

    [Fact]
    public async Task A_login_is_repeated_on_429_and_503()
    {
        var handler = new FakeHandler((_, n) => n switch
        {
            1 => FakeHandler.Json(HttpStatusCode.TooManyRequests, "{}"),
            2 => FakeHandler.Json(HttpStatusCode.ServiceUnavailable, "{}"),
            _ => FakeHandler.Json(HttpStatusCode.Created, """{"token":"t"}"""),
        });
        using var client = new Hyper3DClient(Options(), handler);
        await client.LoginAsync(new NetworkCredential("a", "b"), new ListLog(), default);
        Assert.Equal(3, handler.Count);
    }

    [Fact]
    public async Task Retry_after_is_honoured()
    {
        var handler = new FakeHandler((_, n) =>
        {
            if (n > 1) return Page();
            var answer = FakeHandler.Json(HttpStatusCode.TooManyRequests, "{}");
            answer.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.FromSeconds(1));
            return answer;
        });
        var log = new ListLog();
        using var client = new Hyper3DClient(Options(), handler);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await Read(client, log);
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(900), $"waited only {clock.ElapsedMilliseconds} ms");
        Assert.Contains("1.0 s", Assert.Single(log.Warnings));
    }

    [Fact]
    public void Retry_after_is_capped_and_read_as_a_date_too()
    {
        var options = Options();
        var policy = new RetryPolicy(options);
        var far = new Hyper3DException(ErrorKind.RateLimited, "x", retryAfter: TimeSpan.FromHours(2));
        Assert.Equal(options.MaximumRetryAfter, policy.DelayBefore(1, far));
        var now = DateTimeOffset.UtcNow;
        var header = new System.Net.Http.Headers.RetryConditionHeaderValue(now.AddSeconds(30));
        TimeSpan? wait = FailureClassifier.RetryAfter(header, now);
        Assert.InRange(wait!.Value.TotalSeconds, 29, 31);
    }

    [Fact]
    public void Backoff_grows_exponentially_under_full_jitter()
    {
        var options = Options();
        options.RetryInterval = TimeSpan.FromSeconds(1);
        var policy = new RetryPolicy(options, random: new Random(7));
        var failure = new Hyper3DException(ErrorKind.Unavailable, "x", isTransient: true);
        for (int retry = 1; retry <= 5; retry++)
        {
            double ceiling = Math.Pow(2, retry - 1);
            var delays = Enumerable.Range(0, 200).Select(_ => policy.DelayBefore(retry, failure).TotalSeconds).ToList();
            Assert.All(delays, d => Assert.InRange(d, 0, ceiling));
            Assert.True(delays.Max() > ceiling / 2, "full jitter spreads over the whole range");
        }
    }

    [Fact]
    public async Task A_timeout_is_retried_then_reported()
    {
        var options = Options(retries: 1);
        options.Timeout = TimeSpan.FromMilliseconds(200);
        var handler = FakeHandler.Async(async (_, _) => { await Task.Delay(Timeout.Infinite, new CancellationTokenSource(2000).Token).ContinueWith(_ => { }); return Page(); });
        using var client = new Hyper3DClient(options, handler);
        var e = await Assert.ThrowsAsync<Hyper3DException>(() => Read(client, new ListLog()));
        Assert.Equal(ErrorKind.Timeout, e.Kind);
        Assert.Equal(2, handler.Count);
    }

    [Fact]
    public async Task Cancellation_ends_a_backoff_wait_at_once()
    {
        var options = Options();
        options.RetryInterval = TimeSpan.FromSeconds(60);
        var handler = new FakeHandler((_, _) => FakeHandler.Json(HttpStatusCode.ServiceUnavailable, "{}"));
        using var client = new Hyper3DClient(options, handler);
        using var cancel = new CancellationTokenSource(300);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Read(client, new ListLog(), cancel.Token));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task A_401_on_a_credential_session_logs_in_again_once()
    {
        var handler = new FakeHandler((request, n) =>
        {
            if (request.RequestUri!.AbsolutePath.EndsWith("/user/login"))
                return FakeHandler.Json(HttpStatusCode.Created, $$"""{"token":"token-{{n}}"}""");
            return request.Headers.Authorization!.Parameter == "token-1"
                ? FakeHandler.Json(HttpStatusCode.Unauthorized, """{"error":"INVALID_TOKEN"}""")
                : Page();
        });
        var log = new ListLog();
        using var client = new Hyper3DClient(Options(), handler);
        await client.LoginAsync(new NetworkCredential("a", "b"), log, default);
        Assert.Single(await Read(client, log));
        Assert.Equal(4, handler.Count);
        Assert.Contains(log.Warnings, w => w.Contains("signing in again"));
    }

    [Fact]
    public async Task A_401_on_a_token_session_is_an_authentication_error()
    {
        var handler = new FakeHandler((_, _) => FakeHandler.Json(HttpStatusCode.Unauthorized, """{"error":"INVALID_TOKEN"}"""));
        using var client = new Hyper3DClient(Options(), handler);
        client.UseToken("secret-token");
        var e = await Assert.ThrowsAsync<Hyper3DException>(() => Read(client, new ListLog()));
        Assert.Equal(ErrorKind.Authentication, e.Kind);
        Assert.Equal(1, handler.Count);
        Assert.DoesNotContain("secret-token", e.Message);
    }

    [Fact]
    public void Secrets_are_refused_over_plain_http_to_another_host()
    {
        var options = Options();
        options.BaseUri = new Uri("http://hyper3d.example/api");
        using var client = new Hyper3DClient(options, new FakeHandler((_, _) => Page()));
        var e = Assert.Throws<Hyper3DException>(() => client.UseToken("t"));
        Assert.Equal(ErrorKind.InsecureTransport, e.Kind);
        options.AllowUnencryptedAuthentication = true;
        client.UseToken("t");
        Assert.True(client.IsAuthenticated);
    }

    [Fact]
    public async Task Sends_the_bearer_token_only_when_the_session_has_one()
    {
        var handler = new FakeHandler((_, _) => Page());
        using var client = new Hyper3DClient(Options(), handler);
        await Read(client, new ListLog());
        client.UseToken("abc");
        await Read(client, new ListLog());
        Assert.Null(handler.Requests[0].Authorization);
        Assert.Equal("Bearer abc", handler.Requests[1].Authorization);
    }
}

public class DisconnectTests
{
    [Fact]
    public async Task Disconnecting_ends_the_requests_in_flight_at_once_with_SessionClosed_and_no_warning()
    {
        var answered = new TaskCompletionSource<HttpResponseMessage>();
        var sent = new TaskCompletionSource();
        var handler = FakeHandler.Async((_, _) =>
        {
            sent.TrySetResult();
            return answered.Task;
        });
        var client = new Hyper3DClient(new ClientOptions { BaseUri = new Uri("http://127.0.0.1:9/api"), Timeout = TimeSpan.FromMinutes(5) }, handler);
        var log = new RecordingLog();
        Task<ListedPage> page = client.ListPageAsync(new GalleryQuery(), 0, log, default);
        await sent.Task;
        client.Dispose();

        // A real handler ends the exchange when its request is cancelled; this one is told to.
        answered.TrySetCanceled();
        var failure = await Assert.ThrowsAsync<Hyper3DException>(() => page);
        Assert.Equal(ErrorKind.SessionClosed, failure.Kind);
        Assert.Empty(log.Warnings);
        Assert.Equal(1, handler.Count);

        var after = await Assert.ThrowsAsync<Hyper3DException>(() => client.ListPageAsync(new GalleryQuery(), 1, log, default));
        Assert.Equal(ErrorKind.SessionClosed, after.Kind);
    }
}
