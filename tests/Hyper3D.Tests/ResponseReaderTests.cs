using System.Text;
using Hyper3D.Client;
using Hyper3D.Client.Api;
using Hyper3D.Model;

namespace Hyper3D.Tests;

public class ResponseReaderTests
{
    private static readonly Uri Cards = new("https://h.example/api/task/cards");

    private static ApiResponse Answer(string body, int status = 201, string? contentType = "application/json") =>
        new(Cards, status, null, contentType, Encoding.UTF8.GetBytes(body));

    private const string FullCard = """
        {"task_uuid":"0f8fad5b-d9cb-469f-a165-70867728950e","type":"Rodin","image_url":"https://i/1.png","video_url":null,
         "prompt":"a \"quoted\", comma\nnewline","num_like":12,"is_like":true,"time":"2025-10-31T20:41:47.559Z",
         "author":{"user_uuid":"u1","username":"demo","avatar_url":"https://a","email":"demo@x"},
         "user_state":"Generating","lisenced":true,"title":"Café","style":"pbr","is_private":false,"is_hidden":false,
         "group":{"uuid":"g1","name":"Team","member_count":3,"expiration_date":"2026-01-01T00:00:00Z",
                  "settings":{"allowed_style":["a","b"],"allowed_topology":[],"max_member_count":10,"allow_preview":true,"additional_settings":["x"]},
                  "balance":12.5,"checkin_code":"C1"},
         "is_genme":false,"allow_preview":true,"step":"ModelRefine","pending_jobs":["p1","p2"]}
        """;

    [Fact]
    public void Reads_every_field_of_a_card()
    {
        GalleryCard card = Assert.Single(ResponseReader.ReadCards(Answer("[" + FullCard + "]")));
        Assert.Equal("0f8fad5b-d9cb-469f-a165-70867728950e", card.TaskUuid);
        Assert.Equal("Rodin", card.Type);
        Assert.Equal("ModelRefine", card.Step);
        Assert.Equal(12, card.NumLike);
        Assert.True(card.IsLike);
        Assert.Equal(new DateTimeOffset(2025, 10, 31, 20, 41, 47, 559, TimeSpan.Zero), card.Instant);
        Assert.Equal("2025-10-31T20:41:47.5590000+00:00", card.Time!.ToString());
        Assert.Equal("demo", card.Author);
        Assert.Equal("demo", card.AuthorInfo!.Username);
        Assert.True(card.Licensed);
        Assert.Equal("Team", card.Group);
        Assert.Equal(card.GroupInfo!.Uuid, card.GroupUuid);
        Assert.Equal(12.5m, card.GroupInfo.Balance);
        Assert.Equal("a, b", card.GroupInfo.AllowedStyle.ToString());
        Assert.Equal("p1, p2", card.PendingJobs.ToString());
        Assert.Null(card.VideoUrl);
        Assert.Equal("a \"quoted\", comma\nnewline", card.Prompt);
    }

    [Fact]
    public void Accepts_nulls_missing_fields_and_fields_it_does_not_know()
    {
        string json = """[{"task_uuid":"a","num_like":0,"is_like":false,"time":null,"author":null,"title":null,"pending_jobs":null,"group":null,"brand_new":{"x":[1,2]},"step":"Finished","type":"Rodin2"}]""";
        GalleryCard card = Assert.Single(ResponseReader.ReadCards(Answer(json)));
        Assert.Null(card.Time);
        Assert.Null(card.Author);
        Assert.Null(card.Licensed);
        Assert.Empty(card.PendingJobs);
        Assert.Equal("", card.PendingJobs.ToString());
        Assert.Equal("Finished", card.Step);
        Assert.Equal("Rodin2", card.Type);
    }

    [Fact]
    public void Reads_time_as_epoch_milliseconds()
    {
        GalleryCard card = Assert.Single(ResponseReader.ReadCards(Answer("""[{"task_uuid":"a","time":1761943307559}]""")));
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1761943307559), card.Instant);
    }

    [Fact]
    public void An_empty_array_is_the_end_of_a_listing()
    {
        Assert.Empty(ResponseReader.ReadCards(Answer(" [ ] ")));
    }

    [Theory]
    [InlineData("NO_SUCH_GROUP", ErrorKind.NotFound)]
    [InlineData("GROUP_NOT_FOUND", ErrorKind.NotFound)]
    [InlineData("USER_NOT_IN_GROUP", ErrorKind.PermissionDenied)]
    [InlineData("GROUP_EXPIRED", ErrorKind.PermissionDenied)]
    [InlineData("PERMISSION_DENIED", ErrorKind.PermissionDenied)]
    [InlineData("WRONG_PASSWORD", ErrorKind.Authentication)]
    [InlineData("NO_SUCH_USER", ErrorKind.Authentication)]
    [InlineData("INVALID_REQUEST", ErrorKind.InvalidArgument)]
    [InlineData("RATE_LIMITED", ErrorKind.RateLimited)]
    [InlineData("INSUFFICIENT_BALANCE", ErrorKind.QuotaExceeded)]
    [InlineData("SOMETHING_NEW", ErrorKind.ApiError)]
    public void An_error_code_in_a_2xx_body_is_an_error(string code, ErrorKind kind)
    {
        var e = Assert.Throws<Hyper3DException>(() => ResponseReader.ReadCards(Answer($$"""{"error":"{{code}}"}""", 201)));
        Assert.Equal(kind, e.Kind);
        Assert.Equal(code, e.ApiCode);
        Assert.Contains(code, e.Message);
        Assert.Equal(kind == ErrorKind.RateLimited, e.IsTransient);
    }

    [Fact]
    public void Error_OK_is_not_an_error()
    {
        var (token, user) = ResponseReader.ReadLogin(Answer("""{"error":"OK","token":"t","username":"demo"}""", 200));
        Assert.Equal("t", token);
        Assert.Equal("demo", user.Username);
        var e = Assert.Throws<Hyper3DException>(() => ResponseReader.ReadCards(Answer("""{"error":"OK"}""")));
        Assert.Equal(ErrorKind.InvalidResponse, e.Kind);
        Assert.Contains("JSON object", e.Message);
    }

    [Fact]
    public void A_login_error_body_fails_whatever_the_status()
    {
        var e = Assert.Throws<Hyper3DException>(() => ResponseReader.ReadLogin(Answer("""{"error":"WRONG_PASSWORD"}""", 201)));
        Assert.Equal(ErrorKind.Authentication, e.Kind);
        Assert.Contains("WRONG_PASSWORD", e.Message);
    }

    [Theory]
    [InlineData(400, ErrorKind.InvalidArgument, false)]
    [InlineData(401, ErrorKind.Authentication, false)]
    [InlineData(403, ErrorKind.PermissionDenied, false)]
    [InlineData(404, ErrorKind.NotFound, false)]
    [InlineData(422, ErrorKind.InvalidArgument, false)]
    [InlineData(429, ErrorKind.RateLimited, true)]
    [InlineData(500, ErrorKind.Unavailable, false)]
    [InlineData(502, ErrorKind.Unavailable, true)]
    [InlineData(503, ErrorKind.Unavailable, true)]
    [InlineData(504, ErrorKind.Unavailable, true)]
    public void Statuses_map_to_kinds(int status, ErrorKind kind, bool transient)
    {
        var e = Assert.Throws<Hyper3DException>(() => ResponseReader.ReadCards(Answer("""{"error":"X"}""", status)));
        Assert.Equal(kind, e.Kind);
        Assert.Equal(status, e.StatusCode);
        Assert.Equal(transient, e.IsTransient);
    }

    [Theory]
    [InlineData("<html><body><h1>502 Bad Gateway</h1></body></html>", "text/html", "502 Bad Gateway")]
    [InlineData("", "application/json", "empty body")]
    [InlineData("[{\"task_uuid\":\"a\",\"num", "application/json", "could not read")]
    [InlineData("[{\"task_uuid\":\"a\",\"num_like\":\"many\"}]", "application/json", "num_like")]
    [InlineData("[{\"task_uuid\":\"a\",\"time\":true}]", "application/json", "time")]
    [InlineData("[{\"num_like\":1}]", "application/json", "task_uuid")]
    [InlineData("null", "application/json", "expected a JSON array")]
    public void Unusable_bodies_are_reported_by_status_type_and_first_words(string body, string contentType, string expected)
    {
        var e = Assert.Throws<Hyper3DException>(() => ResponseReader.ReadCards(Answer(body, 200, contentType)));
        Assert.Equal(ErrorKind.InvalidResponse, e.Kind);
        Assert.Contains(expected, e.Message);
        Assert.Contains("200", e.Message);
        Assert.Contains(contentType, e.Message);
        Assert.DoesNotContain("   at ", e.Message);
    }

    [Fact]
    public void Html_from_a_proxy_with_an_error_status_names_the_page()
    {
        var e = Assert.Throws<Hyper3DException>(() => ResponseReader.ReadCards(Answer("<html><title>Service Unavailable</title></html>", 503, "text/html")));
        Assert.Equal(ErrorKind.Unavailable, e.Kind);
        Assert.Contains("text/html", e.Message);
        Assert.Contains("Service Unavailable", e.Message);
    }
}

public class DateReadingTests
{
    [Theory]
    [InlineData("749700000000000")]
    [InlineData("-749700000000000")]
    [InlineData("\"749700000000000\"")]
    [InlineData("\"2025-13-45T99:00:00Z\"")]
    [InlineData("true")]
    public void Dates_no_calendar_holds_are_reported_as_bad_responses(string time)
    {
        var response = new ApiResponse(new Uri("https://h.example/api/task/cards"), 201, null, "application/json",
            System.Text.Encoding.UTF8.GetBytes($$"""[{"task_uuid":"a","time":{{time}}}]"""));
        var e = Assert.Throws<Hyper3DException>(() => ResponseReader.ReadCards(response));
        Assert.Equal(ErrorKind.InvalidResponse, e.Kind);
        Assert.Contains("time", e.Message);
    }
}
