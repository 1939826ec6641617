<#
.SYNOPSIS
    A worker of Invoke-PesterSuites.ps1: runs, one after another, each suite of the list that no other worker has
    claimed yet, and writes each one's counts, failed tests and time as JSON into the results folder.
.DESCRIPTION
    A worker claims a suite by creating its claim file, which only one process can do; so workers share the list
    with no coordinator, and a worker that finishes early takes the next suite.
#>
param(
    [Parameter(Mandatory)] [string] $PesterPath,
    # The suites' paths in the order to take them, joined by the platform's path separator.
    [Parameter(Mandatory)] [string] $SuitePath,
    [Parameter(Mandatory)] [string] $WorkPath
)
$ErrorActionPreference = 'Stop'
Import-Module $PesterPath -MinimumVersion 5.7.1 -Force

foreach ($suite in $SuitePath.Split([IO.Path]::PathSeparator)) {
    $name = [IO.Path]::GetFileNameWithoutExtension($suite)
    try { [IO.File]::Open((Join-Path $WorkPath "$name.claim"), 'CreateNew').Dispose() }
    catch [IO.IOException] { continue }

    $configuration = New-PesterConfiguration
    $configuration.Run.Path = $suite
    $configuration.Run.PassThru = $true
    $configuration.Output.Verbosity = 'Detailed'
    $clock = [Diagnostics.Stopwatch]::StartNew()
    $result = Invoke-Pester -Configuration $configuration

    # A suite that fails outside its tests (a broken BeforeAll, a file that does not parse) counts as a failure.
    [pscustomobject]@{
        Suite       = [IO.Path]::GetFileName($suite)
        Passed      = $result.PassedCount
        Failed      = $result.FailedCount + $result.FailedBlocksCount + $result.FailedContainersCount
        Skipped     = $result.SkippedCount
        Seconds     = [math]::Round($clock.Elapsed.TotalSeconds, 1)
        FailedTests = [string[]](@($result.Failed | ForEach-Object ExpandedPath) + @($result.FailedBlocks | ForEach-Object ExpandedPath))
    } | ConvertTo-Json | Set-Content -Path (Join-Path $WorkPath "$name.json")
}
