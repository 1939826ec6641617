# Transport: TLS (-SkipCertificateCheck, per session only), secrets over plain http (-AllowUnencryptedAuthentication),
# -Proxy / -ProxyCredential, and connections that fail, stall or are cut. A small TCP server written here plays
# the proxy and the misbehaving servers the emulator cannot be.
BeforeAll {
    . $PSScriptRoot/Common.ps1

    if (-not ('Hyper3DTransportTests.TestServer' -as [type])) {
        Add-Type -TypeDefinition @'
using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace Hyper3DTransportTests
{
    public sealed class SeenRequest
    {
        public string RequestLine { get; set; }
        public string Method { get; set; }
        public string Target { get; set; }
        public Dictionary<string, string> Headers { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        public string Body { get; set; }
        public DateTime Received { get; set; }
    }

    /// <summary>
    /// One TCP listener that answers HTTP/1.1 in one of these modes:
    /// proxy (a forward proxy for absolute-form requests, optionally demanding Basic proxy credentials),
    /// stall (headers and a few body bytes, then nothing until the client goes away),
    /// cut (headers and a few body bytes, then a clean close), redirect (307 to RedirectTo),
    /// reply (ReplyStatus with ReplyBody).
    /// </summary>
    public sealed class TestServer : IDisposable
    {
        private readonly TcpListener _listener;
        private readonly CancellationTokenSource _stop = new CancellationTokenSource();

        public TestServer(IPAddress address, string mode)
        {
            Mode = mode;
            _listener = new TcpListener(address, 0);
            _listener.Start();
            Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
            Task.Run(AcceptLoop);
        }

        public string Mode { get; set; }
        public int Port { get; }
        public string RedirectTo { get; set; }
        public string ProxyUser { get; set; }
        public string ProxyPassword { get; set; }
        public int ReplyStatus { get; set; } = 201;
        public string ReplyBody { get; set; } = "[]";
        public ConcurrentQueue<SeenRequest> Requests { get; } = new ConcurrentQueue<SeenRequest>();
        public int Connections;
        public int ClientsGone;
        public int HeadersSent;

        private async Task AcceptLoop()
        {
            while (!_stop.IsCancellationRequested)
            {
                TcpClient client;
                try { client = await _listener.AcceptTcpClientAsync(); }
                catch { return; }
                Interlocked.Increment(ref Connections);
                _ = Task.Run(() => Serve(client));
            }
        }

        private async Task Serve(TcpClient client)
        {
            try
            {
                using (client)
                {
                    NetworkStream stream = client.GetStream();
                    var pending = new List<byte>();
                    while (true)
                    {
                        SeenRequest request = await ReadRequest(stream, pending);
                        if (request == null) { return; }
                        Requests.Enqueue(request);
                        if (!await Respond(client, stream, request)) { return; }
                    }
                }
            }
            catch (Exception) { }
        }

        private static int IndexOfHeadEnd(List<byte> data)
        {
            for (int i = 3; i < data.Count; i++)
            {
                if (data[i - 3] == 13 && data[i - 2] == 10 && data[i - 1] == 13 && data[i] == 10) { return i + 1; }
            }
            return -1;
        }

        private async Task<SeenRequest> ReadRequest(NetworkStream stream, List<byte> pending)
        {
            var chunk = new byte[8192];
            int headEnd;
            while ((headEnd = IndexOfHeadEnd(pending)) < 0)
            {
                int read = await stream.ReadAsync(chunk, 0, chunk.Length, _stop.Token);
                if (read == 0) { return null; }
                for (int i = 0; i < read; i++) { pending.Add(chunk[i]); }
            }

            string head = Encoding.ASCII.GetString(pending.GetRange(0, headEnd).ToArray());
            pending.RemoveRange(0, headEnd);
            string[] lines = head.Split(new[] { "\r\n" }, StringSplitOptions.RemoveEmptyEntries);
            var request = new SeenRequest { RequestLine = lines[0], Received = DateTime.UtcNow };
            string[] parts = lines[0].Split(' ');
            request.Method = parts[0];
            request.Target = parts.Length > 1 ? parts[1] : "";
            for (int i = 1; i < lines.Length; i++)
            {
                int colon = lines[i].IndexOf(':');
                if (colon > 0) { request.Headers[lines[i].Substring(0, colon).Trim()] = lines[i].Substring(colon + 1).Trim(); }
            }

            int length = request.Headers.TryGetValue("Content-Length", out string text) ? int.Parse(text) : 0;
            while (pending.Count < length)
            {
                int read = await stream.ReadAsync(chunk, 0, chunk.Length, _stop.Token);
                if (read == 0) { return null; }
                for (int i = 0; i < read; i++) { pending.Add(chunk[i]); }
            }

            byte[] body = pending.GetRange(0, length).ToArray();
            pending.RemoveRange(0, length);
            request.Body = Encoding.UTF8.GetString(body);
            return request;
        }

        private static Task Write(NetworkStream stream, string text)
        {
            byte[] bytes = Encoding.UTF8.GetBytes(text);
            return stream.WriteAsync(bytes, 0, bytes.Length);
        }

        /// <returns>Whether to read another request on this connection.</returns>
        private async Task<bool> Respond(TcpClient client, NetworkStream stream, SeenRequest request)
        {
            switch (Mode)
            {
                case "stall":
                case "cut":
                    await Write(stream, "HTTP/1.1 201 Created\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n[{\"task_uuid\":\"");
                    await stream.FlushAsync();
                    Interlocked.Increment(ref HeadersSent);
                    if (Mode == "cut")
                    {
                        client.Client.Shutdown(SocketShutdown.Send);
                        await Task.Delay(200);
                        return false;
                    }
                    var buffer = new byte[1024];
                    try
                    {
                        using (var limit = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token))
                        {
                            limit.CancelAfter(TimeSpan.FromSeconds(60));
                            while (await stream.ReadAsync(buffer, 0, buffer.Length, limit.Token) > 0) { }
                        }
                    }
                    catch (Exception) { }
                    Interlocked.Increment(ref ClientsGone);
                    return false;
                case "redirect":
                    await Write(stream, "HTTP/1.1 307 Temporary Redirect\r\nLocation: " + RedirectTo + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
                    return false;
                case "reply":
                    byte[] reply = Encoding.UTF8.GetBytes(ReplyBody);
                    await Write(stream, "HTTP/1.1 " + ReplyStatus + " Answer\r\nContent-Type: application/json\r\nContent-Length: " + reply.Length + "\r\nConnection: close\r\n\r\n");
                    await stream.WriteAsync(reply, 0, reply.Length);
                    return false;
                default:
                    return await Forward(stream, request);
            }
        }

        private async Task<bool> Forward(NetworkStream stream, SeenRequest request)
        {
            if (ProxyUser != null)
            {
                string expected = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(ProxyUser + ":" + ProxyPassword));
                if (!request.Headers.TryGetValue("Proxy-Authorization", out string given) || given != expected)
                {
                    await Write(stream, "HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm=\"test proxy\"\r\nContent-Length: 0\r\n\r\n");
                    return true;
                }
            }

            if (!Uri.TryCreate(request.Target, UriKind.Absolute, out Uri target))
            {
                await Write(stream, "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
                return false;
            }

            using (var upstream = new TcpClient())
            {
                await upstream.ConnectAsync(target.Host, target.Port);
                NetworkStream up = upstream.GetStream();
                var head = new StringBuilder();
                head.Append(request.Method).Append(' ').Append(target.PathAndQuery).Append(" HTTP/1.1\r\n");
                foreach (KeyValuePair<string, string> header in request.Headers)
                {
                    if (header.Key.StartsWith("Proxy-", StringComparison.OrdinalIgnoreCase) || header.Key.Equals("Connection", StringComparison.OrdinalIgnoreCase)
                        || header.Key.Equals("Keep-Alive", StringComparison.OrdinalIgnoreCase))
                    {
                        continue;
                    }
                    head.Append(header.Key).Append(": ").Append(header.Value).Append("\r\n");
                }
                head.Append("Connection: close\r\n\r\n");
                await Write(up, head.ToString());
                await Write(up, request.Body);
                await up.CopyToAsync(stream);
            }
            return false;
        }

        public SeenRequest[] Seen() => Requests.ToArray();

        public void Dispose()
        {
            _stop.Cancel();
            _listener.Stop();
        }
    }
}
'@
    }

    $script:Emulator = Start-Hyper3DEmulator -ArgumentList @('--cards', '120')
    $script:Dataset = Invoke-Hyper3DEmulatorControl -Emulator $Emulator -Action dataset
    $script:RecentUuids = [string[]]@($Dataset.cards | Where-Object { -not $_.is_hidden } | ForEach-Object task_uuid)
    $script:DemoMine = [string[]]@($Dataset.cards | Where-Object { -not $_.is_hidden -and $_._owner_email -eq 'demo@hyper3d.local' } | ForEach-Object task_uuid)
    $script:Https = Start-Hyper3DEmulator -ArgumentList @('--https', '--cards', '120')

    function Get-Requests($Target = $Emulator) { @(Invoke-Hyper3DEmulatorControl -Emulator $Target -Action requests) }
    function Get-ClosedPort {
        $listener = [Net.Sockets.TcpListener]::new([Net.IPAddress]::Loopback, 0)
        $listener.Start()
        $port = $listener.LocalEndpoint.Port
        $listener.Stop()
        $port
    }
    function Assert-Clean($Record) {
        $shown = @($Record.Exception.Message, $Record.ErrorDetails.Message, ($Record | Out-String -Width 400)) -join "`n"
        $shown | Should -Not -Match '(?m)^\s*at [\w.<>`]+\.\w+' -Because 'a .NET stack trace is no message'
    }
    $script:Servers = [System.Collections.Generic.List[object]]::new()
    # Loopback only: tests never send traffic to any other address.
    function New-TestServer([string] $Mode) {
        $server = [Hyper3DTransportTests.TestServer]::new([Net.IPAddress]::Loopback, $Mode)
        $Servers.Add($server)
        $server
    }
}

AfterAll {
    Disconnect-Hyper3D
    foreach ($server in $script:Servers) { $server.Dispose() }
    $script:Emulator | Stop-Hyper3DEmulator
    $script:Https | Stop-Hyper3DEmulator
}

Describe 'TLS' {
    BeforeEach { Reset-TestEmulator $Https }

    It 'an untrusted certificate is TlsFailure/SecurityError naming the problem and -SkipCertificateCheck, at once, with no request' {
        $session = Connect-Hyper3D -BaseUri $Https.BaseUri -RetryIntervalSec 0 -SkipConnectionCheck -PassThru
        $warnings = $null
        $err = $null
        try { Get-Hyper3DGalleryCard -Session $session -ErrorAction Stop -WarningVariable warnings -WarningAction SilentlyContinue } catch { $err = $_ }
        $err | Should -Not -BeNullOrEmpty
        $err.FullyQualifiedErrorId | Should -BeLike 'TlsFailure,Hyper3D.Commands.*'
        $err.CategoryInfo.Category | Should -Be 'SecurityError'
        $err.Exception.Message | Should -Match 'secure connection to 127\.0\.0\.1'
        $err.Exception.Message | Should -Match 'issued by a certificate authority this machine does not trust' -Because 'the message names the TLS problem in plain words'
        $err.Exception.Message | Should -Not -Match 'UntrustedRoot|PartialChain|RemoteCertificate'
        $advice = $err.ErrorDetails.RecommendedAction
        $advice | Should -Match 'SSL_CERT_FILE.*certificate store.*-SkipCertificateCheck' -Because 'trusting the issuing CA comes first, skipping the check last'
        "$($err.TargetObject)" | Should -BeExactly "$($Https.BaseUri)/task/cards"
        Assert-Clean $err
        $warnings | Should -BeNullOrEmpty -Because 'a certificate does not get better by asking again'
        Get-Requests $Https | Should -BeNullOrEmpty -Because 'no HTTP request gets through a failed handshake'
    }

    It 'Connect-Hyper3D -Credential to an untrusted certificate is TlsFailure too, before any password is sent' {
        $err = Invoke-Captured { Connect-Hyper3D -BaseUri $Https.BaseUri -Credential $DemoCredential -ErrorAction Stop }
        $err.FullyQualifiedErrorId | Should -BeLike 'TlsFailure,*'
        $err.CategoryInfo.Category | Should -Be 'SecurityError'
        "$($err.TargetObject)" | Should -BeExactly "$($Https.BaseUri)/user/login"
        Get-Requests $Https | Should -BeNullOrEmpty
    }

    It 'with -SkipCertificateCheck the cards come back, over https' {
        $session = Connect-Hyper3D -BaseUri $Https.BaseUri -SkipCertificateCheck -Credential $DemoCredential -PassThru
        $session.SkipCertificateCheck | Should -BeTrue
        $session.BaseUri.Scheme | Should -BeExactly 'https'
        @(Get-Hyper3DGalleryCard -Session $session -All | ForEach-Object TaskUuid) | Should -Be $RecentUuids
        @(Get-Hyper3DGalleryCard -Session $session -Type Mine -All | ForEach-Object TaskUuid) | Should -Be $DemoMine
        @(Get-Requests $Https | Where-Object path -like '*/user/login').Count | Should -Be 1
    }

    It '-SkipCertificateCheck stays with its session: another session, Invoke-RestMethod and HttpClient still check' {
        $trusting = Connect-Hyper3D -BaseUri $Https.BaseUri -SkipCertificateCheck -SkipConnectionCheck -PassThru
        $checking = Connect-Hyper3D -BaseUri $Https.BaseUri -RetryIntervalSec 0 -SkipConnectionCheck -PassThru
        @(Get-Hyper3DGalleryCard -Session $trusting).Count | Should -BeGreaterThan 0

        $err = Invoke-Captured { Get-Hyper3DGalleryCard -Session $checking -ErrorAction Stop }
        $err.FullyQualifiedErrorId | Should -BeLike 'TlsFailure,*'
        $err = Invoke-Captured { Get-Hyper3DGalleryCard -ErrorAction Stop }
        $err.FullyQualifiedErrorId | Should -BeLike 'TlsFailure,*' -Because 'the current session is the checking one'

        # The process-wide settings are untouched.
        [Net.ServicePointManager]::ServerCertificateValidationCallback | Should -BeNullOrEmpty
        { Invoke-RestMethod -Uri "$($Https.Url)/" -TimeoutSec 10 } | Should -Throw
        $http = [Net.Http.HttpClient]::new()
        try { { $http.GetStringAsync("$($Https.Url)/").GetAwaiter().GetResult() } | Should -Throw -ExpectedMessage '*SSL*' }
        finally { $http.Dispose() }

        # And the trusting session still works after all that.
        @(Get-Hyper3DGalleryCard -Session $trusting).Count | Should -BeGreaterThan 0
    }
}

Describe 'Secrets over plain http' {
    It 'a -Token session to http://hyper3d.invalid/api is refused with UnencryptedAuthentication/SecurityError, at once' {
        $token = ConvertTo-SecureString 'not-a-real-token-but-a-secret' -AsPlainText -Force
        $clock = [Diagnostics.Stopwatch]::StartNew()
        $err = Invoke-Captured { Connect-Hyper3D -BaseUri 'http://hyper3d.invalid/api' -Token $token -ErrorAction Stop }
        $clock.Elapsed.TotalSeconds | Should -BeLessThan 2
        $err.FullyQualifiedErrorId | Should -BeLike 'UnencryptedAuthentication,Hyper3D.Commands.*'
        $err.CategoryInfo.Category | Should -Be 'SecurityError'
        $err.Exception.Message | Should -Match 'hyper3d\.invalid'
        $err.ErrorDetails.RecommendedAction | Should -Match '-AllowUnencryptedAuthentication'
        $err.ErrorDetails.RecommendedAction | Should -Match 'https://'
        Assert-Clean $err
    }

    It '-Credential to http://hyper3d.invalid/api is refused the same way (not a DNS error: no lookup, no request)' {
        $err = Invoke-Captured { Connect-Hyper3D -BaseUri 'http://hyper3d.invalid/api' -Credential $DemoCredential -ErrorAction Stop }
        $err.FullyQualifiedErrorId | Should -BeLike 'UnencryptedAuthentication,*'
        $err.CategoryInfo.Category | Should -Be 'SecurityError'
    }

    It 'with -AllowUnencryptedAuthentication a -Token session to http://hyper3d.invalid/api opens (a token needs no request)' {
        $token = ConvertTo-SecureString 'not-a-real-token-but-a-secret' -AsPlainText -Force
        $session = Connect-Hyper3D -BaseUri 'http://hyper3d.invalid/api' -Token $token -AllowUnencryptedAuthentication -SkipConnectionCheck -PassThru
        $session.Authentication | Should -BeExactly 'Token'
        $session.IsAuthenticated | Should -BeTrue
        $session | Disconnect-Hyper3D
    }

    It 'plain http to this machine (<HostName>) is allowed with -Credential' -TestCases @(
        @{ HostName = '127.0.0.1' }, @{ HostName = 'localhost' }
    ) {
        Reset-TestEmulator $Emulator
        $port = ([uri]$Emulator.BaseUri).Port
        $session = Connect-Hyper3D -BaseUri "http://${HostName}:$port/api" -Credential $DemoCredential -PassThru
        $session.IsAuthenticated | Should -BeTrue
        @(Get-Hyper3DGalleryCard -Session $session -Type Mine -All | ForEach-Object TaskUuid) | Should -Be $DemoMine
        $session | Disconnect-Hyper3D
    }

    # Tests send traffic to loopback only: the hosts redirected to below are never contacted, and a .invalid
    # name can never resolve, so even a client that followed the redirect could not leak anything.
    Context 'Redirects' {
        It 'a login answered with 307 is an error naming the redirect, and the password goes nowhere else' {
            $redirector = New-TestServer 'redirect'
            $redirector.RedirectTo = 'http://hyper3d.invalid/api/user/login'
            $err = Invoke-Captured { Connect-Hyper3D -BaseUri "http://127.0.0.1:$($redirector.Port)/api" -Credential $DemoCredential -ErrorAction Stop }
            @($redirector.Seen()).Count | Should -Be 1 -Because 'a redirected login is neither followed nor retried'
            $err | Should -Not -BeNullOrEmpty -Because 'a redirected login is not a login'
            $err.FullyQualifiedErrorId | Should -BeLike 'InvalidResponse,*'
            $err.Exception.Message | Should -Match '307' -Because 'the error says what came back'
            $err.Exception.Message | Should -Not -Match 'ConnectionFailed|resolve|Name or service'
            Assert-Clean $err
        }

        It 'a page answered with 307 is an error, and the token follows no redirect' {
            $token = 'token-that-must-stay-home-' + [guid]::NewGuid().ToString('n')
            $redirector = New-TestServer 'redirect'
            $redirector.RedirectTo = 'http://hyper3d.invalid/api/task/cards'
            $session = Connect-Hyper3D -BaseUri "http://127.0.0.1:$($redirector.Port)/api" -Token (ConvertTo-SecureString $token -AsPlainText -Force) -RetryIntervalSec 0 -SkipConnectionCheck -PassThru
            $err = Invoke-Captured { Get-Hyper3DGalleryCard -Session $session -ErrorAction Stop }
            @($redirector.Seen()).Count | Should -Be 1
            $redirector.Seen()[0].Headers['Authorization'] | Should -BeExactly "Bearer $token" -Because 'the server asked for gets the token'
            $err.FullyQualifiedErrorId | Should -BeLike 'InvalidResponse,*'
            $err.Exception.Message | Should -Match '307'
            Assert-Clean $err
        }
    }
}

Describe '-Proxy and -ProxyCredential' {
    BeforeEach { Reset-TestEmulator $Emulator }

    It '-Proxy sends every request through the proxy, in absolute form, and the cards come back exactly' {
        $proxy = New-TestServer 'proxy'
        $session = Connect-Hyper3D -BaseUri $Emulator.BaseUri -Proxy "http://127.0.0.1:$($proxy.Port)" -Credential $DemoCredential -PassThru
        @(Get-Hyper3DGalleryCard -Session $session -All -ThrottleLimit 2 | ForEach-Object TaskUuid) | Should -Be $RecentUuids
        $seen = @($proxy.Seen())
        $emulated = Get-Requests
        $seen.Count | Should -Be $emulated.Count -Because 'every request the emulator saw came through the proxy'
        $seen[0].RequestLine | Should -BeExactly "POST $($Emulator.BaseUri)/user/login HTTP/1.1"
        @($seen | Select-Object -Skip 1 | Where-Object { $_.RequestLine -cne "POST $($Emulator.BaseUri)/task/cards HTTP/1.1" }) | Should -BeNullOrEmpty
        $seen[1].Headers['Authorization'] | Should -Match '^Bearer ' -Because 'the session''s token goes with the request, the proxy passes it on'
    }

    It 'without -Proxy the system proxy (HTTP_PROXY) is honoured' {
        $proxy = New-TestServer 'proxy'
        # The session reads the proxy variables when it is made: only the test proxy set, then the old values back.
        # Linux has both cases of each name (environment variables are case-sensitive there).
        $names = 'HTTP_PROXY', 'http_proxy', 'HTTPS_PROXY', 'https_proxy', 'ALL_PROXY', 'all_proxy', 'NO_PROXY', 'no_proxy'
        $saved = foreach ($name in $names) { [pscustomobject]@{ Name = $name; Value = [Environment]::GetEnvironmentVariable($name) } }
        foreach ($name in $names) {
            $value = if ($name -like 'http_proxy') { "http://127.0.0.1:$($proxy.Port)" } else { $null }
            [Environment]::SetEnvironmentVariable($name, $value)
        }
        try {
            Connect-Hyper3D -BaseUri $Emulator.BaseUri
        }
        finally {
            foreach ($variable in $saved) { [Environment]::SetEnvironmentVariable($variable.Name, $variable.Value) }
        }
        @(Get-Hyper3DGalleryCard).Count | Should -Be $Dataset.page_size
        @($proxy.Seen()).Count | Should -Be 2 -Because 'the connection check and the one page went through the system proxy'
        foreach ($seen in $proxy.Seen()) { $seen.RequestLine | Should -BeExactly "POST $($Emulator.BaseUri)/task/cards HTTP/1.1" }
    }

    It '-Proxy stays with its session: another session goes direct' {
        $proxy = New-TestServer 'proxy'
        $viaProxy = Connect-Hyper3D -BaseUri $Emulator.BaseUri -Proxy "http://127.0.0.1:$($proxy.Port)" -SkipConnectionCheck -PassThru
        $direct = Connect-Hyper3D -BaseUri $Emulator.BaseUri -SkipConnectionCheck -PassThru
        Get-Hyper3DGalleryCard -Session $direct | Out-Null
        $proxy.Seen() | Should -BeNullOrEmpty
        Get-Hyper3DGalleryCard -Session $viaProxy | Out-Null
        @($proxy.Seen()).Count | Should -Be 1
    }

    It '-ProxyCredential answers the proxy''s 407 with Basic credentials; the cards come back' {
        $proxy = New-TestServer 'proxy'
        $proxy.ProxyUser = 'proxyuser'
        $proxy.ProxyPassword = 'proxy-secret'
        $credential = [pscredential]::new('proxyuser', (ConvertTo-SecureString 'proxy-secret' -AsPlainText -Force))
        $session = Connect-Hyper3D -BaseUri $Emulator.BaseUri -Proxy "http://127.0.0.1:$($proxy.Port)" -ProxyCredential $credential -SkipConnectionCheck -PassThru
        @(Get-Hyper3DGalleryCard -Session $session -All -ThrottleLimit 1 | ForEach-Object TaskUuid) | Should -Be $RecentUuids
        $authorized = @($proxy.Seen() | Where-Object { $_.Headers.ContainsKey('Proxy-Authorization') })
        $authorized.Count | Should -BeGreaterThan 0
        $authorized[0].Headers['Proxy-Authorization'] | Should -BeExactly ('Basic ' + [Convert]::ToBase64String([Text.Encoding]::UTF8.GetBytes('proxyuser:proxy-secret')))
    }

    It 'a proxy that demands credentials and gets none: one error, not a retry loop, not an unreadable one' {
        $proxy = New-TestServer 'proxy'
        $proxy.ProxyUser = 'proxyuser'
        $proxy.ProxyPassword = 'proxy-secret'
        $session = Connect-Hyper3D -BaseUri $Emulator.BaseUri -Proxy "http://127.0.0.1:$($proxy.Port)" -RetryIntervalSec 0 -SkipConnectionCheck -PassThru
        $err = Invoke-Captured { Get-Hyper3DGalleryCard -Session $session -ErrorAction Stop -WarningAction SilentlyContinue }
        $err | Should -Not -BeNullOrEmpty
        $err.Exception.Message | Should -Match '407'
        Assert-Clean $err
        @($proxy.Seen()).Count | Should -Be 1
        Get-Requests | Should -BeNullOrEmpty
    }

    It 'a proxy that is down: ConnectionFailed after the retries' {
        $port = Get-ClosedPort
        $session = Connect-Hyper3D -BaseUri $Emulator.BaseUri -Proxy "http://127.0.0.1:$port" -RetryIntervalSec 0 -MaximumRetryCount 1 -SkipConnectionCheck -PassThru
        $err = Invoke-Captured { Get-Hyper3DGalleryCard -Session $session -ErrorAction Stop -WarningAction SilentlyContinue }
        $err.FullyQualifiedErrorId | Should -BeLike 'ConnectionFailed,*'
        $err.ErrorDetails.RecommendedAction | Should -Match '-Proxy'
        Get-Requests | Should -BeNullOrEmpty
    }
}

Describe 'Connections that fail, stall or are cut' {
    It 'a closed port is ConnectionFailed/ConnectionError after 1 + -MaximumRetryCount attempts, naming the URL' {
        $port = Get-ClosedPort
        $session = Connect-Hyper3D -BaseUri "http://127.0.0.1:$port/api" -RetryIntervalSec 0 -SkipConnectionCheck -PassThru
        $warnings = $null
        $err = $null
        try { Get-Hyper3DGalleryCard -Session $session -ErrorAction Stop -WarningVariable warnings -WarningAction SilentlyContinue } catch { $err = $_ }
        $err.FullyQualifiedErrorId | Should -BeLike 'ConnectionFailed,Hyper3D.Commands.*'
        $err.CategoryInfo.Category | Should -Be 'ConnectionError'
        $err.Exception.Message | Should -Match ([regex]::Escape("http://127.0.0.1:$port/api/task/cards"))
        $err.Exception.Message | Should -Match 'Could not connect'
        $err.Exception.Message | Should -Match 'Gave up after 4 attempts\.'
        @($warnings).Count | Should -Be 3
        "$($err.TargetObject)" | Should -BeExactly "http://127.0.0.1:$port/api/task/cards"
        Assert-Clean $err
    }

    It 'a closed port on the login is ConnectionFailed too (retried: the login surely never arrived)' {
        $port = Get-ClosedPort
        $warnings = $null
        $err = $null
        try { Connect-Hyper3D -BaseUri "http://127.0.0.1:$port/api" -Credential $DemoCredential -RetryIntervalSec 0 -MaximumRetryCount 2 -ErrorAction Stop -WarningVariable warnings -WarningAction SilentlyContinue } catch { $err = $_ }
        $err.FullyQualifiedErrorId | Should -BeLike 'ConnectionFailed,*'
        $err.Exception.Message | Should -Match 'Gave up after 3 attempts\.'
        @($warnings).Count | Should -Be 2
    }

    It 'the OS or TLS reason in an error ends its sentence before what follows ("refused. Gave up", not "refused Gave up")' {
        $port = Get-ClosedPort
        $session = Connect-Hyper3D -BaseUri "http://127.0.0.1:$port/api" -RetryIntervalSec 0 -MaximumRetryCount 1 -SkipConnectionCheck -PassThru
        $warnings = $null
        $err = $null
        try { Get-Hyper3DGalleryCard -Session $session -ErrorAction Stop -WarningVariable warnings -WarningAction SilentlyContinue } catch { $err = $_ }
        @($warnings).Count | Should -Be 1
        $err.Exception.Message | Should -Match '[.!?] Gave up after 2 attempts\.$'
        "$($warnings[0])" | Should -Match '[.!?] Retrying in 0\.0 s\.$'
        # The TLS reason ends the message; the advice is the Recommendation, said once.
        $tls = Connect-Hyper3D -BaseUri $Https.BaseUri -SkipConnectionCheck -PassThru
        $err = Invoke-Captured { Get-Hyper3DGalleryCard -Session $tls -ErrorAction Stop }
        $err.ErrorDetails.Message | Should -Match '[.!?]$'
        $err.ErrorDetails.Message | Should -Not -Match 'Trust the certificate authority'
        $err.ErrorDetails.RecommendedAction | Should -Match '^Trust the certificate authority'
        ($err | Out-String -Width 400) | Should -Match 'Recommendation: Trust the certificate authority'
    }

    It 'an answer that stalls after its headers is Timeout/OperationTimeout "while reading the answer", and the connection is dropped' {
        $server = New-TestServer 'stall'
        $session = Connect-Hyper3D -BaseUri "http://127.0.0.1:$($server.Port)/api" -TimeoutSec 1 -MaximumRetryCount 0 -SkipConnectionCheck -PassThru
        $clock = [Diagnostics.Stopwatch]::StartNew()
        $err = Invoke-Captured { Get-Hyper3DGalleryCard -Session $session -ErrorAction Stop }
        $clock.Elapsed.TotalSeconds | Should -BeLessThan 3
        $err | Should -Not -BeNullOrEmpty
        $err.FullyQualifiedErrorId | Should -BeLike 'Timeout,Hyper3D.Commands.*'
        $err.CategoryInfo.Category | Should -Be 'OperationTimeout'
        $err.Exception.Message | Should -Match 'timed out after 1 s while reading the answer'
        Assert-Clean $err
        Wait-Until { $server.ClientsGone -ge 1 } -TimeoutSec 5 -Because 'the client to close the connection it gave up on'
        $server.ClientsGone | Should -Be 1
    }

    It 'a stalled answer is retried like a hang: 1 + -MaximumRetryCount attempts, then Timeout' {
        $server = New-TestServer 'stall'
        $session = Connect-Hyper3D -BaseUri "http://127.0.0.1:$($server.Port)/api" -TimeoutSec 1 -MaximumRetryCount 1 -RetryIntervalSec 0 -SkipConnectionCheck -PassThru
        $err = Invoke-Captured { Get-Hyper3DGalleryCard -Session $session -ErrorAction Stop -WarningAction SilentlyContinue }
        $err.FullyQualifiedErrorId | Should -BeLike 'Timeout,*'
        $err.Exception.Message | Should -Match 'Gave up after 2 attempts\.'
        @($server.Seen()).Count | Should -Be 2
    }

    It 'an answer cut short by a clean close is ConnectionFailed "while reading the answer", retried' {
        $server = New-TestServer 'cut'
        $session = Connect-Hyper3D -BaseUri "http://127.0.0.1:$($server.Port)/api" -MaximumRetryCount 1 -RetryIntervalSec 0 -SkipConnectionCheck -PassThru
        $err = Invoke-Captured { Get-Hyper3DGalleryCard -Session $session -ErrorAction Stop -WarningAction SilentlyContinue }
        $err.FullyQualifiedErrorId | Should -BeLike 'ConnectionFailed,*'
        $err.Exception.Message | Should -Match 'while reading the answer'
        @($server.Seen()).Count | Should -Be 2
        Assert-Clean $err
    }

    It 'Ctrl+C while an answer stalls after its headers returns within 1 s' {
        $server = New-TestServer 'stall'
        $listing = Start-BackgroundPipeline "Import-Module '$ModuleManifest'; Connect-Hyper3D -BaseUri 'http://127.0.0.1:$($server.Port)/api' -SkipConnectionCheck; Get-Hyper3DGalleryCard | Out-Null"
        Wait-Until { $server.HeadersSent -ge 1 } -TimeoutSec 15 -Because 'the headers of the stalled answer'
        $stop = Stop-BackgroundPipeline $listing
        $stop.Milliseconds | Should -BeLessThan 1000
        $stop.Completed | Should -BeTrue
        $stop.State | Should -Be 'Stopped'
        Wait-Until { $server.ClientsGone -ge 1 } -TimeoutSec 5 -Because 'the stopped client to close its connection'
        $server.ClientsGone | Should -Be 1
    }
}
