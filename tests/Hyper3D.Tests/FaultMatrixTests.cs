using System.Management.Automation;
using System.Net;
using Hyper3D.Client;
using Hyper3D.Client.Api;
using Hyper3D.Client.Listing;
using Hyper3D.Commands;

namespace Hyper3D.Tests;

/// <summary>
/// The fault matrix (docs/fault_matrix.md) over the fake transport: every emulator fault injected into the middle
/// of a long listing of 480 cards in pages of 24 (pages 0-19, then the empty page 20: 21 requests), and what must
/// come of it: the exact card set after retries, or one exact error after the pages already read. With a throttle
/// limit of 1, request n is page n-1: a fault at request 5 hits page 4, after 4 whole pages.
/// </summary>
public class FaultMatrixTests
{
    private const string CardsUri = "http://127.0.0.1:9/api/task/cards";
    private const string LoginUri = "http://127.0.0.1:9/api/user/login";

    private static readonly int[] AllPages = Enumerable.Range(0, 21).ToArray();

    private static ClientOptions Options(int retries = 3, double timeoutSec = 30) => new()
    {
        BaseUri = new Uri("http://127.0.0.1:9/api"),
        MaximumRetryCount = retries,
        RetryInterval = TimeSpan.Zero,
        Timeout = TimeSpan.FromSeconds(timeoutSec),
    };

    /// <summary>A client of the gallery whose pacing after a 429 or 503 takes no real time.</summary>
    private static Hyper3DClient Client(ClientOptions options, FaultyGallery gallery) => new(options, gallery.Handler, new VirtualClock());

    private sealed record Run(List<string> Uuids, Hyper3DException? Error, List<string> Warnings);

    /// <summary>One whole listing as the Get cmdlet drives it; the cards listed before any failure, the failure, the warnings.</summary>
    private static async Task<Run> ListAll(Hyper3DClient client, int throttle, Action<int>? afterEachCard = null)
    {
        var log = new RecordingLog();
        var got = new List<string>();
        Hyper3DException? error = null;
        using var listing = new GalleryListing(
            (page, token) => client.ListPageAsync(new GalleryQuery(), page, log, token),
            new ListingOptions { ThrottleLimit = throttle },
            log,
            default);
        try
        {
            while (await listing.NextAsync() is { } cards)
            {
                foreach (var card in cards)
                {
                    got.Add(card.TaskUuid);
                    afterEachCard?.Invoke(got.Count);
                }
            }
        }
        catch (Hyper3DException e)
        {
            error = e;
        }

        return new Run(got, error, log.Warnings);
    }

    private static async Task<Run> ListAll(FaultyGallery gallery, ClientOptions options, int throttle)
    {
        using var client = Client(options, gallery);
        return await ListAll(client, throttle);
    }

    /// <summary>Nothing lost, nothing doubled, page order kept.</summary>
    private static void AssertCards(IEnumerable<string> expected, List<string> actual)
    {
        Assert.Equal(actual.Count, actual.Distinct().Count());
        Assert.Equal(expected, actual);
    }

    /// <summary>The record the cmdlet writes: its id, category and target; a message naming what came back and no .NET internals; the advice said once.</summary>
    private static ErrorRecord AssertRecord(Hyper3DException? failure, string errorId, ErrorCategory category, string target, params string[] contains)
    {
        Assert.NotNull(failure);
        ErrorRecord record = ErrorRecordFactory.From(failure!, null);
        Assert.Equal(errorId, record.FullyQualifiedErrorId);
        Assert.Equal(category, record.CategoryInfo.Category);
        Assert.Equal(target, record.TargetObject?.ToString());
        string message = failure!.Message;
        foreach (string text in contains.Append(target)) Assert.Contains(text, message);
        Assert.Equal(message, record.ErrorDetails.Message);
        Assert.DoesNotContain(record.ErrorDetails.RecommendedAction, message);
        Assert.DoesNotMatch(@"(?m)^\s*at [\w.<>`]+\.\w+|System\.[\w.]*Exception|Exception of type", message);
        return record;
    }

    [Theory]
    [InlineData("429:0", new[] { "429 Too Many Requests", "RATE_LIMITED", "Retrying in 0.0 s" })]
    [InlineData("429:1", new[] { "429 Too Many Requests", "RATE_LIMITED", "Retrying in 1.0 s" })]
    [InlineData("502", new[] { "502 Bad Gateway", "BAD_GATEWAY" })]
    [InlineData("503", new[] { "503 Service Unavailable", "SERVICE_UNAVAILABLE" })]
    [InlineData("504", new[] { "504 Gateway Timeout", "GATEWAY_TIMEOUT" })]
    [InlineData("503html", new[] { "503 Service Unavailable", "text/html", "<title>503 Service Unavailable</title>" })]
    [InlineData("ratelimited", new[] { "refused", "RATE_LIMITED" })]
    [InlineData("reset", new[] { "The connection failed for POST" })]
    [InlineData("truncate", new[] { "The connection broke while reading the answer from POST" })]
    [InlineData("hang", new[] { "timed out after 0.5 s waiting for an answer" })]
    [InlineData("slow:3000", new[] { "timed out after 0.5 s waiting for an answer" })]
    public async Task A_retried_fault_at_page_4_lists_every_card_once_in_order_with_one_warning(string fault, string[] named)
    {
        var gallery = new FaultyGallery().With(fault, 5);
        Run run = await ListAll(gallery, Options(timeoutSec: 0.5), throttle: 1);
        Assert.Null(run.Error);
        AssertCards(gallery.Uuids, run.Uuids);
        string warning = Assert.Single(run.Warnings);
        Assert.StartsWith("Attempt 1 of 4 failed: ", warning);
        foreach (string text in named.Append(CardsUri)) Assert.Contains(text, warning);
        var requests = gallery.CardRequests.ToList();
        Assert.Equal(AllPages.Take(5).Concat(AllPages.Skip(4)), requests.Select(r => r.Page));
        Assert.Equal(fault, requests[4].Fault);
        Assert.Null(requests[5].Fault);
    }

    [Theory]
    [InlineData("hang")]
    [InlineData("slow:3000")]
    public async Task A_request_past_its_timeout_is_dropped_by_the_client(string fault)
    {
        var gallery = new FaultyGallery().With(fault, 5);
        Run run = await ListAll(gallery, Options(timeoutSec: 0.5), throttle: 1);
        AssertCards(gallery.Uuids, run.Uuids);
        var requests = gallery.CardRequests.ToList();
        Assert.True(requests[4].Aborted);
        Assert.All(requests.Where(r => r.N != 5), r => Assert.False(r.Aborted));
    }

    [Fact]
    public async Task A_slow_answer_within_the_timeout_is_no_fault_no_retry_and_no_warning()
    {
        var gallery = new FaultyGallery().With("slow:50", 5);
        Run run = await ListAll(gallery, Options(timeoutSec: 5), throttle: 1);
        Assert.Null(run.Error);
        AssertCards(gallery.Uuids, run.Uuids);
        Assert.Empty(run.Warnings);
        Assert.Equal(AllPages, gallery.CardRequests.Select(r => r.Page));
    }

    [Theory]
    [InlineData("429:0")]
    [InlineData("502")]
    [InlineData("503")]
    [InlineData("504")]
    [InlineData("503html")]
    [InlineData("ratelimited")]
    [InlineData("reset")]
    [InlineData("truncate")]
    [InlineData("hang")]
    public async Task A_retried_fault_with_pages_in_parallel_lists_every_card_once_in_order_and_asks_the_faulted_page_twice(string fault)
    {
        var gallery = new FaultyGallery().With(fault, 5);
        Run run = await ListAll(gallery, Options(timeoutSec: 0.5), throttle: 6);
        Assert.Null(run.Error);
        AssertCards(gallery.Uuids, run.Uuids);
        Assert.Single(run.Warnings);
        int faulted = gallery.CardRequests.Single(r => r.N == 5).Page;
        Assert.Equal(2, gallery.CardRequests.Count(r => r.Page == faulted));
    }

    [Theory]
    [InlineData("500", "ServiceUnavailable", ErrorCategory.ResourceUnavailable, "try again later", new[] { "500 Internal Server Error", "INTERNAL_SERVER_ERROR" })]
    [InlineData("200html", "InvalidResponse", ErrorCategory.InvalidResult, "-BaseUri", new[] { "200 OK", "text/html", "expected a JSON array of cards", "<title>Sign in - Corporate Access</title>" })]
    [InlineData("empty", "InvalidResponse", ErrorCategory.InvalidResult, "-BaseUri", new[] { "201 Created", "application/json", "empty body" })]
    [InlineData("object", "InvalidResponse", ErrorCategory.InvalidResult, "-BaseUri", new[] { "201 Created", "got a JSON object", """{"unexpected":"object"}""" })]
    [InlineData("badtypes", "InvalidResponse", ErrorCategory.InvalidResult, "-BaseUri", new[] { "201 Created", "could not read a list of cards", "$[1].num_like" })]
    [InlineData("huge", "InvalidResponse", ErrorCategory.InvalidResult, "-BaseUri", new[] { "too large to be a page of cards", "more than 33554432 bytes", "201" })]
    [InlineData("401", "AuthenticationFailed", ErrorCategory.AuthenticationError, "Connect-Hyper3D", new[] { "401 Unauthorized", "UNAUTHORIZED" })]
    public async Task A_fault_that_is_not_retried_ends_the_listing_with_one_error_after_the_pages_before_it(
        string fault, string errorId, ErrorCategory category, string advice, string[] contains)
    {
        var gallery = new FaultyGallery().With(fault, 5);
        Run run = await ListAll(gallery, Options(), throttle: 1);
        ErrorRecord record = AssertRecord(run.Error, errorId, category, CardsUri, contains);
        Assert.Contains(advice, record.ErrorDetails.RecommendedAction);
        Assert.DoesNotContain("Gave up", run.Error!.Message);
        Assert.Empty(run.Warnings);
        AssertCards(gallery.FirstPages(4), run.Uuids);
        Assert.Equal(AllPages.Take(5), gallery.CardRequests.Select(r => r.Page));
    }

    [Theory]
    [InlineData("500", "ServiceUnavailable")]
    [InlineData("200html", "InvalidResponse")]
    [InlineData("empty", "InvalidResponse")]
    [InlineData("object", "InvalidResponse")]
    [InlineData("badtypes", "InvalidResponse")]
    [InlineData("huge", "InvalidResponse")]
    [InlineData("401", "AuthenticationFailed")]
    public async Task A_fault_that_is_not_retried_with_pages_in_parallel_lists_exactly_the_pages_before_the_faulted_one(string fault, string errorId)
    {
        var gallery = new FaultyGallery().With(fault, 5);
        Run run = await ListAll(gallery, Options(), throttle: 6);
        Assert.NotNull(run.Error);
        Assert.Equal(errorId, ErrorRecordFactory.From(run.Error!, null).FullyQualifiedErrorId);
        int faulted = gallery.CardRequests.Single(r => r.N == 5).Page;
        AssertCards(gallery.FirstPages(faulted), run.Uuids);
        Assert.Equal(1, gallery.CardRequests.Count(r => r.Page == faulted));
    }

    [Fact]
    public async Task A_page_with_one_bad_card_lists_none_of_its_cards()
    {
        var gallery = new FaultyGallery().With("badtypes", 1);
        Run run = await ListAll(gallery, Options(), throttle: 1);
        Assert.Equal(ErrorKind.InvalidResponse, run.Error?.Kind);
        Assert.Empty(run.Uuids);
    }

    [Theory]
    [InlineData("503", "ServiceUnavailable", ErrorCategory.ResourceUnavailable, new[] { "503 Service Unavailable", "SERVICE_UNAVAILABLE" })]
    [InlineData("502", "ServiceUnavailable", ErrorCategory.ResourceUnavailable, new[] { "502 Bad Gateway" })]
    [InlineData("504", "ServiceUnavailable", ErrorCategory.ResourceUnavailable, new[] { "504 Gateway Timeout" })]
    [InlineData("503html", "ServiceUnavailable", ErrorCategory.ResourceUnavailable, new[] { "503 Service Unavailable", "text/html", "<title>503 Service Unavailable</title>" })]
    [InlineData("429:0", "RateLimited", ErrorCategory.LimitsExceeded, new[] { "429 Too Many Requests", "RATE_LIMITED" })]
    [InlineData("ratelimited", "RateLimited", ErrorCategory.LimitsExceeded, new[] { "RATE_LIMITED" })]
    [InlineData("reset", "ConnectionFailed", ErrorCategory.ConnectionError, new[] { "The connection failed for POST" })]
    [InlineData("truncate", "ConnectionFailed", ErrorCategory.ConnectionError, new[] { "The connection broke while reading the answer" })]
    [InlineData("hang", "Timeout", ErrorCategory.OperationTimeout, new[] { "timed out after 0.5 s waiting for an answer" })]
    public async Task The_same_fault_on_every_attempt_is_one_error_after_1_plus_MaximumRetryCount_attempts(
        string fault, string errorId, ErrorCategory category, string[] contains)
    {
        var gallery = new FaultyGallery().With(fault, 5, 6, 7, 8, 9);
        using var client = Client(Options(retries: 2, timeoutSec: 0.5), gallery);
        string token = gallery.GiveToken();
        client.UseToken(token);
        Run run = await ListAll(client, throttle: 1);
        AssertRecord(run.Error, errorId, category, CardsUri, contains.Append("Gave up after 3 attempts.").ToArray());
        Assert.Equal(2, run.Warnings.Count);
        Assert.StartsWith("Attempt 1 of 3 failed: ", run.Warnings[0]);
        Assert.StartsWith("Attempt 2 of 3 failed: ", run.Warnings[1]);
        AssertCards(gallery.FirstPages(4), run.Uuids);
        Assert.Equal(new[] { 0, 1, 2, 3, 4, 4, 4 }, gallery.CardRequests.Select(r => r.Page));
        Assert.DoesNotContain(token, run.Error!.Message + string.Join("\n", run.Warnings));
        Assert.All(gallery.Handler.Requests, r => Assert.Equal("Bearer " + token, r.Authorization));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(6)]
    public async Task Six_faults_in_one_listing_each_met_once_list_every_card_once_in_order_with_six_warnings(int throttle)
    {
        var gallery = new FaultyGallery()
            .With("429:0", 3).With("503html", 6).With("reset", 9).With("truncate", 12).With("504", 15).With("ratelimited", 18);

        // With pages in flight, one page's retries can meet several of the six faults in a row: allow for all six.
        Run run = await ListAll(gallery, Options(retries: 6), throttle);
        Assert.Null(run.Error);
        AssertCards(gallery.Uuids, run.Uuids);
        Assert.Equal(6, run.Warnings.Count);
        Assert.Equal(6, gallery.CardRequests.Count(r => r.Fault != null));
    }

    [Theory]
    [InlineData("reset", "ConnectionFailed", ErrorCategory.ConnectionError, "The connection failed for POST", 30)]
    [InlineData("502", "ServiceUnavailable", ErrorCategory.ResourceUnavailable, "502 Bad Gateway", 30)]
    [InlineData("504", "ServiceUnavailable", ErrorCategory.ResourceUnavailable, "504 Gateway Timeout", 30)]
    [InlineData("hang", "Timeout", ErrorCategory.OperationTimeout, "timed out after 0.5 s", 0.5)]
    public async Task A_login_that_may_have_reached_the_server_is_not_repeated(string fault, string errorId, ErrorCategory category, string contains, double timeoutSec)
    {
        var gallery = new FaultyGallery().With(fault, 1);
        using var client = Client(Options(timeoutSec: timeoutSec), gallery);
        var log = new RecordingLog();
        var failure = await Assert.ThrowsAsync<Hyper3DException>(() => client.LoginAsync(new NetworkCredential("demo@hyper3d.local", "demo-password"), log, default));
        AssertRecord(failure, errorId, category, LoginUri, contains);
        Assert.DoesNotContain("Gave up", failure.Message);
        Assert.Empty(log.Warnings);
        Assert.Single(gallery.LoginRequests);
        Assert.False(client.IsAuthenticated);
    }

    [Theory]
    [InlineData("503")]
    [InlineData("429:0")]
    [InlineData("ratelimited")]
    [InlineData("503html")]
    public async Task A_login_refused_for_now_is_retried_with_one_warning(string fault)
    {
        var gallery = new FaultyGallery().With(fault, 1);
        using var client = Client(Options(), gallery);
        var log = new RecordingLog();
        await client.LoginAsync(new NetworkCredential("demo@hyper3d.local", "demo-password"), log, default);
        Assert.True(client.IsAuthenticated);
        Assert.Equal("demo", client.User?.Username);
        Assert.Contains(LoginUri, Assert.Single(log.Warnings));
        Assert.Equal(2, gallery.LoginRequests.Count());
    }

    [Fact]
    public async Task A_login_refused_on_every_attempt_gives_up_after_1_plus_MaximumRetryCount_attempts()
    {
        var gallery = new FaultyGallery().With("503", 1, 2, 3, 4, 5, 6, 7, 8, 9);
        using var client = Client(Options(retries: 2), gallery);
        var failure = await Assert.ThrowsAsync<Hyper3DException>(() => client.LoginAsync(new NetworkCredential("a", "b"), new RecordingLog(), default));
        AssertRecord(failure, "ServiceUnavailable", ErrorCategory.ResourceUnavailable, LoginUri, "Gave up after 3 attempts.");
        Assert.Equal(3, gallery.LoginRequests.Count());
    }

    [Fact]
    public async Task A_credential_session_logs_in_again_once_on_a_401_and_asks_the_refused_page_again()
    {
        // Request 1 is the login: requests 2-5 are pages 0-3, so page 3 gets the 401.
        var gallery = new FaultyGallery().With("401", 5);
        using var client = Client(Options(), gallery);
        await client.LoginAsync(new NetworkCredential("demo@hyper3d.local", "demo-password"), new RecordingLog(), default);
        Run run = await ListAll(client, throttle: 1);
        Assert.Null(run.Error);
        AssertCards(gallery.Uuids, run.Uuids);
        Assert.Single(run.Warnings, w => w.Contains("signing in again"));
        var log = gallery.Snapshot();
        Assert.Equal(new[] { 3, -1, 3 }, log.Skip(4).Take(3).Select(e => e.Page));
        Assert.Equal(2, log.Count(e => e.Page < 0));
    }

    [Fact]
    public async Task Tokens_that_expire_mid_listing_with_pages_in_parallel_log_in_again_once()
    {
        var gallery = new FaultyGallery();
        using var client = Client(Options(), gallery);
        await client.LoginAsync(new NetworkCredential("demo@hyper3d.local", "demo-password"), new RecordingLog(), default);
        Run run = await ListAll(client, throttle: 6, afterEachCard: count =>
        {
            if (count == 30) gallery.ExpireTokens();
        });
        Assert.Null(run.Error);
        AssertCards(gallery.Uuids, run.Uuids);
        Assert.Contains(run.Warnings, w => w.Contains("signing in again"));
        Assert.Equal(2, gallery.LoginRequests.Count());
    }

    [Fact]
    public async Task A_second_401_right_after_the_new_login_is_an_error_not_a_loop()
    {
        var gallery = new FaultyGallery().With("401", 5, 7);
        using var client = Client(Options(), gallery);
        await client.LoginAsync(new NetworkCredential("demo@hyper3d.local", "demo-password"), new RecordingLog(), default);
        Run run = await ListAll(client, throttle: 1);
        AssertRecord(run.Error, "AuthenticationFailed", ErrorCategory.AuthenticationError, CardsUri, "401 Unauthorized");
        AssertCards(gallery.FirstPages(3), run.Uuids);
        Assert.Equal(2, gallery.LoginRequests.Count());
        Assert.Equal(7, gallery.Snapshot().Count);
    }

    [Fact]
    public async Task A_token_session_cannot_log_in_again_so_a_401_is_an_authentication_error_at_once()
    {
        var gallery = new FaultyGallery();
        using var client = Client(Options(), gallery);
        client.UseToken("expired-token");
        Run run = await ListAll(client, throttle: 1);
        AssertRecord(run.Error, "AuthenticationFailed", ErrorCategory.AuthenticationError, CardsUri, "INVALID_TOKEN");
        Assert.Empty(run.Uuids);
        Assert.Single(gallery.Snapshot());
    }
}
