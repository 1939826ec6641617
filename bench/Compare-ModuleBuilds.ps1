#!/usr/bin/env pwsh
<#
.SYNOPSIS
    Two builds of the module side by side: -All over the same emulator, each listing in a fresh pwsh (one process
    cannot load two builds of one assembly), the two builds interleaved run by run so that the machine's noise
    falls on both alike.
.DESCRIPTION
    Build the other side from any commit, for example:
        git worktree add --detach ../before <commit>
        dotnet publish ../before/src/Hyper3D/Hyper3D.csproj -c Release -o ../before/out/Hyper3D
        Copy-Item ../before/Hyper3D.psd1, ../before/src/Hyper3D/Hyper3D.Format.ps1xml ../before/out/Hyper3D
        dotnet pwsh ./bench/Compare-ModuleBuilds.ps1 -ModulePath out/Hyper3D/Hyper3D.psd1 -BaselinePath ../before/out/Hyper3D/Hyper3D.psd1
    Each child times Connect-Hyper3D plus Get-Hyper3DGalleryCard -All itself (process start and Import-Module are
    left out) and lists three times; a run is the mean of the three. The target: this build within 10 % of the
    baseline's median at every latency.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $BaselinePath,
    [int[]] $LatencyMs = @(0, 20),
    [int] $Cards = 5000,
    [ValidateRange(1, 50)] [int] $Runs = 5
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
$Root = Split-Path -Parent $PSScriptRoot
. (Join-Path $PSScriptRoot 'BenchHelpers.ps1')
Import-Module (Join-Path $Root 'tools/Emulator.psm1') -Force
$Invariant = [cultureinfo]::InvariantCulture

$builds = [ordered]@{
    'this build' = (Resolve-Path -LiteralPath $ModulePath).ProviderPath
    'baseline'   = (Resolve-Path -LiteralPath $BaselinePath).ProviderPath
}

$child = @'
param($module, $base)
Import-Module $module
$times = foreach ($i in 1..3) {
    $clock = [Diagnostics.Stopwatch]::StartNew()
    Connect-Hyper3D -BaseUri $base
    $count = (Get-Hyper3DGalleryCard -All | Measure-Object).Count
    $clock.Stop()
    Disconnect-Hyper3D
    $clock.Elapsed.TotalSeconds
}
"{0} {1}" -f ($times | Measure-Object -Average).Average.ToString([cultureinfo]::InvariantCulture), $count
'@
$script = Join-Path ([IO.Path]::GetTempPath()) "hyper3d-compare-$([guid]::NewGuid().ToString('n')).ps1"
Set-Content -LiteralPath $script -Value $child

Write-Host "Load average (1/5/15 min) at start: $(Get-LoadAverage)"
$rows = foreach ($latency in $LatencyMs) {
    $emulator = Start-Hyper3DEmulator -ArgumentList @('--cards', "$Cards", '--latency-ms', "$latency")
    try {
        $seconds = @{}
        $listed = @{}
        foreach ($name in $builds.Keys) { $seconds[$name] = [Collections.Generic.List[double]]::new() }
        foreach ($run in 0..$Runs) {
            foreach ($name in $builds.Keys) {
                $line = & dotnet pwsh -NoProfile -NonInteractive -File $script $builds[$name] $emulator.BaseUri
                if ($LASTEXITCODE -ne 0 -or "$line" -notmatch '^([\d.]+) (\d+)$') { throw "$name answered '$line'." }
                # Run 0 warms the emulator and the disk cache for both builds; it is not counted.
                if ($run -gt 0) { $seconds[$name].Add([double]::Parse($Matches[1], $Invariant)) }
                $listed[$name] = [int]$Matches[2]
            }
        }
        $mine = Get-Median $seconds['this build']
        $before = Get-Median $seconds['baseline']
        [pscustomobject]@{
            LatencyMs = $latency
            ThisBuild = $mine
            Baseline  = $before
            Ratio     = $mine / $before
            Listed    = "$($listed['this build']) / $($listed['baseline'])"
        }
    }
    finally { $emulator | Stop-Hyper3DEmulator }
}
Remove-Item -LiteralPath $script -ErrorAction SilentlyContinue
Write-Host "Load average (1/5/15 min) at the end: $(Get-LoadAverage)"

Write-Host ''
Write-Host "| Latency | This build, median (s) | Baseline, median (s) | Ratio | Cards listed |"
Write-Host "|---:|---:|---:|---:|---:|"
foreach ($row in $rows) {
    Write-Host ("| {0} ms | {1:0.000} | {2:0.000} | {3:0.00}x | {4} |" -f $row.LatencyMs, $row.ThisBuild, $row.Baseline, $row.Ratio, $row.Listed)
}
foreach ($row in $rows) {
    $verdict = if ($row.Ratio -le 1.10) { 'PASS' } else { 'FAIL' }
    Write-Host ("- {0}: {1} ms, no limit: within 10 % of the baseline (measured {2:0.00}x)" -f $verdict, $row.LatencyMs, $row.Ratio)
}
