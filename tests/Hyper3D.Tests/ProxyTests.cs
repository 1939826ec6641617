using System.Net;
using System.Net.Http;
using System.Text;
using Hyper3D.Client;
using Hyper3D.Client.Api;
using Hyper3D.Client.Http;
using Hyper3D.Client.Proxies;

namespace Hyper3D.Tests;

public class ProxyAddressTests
{
    [Theory]
    [InlineData("http://user:p%40ss%3Aw@proxy.corp:3128", "http://proxy.corp:3128/", "user", "p@ss:w")]
    [InlineData("proxy.corp:3128", "http://proxy.corp:3128/", null, null)]
    [InlineData("https://u@proxy.corp", "https://proxy.corp/", "u", "")]
    [InlineData("http://u:pw@proxy.corp:8080/some/path?q=1", "http://proxy.corp:8080/", "u", "pw")]
    public void The_address_kept_has_no_user_info_and_the_credentials_come_out_unescaped(string text, string kept, string? user, string? password)
    {
        ProxyAddress address = ProxyAddress.Parse(text, out string? problem)!;
        Assert.Null(problem);
        Assert.Equal(kept, address.Uri.ToString());
        Assert.DoesNotContain("@", address.ToString());
        Assert.Equal(user, address.Credential?.UserName);
        Assert.Equal(password, address.Credential?.Password);
    }

    [Theory]
    [InlineData("socks5://proxy:1080")]
    [InlineData("http://")]
    public void An_address_that_is_no_http_proxy_is_refused_with_a_reason(string text)
    {
        Assert.Null(ProxyAddress.Parse(text, out string? problem));
        Assert.NotNull(problem);
    }

    [Fact]
    public void Its_secrets_are_the_password_as_given_as_written_and_as_the_Basic_header_carries_it()
    {
        ProxyAddress address = ProxyAddress.Parse("http://user:p%40ss@proxy:3128", out _)!;
        string basic = Convert.ToBase64String(Encoding.UTF8.GetBytes("user:p@ss"));
        Assert.Equal(new[] { "p@ss", basic, "p%40ss" }, address.Secrets.ToArray());
    }
}

public class NoProxyListTests
{
    [Theory]
    [InlineData("example.com", "https://example.com/api", true)]
    [InlineData("example.com", "https://api.example.com/api", true)]
    [InlineData(".example.com", "https://example.com/api", true)]
    [InlineData("*.example.com", "https://a.b.example.com/api", true)]
    [InlineData("example.com", "https://notexample.com/api", false)]
    [InlineData("localhost,127.0.0.1", "http://127.0.0.1:5000/api", true)]
    [InlineData("127.0.0.1:5000", "http://127.0.0.1:5000/api", true)]
    [InlineData("127.0.0.1:5001", "http://127.0.0.1:5000/api", false)]
    [InlineData("[::1]", "http://[::1]:5000/api", true)]
    [InlineData(" EXAMPLE.com , other ", "https://Example.COM/", true)]
    [InlineData("*", "https://anything.example/", true)]
    [InlineData("", "https://example.com/", false)]
    public void Hosts_match_as_curl_reads_NO_PROXY(string list, string uri, bool direct)
    {
        Assert.Equal(direct, NoProxyList.Parse(list).Matches(new Uri(uri)));
    }
}

public class SessionProxyTests
{
    private static readonly Uri Https = new("https://hyper3d.corp.example/api");
    private static readonly Uri Http = new("http://hyper3d.corp.example/api");

    private static SessionProxy? FromEnvironment(Dictionary<string, string> variables, NetworkCredential? credential = null) =>
        SessionProxy.FromEnvironment(name => variables.TryGetValue(name, out string? value) ? value : null, credential, out _);

    [Fact]
    public void No_variable_means_no_proxy()
    {
        Assert.Null(FromEnvironment(new()));
    }

    [Fact]
    public void Each_scheme_takes_its_own_variable_lower_case_first_and_ALL_PROXY_fills_the_gap()
    {
        SessionProxy proxy = FromEnvironment(new()
        {
            ["https_proxy"] = "http://lower:3128",
            ["HTTPS_PROXY"] = "http://upper:3128",
            ["ALL_PROXY"] = "http://all:3128",
        })!;
        Assert.Equal("http://lower:3128/", proxy.For(Https)!.ToString());
        Assert.Equal("http://all:3128/", proxy.For(Http)!.ToString());
        Assert.Equal("https_proxy, ALL_PROXY", proxy.Source);
    }

    [Fact]
    public void Under_CGI_upper_case_HTTP_PROXY_is_a_request_header_and_is_ignored()
    {
        Assert.Null(FromEnvironment(new() { ["HTTP_PROXY"] = "http://injected:3128", ["GATEWAY_INTERFACE"] = "CGI/1.1" }));
        Assert.NotNull(FromEnvironment(new() { ["HTTP_PROXY"] = "http://upper:3128" })!.For(Http));
    }

    [Fact]
    public void NO_PROXY_sends_matching_hosts_direct()
    {
        SessionProxy proxy = FromEnvironment(new() { ["HTTPS_PROXY"] = "http://p:3128", ["NO_PROXY"] = "corp.example" })!;
        Assert.Null(proxy.For(Https));
        Assert.True(proxy.IsBypassed(Https));
        Assert.False(proxy.IsBypassed(new Uri("https://cdn.other.example/x.webp")));
    }

    [Fact]
    public void An_empty_variable_counts_as_unset()
    {
        SessionProxy proxy = FromEnvironment(new() { ["https_proxy"] = "", ["HTTPS_PROXY"] = "http://p:3128", ["no_proxy"] = "", ["NO_PROXY"] = "corp.example" })!;
        Assert.True(proxy.IsBypassed(Https));
        Assert.Equal("http://p:3128/", proxy.For(new Uri("https://elsewhere.example/"))!.ToString());
        Assert.NotNull(FromEnvironment(new() { ["HTTP_PROXY"] = "http://p:3128", ["GATEWAY_INTERFACE"] = "" })!.For(Http));
    }

    [Fact]
    public void Each_proxy_answers_with_the_credentials_of_its_own_address()
    {
        SessionProxy proxy = FromEnvironment(new() { ["HTTPS_PROXY"] = "http://alice:a-pass@secure:3128", ["HTTP_PROXY"] = "http://bob:b-pass@plain:3128" })!;
        IWebProxy web = proxy;
        Assert.Equal("a-pass", web.Credentials!.GetCredential(web.GetProxy(Https)!, "Basic")!.Password);
        Assert.Equal("b-pass", web.Credentials!.GetCredential(web.GetProxy(Http)!, "Basic")!.Password);
        Assert.DoesNotContain("pass", web.GetProxy(Https)!.ToString());
    }

    [Fact]
    public void A_credential_with_a_domain_is_a_secret_in_the_Basic_form_dotnet_sends()
    {
        string sent = Convert.ToBase64String(Encoding.UTF8.GetBytes("CORP\\jdoe:pw"));
        Assert.Contains(sent, ProxyAddress.SecretsOf(new NetworkCredential("jdoe", "pw", "CORP")));
    }

    [Fact]
    public void ProxyCredential_wins_over_the_user_info_and_both_passwords_are_secrets()
    {
        var given = new NetworkCredential("carol", "c-pass");
        SessionProxy proxy = SessionProxy.FromParameter(new Uri("http://alice:a-pass@p:3128"), given);
        IWebProxy web = proxy;
        Assert.Same(given, web.Credentials!.GetCredential(web.GetProxy(Https)!, "Basic"));
        Assert.Contains("a-pass", proxy.Secrets);
        Assert.Contains("c-pass", proxy.Secrets);
        Assert.Equal("-Proxy", proxy.Source);
    }

    [Fact]
    public void An_unusable_variable_is_reported_and_the_next_one_is_read()
    {
        SessionProxy? proxy = SessionProxy.FromEnvironment(
            name => name switch { "https_proxy" => "socks5://s:1080", "HTTPS_PROXY" => "http://p:3128", _ => null },
            null,
            out string? problem);
        Assert.Equal("http://p:3128/", proxy!.For(Https)!.ToString());
        Assert.Contains("https_proxy", problem);
    }

    [Fact]
    public async Task An_answer_that_echoes_the_proxy_password_or_its_Basic_header_shows_neither()
    {
        string basic = Convert.ToBase64String(Encoding.UTF8.GetBytes("user:s3cr3t-proxy"));
        var handler = new FakeHandler((_, _) => FakeHandler.Json(HttpStatusCode.BadGateway, $"<html>proxy said: s3cr3t-proxy, Proxy-Authorization: Basic {basic}</html>", "text/html"));
        var options = new ClientOptions
        {
            BaseUri = new Uri("https://hyper3d.corp.example/api"),
            MaximumRetryCount = 0,
            Proxy = SessionProxy.FromParameter(new Uri("http://user:s3cr3t-proxy@proxy:3128"), null),
        };
        using var client = new Hyper3DClient(options, handler);
        var e = await Assert.ThrowsAsync<Hyper3DException>(() => client.GetCardsPageAsync(new GalleryQuery(), 0, new RecordingLog(), default));
        Assert.DoesNotContain("s3cr3t-proxy", e.Message);
        Assert.DoesNotContain(basic, e.Message);
        Assert.Contains("********", e.Message);
    }
}

public class RequestVersionTests
{
    [Theory]
    [InlineData("https://h.example/api", true, "2.0")]
    [InlineData("http://h.example/api", true, "1.1")]
    [InlineData("https://h.example/api", false, "1.1")]
    public void Http2_only_over_TLS_and_only_where_the_runtime_negotiates_it(string uri, bool negotiates, string version)
    {
        Assert.Equal(Version.Parse(version), RequestVersion.For(new Uri(uri), negotiates));
    }

    [Fact]
    public async Task Every_page_request_asks_for_the_version_the_rule_gives()
    {
        var versions = new List<Version>();
        var handler = new FakeHandler((request, _) =>
        {
            lock (versions)
            {
                versions.Add(request.Version);
            }

            return FakeHandler.Json(HttpStatusCode.Created, "[]");
        });
        using var client = new Hyper3DClient(new ClientOptions { BaseUri = new Uri("https://h.example/api") }, handler);
        await client.GetCardsPageAsync(new GalleryQuery(), 0, new RecordingLog(), default);
        Assert.Equal(new[] { new Version(2, 0) }, versions);
    }
}
