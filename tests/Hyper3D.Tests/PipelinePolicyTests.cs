using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Text;
using Hyper3D.Client;
using Hyper3D.Client.Errors;
using Hyper3D.Client.Http;
using Hyper3D.Client.Media;
using Hyper3D.Client.Pacing;
using Hyper3D.Model;

namespace Hyper3D.Tests;

/// <summary>Each policy of the request pipeline alone, around a scripted rest of the pipeline, with no real waits.</summary>
public class PipelinePolicyTests
{
    private static readonly Uri Api = new("https://api.example/api/task/cards");

    /// <summary>A clock that records each wait asked of it and returns at once.</summary>
    private sealed class RecordingClock : PacerClock
    {
        public List<TimeSpan> Waits { get; } = new();

        public override Task DelayAsync(TimeSpan wait, CancellationToken cancellationToken)
        {
            lock (Waits) Waits.Add(wait);
            return Task.CompletedTask;
        }
    }

    private sealed class ListLog : IClientLog
    {
        public List<string> Lines { get; } = new();
        public void Verbose(string message) { lock (Lines) Lines.Add("verbose: " + message); }
        public void Warning(string message) { lock (Lines) Lines.Add("warning: " + message); }
    }

    /// <summary>A plan that is never sent: the policies under test decide everything before the transport.</summary>
    private sealed class Plan : RequestPlan<int>
    {
        public Plan(Uri? uri = null, bool mayRepeat = true, bool sendsToken = true, params string?[] secrets)
            : base(HttpMethod.Post, uri ?? Api, "POST " + (uri ?? Api), mayRepeat, sendsToken, secrets)
        {
        }

        protected override Task<int> RunAsync(HttpAttempt attempt) => throw new InvalidOperationException("not sent in these tests");
    }

    /// <summary>The rest of the pipeline as a script: each call takes the next step (throw a failure, or succeed).</summary>
    private static Func<Task> Script(PipelineMessage message, List<(int Attempt, string? Token)> seen, params Hyper3DException?[] steps)
    {
        var queue = new Queue<Hyper3DException?>(steps);
        return () =>
        {
            seen.Add((message.Attempt, message.Token));
            Hyper3DException? failure = queue.Dequeue();
            return failure == null ? Task.CompletedTask : Task.FromException(failure);
        };
    }

    private static ClientOptions Options(int retries = 3) => new() { BaseUri = new Uri("https://api.example/api"), MaximumRetryCount = retries, RetryInterval = TimeSpan.FromSeconds(1) };

    private static Hyper3DException Status(int status, TimeSpan? retryAfter = null, bool neverSent = false) =>
        new(StatusTable.KindOf(status), $"The server answered {status}.", requestUri: Api, statusCode: status, isTransient: StatusTable.IsTransient(status), neverSent: neverSent, retryAfter: retryAfter);

    [Fact]
    public async Task Retry_waits_what_the_server_asks_warns_once_per_retry_and_then_succeeds()
    {
        var clock = new RecordingClock();
        var log = new ListLog();
        var message = new PipelineMessage(new Plan(), log, CancellationToken.None);
        var seen = new List<(int, string?)>();
        var policy = new RetryPolicy(Options(), clock);
        await policy.ProcessAsync(message, Script(message, seen, Status(429, TimeSpan.FromSeconds(2)), Status(503, TimeSpan.FromSeconds(7)), null));
        Assert.Equal(new[] { 1, 2, 3 }, seen.Select(s => s.Item1));
        Assert.Equal(new[] { TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(7) }, clock.Waits);
        Assert.Equal(2, policy.Retries);
        Assert.Equal(
            new[] { "warning: Attempt 1 of 4 failed: The server answered 429. Retrying in 2.0 s.", "warning: Attempt 2 of 4 failed: The server answered 503. Retrying in 7.0 s." },
            log.Lines);
    }

    [Fact]
    public async Task Retry_backs_off_under_full_jitter_when_the_server_names_no_time_and_gives_up_after_the_last()
    {
        var clock = new RecordingClock();
        var message = new PipelineMessage(new Plan(), NullClientLog.Instance, CancellationToken.None);
        var seen = new List<(int, string?)>();
        var e = await Assert.ThrowsAsync<Hyper3DException>(() => new RetryPolicy(Options(retries: 3), clock).ProcessAsync(message, Script(message, seen, Status(502), Status(502), Status(502), Status(502))));
        Assert.Equal(4, seen.Count);
        Assert.Equal(3, clock.Waits.Count);
        for (int retry = 1; retry <= 3; retry++)
        {
            Assert.InRange(clock.Waits[retry - 1].TotalSeconds, 0, Math.Pow(2, retry - 1));
        }

        Assert.EndsWith("Gave up after 4 attempts.", e.Message);
        Assert.Equal(4, e.Attempts);
    }

    [Theory]
    [InlineData(407, false, true, 1)]
    [InlineData(401, false, true, 1)]
    [InlineData(404, false, true, 1)]
    [InlineData(502, false, true, 4)]
    [InlineData(502, false, false, 1)]
    [InlineData(504, false, false, 1)]
    [InlineData(503, false, false, 4)]
    [InlineData(429, false, false, 4)]
    [InlineData(502, true, false, 4)]
    public async Task Retry_repeats_only_what_may_pass_and_a_login_only_when_the_server_did_not_act_on_it(int status, bool neverSent, bool mayRepeat, int attempts)
    {
        var message = new PipelineMessage(new Plan(mayRepeat: mayRepeat), NullClientLog.Instance, CancellationToken.None);
        var seen = new List<(int, string?)>();
        Hyper3DException?[] steps = Enumerable.Repeat<Hyper3DException?>(Status(status, neverSent: neverSent), 4).ToArray();
        await Assert.ThrowsAsync<Hyper3DException>(() => new RetryPolicy(Options(), new RecordingClock()).ProcessAsync(message, Script(message, seen, steps)));
        Assert.Equal(attempts, seen.Count);
    }

    [Fact]
    public async Task Retry_never_repeats_a_proxy_s_407_even_one_marked_transient()
    {
        var message = new PipelineMessage(new Plan(), NullClientLog.Instance, CancellationToken.None);
        var seen = new List<(int, string?)>();
        var refusal = new Hyper3DException(ErrorKind.ProxyAuthentication, "407", statusCode: 407, isTransient: true, neverSent: true);
        await Assert.ThrowsAsync<Hyper3DException>(() => new RetryPolicy(Options(), new RecordingClock()).ProcessAsync(message, Script(message, seen, refusal, null)));
        Assert.Single(seen);
    }

    /// <summary>A session that counts sign-ins and hands out token-1, token-2, ….</summary>
    private sealed class FakeAuthority : ISessionAuthority
    {
        private int _signIns;

        public FakeAuthority(bool canSignInAgain) => CanSignInAgain = canSignInAgain;

        public bool CanSignInAgain { get; }

        public int SignIns => _signIns;

        public string? BearerTokenFor(Uri uri) => uri.Host == "api.example" ? "token-" + (_signIns + 1) : null;

        public Task SignInAgainAsync(string rejectedToken, IClientLog log, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _signIns);
            return Task.CompletedTask;
        }
    }

    [Theory]
    [InlineData("https://api.example/api/task/cards", true, "token-1")]
    [InlineData("https://api.example/media/1.webp", true, "token-1")]
    [InlineData("https://cdn.example/media/1.webp", true, null)]
    [InlineData("https://api.example/api/user/login", false, null)]
    public async Task Authorization_gives_the_token_to_the_api_s_origin_only_and_never_to_a_login(string uri, bool sendsToken, string? token)
    {
        var message = new PipelineMessage(new Plan(new Uri(uri), sendsToken: sendsToken), NullClientLog.Instance, CancellationToken.None);
        var seen = new List<(int, string?)>();
        await new AuthorizationPolicy(new FakeAuthority(true)).ProcessAsync(message, Script(message, seen, (Hyper3DException?)null));
        Assert.Equal(token, Assert.Single(seen).Item2);
    }

    [Fact]
    public async Task Authorization_signs_in_again_once_on_a_401_and_repeats_with_the_new_token()
    {
        var authority = new FakeAuthority(true);
        var log = new ListLog();
        var message = new PipelineMessage(new Plan(), log, CancellationToken.None);
        var seen = new List<(int, string?)>();
        var e = await Assert.ThrowsAsync<Hyper3DException>(() => new AuthorizationPolicy(authority).ProcessAsync(message, Script(message, seen, Status(401), Status(401), null)));
        Assert.Equal(401, e.StatusCode);
        Assert.Equal(new[] { "token-1", "token-2" }, seen.Select(s => s.Item2));
        Assert.Equal(1, authority.SignIns);
        Assert.Equal("warning: The server no longer accepts this session's token (401); signing in again.", Assert.Single(log.Lines));
    }

    [Fact]
    public async Task Authorization_cannot_sign_in_again_without_a_credential()
    {
        var authority = new FakeAuthority(false);
        var message = new PipelineMessage(new Plan(), NullClientLog.Instance, CancellationToken.None);
        var seen = new List<(int, string?)>();
        await Assert.ThrowsAsync<Hyper3DException>(() => new AuthorizationPolicy(authority).ProcessAsync(message, Script(message, seen, Status(401), null)));
        Assert.Single(seen);
        Assert.Equal(0, authority.SignIns);
    }

    /// <summary>Records what the pacing policy tells its origin's pacer, in order.</summary>
    private sealed class FakePacer : IRequestPacer
    {
        public List<string> Calls { get; } = new();

        public int ConcurrencyLimit => 1;

        public Task<IDisposable> WaitTurnAsync(CancellationToken cancellationToken)
        {
            Calls.Add("turn");
            return Task.FromResult<IDisposable>(new End(Calls));
        }

        public void Throttled(TimeSpan? retryAfter) => Calls.Add("throttled " + retryAfter);

        public void Succeeded() => Calls.Add("succeeded");

        private sealed class End : IDisposable
        {
            private readonly List<string> _calls;
            public End(List<string> calls) => _calls = calls;
            public void Dispose() => _calls.Add("end");
        }
    }

    public static IEnumerable<object?[]> PacedOutcomes() => new[]
    {
        new object?[] { null, "turn,succeeded,end" },
        new object?[] { Status(429, TimeSpan.FromSeconds(2)), "turn,end,throttled 00:00:02" },
        new object?[] { Status(503), "turn,end,throttled " },
        new object?[] { new Hyper3DException(ErrorKind.RateLimited, "RATE_LIMITED in a 200", statusCode: 200, isTransient: true), "turn,end,throttled " },
        new object?[] { Status(502), "turn,end" },
        new object?[] { Status(404), "turn,end" },
    };

    [Theory]
    [MemberData(nameof(PacedOutcomes))]
    public async Task Pacing_holds_the_origin_s_turn_around_the_attempt_and_reports_how_it_went(Hyper3DException? outcome, string calls)
    {
        var pacer = new FakePacer();
        var asked = new List<Uri>();
        var message = new PipelineMessage(new Plan(), NullClientLog.Instance, CancellationToken.None);
        var policy = new PacingPolicy(uri => { asked.Add(uri); return pacer; });
        Func<Task> next = Script(message, new List<(int, string?)>(), outcome);
        if (outcome == null)
        {
            await policy.ProcessAsync(message, next);
        }
        else
        {
            Assert.Same(outcome, await Assert.ThrowsAsync<Hyper3DException>(() => policy.ProcessAsync(message, next)));
        }

        Assert.Equal(calls, string.Join(",", pacer.Calls));
        Assert.Equal(Api, Assert.Single(asked));
    }

    [Fact]
    public async Task Scrubbing_masks_every_secret_of_the_call_in_lines_written_and_in_the_failure_with_its_inner_ones()
    {
        var log = new ListLog();
        var message = new PipelineMessage(new Plan(secrets: new[] { "pa55-word", null }), log, CancellationToken.None);
        message.Sent("tok-123");
        var inner = new HttpRequestException("proxy said pa55-word");
        var failure = new Hyper3DException(ErrorKind.Unavailable, "Echoed tok-123 and pa55-word.", new Hyper3DException(ErrorKind.Unavailable, "first: tok-123", inner));
        var e = await Assert.ThrowsAsync<Hyper3DException>(() => new ScrubbingPolicy().ProcessAsync(message, () =>
        {
            message.Log.Warning("Attempt 1 failed: tok-123");
            message.Log.Verbose("POST with pa55-word");
            return Task.FromException(failure);
        }));
        Assert.Equal("Echoed ******** and ********.", e.Message);
        Assert.Equal("first: ********", e.InnerException!.Message);
        Assert.Null(e.InnerException.InnerException);
        Assert.Equal(new[] { "warning: Attempt 1 failed: ********", "verbose: POST with ********" }, log.Lines);
        Assert.Same(log, message.Log);
    }

    [Fact]
    public async Task Scrubbing_leaves_a_failure_with_nothing_to_mask_as_it_was()
    {
        var failure = new Hyper3DException(ErrorKind.NotFound, "Nothing secret.", new HttpRequestException("plain"));
        var message = new PipelineMessage(new Plan(secrets: "pa55-word"), NullClientLog.Instance, CancellationToken.None);
        Assert.Same(failure, await Assert.ThrowsAsync<Hyper3DException>(() => new ScrubbingPolicy().ProcessAsync(message, () => Task.FromException(failure))));
    }
}
