# Behind real infrastructure: Debian's nginx (TLS from a CA made here, http2, limit_req, its own error pages) and
# squid (Basic proxy authentication) on loopback in front of the emulator, with configurations written per run.
# Counts come from the servers' own access logs. The CA is trusted the way Linux users trust an internal CA, through
# SSL_CERT_FILE, which .NET reads once per process: those runs happen in one child pwsh. The suite fails where
# nginx, squid, htpasswd or openssl are missing (.ci/run installs them).
BeforeAll {
    . $PSScriptRoot/Common.ps1

    function Get-FreeTcpPort {
        $listener = [Net.Sockets.TcpListener]::new([Net.IPAddress]::Loopback, 0)
        $listener.Start()
        try { $listener.LocalEndpoint.Port } finally { $listener.Stop() }
    }

    function Find-InfrastructureTool([string] $Name) {
        $command = Get-Command $Name -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1
        if ($command) { return $command.Source }
        foreach ($folder in '/usr/sbin', '/usr/bin', '/usr/lib/squid') {
            $path = Join-Path $folder $Name
            if (Test-Path $path) { return $path }
        }
        throw "$Name is not installed: this suite needs Debian's nginx, squid, apache2-utils and openssl (.ci/run installs them)."
    }

    function Invoke-Tool([string] $Path, [string[]] $Arguments) {
        $output = & $Path @Arguments 2>&1
        if ($LASTEXITCODE -ne 0) { throw "$Path $($Arguments -join ' ') failed ($LASTEXITCODE): $output" }
    }

    # A CA and a server certificate for 127.0.0.1 signed by it, as an on-premises PKI issues them.
    function New-TestPki([string] $Folder) {
        $openssl = Find-InfrastructureTool openssl
        $ca = Join-Path $Folder 'ca.crt'; $caKey = Join-Path $Folder 'ca.key'
        $cert = Join-Path $Folder 'server.crt'; $key = Join-Path $Folder 'server.key'
        $csr = Join-Path $Folder 'server.csr'; $ext = Join-Path $Folder 'server.ext'
        Set-Content -Path $ext -Value "basicConstraints=CA:FALSE`nkeyUsage=digitalSignature`nextendedKeyUsage=serverAuth`nsubjectAltName=IP:127.0.0.1,DNS:localhost"
        Invoke-Tool $openssl @('req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', $caKey, '-out', $ca,
            '-days', '2', '-subj', '/CN=Hyper3D Test Root CA', '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign')
        Invoke-Tool $openssl @('req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', $key, '-out', $csr, '-subj', '/CN=127.0.0.1')
        Invoke-Tool $openssl @('x509', '-req', '-in', $csr, '-CA', $ca, '-CAkey', $caKey, '-CAcreateserial', '-out', $cert, '-days', '2', '-extfile', $ext)
        [pscustomobject]@{ CaFile = $ca; Certificate = $cert; Key = $key }
    }

    function Start-InfrastructureProcess([string] $Path, [string[]] $Arguments, [string] $LogPath, [int] $Port) {
        $psi = [Diagnostics.ProcessStartInfo]::new($Path)
        foreach ($argument in $Arguments) { $psi.ArgumentList.Add($argument) }
        $psi.UseShellExecute = $false
        $psi.RedirectStandardOutput = $true
        $psi.RedirectStandardError = $true
        $process = [Diagnostics.Process]::Start($psi)
        $null = $process.StandardOutput.BaseStream.CopyToAsync([IO.Stream]::Null)
        $null = $process.StandardError.BaseStream.CopyToAsync([IO.Stream]::Null)
        try {
            Wait-Until -TimeoutSec 20 -Because "$Path to listen on 127.0.0.1:$Port (see $LogPath)" -Condition {
                if ($process.HasExited) { throw "$Path exited with code $($process.ExitCode): $(Get-Content -Raw -ErrorAction SilentlyContinue $LogPath)" }
                $client = [Net.Sockets.TcpClient]::new()
                try { $client.Connect([Net.IPAddress]::Loopback, $Port); $true } catch { $false } finally { $client.Dispose() }
            }
        }
        catch { $process.Kill($true); throw }
        $process
    }

    # nginx in front of the emulator, as on-premises servers run it: TLS from the test CA with http2, the API under /api/
    # (with the media URLs in its answers rewritten to nginx's own address) and the media under /media/, and beside them
    # what such a server answers elsewhere: limit_req with 429 and with its default 503, its 502 and 504 pages, a web
    # site's HTML root, a JSON 404 as Node frameworks answer unknown routes, and a static server's 501.
    function Start-TestNginx([string] $Folder, $Pki, [string] $EmulatorUrl) {
        $nginx = Find-InfrastructureTool nginx
        $port = Get-FreeTcpPort
        $temp = Join-Path $Folder 'temp'
        New-Item -ItemType Directory -Path $temp | Out-Null
        $emulatorHost = ([uri]$EmulatorUrl).Authority
        $origin = "https://127.0.0.1:$port"
        $api = @"
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Accept-Encoding "";
            sub_filter_types application/json;
            sub_filter '$EmulatorUrl/media/' '$origin/media/';
            sub_filter_once off;
"@
        $config = @"
worker_processes 1;
daemon off;
pid $Folder/nginx.pid;
error_log $Folder/nginx-error.log warn;
events { worker_connections 512; }
http {
    log_format lines '`$status `$server_protocol `$request_method `$request_uri';
    access_log $Folder/nginx-access.log lines;
    client_body_temp_path $temp/body;
    proxy_temp_path $temp/proxy;
    fastcgi_temp_path $temp/fastcgi;
    uwsgi_temp_path $temp/uwsgi;
    scgi_temp_path $temp/scgi;
    proxy_max_temp_file_size 0;
    limit_req_zone `$binary_remote_addr zone=with429:1m rate=10r/s;
    limit_req_zone `$binary_remote_addr zone=with503:1m rate=10r/s;
    upstream emulator { server $emulatorHost; keepalive 16; }
    server {
        listen 127.0.0.1:$port ssl http2;
        ssl_certificate $($Pki.Certificate);
        ssl_certificate_key $($Pki.Key);
        location /api/ {
            proxy_pass http://emulator;
$api
        }
        location /media/ { proxy_pass http://emulator; proxy_http_version 1.1; proxy_set_header Connection ""; }
        location /limit429/api/ {
            limit_req zone=with429 burst=5 nodelay;
            limit_req_status 429;
            proxy_pass http://emulator/api/;
$api
        }
        location /limit503/api/ {
            limit_req zone=with503 burst=5 nodelay;
            proxy_pass http://emulator/api/;
$api
        }
        location /bad-gateway/ { return 502; }
        location /gateway-timeout/ { return 504; }
        location /site/ { default_type text/html; return 200 '<!DOCTYPE html><html><head><title>Hyper3D</title></head><body><h1>Welcome</h1></body></html>'; }
        location /node/ { default_type application/json; return 404 '{"error":"Not Found"}'; }
        location /static/ { return 501; }
    }
}
"@
        $configPath = Join-Path $Folder 'nginx.conf'
        Set-Content -Path $configPath -Value $config
        $process = Start-InfrastructureProcess $nginx @('-p', $Folder, '-c', $configPath) (Join-Path $Folder 'nginx-error.log') $port
        [pscustomobject]@{ Process = $process; Port = $port; Origin = $origin; AccessLog = Join-Path $Folder 'nginx-access.log' }
    }

    # squid as a forward proxy that demands Basic credentials (basic_ncsa_auth over an htpasswd file), logging each
    # request's status, method, URL and user.
    function Start-TestSquid([string] $Folder, [string] $User, [string] $Password) {
        $squid = Find-InfrastructureTool squid
        $htpasswd = Find-InfrastructureTool htpasswd
        $helper = Find-InfrastructureTool basic_ncsa_auth
        $port = Get-FreeTcpPort
        New-Item -ItemType Directory -Path $Folder | Out-Null
        $passwords = Join-Path $Folder 'htpasswd'
        Invoke-Tool $htpasswd @('-b', '-c', '-m', $passwords, $User, $Password)
        # squid started as root runs as its own user (proxy), which must write its logs here.
        if ([Environment]::UserName -eq 'root') { & chmod 0777 $Folder; & chmod 0644 $passwords }
        $config = @"
http_port 127.0.0.1:$port
pid_filename $Folder/squid.pid
cache_log $Folder/cache.log
logformat lines %>Hs %rm %ru %un
access_log stdio:$Folder/access.log lines
cache deny all
cache_mem 8 MB
coredump_dir $Folder
netdb_filename none
visible_hostname hyper3d-test-proxy
shutdown_lifetime 0 seconds
auth_param basic program $helper $passwords
auth_param basic realm hyper3d-test-proxy
auth_param basic children 2 startup=1
acl authenticated proxy_auth REQUIRED
http_access allow authenticated
http_access deny all
"@
        $configPath = Join-Path $Folder 'squid.conf'
        Set-Content -Path $configPath -Value $config
        $process = Start-InfrastructureProcess $squid @('-N', '-f', $configPath) (Join-Path $Folder 'cache.log') $port
        [pscustomobject]@{ Process = $process; Port = $port; AccessLog = Join-Path $Folder 'access.log' }
    }

    function Stop-InfrastructureProcess($Server) {
        if ($Server -and $Server.Process -and -not $Server.Process.HasExited) {
            $Server.Process.Kill($true)
            $Server.Process.WaitForExit(10000) | Out-Null
        }
    }

    # The proxy variables this process had are put back in AfterAll; the tests here set and clear their own.
    # Both spellings: environment names are case-sensitive on Linux.
    $script:ProxyVariables = [Collections.Generic.Dictionary[string, string]]::new([StringComparer]::Ordinal)
    foreach ($name in 'HTTPS_PROXY', 'HTTP_PROXY', 'ALL_PROXY', 'NO_PROXY' | ForEach-Object { $_, $_.ToLowerInvariant() }) {
        $script:ProxyVariables[$name] = [Environment]::GetEnvironmentVariable($name)
        [Environment]::SetEnvironmentVariable($name, [NullString]::Value)
    }

    $script:Work = Join-Path ([IO.Path]::GetTempPath()) ('hyper3d-infrastructure-' + [guid]::NewGuid().ToString('n'))
    New-Item -ItemType Directory -Path $Work | Out-Null
    $script:ProxyUser = 'proxyuser'
    $script:ProxyPassword = 'Sq!d p@ss:w0rd%'
    $script:ProxyUserInfo = "${ProxyUser}:$([uri]::EscapeDataString($ProxyPassword))"
    # Every form the password could be shown in: as typed, as written in a URI, as the Basic header carries it.
    $script:ProxySecrets = @($ProxyPassword, [uri]::EscapeDataString($ProxyPassword), [Convert]::ToBase64String([Text.Encoding]::UTF8.GetBytes("${ProxyUser}:$ProxyPassword")))

    $script:Emulator = Start-Hyper3DEmulator -ArgumentList @('--cards', '120', '--page-size', '10')
    $script:Pki = New-TestPki $Work
    $script:Nginx = Start-TestNginx $Work $Pki $Emulator.Url
    $script:Squid = Start-TestSquid (Join-Path $Work 'squid') $ProxyUser $ProxyPassword
    $script:Origin = $Nginx.Origin
    $script:ExpectedUuids = @((Invoke-RestMethod "$($Emulator.Url)/_emulator/dataset").cards | Where-Object { -not $_.is_hidden } | ForEach-Object task_uuid)
    $ExpectedUuids.Count | Should -BeGreaterThan 100

    # The bytes the emulator serves for a file Save-Hyper3DCardMedia wrote (<uuid>-image.png, <uuid>-video.mp4).
    function Assert-SameBytesAsEmulator([IO.FileInfo[]] $Files) {
        $Files.Count | Should -BeGreaterThan 0
        foreach ($file in $Files) {
            $file.Name -match '^(?<uuid>[0-9a-f-]{36})-(?<kind>image|video)\.' | Should -BeTrue
            $name = if ($Matches.kind -eq 'image') { 'preview.png' } else { 'turntable.mp4' }
            $expected = (Invoke-WebRequest "$($Emulator.Url)/media/$($Matches.uuid)/$name").RawContentStream.ToArray()
            $actual = [IO.File]::ReadAllBytes($file.FullName)
            $actual.Length | Should -Be $expected.Length -Because "$($file.Name) is whole"
            [Convert]::ToBase64String([Security.Cryptography.SHA256]::HashData($actual)) | Should -Be ([Convert]::ToBase64String([Security.Cryptography.SHA256]::HashData($expected)))
        }
    }

    # squid logs a request once it has answered it, a moment after the client has read the answer.
    function Wait-SquidLog([int] $Mark, [string] $Like, [int] $Count) {
        Wait-Until -TimeoutSec 5 -Because "squid to log $Count lines like '$Like'" { @(Get-LogSince $Squid.AccessLog $Mark | Where-Object { $_ -like $Like }).Count -ge $Count }
        Get-LogSince $Squid.AccessLog $Mark | Where-Object { $_ -like $Like }
    }

    function Assert-NoProxySecret([string] $Text, [string] $Where) { Assert-NoSecret -Text $Text -Secret $ProxySecrets -Where $Where }

    # The runs that trust the test CA: one child pwsh with SSL_CERT_FILE naming it and no proxy in its environment.
    # Each step records its cards (their TaskUuids, which the host renders faster than cards), errors, warnings, all
    # the text of its six streams, $Error and the session's Format-List * -Force, and what nginx and squid logged.
    $childScript = Join-Path $Work 'trusted.ps1'
    Set-Content -Path $childScript -Value @'
param([string] $ParametersPath, [string] $ResultsPath)
$ErrorActionPreference = 'Continue'
$p = Get-Content -Raw $ParametersPath | ConvertFrom-Json
. $p.Common
$results = [ordered]@{}
# A terminating error comes twice, caught and from $Error.
function Get-DistinctError([object[]] $Records) {
    $seen = @{}
    foreach ($record in $Records) {
        if ($record -isnot [Management.Automation.ErrorRecord]) { continue }
        $key = "$($record.FullyQualifiedErrorId)|$($record.Exception.Message)"
        if ($seen.ContainsKey($key)) { continue }
        $seen[$key] = $true
        [ordered]@{ Id = $record.FullyQualifiedErrorId; Message = $record.Exception.Message; Advice = $record.ErrorDetails.RecommendedAction }
    }
}
function Step([string] $Name, [scriptblock] $Body, [string] $AwaitSquid) {
    $marks = @{ Nginx = Get-LogMark $p.NginxLog; Squid = Get-LogMark $p.SquidLog }
    $records = Invoke-AllStreams $Body
    # squid writes a line when the connection closes, which may be after the command has returned: waited for here,
    # it counts in this step and not in the next.
    if ($AwaitSquid) {
        Wait-Until -TimeoutSec 10 -Because "squid to log '$AwaitSquid'" { @(Get-LogSince $p.SquidLog $marks.Squid | Where-Object { $_ -like $AwaitSquid }).Count -ge 1 }
    }
    $connection = Get-Hyper3DConnection
    $results[$Name] = [ordered]@{
        Cards    = @($records | Where-Object { $_ -is [string] })
        Files    = @($records | Where-Object { $_ -is [IO.FileInfo] } | ForEach-Object FullName)
        Errors   = @(Get-DistinctError $records)
        Warnings = @($records | Where-Object { $_ -is [Management.Automation.WarningRecord] } | ForEach-Object Message)
        Proxy    = "$($connection.Proxy)"
        Text     = (ConvertTo-AllText $records) + ($connection | Format-List * -Force | Out-String -Width 4096)
        Nginx    = @(Get-LogSince $p.NginxLog $marks.Nginx)
        Squid    = @(Get-LogSince $p.SquidLog $marks.Squid)
    }
}
$DebugPreference = 'Continue'
$o = $p.Origin
$common = @{ Verbose = $true; RetryIntervalSec = 0 }
Step all { Connect-Hyper3D -BaseUri "$o/api" @common; Get-Hyper3DGalleryCard -All -Verbose | ForEach-Object TaskUuid }
Step media { Get-Hyper3DGalleryCard -Verbose | Save-Hyper3DCardMedia -Path (Join-Path $p.Work 'media-nginx') -PassThru -Verbose }
Step site { Connect-Hyper3D -BaseUri "$o/site" @common }
Step node { Connect-Hyper3D -BaseUri "$o/node" @common }
Step static { Connect-Hyper3D -BaseUri "$o/static" @common }
Step limit429 { Connect-Hyper3D -BaseUri "$o/limit429/api" -MaximumRetryCount 10 -SkipConnectionCheck @common; Get-Hyper3DGalleryCard -All -Verbose | ForEach-Object TaskUuid }
Step limit503 { Connect-Hyper3D -BaseUri "$o/limit503/api" -MaximumRetryCount 10 -SkipConnectionCheck @common; Get-Hyper3DGalleryCard -All -Verbose | ForEach-Object TaskUuid }
Step badgateway { Connect-Hyper3D -BaseUri "$o/bad-gateway/api" -MaximumRetryCount 1 -SkipConnectionCheck @common; Get-Hyper3DGalleryCard -Verbose }
Step gatewaytimeout { Connect-Hyper3D -BaseUri "$o/gateway-timeout/api" -MaximumRetryCount 1 -SkipConnectionCheck @common; Get-Hyper3DGalleryCard -Verbose }
$env:HTTPS_PROXY = "http://$($p.ProxyUserInfo)@127.0.0.1:$($p.SquidPort)"
Step squidenv { Connect-Hyper3D -BaseUri "$o/api" @common; Get-Hyper3DGalleryCard -All -Verbose | ForEach-Object TaskUuid }
# squid logs a tunnel when it closes: the session is closed, and the log waited for.
Step squidmedia {
    Get-Hyper3DGalleryCard -Page 1 -Verbose | Save-Hyper3DCardMedia -Path (Join-Path $p.Work 'media-squid') -PassThru -Verbose
    Disconnect-Hyper3D
    Wait-Until -TimeoutSec 10 -Because 'squid to log the closed tunnels' { Get-Content $p.SquidLog | Where-Object { $_ -like '200 CONNECT *' } }
}
Step squiddown { Connect-Hyper3D -BaseUri "https://127.0.0.1:$($p.ClosedPort)/api" -MaximumRetryCount 1 @common }
$env:HTTPS_PROXY = "http://$($p.ProxyUser):wrong-password@127.0.0.1:$($p.SquidPort)"
Step squidenvwrong { Connect-Hyper3D -BaseUri "$o/api" @common } -AwaitSquid "407 CONNECT * $($p.ProxyUser)"
$env:HTTPS_PROXY = $null
# In a variable: an error's InvocationInfo quotes the script line, which is the user's own text.
$wrongProxy = "http://$($p.ProxyUser):wrong-password@127.0.0.1:$($p.SquidPort)"
Step squidwrong { Connect-Hyper3D -BaseUri "$o/api" -Proxy $wrongProxy @common } -AwaitSquid "407 CONNECT * $($p.ProxyUser)"
$results | ConvertTo-Json -Depth 6 | Set-Content -Path $ResultsPath
'@
    $parameters = Join-Path $Work 'trusted.json'
    $results = Join-Path $Work 'trusted-results.json'
    @{
        Common = (Join-Path $PSScriptRoot 'Common.ps1'); Work = $Work; Origin = $Origin; NginxLog = $Nginx.AccessLog; SquidLog = $Squid.AccessLog
        SquidPort = $Squid.Port; ProxyUser = $ProxyUser; ProxyUserInfo = $ProxyUserInfo; ClosedPort = (Get-FreeTcpPort)
    } | ConvertTo-Json | Set-Content -Path $parameters
    . $PSScriptRoot/ChildPwsh.ps1
    $environment = [Collections.Generic.Dictionary[string, object]]::new([StringComparer]::Ordinal)
    $environment['SSL_CERT_FILE'] = $Pki.CaFile
    $environment['SSL_CERT_DIR'] = $null
    foreach ($name in $ProxyVariables.Keys) { $environment[$name] = $null }
    $script:Child = Invoke-ChildPwsh -ScriptPath $childScript -ArgumentList @($parameters, $results) -TimeoutSec 120 -Environment $environment
    if (-not (Test-Path $results)) { throw "The trusted-CA runs wrote no results (exit $($Child.ExitCode)): $($Child.StdErr)" }
    $script:Trusted = Get-Content -Raw $results | ConvertFrom-Json -AsHashtable
}

AfterAll {
    foreach ($name in $ProxyVariables.Keys) { [Environment]::SetEnvironmentVariable($name, $ProxyVariables[$name]) }
    Stop-InfrastructureProcess $Nginx
    Stop-InfrastructureProcess $Squid
    if ($Emulator) { Stop-Hyper3DEmulator $Emulator }
    if ($Work) { Remove-Item -Recurse -Force -ErrorAction SilentlyContinue $Work }
}

Describe 'nginx with TLS from a private CA, trusted through SSL_CERT_FILE' {
    It 'lists every card through it, each once and in order' {
        $Trusted.all.Errors | Should -HaveCount 0
        $Trusted.all.Cards | Should -Be $ExpectedUuids
    }

    It 'speaks HTTP/2 to it (nginx logs the protocol of every request)' {
        $lines = @($Trusted.all.Nginx | Where-Object { $_ -like '* POST /api/task/cards' })
        $lines.Count | Should -BeGreaterOrEqual ([math]::Ceiling($ExpectedUuids.Count / 10))
        $lines | Where-Object { $_ -notlike '201 HTTP/2.0 *' } | Should -BeNullOrEmpty
    }

    It 'saves the media through it, over HTTP/2, with the bytes the emulator serves' {
        $Trusted.media.Errors | Should -HaveCount 0
        $files = @($Trusted.media.Files | ForEach-Object { Get-Item $_ })
        $files.Count | Should -BeGreaterOrEqual 5
        Assert-SameBytesAsEmulator $files
        $gets = @($Trusted.media.Nginx | Where-Object { $_ -like '* GET /media/*' })
        $gets.Count | Should -Be $files.Count
        $gets | Where-Object { $_ -notlike '200 HTTP/2.0 *' } | Should -BeNullOrEmpty
    }

    It 'throttled by limit_req with status <Status>, paces itself and lists every card' -TestCases @(
        @{ Step = 'limit429'; Status = 429 }
        @{ Step = 'limit503'; Status = 503 }
    ) {
        $result = $Trusted[$Step]
        $result.Errors | Should -HaveCount 0
        $result.Cards | Should -Be $ExpectedUuids
        $lines = @($result.Nginx | Where-Object { $_ -like "* /$Step/api/task/cards" })
        $throttled = @($lines | Where-Object { $_ -like "$Status *" }).Count
        $throttled | Should -BeGreaterThan 0 -Because 'the limit must have been met for this to prove anything'
        ($throttled / $lines.Count) | Should -BeLessThan 0.5
    }

    It 'retries nginx''s <Status> page once, then says the server is failing' -TestCases @(
        @{ Step = 'badgateway'; Status = 502 }
        @{ Step = 'gatewaytimeout'; Status = 504 }
    ) {
        $result = $Trusted[$Step]
        $result.Errors | Should -HaveCount 1
        $result.Errors[0].Id | Should -BeLike 'ServiceUnavailable,*'
        $result.Errors[0].Message | Should -Match "$Status"
        $result.Warnings | Should -HaveCount 1
        @($result.Nginx | Where-Object { $_ -like "$Status *" }).Count | Should -Be 2
    }

    It 'refuses a base URI that is <What> as BaseUriNotApi' -TestCases @(
        @{ Step = 'site'; What = 'a web site''s HTML root' }
        @{ Step = 'node'; What = 'a JSON 404 ({"error":"Not Found"}, as Node, NestJS and Fastify answer)' }
        @{ Step = 'static'; What = 'a static server''s 501' }
    ) {
        $result = $Trusted[$Step]
        $result.Errors | Should -HaveCount 1
        $result.Errors[0].Id | Should -BeLike 'BaseUriNotApi,*'
        $result.Errors[0].Advice | Should -Match '/api'
    }
}

Describe 'nginx with TLS from a CA this process does not trust' {
    It 'fails with TlsFailure in plain words, advising to trust the CA before -SkipCertificateCheck' {
        $err = $null
        try { Connect-Hyper3D -BaseUri "$Origin/api" -MaximumRetryCount 0; throw 'Connect-Hyper3D did not fail.' } catch { $err = $_ }
        $err.FullyQualifiedErrorId | Should -BeLike 'TlsFailure,*'
        $err.Exception.Message | Should -Match 'trust'
        $err.Exception.Message | Should -Not -Match 'PartialChain|UntrustedRoot|RemoteCertificate'
        $advice = $err.ErrorDetails.RecommendedAction
        $advice | Should -Match 'SSL_CERT_FILE'
        $advice.IndexOf('SSL_CERT_FILE') | Should -BeLessThan $advice.IndexOf('-SkipCertificateCheck')
    }

    It 'with -SkipCertificateCheck lists every card' {
        $session = Connect-Hyper3D -BaseUri "$Origin/api" -SkipCertificateCheck -PassThru
        @(Get-Hyper3DGalleryCard -Session $session -All).TaskUuid | Should -Be $ExpectedUuids
    }
}

Describe 'squid with Basic authentication, the credentials in HTTPS_PROXY' {
    It 'tunnels -All to nginx with the user in the proxy URI, and the session shows the proxy without them' {
        $Trusted.squidenv.Errors | Should -HaveCount 0
        $Trusted.squidenv.Cards | Should -Be $ExpectedUuids
        $Trusted.squidenv.Proxy | Should -Be "http://127.0.0.1:$($Squid.Port)/"
        @($Trusted.squidenv.Nginx | Where-Object { $_ -like '201 HTTP/2.0 POST /api/task/cards' }).Count | Should -BeGreaterOrEqual ([math]::Ceiling($ExpectedUuids.Count / 10))
    }

    It 'tunnels the media too, with the bytes the emulator serves, as that user' {
        $Trusted.squidmedia.Errors | Should -HaveCount 0
        $files = @($Trusted.squidmedia.Files | ForEach-Object { Get-Item $_ })
        Assert-SameBytesAsEmulator $files
        @($Trusted.squidmedia.Nginx | Where-Object { $_ -like '200 HTTP/2.0 GET /media/*' }).Count | Should -Be $files.Count
        @($Trusted.squidmedia.Squid | Where-Object { $_ -like "200 CONNECT 127.0.0.1:$($Nginx.Port) $ProxyUser" }).Count | Should -BeGreaterThan 0
    }

    It 'never shows the proxy password, when it works or when the server behind the proxy is down (<Step>)' -TestCases @(
        @{ Step = 'squidenv' }, @{ Step = 'squidmedia' }, @{ Step = 'squiddown' }
    ) {
        Assert-NoProxySecret $Trusted[$Step].Text "the streams, `$Error and the session of step $Step"
    }

    It 'reports the server behind the proxy being down after a retry, without the password' {
        $Trusted.squiddown.Errors | Should -HaveCount 1
        $Trusted.squiddown.Warnings | Should -HaveCount 1
        @($Trusted.squiddown.Squid | Where-Object { $_ -like "503 CONNECT * $ProxyUser" }).Count | Should -Be 2
    }

    It 'a wrong password is <Source>: ProxyAuthenticationRequired, one attempt, advice naming <Advice>' -TestCases @(
        @{ Step = 'squidenvwrong'; Source = 'in HTTPS_PROXY'; Advice = 'HTTPS_PROXY' }
        @{ Step = 'squidwrong'; Source = 'in -Proxy'; Advice = '-ProxyCredential' }
    ) {
        $result = $Trusted[$Step]
        $result.Errors | Should -HaveCount 1
        $result.Errors[0].Id | Should -BeLike 'ProxyAuthenticationRequired,*'
        $result.Errors[0].Advice | Should -Match ([regex]::Escape($Advice))
        $result.Warnings | Should -HaveCount 0
        @($result.Squid | Where-Object { $_ -like "407 CONNECT * $ProxyUser" }).Count | Should -Be 1 -Because 'one wrong password per command cannot lock an account'
        $result.Text | Should -Not -Match 'wrong-password'
    }
}

Describe 'squid with Basic authentication, plain http' {
    BeforeEach {
        Reset-TestEmulator $Emulator
        $script:Mark = Get-LogMark $Squid.AccessLog
    }

    AfterEach {
        foreach ($name in $ProxyVariables.Keys) { [Environment]::SetEnvironmentVariable($name, [NullString]::Value) }
    }

    It '-Proxy with the credentials in its URI: every page and file through squid as that user, the password nowhere' {
        $folder = Join-Path $Work 'media-plain'
        $records = Invoke-AllStreams {
            $session = Connect-Hyper3D -BaseUri $Emulator.BaseUri -Proxy "http://$ProxyUserInfo@127.0.0.1:$($Squid.Port)" -PassThru -Verbose -Debug
            # One page at a time: a page fetched ahead and cancelled at the end would be in the emulator's log but not
            # in squid's as answered, and the count below is of every page.
            $cards = @(Get-Hyper3DGalleryCard -Session $session -All -ThrottleLimit 1 -Verbose -Debug)
            $cards.TaskUuid
            $cards | Select-Object -First 10 | Save-Hyper3DCardMedia -Session $session -Path $folder -PassThru -Verbose -Debug
            $session
            Get-Hyper3DConnection
        }
        @($records | Where-Object { $_ -is [string] }) | Should -Be $ExpectedUuids
        $files = @($records | Where-Object { $_ -is [IO.FileInfo] })
        Assert-SameBytesAsEmulator $files
        $pages = @(Invoke-Hyper3DEmulatorControl -Emulator $Emulator -Action requests | Where-Object path -like '*/task/cards').Count
        Wait-SquidLog $Mark "201 POST $($Emulator.BaseUri)/task/cards $ProxyUser" $pages | Should -HaveCount $pages
        Wait-SquidLog $Mark "200 GET $($Emulator.Url)/media/* $ProxyUser" $files.Count | Should -HaveCount $files.Count
        (Get-Hyper3DConnection).Proxy | Should -Be "http://127.0.0.1:$($Squid.Port)/"
        Assert-NoProxySecret (ConvertTo-AllText $records) 'every stream, $Error and the session''s displays'
    }

    It 'HTTP_PROXY is read when each session is made, not once per process' {
        $env:HTTP_PROXY = "http://$ProxyUserInfo@127.0.0.1:$($Squid.Port)"
        $viaProxy = Connect-Hyper3D -BaseUri $Emulator.BaseUri -PassThru
        Remove-Item env:HTTP_PROXY
        $direct = Connect-Hyper3D -BaseUri $Emulator.BaseUri -PassThru

        @(Get-Hyper3DGalleryCard -Session $direct).Count | Should -Be 10
        @(Get-Hyper3DGalleryCard -Session $viaProxy).Count | Should -Be 10
        @(Invoke-Hyper3DEmulatorControl -Emulator $Emulator -Action requests | Where-Object path -like '*/task/cards') | Should -HaveCount 4
        Wait-SquidLog $Mark "201 POST * $ProxyUser" 2 | Should -HaveCount 2 -Because 'the check and the page of the session made with the variable, and nothing of the other'
        $viaProxy.Proxy | Should -Be "http://127.0.0.1:$($Squid.Port)/"
        $direct.Proxy | Should -BeNullOrEmpty
    }

    It 'NO_PROXY sends a matching host direct' {
        $env:HTTP_PROXY = "http://$ProxyUserInfo@127.0.0.1:$($Squid.Port)"
        $env:NO_PROXY = 'localhost,127.0.0.1'
        $session = Connect-Hyper3D -BaseUri $Emulator.BaseUri -PassThru
        @(Get-Hyper3DGalleryCard -Session $session).Count | Should -Be 10
        Get-LogSince $Squid.AccessLog $Mark | Should -BeNullOrEmpty
        $session.Proxy | Should -BeNullOrEmpty
    }

    It 'a wrong password is ProxyAuthenticationRequired, one attempt, advice naming -ProxyCredential' {
        $err = $null
        try { Connect-Hyper3D -BaseUri $Emulator.BaseUri -Proxy "http://${ProxyUser}:wrong-password@127.0.0.1:$($Squid.Port)" -RetryIntervalSec 0 -WarningVariable warnings; throw 'Connect-Hyper3D did not fail.' }
        catch { $err = $_ }
        $err.FullyQualifiedErrorId | Should -BeLike 'ProxyAuthenticationRequired,*'
        $err.ErrorDetails.RecommendedAction | Should -Match '-ProxyCredential'
        $warnings | Should -HaveCount 0
        Wait-SquidLog $Mark "407 POST * $ProxyUser" 1 | Should -HaveCount 1
    }
}
