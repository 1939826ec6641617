# Dot-sourced by Invoke-Benchmark.ps1 (which provides Get-Median, Format-Number, Write-Step, $IrmLoop, $ModuleListing,
# $BenchOut and the emulator helpers): how the adaptive concurrency limit does where the fixed window did not.
#   1. A server 100 ms away, 200 pages: (a) the Invoke-RestMethod loop once, (b) -All (default -ThrottleLimit) median of
#      -Repetitions after a warm-up, against the floor: the first page, then ceil(pages / limit) round trips.
#   2. Media 100 ms away, -Files images: (a) an Invoke-WebRequest -OutFile loop once, (b) Save-Hyper3DCardMedia median.
#   3. A server with 2 workers of 50 ms (emulator --workers 2): -All against the server's own capacity time
#      (pages x 50 ms / 2), and the requests at the server on average (the emulator's request-stats).
# Every module run has a new session, so each starts from the initial limit and learns the server anew.

function Measure-Concurrency {
    param(
        [int] $Pages = 200,
        [int] $PageSize = 24,
        [int] $Files = 213,
        [int] $Repetitions = 3
    )
    $cards = [int][math]::Ceiling($Pages * $PageSize / 0.955)
    $ceiling = [Hyper3D.Commands.GetHyper3DGalleryCardCommand]::new().ThrottleLimit

    Write-Step "Concurrency: --cards $cards --page-size $PageSize --latency-ms 100 (a server on another continent)"
    $emulator = Start-Hyper3DEmulator -ArgumentList @('--cards', "$cards", '--page-size', "$PageSize", '--latency-ms', '100', '--media-min-bytes', '8192', '--media-bytes', '16384')
    $work = Join-Path $BenchOut 'concurrency'
    try {
        $null = & $ModuleListing $emulator.BaseUri 0
        Disconnect-Hyper3D
        $clock = [Diagnostics.Stopwatch]::StartNew()
        $irmCards = & $IrmLoop $emulator.BaseUri
        $irm = $clock.Elapsed.TotalSeconds
        Write-Step ('  (a) Invoke-RestMethod loop: {0:0.000} s, {1} cards' -f $irm, $irmCards)
        $runs = for ($i = 0; $i -lt $Repetitions; $i++) {
            $clock = [Diagnostics.Stopwatch]::StartNew()
            $listed = & $ModuleListing $emulator.BaseUri 0
            $seconds = $clock.Elapsed.TotalSeconds
            Disconnect-Hyper3D
            if ($listed -ne $irmCards) { Write-Warning "-All listed $listed cards; the loop $irmCards." }
            Write-Step ('  (b) -All: {0:0.000} s, {1} cards' -f $seconds, $listed)
            $seconds
        }
        $pagesListed = [math]::Ceiling($irmCards / $PageSize)
        $far = [pscustomobject]@{
            Pages   = $pagesListed
            Irm     = $irm
            Module  = Get-Median ([double[]]$runs)
            Samples = @($runs)
            Floor   = 0.1 + [math]::Ceiling($pagesListed / $ceiling) * 0.1
            Ceiling = $ceiling
        }

        $session = Connect-Hyper3D -BaseUri $emulator.BaseUri -PassThru
        $withImage = @(Get-Hyper3DGalleryCard -All -Session $session | Where-Object ImageUrl | Select-Object -First $Files)
        Disconnect-Hyper3D -Session $session
        if ($withImage.Count -ne $Files) { throw "The emulator listed $($withImage.Count) cards with an image; $Files needed." }
        Remove-Item -Recurse -Force -ErrorAction SilentlyContinue $work
        New-Item -ItemType Directory -Force -Path $work | Out-Null
        $folder = Join-Path $work 'iwr'
        New-Item -ItemType Directory -Force -Path $folder | Out-Null
        $clock = [Diagnostics.Stopwatch]::StartNew()
        $i = 0
        foreach ($card in $withImage) { Invoke-WebRequest -Uri $card.ImageUrl -OutFile (Join-Path $folder ('{0}.png' -f $i++)) }
        $iwr = $clock.Elapsed.TotalSeconds
        Write-Step ('  (a) Invoke-WebRequest -OutFile loop, {0} files: {1:0.000} s' -f $Files, $iwr)
        $saves = for ($rep = 0; $rep -lt $Repetitions; $rep++) {
            $folder = Join-Path $work "save-$rep"
            $session = Connect-Hyper3D -BaseUri $emulator.BaseUri -PassThru
            $clock = [Diagnostics.Stopwatch]::StartNew()
            $withImage | Save-Hyper3DCardMedia -Path $folder -Kind Image -Session $session
            $seconds = $clock.Elapsed.TotalSeconds
            Disconnect-Hyper3D -Session $session
            $saved = @(Get-ChildItem -File $folder -Filter '*-image.*').Count
            if ($saved -ne $Files) { throw "Save-Hyper3DCardMedia saved $saved files; $Files expected." }
            Write-Step ('  (b) Save-Hyper3DCardMedia, {0} files: {1:0.000} s' -f $Files, $seconds)
            $seconds
        }
        $media = [pscustomobject]@{ Files = $Files; Iwr = $iwr; Module = Get-Median ([double[]]$saves); Samples = @($saves) }
    }
    finally {
        $emulator | Stop-Hyper3DEmulator
        Remove-Item -Recurse -Force -ErrorAction SilentlyContinue $work
    }

    Write-Step "Concurrency: --cards $cards --page-size $PageSize --latency-ms 50 --workers 2 (a server that queues)"
    $emulator = Start-Hyper3DEmulator -ArgumentList @('--cards', "$cards", '--page-size', "$PageSize", '--latency-ms', '50', '--workers', '2')
    try {
        $null = & $ModuleListing $emulator.BaseUri 0
        Disconnect-Hyper3D
        $queued = for ($i = 0; $i -lt $Repetitions; $i++) {
            Invoke-Hyper3DEmulatorControl -Emulator $emulator -Action reset | Out-Null
            $clock = [Diagnostics.Stopwatch]::StartNew()
            $listed = & $ModuleListing $emulator.BaseUri 0
            $seconds = $clock.Elapsed.TotalSeconds
            Disconnect-Hyper3D
            $stats = Invoke-Hyper3DEmulatorControl -Emulator $emulator -Action request-stats
            Write-Step ('  -All: {0:0.000} s, {1} cards, {2} requests, at the server {3} on average, {4} at most' -f $seconds, $listed, $stats.requests, $stats.in_flight_mean, $stats.in_flight_max)
            [pscustomobject]@{ Seconds = $seconds; Listed = $listed; Mean = [double]$stats.in_flight_mean; Most = [int]$stats.in_flight_max }
        }
        $median = Get-Median ([double[]]@($queued | ForEach-Object Seconds))
        $pagesListed = [math]::Ceiling(($queued | Select-Object -First 1).Listed / $PageSize)
        $workers = [pscustomobject]@{
            Pages    = $pagesListed
            Module   = $median
            Capacity = $pagesListed * 0.05 / 2
            Mean     = ($queued | Measure-Object Mean -Maximum).Maximum
            Most     = ($queued | Measure-Object Most -Maximum).Maximum
            Samples  = @($queued | ForEach-Object Seconds)
        }
    }
    finally { $emulator | Stop-Hyper3DEmulator }

    [pscustomobject]@{ Far = $far; Media = $media; Workers = $workers }
}

function Add-ConcurrencyReport($Result, $Lines) {
    $far = $Result.Far; $media = $Result.Media; $workers = $Result.Workers
    $Lines.Add('')
    $Lines.Add('### Adaptive concurrency (each module run a new session that learns the server from the initial limit)')
    $Lines.Add('')
    $Lines.Add('| Case | (a) loop (s) | (b) module, median (s) | (a) / (b) | Reference |')
    $Lines.Add('|---|---:|---:|---:|---|')
    $Lines.Add(('| {0} pages, 100 ms a request, -All | {1} | {2} | {3}x | floor (first page + ceil(pages / {4}) x 100 ms) {5} s: (b) is {6}x it |' -f
            $far.Pages, (Format-Number $far.Irm '0.00'), (Format-Number $far.Module '0.00'), (Format-Number ($far.Irm / $far.Module) '0.0'),
            $far.Ceiling, (Format-Number $far.Floor '0.0'), (Format-Number ($far.Module / $far.Floor))))
    $Lines.Add(('| {0} images 100 ms away, Save-Hyper3DCardMedia | {1} | {2} | {3}x | |' -f
            $media.Files, (Format-Number $media.Iwr '0.00'), (Format-Number $media.Module '0.00'), (Format-Number ($media.Iwr / $media.Module) '0.0')))
    $Lines.Add(('| {0} pages, --workers 2 at 50 ms, -All | | {1} | | capacity time (pages x 50 ms / 2) {2} s: (b) is {3}x it; at the server {4} on average (most of the runs'' means), {5} at most |' -f
            $workers.Pages, (Format-Number $workers.Module '0.00'), (Format-Number $workers.Capacity '0.00'), (Format-Number ($workers.Module / $workers.Capacity)),
            (Format-Number $workers.Mean '0.0'), $workers.Most))
}

function Add-ConcurrencyTargets($Result) {
    $far = $Result.Far; $media = $Result.Media; $workers = $Result.Workers
    Add-Target ('100 ms a request, {0} pages: -All at least 10x the Invoke-RestMethod loop' -f $far.Pages) ($far.Irm / $far.Module -ge 10) ('{0}x; {1}x the floor' -f (Format-Number ($far.Irm / $far.Module) '0.0'), (Format-Number ($far.Module / $far.Floor)))
    Add-Target ('Media 100 ms away, {0} files: at least 10x an Invoke-WebRequest -OutFile loop' -f $media.Files) ($media.Iwr / $media.Module -ge 10) ('{0}x' -f (Format-Number ($media.Iwr / $media.Module) '0.0'))
    Add-Target '--workers 2 at 50 ms: -All within 1.25x of pages x 50 ms / 2' ($workers.Module -le 1.25 * $workers.Capacity) ('{0} s, {1}x' -f (Format-Number $workers.Module '0.00'), (Format-Number ($workers.Module / $workers.Capacity)))
    Add-Target '--workers 2 at 50 ms: at most 4 requests at the server on average' ($workers.Mean -le 4) ('{0} (the highest of the runs)' -f (Format-Number $workers.Mean '0.00'))
}
