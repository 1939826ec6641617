#!/usr/bin/env pwsh
<#
.SYNOPSIS
    Benchmarks the built Hyper3D module against the local emulator and prints a Markdown report.
.DESCRIPTION
    Run by `dotnet pwsh ./build.ps1 -Task Bench` (which builds first), or directly:
        dotnet pwsh ./bench/Invoke-Benchmark.ps1 -ModulePath out/Hyper3D/Hyper3D.psd1

    1. Listing every card, -Cards cards in pages of -PageSize, once per emulator latency (-LatencyMs),
       one emulator per latency. Contenders, measured side by side in this process (the floor in its own):
         (a) the Invoke-RestMethod loop a user writes today: one page after another, each card turned into a
             PSCustomObject, stopping at the first empty page;
         (b) Connect-Hyper3D; Get-Hyper3DGalleryCard -All | Measure-Object (default -ThrottleLimit, and 8);
         (c) the floor: bench/FloorClient, a sequential HttpClient + System.Text.Json console program, no PowerShell.
       Every contender is warmed up once per emulator, then measured -Repetitions times, round-robin (the order
       rotates each repetition), so noise hits all alike. The table gives the median.
    2. Import-Module time: the median of -ImportRuns fresh `dotnet pwsh -NoProfile` processes (one discarded first).
    3. Peak working set of a fresh pwsh running Get-Hyper3DGalleryCard -All over -MemoryLargeCards and
       -MemorySmallCards cards; and over about 4 pages of just under 32 MiB of tiny cards (bench/HugePageBenchmark.ps1).
    4. Card media (bench/MediaBenchmark.ps1): Save-Hyper3DCardMedia against an Invoke-WebRequest -OutFile loop
       (500 files of 50 KB at 20 ms), a second run over the complete files, and curl -o on one 1 GiB file.
    5. Politeness (bench/PolitenessBenchmark.ps1): -All over 200 pages at 20 ms against emulator --rate 10 and
       --rate 40, answering 429 and 503: the share of requests throttled and the time against 1.3 x pages / R.
    6. Adaptive concurrency (bench/ConcurrencyBenchmark.ps1): 200 pages and 213 images 100 ms away against the
       Invoke-RestMethod / Invoke-WebRequest loops, and -All against a server with 2 workers of 50 ms (--workers 2).
    7. Targets, as PASS/FAIL lines. The script exits 0 whatever the results: it is a report.
    The report is also written to out/bench/results.md.

    Progress output is silenced ($ProgressPreference) for every contender alike: drawing it is the host's
    cost, not the listing's.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)]
    [string] $ModulePath,

    [ValidateRange(1, 50)]
    [int] $Repetitions = 5,

    [ValidateRange(1, 100)]
    [int] $ImportRuns = 15,

    # 5000 seeded cards: the emulator hides about 4%, so Recent lists about 200 pages of 24.
    [int] $Cards = 5000,

    [int] $PageSize = 24,

    [int[]] $LatencyMs = @(0, 20),

    [int] $MemoryLargeCards = 200000,

    [int] $MemorySmallCards = 2000,

    # Where the Markdown report goes; default <repo>/out/bench/results.md.
    [string] $ResultsPath
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
$ProgressPreference = 'SilentlyContinue'

$Root = Split-Path -Parent $PSScriptRoot
$ModulePath = (Resolve-Path -LiteralPath $ModulePath).ProviderPath
$BenchOut = Join-Path $Root 'out/bench'
$FloorOut = Join-Path $BenchOut 'floor'
if (-not $ResultsPath) { $ResultsPath = Join-Path $BenchOut 'results.md' }
$Invariant = [Globalization.CultureInfo]::InvariantCulture
$BenchClock = [Diagnostics.Stopwatch]::StartNew()

# ---------------------------------------------------------------------------------------------- helpers

. (Join-Path $PSScriptRoot 'BenchHelpers.ps1')

function Format-Number([double] $Value, [string] $Format = '0.00') {
    if ([double]::IsNaN($Value) -or [double]::IsInfinity($Value)) { return 'n/a' }
    return $Value.ToString($Format, $Invariant)
}

function Write-Step([string] $Text) {
    Write-Host ("[{0,6:0.0}s] {1}" -f $BenchClock.Elapsed.TotalSeconds, $Text)
}

function Invoke-Native([string] $Command, [string[]] $Arguments) {
    $output = & $Command @Arguments 2>&1
    if ($LASTEXITCODE -ne 0) {
        throw "'$Command $($Arguments -join ' ')' failed with exit code $LASTEXITCODE`n$($output -join "`n")"
    }
    return $output
}

function Get-MachineDescription {
    $cpu = 'unknown CPU'
    if (Test-Path /proc/cpuinfo) {
        $line = Get-Content /proc/cpuinfo | Where-Object { $_ -match '^model name\s*:' } | Select-Object -First 1
        if ($line) { $cpu = ($line -replace '^model name\s*:\s*', '').Trim() }
    }
    $memory = 'unknown memory'
    if (Test-Path /proc/meminfo) {
        $line = Get-Content /proc/meminfo | Where-Object { $_ -match '^MemTotal:' } | Select-Object -First 1
        if ($line -match '(\d+)\s*kB') { $memory = '{0:0.0} GiB RAM' -f ([double]$Matches[1] / 1MB) }
    }
    $os = [Runtime.InteropServices.RuntimeInformation]::OSDescription
    if (Test-Path /etc/os-release) {
        $pretty = Get-Content /etc/os-release | Where-Object { $_ -match '^PRETTY_NAME=' } | Select-Object -First 1
        if ($pretty) { $os = ($pretty -replace '^PRETTY_NAME=', '').Trim('"') + ", kernel $([Environment]::OSVersion.Version)" }
    }
    $cores = [Environment]::ProcessorCount
    $nproc = Get-Command nproc -ErrorAction SilentlyContinue
    if ($nproc) { $cores = (& nproc).Trim() }
    $dotnet = (& dotnet --version).Trim()
    "$cores CPUs ($cpu), $memory, $os, .NET SDK $dotnet, PowerShell $($PSVersionTable.PSVersion) (runtime $([Runtime.InteropServices.RuntimeInformation]::FrameworkDescription))"
}

# ---------------------------------------------------------------------------------------------- contenders

# (a) What a user writes today with Invoke-RestMethod.
$IrmLoop = {
    param([string] $base)
    $count = 0
    $page = 0
    do {
        $r = Invoke-RestMethod -Method Post -Uri "$base/task/cards" -ContentType application/json -Body (@{ page_num = $page; type = 'Recent' } | ConvertTo-Json)
        $count += ($r | ForEach-Object { [pscustomobject]$_ } | Measure-Object).Count
        $page++
    } while ($r.Count -gt 0)
    $count
}

# (b) The module. Connect is part of what a user runs, so it is inside the timing; each run has a new session.
$ModuleListing = {
    param([string] $base, [int] $throttleLimit)
    Connect-Hyper3D -BaseUri $base
    if ($throttleLimit -gt 0) {
        (Get-Hyper3DGalleryCard -All -ThrottleLimit $throttleLimit | Measure-Object).Count
    }
    else {
        (Get-Hyper3DGalleryCard -All | Measure-Object).Count
    }
}

function Start-FloorClient([string] $BaseUri) {
    $info = [Diagnostics.ProcessStartInfo]::new('dotnet')
    $info.ArgumentList.Add((Join-Path $FloorOut 'FloorClient.dll'))
    $info.ArgumentList.Add($BaseUri)
    $info.ArgumentList.Add('--serve')
    $info.UseShellExecute = $false
    $info.RedirectStandardInput = $true
    $info.RedirectStandardOutput = $true
    [Diagnostics.Process]::Start($info)
}

function Stop-FloorClient([Diagnostics.Process] $Process) {
    if (-not $Process) { return }
    try {
        if (-not $Process.HasExited) {
            $Process.StandardInput.WriteLine('quit')
            $Process.StandardInput.Close()
            if (-not $Process.WaitForExit(5000)) { $Process.Kill() }
        }
    }
    finally { $Process.Dispose() }
}

# One measured run: seconds and cards. The floor times itself (in its own warm process).
function Invoke-Contender($Contender, [string] $BaseUri, $Floor) {
    [GC]::Collect()
    [GC]::WaitForPendingFinalizers()
    if ($Contender.Kind -eq 'floor') {
        $Floor.StandardInput.WriteLine('run')
        $Floor.StandardInput.Flush()
        $line = $Floor.StandardOutput.ReadLine()
        if ($line -notmatch '^elapsed_ms=([\d.]+) cards=(\d+)') {
            throw "The floor client answered '$line'."
        }
        return [pscustomobject]@{ Seconds = [double]::Parse($Matches[1], $Invariant) / 1000; Cards = [long]$Matches[2] }
    }

    $clock = [Diagnostics.Stopwatch]::StartNew()
    if ($Contender.Kind -eq 'irm') {
        $count = & $IrmLoop $BaseUri
    }
    else {
        $count = & $ModuleListing $BaseUri $Contender.ThrottleLimit
    }
    $clock.Stop()
    if ($Contender.Kind -eq 'module') { Disconnect-Hyper3D }
    [pscustomobject]@{ Seconds = $clock.Elapsed.TotalSeconds; Cards = [long]$count }
}

# ---------------------------------------------------------------------------------------------- setup

Write-Host '# Hyper3D benchmark'
$Machine = Get-MachineDescription
$LoadAtStart = Get-LoadAverage
Write-Host "Machine: $Machine"
Write-Host "Load average (1/5/15 min) at start: $LoadAtStart"

Write-Step 'Building the floor client (bench/FloorClient -> out/bench/floor)'
New-Item -ItemType Directory -Force -Path $BenchOut | Out-Null
Push-Location $Root
try {
    Invoke-Native dotnet @('build', 'bench/FloorClient/FloorClient.csproj', '-c', 'Release', '-o', 'out/bench/floor', '--nologo', '-v', 'q') | Out-Null
}
finally { Pop-Location }

Import-Module (Join-Path $Root 'tools/Emulator.psm1') -Force
Import-Module $ModulePath -Force
$DefaultThrottle = [Hyper3D.Commands.GetHyper3DGalleryCardCommand]::new().ThrottleLimit

$Contenders = @(
    [pscustomobject]@{ Key = 'a'; Name = '(a) Invoke-RestMethod loop'; Kind = 'irm'; ThrottleLimit = 0 }
    [pscustomobject]@{ Key = 'b'; Name = "(b) Get-Hyper3DGalleryCard -All (default -ThrottleLimit $DefaultThrottle)"; Kind = 'module'; ThrottleLimit = 0 }
    [pscustomobject]@{ Key = 'b8'; Name = '(b) Get-Hyper3DGalleryCard -All -ThrottleLimit 8'; Kind = 'module'; ThrottleLimit = 8 }
    [pscustomobject]@{ Key = 'c'; Name = '(c) floor: C# HttpClient + System.Text.Json'; Kind = 'floor'; ThrottleLimit = 0 }
)

# ---------------------------------------------------------------------------------------------- 1. throughput

$Throughput = [Collections.Generic.List[object]]::new()
foreach ($latency in $LatencyMs) {
    Write-Step "Emulator: --cards $Cards --page-size $PageSize --latency-ms $latency"
    $emulator = Start-Hyper3DEmulator -ArgumentList @('--cards', "$Cards", '--page-size', "$PageSize", '--latency-ms', "$latency")
    $floor = $null
    try {
        $base = $emulator.BaseUri
        # What a complete listing must hold: the seeded cards that Recent shows (hidden ones are left out).
        $expected = $null
        if ($Cards -le 10000) {
            $dataset = Invoke-Hyper3DEmulatorControl -Emulator $emulator -Action dataset
            $expected = @($dataset.cards | Where-Object { -not ($_.PSObject.Properties['is_hidden'] -and $_.is_hidden) }).Count
        }
        $floor = Start-FloorClient $base

        $samples = @{}
        foreach ($c in $Contenders) {
            $warm = Invoke-Contender $c $base $floor
            if ($null -eq $expected) { $expected = $warm.Cards }
            if ($warm.Cards -ne $expected) {
                Write-Warning "$($c.Name) listed $($warm.Cards) cards; expected $expected."
            }
            Write-Step ("  warm-up {0,-70} {1,7:0.000} s  {2} cards" -f $c.Name, $warm.Seconds, $warm.Cards)
            $samples[$c.Key] = [Collections.Generic.List[object]]::new()
        }

        for ($rep = 0; $rep -lt $Repetitions; $rep++) {
            # Round-robin, and the starting contender rotates, so no contender always follows the same one.
            $order = for ($i = 0; $i -lt $Contenders.Count; $i++) { $Contenders[($i + $rep) % $Contenders.Count] }
            $line = foreach ($c in $order) {
                $run = Invoke-Contender $c $base $floor
                if ($run.Cards -ne $expected) {
                    Write-Warning "$($c.Name) listed $($run.Cards) cards in repetition $($rep + 1); expected $expected."
                }
                $samples[$c.Key].Add($run)
                '{0}={1:0.000}s' -f $c.Key, $run.Seconds
            }
            Write-Step ("  latency {0} ms, repetition {1}/{2}: {3}" -f $latency, ($rep + 1), $Repetitions, ($line -join '  '))
        }

        foreach ($c in $Contenders) {
            $runs = $samples[$c.Key]
            $seconds = Get-Median ([double[]]@($runs | ForEach-Object Seconds))
            $Throughput.Add([pscustomobject]@{
                    LatencyMs = $latency
                    Key       = $c.Key
                    Name      = $c.Name
                    Seconds   = $seconds
                    Min       = ($runs | Measure-Object Seconds -Minimum).Minimum
                    Max       = ($runs | Measure-Object Seconds -Maximum).Maximum
                    Cards     = $expected
                    CardsOk   = -not ($runs | Where-Object Cards -NE $expected)
                    PerSecond = $expected / $seconds
                    Samples   = @($runs | ForEach-Object Seconds)
                })
        }
    }
    finally {
        Stop-FloorClient $floor
        $emulator | Stop-Hyper3DEmulator
    }
}

# ---------------------------------------------------------------------------------------------- 2. Import-Module

Write-Step "Import-Module time: 1 discarded + $ImportRuns fresh 'dotnet pwsh -NoProfile' processes"
$quoted = $ModulePath -replace "'", "''"
$importCommand = "`$ProgressPreference = 'SilentlyContinue'; (Measure-Command { Import-Module '$quoted' }).TotalMilliseconds.ToString([cultureinfo]::InvariantCulture)"
$importMs = [Collections.Generic.List[double]]::new()
for ($i = 0; $i -le $ImportRuns; $i++) {
    $out = Invoke-Native dotnet @('pwsh', '-NoProfile', '-NonInteractive', '-Command', $importCommand)
    $value = [double]::Parse((@($out)[-1]).ToString().Trim(), $Invariant)
    if ($i -gt 0) { $importMs.Add($value) }
}
$ImportMedian = Get-Median $importMs.ToArray()
$ImportMin = ($importMs | Measure-Object -Minimum).Minimum
$ImportMax = ($importMs | Measure-Object -Maximum).Maximum
Write-Step ("  Import-Module median {0:0.0} ms (min {1:0.0}, max {2:0.0})" -f $ImportMedian, $ImportMin, $ImportMax)

# ---------------------------------------------------------------------------------------------- 3. peak memory

$memoryScript = @'
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
Import-Module '{0}'
Connect-Hyper3D -BaseUri '{1}'
$clock = [Diagnostics.Stopwatch]::StartNew()
$count = (Get-Hyper3DGalleryCard -All | Measure-Object).Count
$clock.Stop()
$peak = [Diagnostics.Process]::GetCurrentProcess().PeakWorkingSet64
$source = 'PeakWorkingSet64'
$vmhwm = 0
if (Test-Path /proc/self/status) {{
    $hwm = Get-Content /proc/self/status | Where-Object {{ $_ -match '^VmHWM:\s*(\d+)\s*kB' }} | Select-Object -First 1
    if ($hwm -match '(\d+)') {{ $vmhwm = [long]$Matches[1] * 1KB }}
}}
if ($peak -le 0 -and $vmhwm -gt 0) {{ $peak = $vmhwm; $source = 'VmHWM' }}
'count={{0}} peak={{1}} seconds={{2}} source={{3}} vmhwm={{4}}' -f $count, $peak, $clock.Elapsed.TotalSeconds.ToString([cultureinfo]::InvariantCulture), $source, $vmhwm
'@

# A fresh pwsh lists every card of an emulator started with these arguments; its peak working set and the cards it listed.
function Measure-PeakWorkingSet([string[]] $EmulatorArguments, [long] $SeededCards) {
    $emulator = Start-Hyper3DEmulator -ArgumentList $EmulatorArguments
    try {
        $command = $memoryScript -f $quoted, ($emulator.BaseUri -replace "'", "''")
        $out = Invoke-Native dotnet @('pwsh', '-NoProfile', '-NonInteractive', '-Command', $command)
        $line = @($out | Where-Object { "$_" -match '^count=' })[-1]
        if ("$line" -notmatch '^count=(\d+) peak=(\d+) seconds=([\d.]+) source=(\S+) vmhwm=(\d+)') { throw "Unexpected output: $($out -join ' ')" }
        $result = [pscustomobject]@{
            SeededCards = $SeededCards
            Listed      = [long]$Matches[1]
            PeakMB      = [long]$Matches[2] / 1MB
            Seconds     = [double]::Parse($Matches[3], $Invariant)
            Source      = $Matches[4]
            VmHwmMB     = [long]$Matches[5] / 1MB
        }
        if ($result.PeakMB -le 0) { throw "The peak working set of the $SeededCards-card run read as 0." }
        Write-Step ("  {0} cards listed in {1:0.0} s, peak working set {2:0.0} MB ({3}; VmHWM {4:0.0} MB)" -f $result.Listed, $result.Seconds, $result.PeakMB, $result.Source, $result.VmHwmMB)
        $result
    }
    finally { $emulator | Stop-Hyper3DEmulator }
}

$Memory = [Collections.Generic.List[object]]::new()
foreach ($n in $MemorySmallCards, $MemoryLargeCards) {
    Write-Step "Peak memory: fresh pwsh, Get-Hyper3DGalleryCard -All over --cards $n --page-size $PageSize --latency-ms 0"
    $Memory.Add((Measure-PeakWorkingSet @('--cards', "$n", '--page-size', "$PageSize", '--latency-ms', '0') $n))
}
$MemorySmall = $Memory[0]
$MemoryLarge = $Memory[1]
$MemoryDelta = $MemoryLarge.PeakMB - $MemorySmall.PeakMB

. (Join-Path $PSScriptRoot 'HugePageBenchmark.ps1')
$HugePages = Measure-HugePages

# ---------------------------------------------------------------------------------------------- 4. card media

. (Join-Path $PSScriptRoot 'MediaBenchmark.ps1')
$Media = Measure-CardMedia -ModulePath $ModulePath

# ---------------------------------------------------------------------------------------------- 5. politeness

. (Join-Path $PSScriptRoot 'PolitenessBenchmark.ps1')
$Politeness = @(Measure-Politeness -PageSize $PageSize)

# ---------------------------------------------------------------------------------------------- 6. adaptive concurrency

. (Join-Path $PSScriptRoot 'ConcurrencyBenchmark.ps1')
$Concurrency = Measure-Concurrency -PageSize $PageSize

# ---------------------------------------------------------------------------------------------- report

function Get-Row([int] $Latency, [string] $Key) { $Throughput | Where-Object { $_.LatencyMs -eq $Latency -and $_.Key -eq $Key } | Select-Object -First 1 }

$md = [Collections.Generic.List[string]]::new()
$md.Add('## Hyper3D benchmark results')
$md.Add('')
$md.Add("Machine: $Machine")
$md.Add('')
$md.Add("Load average (1/5/15 min): $LoadAtStart at start, $(Get-LoadAverage) at the end (other work on the machine adds noise).")
$md.Add('')
$md.Add("Listing every Recent card: emulator --cards $Cards --page-size $PageSize; median of $Repetitions runs after one warm-up, contenders round-robin. " +
    "The time ratio is the contender's median time over (b)'s (default -ThrottleLimit $DefaultThrottle) at the same latency: above 1 means (b) is that many times faster.")
$md.Add('')
$md.Add('| Latency | Contender | Median (s) | Cards/s | Min-max (s) | Cards | Time / (b) |')
$md.Add('|---:|---|---:|---:|---:|---:|---:|')
foreach ($row in $Throughput) {
    $b = Get-Row $row.LatencyMs 'b'
    $cardsCell = if ($row.CardsOk) { "$($row.Cards)" } else { "$($row.Cards) (MISMATCH)" }
    $md.Add(('| {0} ms | {1} | {2} | {3} | {4}-{5} | {6} | {7}x |' -f $row.LatencyMs, $row.Name,
            (Format-Number $row.Seconds '0.000'), (Format-Number $row.PerSecond '#,0'),
            (Format-Number $row.Min '0.000'), (Format-Number $row.Max '0.000'), $cardsCell,
            (Format-Number ($row.Seconds / $b.Seconds) '0.00')))
}
$md.Add('')
$md.Add('| Ratio | ' + (($LatencyMs | ForEach-Object { "$_ ms" }) -join ' | ') + ' |')
$md.Add('|---|' + (($LatencyMs | ForEach-Object { '---:' }) -join '|') + '|')
$md.Add('| IRM / (b), time | ' + (($LatencyMs | ForEach-Object { (Format-Number ((Get-Row $_ 'a').Seconds / (Get-Row $_ 'b').Seconds)) + 'x' }) -join ' | ') + ' |')
$md.Add('| (c) / (b), time | ' + (($LatencyMs | ForEach-Object { (Format-Number ((Get-Row $_ 'c').Seconds / (Get-Row $_ 'b').Seconds)) + 'x' }) -join ' | ') + ' |')
$md.Add('| IRM / (b) -ThrottleLimit 8, time | ' + (($LatencyMs | ForEach-Object { (Format-Number ((Get-Row $_ 'a').Seconds / (Get-Row $_ 'b8').Seconds)) + 'x' }) -join ' | ') + ' |')
$md.Add('')
$md.Add('| Measure | Result |')
$md.Add('|---|---:|')
$md.Add(('| Import-Module, median of {0} fresh processes (min-max) | {1} ms ({2}-{3}) |' -f $importMs.Count, (Format-Number $ImportMedian '0.0'), (Format-Number $ImportMin '0.0'), (Format-Number $ImportMax '0.0')))
$md.Add(('| Peak working set, -All over {0:N0} cards ({1:N0} listed, {2:0.0} s) | {3} MB |' -f $MemorySmall.SeededCards, $MemorySmall.Listed, $MemorySmall.Seconds, (Format-Number $MemorySmall.PeakMB '0.0')))
$md.Add(('| Peak working set, -All over {0:N0} cards ({1:N0} listed, {2:0.0} s) | {3} MB |' -f $MemoryLarge.SeededCards, $MemoryLarge.Listed, $MemoryLarge.Seconds, (Format-Number $MemoryLarge.PeakMB '0.0')))
$md.Add(('| Peak working set difference | {0} MB |' -f (Format-Number $MemoryDelta '+0.0;-0.0')))
Add-HugePageReport $HugePages $md
$md.Add('')

# Targets.
$targets = [Collections.Generic.List[object]]::new()
function Add-Target([string] $Text, [bool] $Pass, [string] $Measured) {
    $targets.Add([pscustomobject]@{ Text = $Text; Pass = $Pass; Measured = $Measured })
}
if ($LatencyMs -contains 20) {
    $a20 = Get-Row 20 'a'; $b20 = Get-Row 20 'b'; $c20 = Get-Row 20 'c'
    $ratio = $a20.Seconds / $b20.Seconds
    Add-Target '20 ms latency: (b) at least 5x faster than (a)' ($ratio -ge 5) ('{0}x' -f (Format-Number $ratio))
    Add-Target '20 ms latency: (b) faster than (c)' ($b20.Seconds -lt $c20.Seconds) ('{0} s vs {1} s' -f (Format-Number $b20.Seconds '0.000'), (Format-Number $c20.Seconds '0.000'))
}
if ($LatencyMs -contains 0) {
    $a0 = Get-Row 0 'a'; $b0 = Get-Row 0 'b'
    $ratio = $b0.PerSecond / $a0.PerSecond
    Add-Target '0 ms latency: (b) cards/s at least 2x (a)' ($ratio -ge 2) ('{0}x ({1} vs {2} cards/s)' -f (Format-Number $ratio), (Format-Number $b0.PerSecond '#,0'), (Format-Number $a0.PerSecond '#,0'))
}
Add-Target ('Peak memory, {0:N0} vs {1:N0} cards: within 50 MB' -f $MemoryLarge.SeededCards, $MemorySmall.SeededCards) ([math]::Abs($MemoryDelta) -le 50) ('{0} MB' -f (Format-Number $MemoryDelta '+0.0;-0.0'))
Add-HugePageTargets $HugePages
Add-Target 'Import-Module median under 150 ms' ($ImportMedian -lt 150) ('{0} ms' -f (Format-Number $ImportMedian '0.0'))
$allCardsOk = -not ($Throughput | Where-Object { -not $_.CardsOk })
Add-Target 'Every contender listed every card in every run' $allCardsOk ($(if ($allCardsOk) { 'yes' } else { 'no: see MISMATCH' }))
Add-CardMediaReport $Media $md
Add-PolitenessTargets $Politeness
Add-PolitenessReport $Politeness $md
Add-ConcurrencyTargets $Concurrency
Add-ConcurrencyReport $Concurrency $md
$md.Add('')

$md.Add('### Targets')
$md.Add('')
foreach ($t in $targets) {
    $md.Add(('- {0}: {1} (measured {2})' -f $(if ($t.Pass) { 'PASS' } else { 'FAIL' }), $t.Text, $t.Measured))
}
$md.Add('')
$md.Add(('Notes: (a) and (b) run in the benchmark''s pwsh, the floor in one warm process per emulator that times each run itself ' +
        '(each run with a new HttpClient, as each (a)/(b) run has new connections). (a) and (b) ask for compressed answers, the floor does not. ' +
        'The emulator runs on the same machine. Benchmark time {0:0} s.') -f $BenchClock.Elapsed.TotalSeconds)

$md.Add('')
$md.Add('Samples (s), in measurement order:')
$md.Add('')
foreach ($row in $Throughput) {
    $md.Add(('- {0} ms, {1}: {2}' -f $row.LatencyMs, $row.Name, (($row.Samples | ForEach-Object { Format-Number $_ '0.000' }) -join ', ')))
}
$md.Add(('- Import-Module (ms): {0}' -f (($importMs | ForEach-Object { Format-Number $_ '0.0' }) -join ', ')))

$report = $md -join [Environment]::NewLine
New-Item -ItemType Directory -Force -Path (Split-Path -Parent $ResultsPath) | Out-Null
Set-Content -LiteralPath $ResultsPath -Value $report -Encoding utf8NoBOM

Write-Host ''
Write-Host $report
Write-Host ''
foreach ($t in $targets) {
    $color = if ($t.Pass) { 'Green' } else { 'Red' }
    Write-Host ('{0}: {1} (measured {2})' -f $(if ($t.Pass) { 'PASS' } else { 'FAIL' }), $t.Text, $t.Measured) -ForegroundColor $color
}
$failed = @($targets | Where-Object { -not $_.Pass }).Count
Write-Host ''
Write-Host ("{0} of {1} targets met. Report written to {2}" -f ($targets.Count - $failed), $targets.Count, $ResultsPath)
exit 0
