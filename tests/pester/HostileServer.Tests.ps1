# Save-Hyper3DCardMedia against a small hostile media server written here: it answers each connection with the next
# canned bytes, as a broken proxy or CDN would (no length and a cut connection, a 206 of another version, a type
# that would run), then closes. The emulator cannot send these: Kestrel always frames a body.
BeforeAll {
    . $PSScriptRoot/Common.ps1
    $script:Emulator = Start-Hyper3DEmulator -ArgumentList @('--cards', '2', '--page-size', '2')

    # Answers connection n with $Responses[n-1] (bytes), then closes it; what each request said is in .Requests.
    function Start-HostileServer([System.Collections.Generic.List[byte[]]] $Responses) {
        $listener = [Net.Sockets.TcpListener]::new([Net.IPAddress]::Loopback, 0)
        $listener.Start()
        $requests = [Collections.Concurrent.ConcurrentQueue[string]]::new()
        $job = Start-ThreadJob -ArgumentList $listener, $Responses, $requests -ScriptBlock {
            param($listener, $responses, $requests)
            foreach ($response in $responses) {
                $client = $listener.AcceptTcpClient()
                try {
                    $stream = $client.GetStream()
                    $head = [IO.MemoryStream]::new()
                    while (-not ($head.Length -ge 4 -and [Text.Encoding]::ASCII.GetString($head.ToArray(), [int]$head.Length - 4, 4) -eq "`r`n`r`n")) {
                        $b = $stream.ReadByte()
                        if ($b -lt 0) { break }
                        $head.WriteByte([byte]$b)
                    }
                    $requests.Enqueue([Text.Encoding]::ASCII.GetString($head.ToArray()))
                    $stream.Write($response, 0, $response.Length)
                    $stream.Flush()
                    $client.Client.Shutdown([Net.Sockets.SocketShutdown]::Send)
                }
                finally { $client.Close() }
            }
        }
        [pscustomobject]@{ Listener = $listener; Job = $job; Requests = $requests; Uri = "http://127.0.0.1:$($listener.LocalEndpoint.Port)" }
    }
    function Stop-HostileServer($Server) {
        $Server.Listener.Stop()
        Stop-Job $Server.Job
        Remove-Job $Server.Job -Force
    }
    function New-Answer([string] $Head, [byte] $Fill, [int] $Count) {
        $bytes = [Text.Encoding]::ASCII.GetBytes($Head.Replace("`n", "`r`n") + "`r`n")
        [byte[]]($bytes + [byte[]]::new($Count).ForEach({ $Fill }))
    }
    function New-Folder { Join-Path $TestDrive ([guid]::NewGuid().ToString('n')) }
    function New-Card([string] $Uuid, [string] $ImageUrl) { [Hyper3D.Model.GalleryCard]@{ TaskUuid = $Uuid; Title = $Uuid; ImageUrl = $ImageUrl } }
}

AfterAll {
    if ($script:Emulator) { Stop-Hyper3DEmulator $Emulator }
}

Describe 'A hostile media server' {
    BeforeEach {
        Reset-TestEmulator $Emulator
        $script:Session = Connect-Hyper3D -BaseUri $Emulator.BaseUri -MaximumRetryCount 0 -PassThru
    }

    It 'a body with no Content-Length that a closed connection ends halfway is not saved as complete' {
        $answers = [Collections.Generic.List[byte[]]]::new()
        $answers.Add((New-Answer "HTTP/1.1 200 OK`nContent-Type: image/png`nETag: `"v1`"`nConnection: close`n" 7 500))
        $server = Start-HostileServer $answers
        try {
            $folder = New-Folder
            $saved = @(New-Card 'cut-1' "$($server.Uri)/cards/1/preview.png" | Save-Hyper3DCardMedia -Path $folder -Kind Image -Session $Session -PassThru -ErrorVariable failed -ErrorAction SilentlyContinue)
        }
        finally { Stop-HostileServer $server }
        $saved.Count | Should -Be 0
        $failed.Count | Should -Be 1
        $failed[0].FullyQualifiedErrorId | Should -BeLike 'InvalidResponse,*'
        $failed[0].Exception.Message | Should -Match 'cannot be proven whole'
        Test-Path (Join-Path $folder 'cut-1-image.png') | Should -BeFalse
        (Get-Content -Raw (Join-Path $folder '.hyper3d-media.json') | ConvertFrom-Json).files.'cut-1-image'.complete | Should -BeFalse
    }

    It 'a 206 whose ETag is not the If-Range asked for is not spliced: the file starts over and holds one version' {
        $answers = [Collections.Generic.List[byte[]]]::new()
        # Run 1: version 1 promises 1000 bytes and is cut after 400.
        $answers.Add((New-Answer "HTTP/1.1 200 OK`nContent-Type: image/png`nContent-Length: 1000`nETag: `"v1`"`nConnection: close`n" 1 400))
        # Run 2: a proxy that ignores If-Range sends the rest of version 2, then version 2 whole.
        $answers.Add((New-Answer "HTTP/1.1 206 Partial Content`nContent-Type: image/png`nContent-Range: bytes 400-999/1000`nContent-Length: 600`nETag: `"v2`"`nConnection: close`n" 2 600))
        $answers.Add((New-Answer "HTTP/1.1 200 OK`nContent-Type: image/png`nContent-Length: 1000`nETag: `"v2`"`nConnection: close`n" 2 1000))
        $server = Start-HostileServer $answers
        try {
            $folder = New-Folder
            $card = New-Card 'spliced-1' "$($server.Uri)/cards/1/preview.png"
            $card | Save-Hyper3DCardMedia -Path $folder -Kind Image -Session $Session -ErrorAction SilentlyContinue
            $retrying = Connect-Hyper3D -BaseUri $Emulator.BaseUri -MaximumRetryCount 1 -RetryIntervalSec 0 -PassThru
            $saved = @($card | Save-Hyper3DCardMedia -Path $folder -Kind Image -Session $retrying -PassThru -WarningAction SilentlyContinue)
        }
        finally { Stop-HostileServer $server }
        $requests = @($server.Requests)
        $requests.Count | Should -Be 3
        $requests[1] | Should -Match 'Range: bytes=400-'
        $requests[1] | Should -Match 'If-Range: "v1"'
        $requests[2] | Should -Not -Match 'Range:'
        $saved.Count | Should -Be 1
        $bytes = [IO.File]::ReadAllBytes($saved[0].FullName)
        $bytes.Count | Should -Be 1000
        @($bytes | Where-Object { $_ -ne 2 }).Count | Should -Be 0
    }

    It 'a server that names an .hta and sends text/html gets a .bin, and the report does not link it' {
        $answers = [Collections.Generic.List[byte[]]]::new()
        $answers.Add((New-Answer "HTTP/1.1 200 OK`nContent-Type: text/html`nContent-Length: 30`nConnection: close`n" 60 30))
        $server = Start-HostileServer $answers
        try {
            $folder = New-Folder
            $card = New-Card 'runs-1' "$($server.Uri)/cards/1/preview.hta"
            $saved = @($card | Save-Hyper3DCardMedia -Path $folder -Kind Image -Session $Session -PassThru)
        }
        finally { Stop-HostileServer $server }
        $saved.Name | Should -Be 'runs-1-image.bin'
        Set-Content -Path (Join-Path $folder 'left-1-image.hta') -Value '<script>'
        $report = Join-Path $TestDrive 'hostile.html'
        $card, (New-Card 'left-1' $null) | Export-Hyper3DGalleryReport -Path $report -MediaPath $folder -Force
        $html = Get-Content -Raw $report
        $html | Should -Not -Match 'runs-1-image\.bin'
        $html | Should -Not -Match 'left-1-image\.hta'
        $html | Should -Match '<b>2</b><span>Cards</span>'
    }
}
