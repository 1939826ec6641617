using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace Hyper3D.Tests;

/// <summary>
/// A gallery served over the fake transport as the emulator serves it (pages of cards, then an empty page; logins
/// that hand out tokens) that answers chosen request numbers with the emulator's faults, named as its
/// <c>faults</c> setting names them: 429:s, 500, 502, 503, 504, 401, 503html, 200html, ratelimited, reset,
/// truncate, hang, slow:ms, empty, object, badtypes, huge.
/// </summary>
internal sealed class FaultyGallery
{
    public const string LoginPortal = "<!DOCTYPE html><html><head><title>Sign in - Corporate Access</title></head><body><form method=\"post\"></form></body></html>";
    public const string ProxyUnavailable = "<!DOCTYPE html><html><head><title>503 Service Unavailable</title></head><body><h1>Service Unavailable</h1></body></html>";

    private readonly Dictionary<int, string> _faults = new();
    private readonly HashSet<string> _tokens = new(StringComparer.Ordinal);
    private readonly int _pageSize;

    public FaultyGallery(int cards = 480, int pageSize = 24)
    {
        Uuids = Enumerable.Range(0, cards).Select(i => $"card-{i:D4}").ToArray();
        _pageSize = pageSize;
        Handler = FakeHandler.Cancellable(AnswerAsync);
    }

    public string[] Uuids { get; }

    public FakeHandler Handler { get; }

    /// <summary>Every request in the order it came: its number (from 1), page (-1 for a login), fault, and whether the client dropped it.</summary>
    public List<Exchange> Log { get; } = new();

    public IEnumerable<Exchange> CardRequests => Snapshot().Where(e => e.Page >= 0);

    public IEnumerable<Exchange> LoginRequests => Snapshot().Where(e => e.Page < 0);

    /// <summary>The cards of pages [0, pages).</summary>
    public string[] FirstPages(int pages) => Uuids.Take(pages * _pageSize).ToArray();

    /// <summary>Answers these request numbers with the fault.</summary>
    public FaultyGallery With(string fault, params int[] requests)
    {
        foreach (int n in requests) _faults[n] = fault;
        return this;
    }

    /// <summary>A token the gallery accepts, as a user copies it from a login elsewhere.</summary>
    public string GiveToken()
    {
        lock (_tokens) _tokens.Add("token-given");
        return "token-given";
    }

    /// <summary>Every token given so far stops working, as when the server's sessions expire.</summary>
    public void ExpireTokens()
    {
        lock (_tokens) _tokens.Clear();
    }

    public List<Exchange> Snapshot()
    {
        lock (Log) return Log.ToList();
    }

    private async Task<HttpResponseMessage> AnswerAsync(HttpRequestMessage request, int n, CancellationToken cancellationToken)
    {
        string body = await request.Content!.ReadAsStringAsync(cancellationToken);
        bool login = request.RequestUri!.AbsolutePath.EndsWith("/user/login", StringComparison.Ordinal);
        int page = login ? -1 : JsonDocument.Parse(body).RootElement.GetProperty("page_num").GetInt32();
        string? fault = _faults.TryGetValue(n, out string? f) ? f : null;
        var exchange = new Exchange(n, page, fault);
        lock (Log) Log.Add(exchange);
        try
        {
            return await FaultAsync(fault, cancellationToken) ?? Normal(request, n, page);
        }
        catch (OperationCanceledException)
        {
            exchange.Aborted = true;
            throw;
        }
    }

    private HttpResponseMessage Normal(HttpRequestMessage request, int n, int page)
    {
        if (page < 0)
        {
            string token = $"token-{n}";
            lock (_tokens) _tokens.Add(token);
            return FakeHandler.Json(HttpStatusCode.Created, $$"""{"token":"{{token}}","username":"demo"}""");
        }

        string? bearer = request.Headers.Authorization?.Parameter;
        bool known;
        lock (_tokens) known = bearer == null || _tokens.Contains(bearer);
        if (!known) return Error(HttpStatusCode.Unauthorized, "INVALID_TOKEN");
        return Cards(Uuids.Skip(page * _pageSize).Take(_pageSize).Select(uuid => $$"""{"task_uuid":"{{uuid}}"}"""));
    }

    private static async Task<HttpResponseMessage?> FaultAsync(string? fault, CancellationToken cancellationToken)
    {
        string name = fault?.Split(':')[0] ?? "";
        int arg = fault != null && fault.Contains(':') ? int.Parse(fault.Split(':')[1]) : 1;
        switch (name)
        {
            case "": return null;
            case "429":
                var limited = Error(HttpStatusCode.TooManyRequests, "RATE_LIMITED");
                limited.Headers.RetryAfter = new RetryConditionHeaderValue(TimeSpan.FromSeconds(arg));
                return limited;
            case "500": return Error(HttpStatusCode.InternalServerError, "INTERNAL_SERVER_ERROR");
            case "502": return Error(HttpStatusCode.BadGateway, "BAD_GATEWAY");
            case "503": return Error(HttpStatusCode.ServiceUnavailable, "SERVICE_UNAVAILABLE");
            case "504": return Error(HttpStatusCode.GatewayTimeout, "GATEWAY_TIMEOUT");
            case "401": return Error(HttpStatusCode.Unauthorized, "UNAUTHORIZED");
            case "503html": return FakeHandler.Json(HttpStatusCode.ServiceUnavailable, ProxyUnavailable, "text/html");
            case "200html": return FakeHandler.Json(HttpStatusCode.OK, LoginPortal, "text/html");
            case "ratelimited": return Error(HttpStatusCode.Created, "RATE_LIMITED");
            case "empty": return FakeHandler.Json(HttpStatusCode.Created, "");
            case "object": return FakeHandler.Json(HttpStatusCode.Created, """{"unexpected":"object"}""");
            case "badtypes": return Cards(new[] { """{"task_uuid":"bad-0"}""", """{"task_uuid":"bad-1","num_like":"many"}""", """{"task_uuid":"bad-2"}""" });
            case "huge": return new HttpResponseMessage(HttpStatusCode.Created) { Content = new StreamContent(new CutStream(64L * 1024 * 1024 + 1, breakAtEnd: false)) };
            case "truncate":
                // Half a page, then the connection breaks, as the server's abort looks to the client.
                return new HttpResponseMessage(HttpStatusCode.Created) { Content = new StreamContent(new CutStream(600, breakAtEnd: true)) };
            case "reset":
                throw new HttpRequestException("An error occurred while sending the request.", new IOException("Connection reset by peer", new SocketException((int)SocketError.ConnectionReset)));
            case "hang":
                await Task.Delay(Timeout.Infinite, cancellationToken);
                return null;
            case "slow":
                await Task.Delay(arg, cancellationToken);
                return null;
            default: throw new ArgumentException($"No such fault: {fault}");
        }
    }

    private static HttpResponseMessage Error(HttpStatusCode status, string code) => FakeHandler.Json(status, $$"""{"error":"{{code}}"}""");

    private static HttpResponseMessage Cards(IEnumerable<string> cards) => FakeHandler.Json(HttpStatusCode.Created, "[" + string.Join(",", cards) + "]");

    internal sealed class Exchange
    {
        public Exchange(int n, int page, string? fault) => (N, Page, Fault) = (n, page, fault);

        public int N { get; }

        public int Page { get; }

        public string? Fault { get; }

        public bool Aborted { get; set; }
    }

    /// <summary>A body of spaces with no declared length: it ends after the given bytes, or breaks there.</summary>
    private sealed class CutStream : Stream
    {
        private readonly long _length;
        private readonly bool _breakAtEnd;
        private long _position;

        public CutStream(long length, bool breakAtEnd) => (_length, _breakAtEnd) = (length, breakAtEnd);

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _position; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (_position >= _length)
            {
                if (_breakAtEnd) throw new IOException("The response ended prematurely.");
                return 0;
            }

            int read = (int)Math.Min(count, _length - _position);
            buffer.AsSpan(offset, read).Fill((byte)' ');
            if (_position == 0) buffer[offset] = (byte)'[';
            _position += read;
            return read;
        }

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
