#!/usr/bin/env pwsh
<#
.SYNOPSIS
    Measures Export-Hyper3DGalleryReport on a large listing and prints a Markdown report.
.DESCRIPTION
    Run by `dotnet pwsh ./build.ps1 -Task ReportBench` (which builds first), or directly:
        dotnet pwsh ./bench/Invoke-ReportBenchmark.ps1 -ModulePath out/Hyper3D/Hyper3D.psd1

    1. Size: a report of -Cards cards of the emulator's Recent gallery (the file must stay under 15 MB).
    2. Browser: headless Chromium opens that report -BrowserRuns times; each run gives the time from the
       navigation to DOMContentLoaded (the grid, summary and the page's script have run: search and sort work)
       and to the load event, read from the page's own Navigation Timing. The median is compared with 3 s.
       Alternately it opens a floor page of the same size that has nothing to draw, so the ratio says what
       drawing the report costs over reading its bytes, whatever the machine's load.
    3. Memory: the peak working set of a fresh pwsh that lists and exports -MemorySmallCards and
       -MemoryLargeCards cards; the cards stream into the file, so the difference stays small.
    The script exits 0 whatever the results: it is a report. It is also written to out/bench/report.md.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)]
    [string] $ModulePath,

    # About 4% of seeded cards are hidden from Recent, so 10,500 seeded cards list a little over 10,000.
    [int] $Cards = 10500,

    [ValidateRange(1, 20)]
    [int] $BrowserRuns = 3,

    [int] $MemorySmallCards = 2000,

    [int] $MemoryLargeCards = 100000,

    [string] $ResultsPath
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
$ProgressPreference = 'SilentlyContinue'

$Root = Split-Path -Parent $PSScriptRoot
$ModulePath = (Resolve-Path -LiteralPath $ModulePath).ProviderPath
$BenchOut = Join-Path $Root 'out/bench'
if (-not $ResultsPath) { $ResultsPath = Join-Path $BenchOut 'report.md' }
Import-Module (Join-Path $Root 'tools/Emulator.psm1') -Force
Import-Module (Join-Path $Root 'tools/Chromium.psm1') -Force
Import-Module $ModulePath -Force

. (Join-Path $PSScriptRoot 'BenchHelpers.ps1')

# Peak working set of a fresh pwsh that lists $Count cards and writes them into a report.
function Measure-ExportMemory([int] $Count, [string] $Folder) {
    $emulator = Start-Hyper3DEmulator -ArgumentList @('--cards', "$Count")
    try {
        $report = Join-Path $Folder "memory-$Count.html"
        $script = "Import-Module '$ModulePath'; Connect-Hyper3D -BaseUri '$($emulator.BaseUri)'; " +
            "`$clock = [Diagnostics.Stopwatch]::StartNew(); " +
            "`$file = Get-Hyper3DGalleryCard -All | Export-Hyper3DGalleryReport -Path '$report' -Force -PassThru; " +
            "`$p = [Diagnostics.Process]::GetCurrentProcess(); `$p.Refresh(); " +
            "'{0} {1} {2}' -f `$p.PeakWorkingSet64, `$file.Length, `$clock.Elapsed.TotalSeconds"
        $pwsh = [Environment]::ProcessPath
        $prefix = @(if ([IO.Path]::GetFileNameWithoutExtension($pwsh) -eq 'dotnet') { Join-Path $PSHOME 'pwsh.dll' })
        $line = & $pwsh @prefix -NoProfile -NonInteractive -Command $script | Select-Object -Last 1
        if ($LASTEXITCODE -ne 0) { throw "The memory run over $Count cards failed: $line" }
        $peak, $length, $seconds = $line -split ' '
        Remove-Item -LiteralPath $report -ErrorAction SilentlyContinue
        [pscustomobject]@{ Cards = $Count; PeakMB = [double]$peak / 1MB; FileMB = [double]$length / 1MB; Seconds = [double]$seconds }
    }
    finally { $emulator | Stop-Hyper3DEmulator }
}

$started = [Diagnostics.Stopwatch]::StartNew()
$loadAtStart = Get-LoadAverage
$work = Join-Path $BenchOut 'report'
if (Test-Path $work) { Remove-Item -Recurse -Force $work }
New-Item -ItemType Directory -Path $work -Force | Out-Null

$emulator = Start-Hyper3DEmulator -ArgumentList @('--cards', "$Cards")
try {
    Connect-Hyper3D -BaseUri $emulator.BaseUri
    $report = Join-Path $work 'report.html'
    $clock = [Diagnostics.Stopwatch]::StartNew()
    $file = Get-Hyper3DGalleryCard -All | Export-Hyper3DGalleryReport -Path $report -Title 'Benchmark' -PassThru
    $exportSeconds = $clock.Elapsed.TotalSeconds
    Disconnect-Hyper3D
}
finally { $emulator | Stop-Hyper3DEmulator }

$probe = @'
    var t = win.performance.getEntriesByType('navigation')[0];
    done({ ready: t.domContentLoadedEventEnd, load: t.loadEventEnd || loadedMs, cards: doc.querySelectorAll('#grid .c').length,
        usable: !doc.getElementById('tools').hidden });
'@
# The floor: a page of the same size that the browser only has to read (the report's text inside a comment), opened
# alternately with the report, so the machine's load hits both alike.
$floor = Join-Path $work 'floor.html'
$reportText = [IO.File]::ReadAllText($report)
[IO.File]::WriteAllText($floor, '<!DOCTYPE html><html><head><meta charset="utf-8"></head><body><div class="tools" id="tools"></div><!--' + $reportText.Replace('--', '- -') + '--></body></html>')
$runs = [Collections.Generic.List[object]]::new()
$floorRuns = [Collections.Generic.List[object]]::new()
foreach ($i in 1..$BrowserRuns) {
    $runs.Add((Invoke-ChromiumFrameProbe -PagePath $report -Probe $probe -BudgetMs 0))
    $floorRuns.Add((Invoke-ChromiumFrameProbe -PagePath $floor -Probe $probe -BudgetMs 0))
}
$listed = $runs[0].cards
$readyMs = Get-Median @($runs | ForEach-Object { [double]$_.ready })
$loadMs = Get-Median @($runs | ForEach-Object { [double]$_.load })
$floorMs = Get-Median @($floorRuns | ForEach-Object { [double]$_.ready })

$small = Measure-ExportMemory -Count $MemorySmallCards -Folder $work
$large = Measure-ExportMemory -Count $MemoryLargeCards -Folder $work

$fileMB = $file.Length / 1MB
$lines = @(
    '| Measure | Result |'
    '|---|---:|'
    ('| Report of {0:N0} cards: file size | {1:N1} MB |' -f $listed, $fileMB)
    ('| Listing and writing it (`Get-Hyper3DGalleryCard -All \| Export-Hyper3DGalleryReport`) | {0:N1} s |' -f $exportSeconds)
    ('| Chromium, navigation to DOMContentLoaded (search and sort ready), median of {0} | {1:N0} ms |' -f $BrowserRuns, $readyMs)
    ('| Chromium, navigation to the load event, median of {0} | {1:N0} ms |' -f $BrowserRuns, $loadMs)
    ('| Floor: a page of the same size with nothing to draw (the text in a comment), to DOMContentLoaded | {0:N0} ms |' -f $floorMs)
    ('| Report / floor, time to DOMContentLoaded | {0:N2}x |' -f ($readyMs / $floorMs))
    ('| Peak working set, {0:N0} cards listed and exported ({1:N1} MB file) | {2:N1} MB |' -f $small.Cards, $small.FileMB, $small.PeakMB)
    ('| Peak working set, {0:N0} cards listed and exported ({1:N1} MB file) | {2:N1} MB |' -f $large.Cards, $large.FileMB, $large.PeakMB)
    ''
    ('- {0}: file under 15 MB (measured {1:N1} MB for {2:N0} cards)' -f $(if ($fileMB -lt 15) { 'PASS' } else { 'FAIL' }), $fileMB, $listed)
    ('- {0}: usable in the browser within 3 s (measured {1:N0} ms to DOMContentLoaded)' -f $(if ($readyMs -lt 3000) { 'PASS' } else { 'FAIL' }), $readyMs)
    ('- {0}: every card in the grid (measured {1:N0} of {1:N0}, search box shown: {2})' -f $(if (@($runs | Where-Object { -not $_.usable }).Count -eq 0) { 'PASS' } else { 'FAIL' }), $listed, @($runs)[0].usable)
    ('- Memory: {0:N0} vs {1:N0} cards, peak working set {2:+0.0;-0.0} MB' -f $large.Cards, $small.Cards, ($large.PeakMB - $small.PeakMB))
    ''
    "Load average (1/5/15 min): $loadAtStart at start, $(Get-LoadAverage) at the end. Chromium $((& (Get-ChromiumPath) --version) -replace '^\D*', ''). Benchmark time $([int]$started.Elapsed.TotalSeconds) s."
)
$text = $lines -join [Environment]::NewLine
Set-Content -LiteralPath $ResultsPath -Value $text
$text
