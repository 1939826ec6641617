using System.Net;
using System.Net.Http;
using System.Text;

namespace Hyper3D.Tests;

/// <summary>Answers requests from a script, so client behaviour can be tested without a network.</summary>
internal sealed class FakeHandler : HttpMessageHandler
{
    private readonly Func<HttpRequestMessage, int, CancellationToken, Task<HttpResponseMessage>> _answer;
    private int _count;

    private FakeHandler(Func<HttpRequestMessage, int, CancellationToken, Task<HttpResponseMessage>> answer) => _answer = answer;

    public FakeHandler(Func<HttpRequestMessage, int, HttpResponseMessage> answer)
        : this((request, n, _) => Task.FromResult(answer(request, n)))
    {
    }

    public static FakeHandler Async(Func<HttpRequestMessage, int, Task<HttpResponseMessage>> answer) => new((request, n, _) => answer(request, n));

    /// <summary>An answer told when the client gives up on the request, as a server sees the connection close.</summary>
    public static FakeHandler Cancellable(Func<HttpRequestMessage, int, CancellationToken, Task<HttpResponseMessage>> answer) => new(answer);

    public List<(string Uri, string Body, string? Authorization)> Requests { get; } = new();

    public int Count => Volatile.Read(ref _count);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        int n = Interlocked.Increment(ref _count);
        string body = request.Content == null ? "" : await request.Content.ReadAsStringAsync(cancellationToken);
        lock (Requests)
        {
            Requests.Add((request.RequestUri!.ToString(), body, request.Headers.Authorization?.ToString()));
        }

        cancellationToken.ThrowIfCancellationRequested();
        return await _answer(request, n, cancellationToken);
    }

    public static HttpResponseMessage Json(HttpStatusCode status, string json, string contentType = "application/json") =>
        new(status) { Content = new StringContent(json, Encoding.UTF8, contentType) };
}
