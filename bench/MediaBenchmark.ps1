# Dot-sourced by Invoke-Benchmark.ps1 (which provides Get-Median from BenchHelpers.ps1, Format-Number, Write-Step, Invoke-Native,
# $Invariant and $BenchOut): Save-Hyper3DCardMedia against what users run today, side by side in one run.
#   1. 500 files of 50 KB at 20 ms latency: (a) a sequential Invoke-WebRequest -OutFile loop over the same URLs,
#      (b) Save-Hyper3DCardMedia (default -ThrottleLimit); round-robin, median of -Repetitions.
#   2. The second run over the 500 complete files: time, and the media bytes the emulator sent (must be 0).
#   3. One 1 GiB file on loopback: (a) curl -o, (b) Save-Hyper3DCardMedia in a fresh pwsh that reports its own
#      time and how much its peak working set (VmHWM) grew during the download.

function Measure-CardMedia {
    param(
        [Parameter(Mandatory)] [string] $ModulePath,
        [int] $Repetitions = 2,
        [int] $Files = 500,
        [int] $FileBytes = 51200,
        [int] $LatencyMs = 20,
        [long] $LargeBytes = 1GB
    )
    $work = Join-Path $BenchOut 'media'
    Remove-Item -Recurse -Force -ErrorAction SilentlyContinue $work
    New-Item -ItemType Directory -Force -Path $work | Out-Null

    # ---- 1 and 2: many small files
    $cardsNeeded = [int]($Files * 1.3) + 50
    Write-Step "Media: --cards $cardsNeeded, $Files files of $FileBytes bytes, --latency-ms $LatencyMs"
    $emulator = Start-Hyper3DEmulator -ArgumentList @('--cards', "$cardsNeeded", '--page-size', '100', '--latency-ms', "$LatencyMs",
        '--media-min-bytes', "$FileBytes", '--media-bytes', "$FileBytes")
    try {
        Connect-Hyper3D -BaseUri $emulator.BaseUri
        $cards = @(Get-Hyper3DGalleryCard -All | Where-Object ImageUrl | Select-Object -First $Files)
        if ($cards.Count -ne $Files) { throw "The emulator listed $($cards.Count) cards with an image; $Files needed." }
        $urls = [string[]]@($cards.ImageUrl)

        $contenders = @(
            [pscustomobject]@{ Key = 'a'; Name = '(a) Invoke-WebRequest -OutFile loop'; Run = {
                    param($folder)
                    $i = 0
                    foreach ($url in $urls) { Invoke-WebRequest -Uri $url -OutFile (Join-Path $folder ('{0}.webp' -f $i++)) }
                }
            }
            [pscustomobject]@{ Key = 'b'; Name = '(b) Save-Hyper3DCardMedia (default -ThrottleLimit)'; Run = {
                    param($folder)
                    $cards | Save-Hyper3DCardMedia -Path $folder -Kind Image
                }
            }
        )
        $samples = @{ a = [Collections.Generic.List[double]]::new(); b = [Collections.Generic.List[double]]::new() }
        $lastModuleFolder = $null
        for ($rep = 0; $rep -lt $Repetitions; $rep++) {
            $order = if ($rep % 2) { $contenders[1], $contenders[0] } else { $contenders }
            foreach ($c in $order) {
                $folder = Join-Path $work ("{0}-{1}" -f $c.Key, $rep)
                New-Item -ItemType Directory -Force -Path $folder | Out-Null
                [GC]::Collect()
                $clock = [Diagnostics.Stopwatch]::StartNew()
                & $c.Run $folder
                $clock.Stop()
                $saved = @(Get-ChildItem -File $folder)
                $whole = @($saved | Where-Object Length -eq $FileBytes).Count
                if ($saved.Count -ne $Files -or $whole -ne $Files) { throw "$($c.Name) saved $($saved.Count) files, $whole of them whole; $Files expected." }
                $samples[$c.Key].Add($clock.Elapsed.TotalSeconds)
                Write-Step ("  {0,-55} {1,7:0.000} s" -f $c.Name, $clock.Elapsed.TotalSeconds)
                if ($c.Key -eq 'b') {
                    if ($lastModuleFolder) { Remove-Item -Recurse -Force $lastModuleFolder }
                    $lastModuleFolder = $folder
                }
                else { Remove-Item -Recurse -Force $folder }
            }
        }

        # The second run: once at the same latency, then on plain loopback (the target's figure).
        $second = foreach ($latency in $LatencyMs, 0) {
            Invoke-Hyper3DEmulatorControl -Emulator $emulator -Action reset -Body @{ latency_ms = $latency } | Out-Null
            $clock = [Diagnostics.Stopwatch]::StartNew()
            $cards | Save-Hyper3DCardMedia -Path $lastModuleFolder -Kind Image
            $clock.Stop()
            $log = @(Invoke-Hyper3DEmulatorControl -Emulator $emulator -Action media-requests)
            $row = [pscustomobject]@{
                LatencyMs    = $latency
                Seconds      = $clock.Elapsed.TotalSeconds
                Requests     = $log.Count
                NotModified  = @($log | Where-Object status -eq 304).Count
                BodyBytes    = [long]($log | Measure-Object body_bytes -Sum).Sum
            }
            Write-Step ("  second run at {0} ms: {1:0.000} s, {2} requests, {3} answered 304, {4} body bytes" -f $latency, $row.Seconds, $row.Requests, $row.NotModified, $row.BodyBytes)
            $row
        }
        Disconnect-Hyper3D
    }
    finally {
        $emulator | Stop-Hyper3DEmulator
        Remove-Item -Recurse -Force -ErrorAction SilentlyContinue $work
    }

    # ---- 3: one large file
    Write-Step ("Media: one file of {0:0.0} GiB on loopback, curl -o against Save-Hyper3DCardMedia in a fresh pwsh" -f ($LargeBytes / 1GB))
    $emulator = Start-Hyper3DEmulator -ArgumentList @('--cards', '8', '--page-size', '8', '--media-min-bytes', "$LargeBytes", '--media-bytes', "$LargeBytes")
    $large = [Collections.Generic.List[object]]::new()
    New-Item -ItemType Directory -Force -Path $work | Out-Null
    try {
        $card = Get-Hyper3DGalleryCard -Session (Connect-Hyper3D -BaseUri $emulator.BaseUri -PassThru) -All | Where-Object ImageUrl | Select-Object -First 1
        $child = @'
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
Import-Module '{0}'
Connect-Hyper3D -BaseUri '{1}'
$card = Get-Hyper3DGalleryCard -All | Where-Object TaskUuid -eq '{2}'
function Get-Hwm {{ [long]((Get-Content /proc/self/status | Where-Object {{ $_ -match '^VmHWM:' }}) -replace '\D', '') * 1KB }}
[GC]::Collect()
$before = Get-Hwm
$clock = [Diagnostics.Stopwatch]::StartNew()
$file = $card | Save-Hyper3DCardMedia -Path '{3}' -Kind Image -PassThru
$clock.Stop()
'seconds={{0}} bytes={{1}} before={{2}} after={{3}}' -f $clock.Elapsed.TotalSeconds.ToString([cultureinfo]::InvariantCulture), $file.Length, $before, (Get-Hwm)
'@
        for ($rep = 0; $rep -lt $Repetitions; $rep++) {
            foreach ($key in $(if ($rep % 2) { 'b', 'a' } else { 'a', 'b' })) {
                $folder = Join-Path $work "$key-$rep"
                New-Item -ItemType Directory -Force -Path $folder | Out-Null
                if ($key -eq 'a') {
                    $target = Join-Path $folder 'large.webp'
                    $clock = [Diagnostics.Stopwatch]::StartNew()
                    Invoke-Native curl @('-s', '-S', '-o', $target, $card.ImageUrl) | Out-Null
                    $clock.Stop()
                    $row = [pscustomobject]@{ Key = 'a'; Seconds = $clock.Elapsed.TotalSeconds; Bytes = (Get-Item $target).Length; GrowthMB = [double]::NaN }
                }
                else {
                    $script = $child -f ($ModulePath -replace "'", "''"), $emulator.BaseUri, $card.TaskUuid, ($folder -replace "'", "''")
                    $out = Invoke-Native dotnet @('pwsh', '-NoProfile', '-NonInteractive', '-Command', $script)
                    $line = @($out | Where-Object { "$_" -match '^seconds=' })[-1]
                    if ("$line" -notmatch '^seconds=([\d.]+) bytes=(\d+) before=(\d+) after=(\d+)') { throw "Unexpected output: $($out -join ' ')" }
                    $row = [pscustomobject]@{ Key = 'b'; Seconds = [double]::Parse($Matches[1], $Invariant); Bytes = [long]$Matches[2]; GrowthMB = ([long]$Matches[4] - [long]$Matches[3]) / 1MB }
                }
                if ($row.Bytes -ne $LargeBytes) { throw "The $($row.Key) download of the large file holds $($row.Bytes) bytes; $LargeBytes expected." }
                Remove-Item -Recurse -Force $folder
                $large.Add($row)
                Write-Step ("  {0}: {1:0.000} s, {2:0} MB/s{3}" -f $row.Key, $row.Seconds, ($LargeBytes / 1MB / $row.Seconds), $(if ($row.Key -eq 'b') { ', peak working set +{0:0.0} MB' -f $row.GrowthMB }))
            }
        }
        Disconnect-Hyper3D
    }
    finally {
        $emulator | Stop-Hyper3DEmulator
        Remove-Item -Recurse -Force -ErrorAction SilentlyContinue $work
    }

    [pscustomobject]@{
        Files       = $Files
        FileBytes   = $FileBytes
        LatencyMs   = $LatencyMs
        Repetitions = $Repetitions
        SmallA      = Get-Median $samples['a'].ToArray()
        SmallB      = Get-Median $samples['b'].ToArray()
        SmallASamples = $samples['a'].ToArray()
        SmallBSamples = $samples['b'].ToArray()
        Second      = @($second)
        LargeBytes  = $LargeBytes
        LargeA      = Get-Median ([double[]]@($large | Where-Object Key -eq 'a' | ForEach-Object Seconds))
        LargeB      = Get-Median ([double[]]@($large | Where-Object Key -eq 'b' | ForEach-Object Seconds))
        LargeGrowthMB = (@($large | Where-Object Key -eq 'b' | ForEach-Object GrowthMB) | Measure-Object -Maximum).Maximum
        LargeSamples = @($large)
    }
}

# The report's media section and its targets (Add-Target is the report's).
function Add-CardMediaReport($Media, $Markdown) {
    $Markdown.Add((("Card media (Save-Hyper3DCardMedia): {0} files of {1:N0} bytes at {2} ms latency, and one {3:0.0} GiB file on loopback; " +
            'median of {4} runs each, contenders alternating.') -f $Media.Files, $Media.FileBytes, $Media.LatencyMs, ($Media.LargeBytes / 1GB), $Media.Repetitions))
    $Markdown.Add('')
    $Markdown.Add('| Media | Contender | Median (s) | Throughput | Ratio |')
    $Markdown.Add('|---|---|---:|---:|---:|')
    $Markdown.Add(('| {0} x {1:N0} B, {2} ms | (a) Invoke-WebRequest -OutFile loop | {3} | {4} files/s | 1.00x |' -f $Media.Files, $Media.FileBytes, $Media.LatencyMs, (Format-Number $Media.SmallA '0.000'), (Format-Number ($Media.Files / $Media.SmallA) '0.0')))
    $Markdown.Add(('| {0} x {1:N0} B, {2} ms | (b) Save-Hyper3DCardMedia | {3} | {4} files/s | {5}x faster |' -f $Media.Files, $Media.FileBytes, $Media.LatencyMs, (Format-Number $Media.SmallB '0.000'), (Format-Number ($Media.Files / $Media.SmallB) '0.0'), (Format-Number ($Media.SmallA / $Media.SmallB))))
    foreach ($s in $Media.Second) {
        $Markdown.Add(('| second run, {0} ms | (b) over the {1} complete files | {2} | {3} requests, {4} x 304, {5} body bytes | |' -f $s.LatencyMs, $Media.Files, (Format-Number $s.Seconds '0.000'), $s.Requests, $s.NotModified, $s.BodyBytes))
    }
    $Markdown.Add(('| {0:0.0} GiB, loopback | (a) curl -o | {1} | {2} MB/s | 1.00x |' -f ($Media.LargeBytes / 1GB), (Format-Number $Media.LargeA '0.000'), (Format-Number ($Media.LargeBytes / 1MB / $Media.LargeA) '0')))
    $Markdown.Add(('| {0:0.0} GiB, loopback | (b) Save-Hyper3DCardMedia (fresh pwsh) | {1} | {2} MB/s | {3} of curl |' -f ($Media.LargeBytes / 1GB), (Format-Number $Media.LargeB '0.000'), (Format-Number ($Media.LargeBytes / 1MB / $Media.LargeB) '0'), ((Format-Number ($Media.LargeA / $Media.LargeB * 100) '0') + ' %')))
    $Markdown.Add('')

    $ratio = $Media.SmallA / $Media.SmallB
    Add-Target ('Media: {0} files of 50 KB at {1} ms, Save-Hyper3DCardMedia at least 4x faster than an Invoke-WebRequest -OutFile loop' -f $Media.Files, $Media.LatencyMs) ($ratio -ge 4) ('{0}x' -f (Format-Number $ratio))
    $share = $Media.LargeA / $Media.LargeB
    Add-Target 'Media: one 1 GiB file, at least 80 % of the throughput of curl -o' ($share -ge 0.8) ('{0} %' -f (Format-Number ($share * 100) '0'))
    Add-Target 'Media: one 1 GiB file, peak working set grows by less than 50 MB' ($Media.LargeGrowthMB -lt 50) ('+{0} MB at most' -f (Format-Number $Media.LargeGrowthMB '0.0'))
    $loopback = $Media.Second | Where-Object LatencyMs -eq 0
    Add-Target ('Media: second run over {0} complete files on loopback, no media bytes, under 2 s' -f $Media.Files) ($loopback.BodyBytes -eq 0 -and $loopback.Seconds -lt 2) ('{0} s, {1} body bytes' -f (Format-Number $loopback.Seconds '0.000'), $loopback.BodyBytes)
}
