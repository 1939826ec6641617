using System.Net;
using System.Net.Http;
using System.Reflection;
using System.Text;
using Hyper3D.Client;
using Hyper3D.Client.Api;
using Hyper3D.Client.Secrets;

namespace Hyper3D.Tests;

public class SecretScrubberTests
{
    private static readonly SecretScrubber Nothing = new(Array.Empty<string?>());

    [Theory]
    [InlineData("""{"token":"abc123"}""", """{"token":"********"}""")]
    [InlineData("""{"Token" : "abc123", "x":1}""", """{"Token" : "********", "x":1}""")]
    [InlineData("""{"a":{"b":[{"PASSWORD":"p\"w"}]}}""", """{"a":{"b":[{"PASSWORD":"********"}]}}""")]
    [InlineData("""{"access_token":"a","refresh_token":"r","Authorization":"Bearer t"}""", """{"access_token":"********","refresh_token":"********","Authorization":"********"}""")]
    [InlineData("""{"password":12345,"n":1}""", """{"password":********,"n":1}""")]
    [InlineData("""{"authorization":{"bearer":"t","x":[1]},"n":1}""", """{"authorization":********,"n":1}""")]
    [InlineData("""{"token":"abcdefghij""", """{"token":"********""")]
    [InlineData("""{"token": """, """{"token": """)]
    [InlineData("""{"user":"token","note":"password"}""", """{"user":"token","note":"password"}""")]
    public void Masks_the_value_of_every_secret_key_at_any_depth_and_in_a_cut_off_body(string body, string shown)
    {
        Assert.Equal(shown, Nothing.Scrub(body));
    }

    [Fact]
    public void Masks_the_session_s_own_secrets_wherever_they_stand_as_sent_or_escaped()
    {
        var scrubber = new SecretScrubber(new[] { "tok_ABC", "P\"w+é", null, "" });
        Assert.Equal("denied: Bearer ********", scrubber.Scrub("denied: Bearer tok_ABC"));
        Assert.Equal("""{"in":"********","again":"********","url":"********"}""",
            scrubber.Scrub("""{"in":"P\"w+é","again":"P\u0022w\u002B\u00E9","url":"P%22w%2B%C3%A9"}"""));
    }

    [Fact]
    public void A_preview_never_shows_a_secret_that_starts_in_it_even_where_the_preview_is_cut()
    {
        string token = new string('t', 200);
        byte[] body = Encoding.UTF8.GetBytes(new string(' ', 100) + "{\"seen\":\"" + token + "\"}");
        var response = new ApiResponse(new Uri("https://h.example/api/task/cards"), 503, null, "application/json", body)
        {
            Scrubber = new SecretScrubber(new[] { token }),
        };
        var e = Assert.Throws<Hyper3DException>(() => ResponseReader.ReadCards(response));
        Assert.DoesNotContain("tttttttttt", e.Message);
        Assert.Contains("********", e.Message);
    }
}

public class ErrorPathTests
{
    [Fact]
    public void Hyper3DException_is_immutable()
    {
        foreach (PropertyInfo property in typeof(Hyper3DException).GetProperties(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly))
        {
            Assert.True(property.SetMethod is null, $"{property.Name} can be set after construction");
        }
    }

    [Fact]
    public async Task Giving_up_keeps_everything_the_failure_said()
    {
        // Connection refused on every attempt: never sent, transient; a Retry-After cannot come with it, so a 429 is checked too.
        var refused = new FakeHandler((_, _) => throw new HttpRequestException("refused", new System.Net.Sockets.SocketException((int)System.Net.Sockets.SocketError.ConnectionRefused)));
        using (var client = new Hyper3DClient(new ClientOptions { BaseUri = new Uri("http://127.0.0.1:9/api"), MaximumRetryCount = 1, RetryInterval = TimeSpan.Zero }, refused))
        {
            var e = await Assert.ThrowsAsync<Hyper3DException>(() => client.GetCardsPageAsync(new GalleryQuery(), 0, new NullLog(), default));
            Assert.True(e.NeverSent);
            Assert.True(e.IsTransient);
            Assert.Equal(2, e.Attempts);
            Assert.EndsWith("Gave up after 2 attempts.", e.Message);
        }

        var throttled = new FakeHandler((_, _) =>
        {
            var answer = FakeHandler.Json((HttpStatusCode)429, """{"error":"RATE_LIMITED"}""");
            answer.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.Zero);
            return answer;
        });
        using (var client = new Hyper3DClient(new ClientOptions { BaseUri = new Uri("http://127.0.0.1:9/api"), MaximumRetryCount = 1, RetryInterval = TimeSpan.Zero }, throttled))
        {
            var e = await Assert.ThrowsAsync<Hyper3DException>(() => client.GetCardsPageAsync(new GalleryQuery(), 0, new NullLog(), default));
            Assert.Equal(TimeSpan.Zero, e.RetryAfter);
            Assert.Equal("RATE_LIMITED", e.ApiCode);
            Assert.Equal(429, e.StatusCode);
            Assert.Equal(ErrorKind.RateLimited, e.Kind);
        }
    }

    [Theory]
    [InlineData(400, "RATE_LIMITED", ErrorKind.RateLimited)]
    [InlineData(403, "NO_SUCH_GROUP", ErrorKind.NotFound)]
    [InlineData(500, "SOMETHING_NEW", ErrorKind.Unavailable)]
    [InlineData(201, "SOMETHING_NEW", ErrorKind.ApiError)]
    [InlineData(201, "NO_SUCH_THING", ErrorKind.NotFound)]
    [InlineData(201, "WRONG_PASSWORD", ErrorKind.Authentication)]
    public void A_known_code_decides_the_kind_whatever_the_status_and_an_unknown_one_leaves_it_to_the_status(int status, string code, ErrorKind kind)
    {
        var response = new ApiResponse(new Uri("https://h.example/api/task/cards"), status, null, "application/json", Encoding.UTF8.GetBytes($$"""{"error":"{{code}}"}"""));
        var e = Assert.Throws<Hyper3DException>(() => ResponseReader.ReadCards(response));
        Assert.Equal(kind, e.Kind);
        Assert.Equal(code, e.ApiCode);
    }

    [Theory]
    [InlineData("abc\n", "abc")]
    [InlineData("  abc \r\n", "abc")]
    [InlineData("a\r\nb", null)]
    [InlineData("tökén", null)]
    [InlineData("a b", null)]
    [InlineData(" \n", null)]
    public void A_token_is_trimmed_and_refused_when_a_header_cannot_carry_it(string raw, string? usable)
    {
        Assert.Equal(usable, BearerToken.Normalize(raw, out string? problem));
        Assert.Equal(usable == null, problem != null);
        if (problem != null && raw.Trim().Length > 0)
        {
            Assert.DoesNotContain(raw.Trim(), problem);
        }
    }

    [Theory]
    [InlineData("https://h.example/api", true)]
    [InlineData("https://h.example/api?x=1", false)]
    [InlineData("https://h.example/api?", false)]
    [InlineData("https://h.example/api#f", false)]
    [InlineData("https://u:hunter2@h.example/api", false)]
    [InlineData("ftp://h.example/api", false)]
    public void A_base_uri_is_an_http_address_without_user_info_query_or_fragment(string uri, bool valid)
    {
        var check = BaseUriRules.Check(new Uri(uri));
        Assert.Equal(valid, check == null);
        Assert.DoesNotContain("hunter2", check?.Problem ?? string.Empty);
    }

    private sealed class NullLog : IClientLog
    {
        public void Verbose(string message)
        {
        }

        public void Warning(string message)
        {
        }
    }
}
