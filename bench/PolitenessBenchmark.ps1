# Dot-sourced by Invoke-Benchmark.ps1 (which provides Format-Number, Write-Step and the emulator helpers): -All against
# a server that allows R gallery requests a second (emulator --rate R: a token bucket, past it 429 Retry-After: 1, or
# with --rate R:503 nginx's limit_req answer, 503 with no Retry-After). Each rate and status gets a fresh emulator and
# a fresh session, so no pace learned earlier carries over.

function Measure-Politeness {
    param(
        [int[]] $Rates = @(10, 40),
        [int] $Pages = 200,
        [int] $PageSize = 24,
        [int] $LatencyMs = 20,
        [int[]] $Statuses = @(429, 503)
    )
    foreach ($rate in $Rates) {
    foreach ($status in $Statuses) {
        # Recent hides about 4 % of the seeded cards: seed enough for the pages wanted.
        $cards = [int][math]::Ceiling($Pages * $PageSize / 0.955)
        Write-Step "Politeness: --cards $cards --page-size $PageSize --latency-ms $LatencyMs --rate ${rate}:$status"
        $emulator = Start-Hyper3DEmulator -ArgumentList @('--cards', "$cards", '--page-size', "$PageSize", '--latency-ms', "$LatencyMs", '--rate', "${rate}:$status")
        try {
            $session = Connect-Hyper3D -BaseUri $emulator.BaseUri -PassThru
            Invoke-Hyper3DEmulatorControl -Emulator $emulator -Action reset -Body @{ rate = $rate; rate_status = $status } | Out-Null
            $clock = [Diagnostics.Stopwatch]::StartNew()
            $listed = (Get-Hyper3DGalleryCard -All -Session $session -WarningAction SilentlyContinue | Measure-Object).Count
            $seconds = $clock.Elapsed.TotalSeconds
            $requests = @(Invoke-Hyper3DEmulatorControl -Emulator $emulator -Action requests | Where-Object path -like '*/task/cards')
            $throttled = @($requests | Where-Object fault -eq 'rate').Count
            Disconnect-Hyper3D -Session $session
            $pagesListed = [math]::Ceiling($listed / $PageSize)
            Write-Step ('  {0:0.00} s, {1} of {2} requests throttled' -f $seconds, $throttled, $requests.Count)
            [pscustomobject]@{
                Rate           = $rate
                Status         = $status
                Listed         = $listed
                Pages          = $pagesListed
                Requests       = $requests.Count
                Throttled      = $throttled
                ThrottledShare = $throttled / [math]::Max(1, $requests.Count)
                Seconds        = $seconds
                Allowed        = 1.3 * $pagesListed / $rate
            }
        }
        finally { $emulator | Stop-Hyper3DEmulator }
    }
    }
}

function Add-PolitenessReport($Results, $Lines) {
    $Lines.Add('')
    $Lines.Add('### Against a rate limit (emulator --rate R: 429 with Retry-After: 1, or 503 with none as nginx limit_req), 20 ms a page')
    $Lines.Add('')
    $Lines.Add('| R (requests/s) | Answer | Cards | Requests | Throttled | Time (s) | 1.3 x pages / R (s) |')
    $Lines.Add('|---:|---:|---:|---:|---:|---:|---:|')
    foreach ($r in $Results) {
        $Lines.Add(('| {0} | {7} | {1} | {2} | {3} ({4}) | {5} | {6} |' -f $r.Rate, $r.Listed, $r.Requests, $r.Throttled,
            ('{0:P1}' -f $r.ThrottledShare), (Format-Number $r.Seconds '0.0'), (Format-Number $r.Allowed '0.0'), $r.Status))
    }
}

function Add-PolitenessTargets($Results) {
    foreach ($r in $Results) {
        Add-Target ('--rate {0} answering {1}: at most 8 % of requests throttled' -f $r.Rate, $r.Status) ($r.ThrottledShare -le 0.08) ('{0} of {1}, {2:P1}' -f $r.Throttled, $r.Requests, $r.ThrottledShare)
        Add-Target ('--rate {0} answering {1}: total time at most 1.3 x pages / R' -f $r.Rate, $r.Status) ($r.Seconds -le $r.Allowed) ('{0} s, allowed {1} s' -f (Format-Number $r.Seconds '0.0'), (Format-Number $r.Allowed '0.0'))
    }
}
