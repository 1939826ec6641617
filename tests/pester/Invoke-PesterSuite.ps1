<#
.SYNOPSIS
    Runs one Pester suite against the built module and writes its counts, failed tests and time as JSON, for
    Invoke-PesterSuites.ps1 to add up.
#>
param(
    [Parameter(Mandatory)] [string] $PesterPath,
    [Parameter(Mandatory)] [string] $SuitePath,
    [Parameter(Mandatory)] [string] $ResultPath
)
$ErrorActionPreference = 'Stop'
Import-Module $PesterPath -MinimumVersion 5.7.1 -Force

$configuration = New-PesterConfiguration
$configuration.Run.Path = $SuitePath
$configuration.Run.PassThru = $true
$configuration.Output.Verbosity = 'Detailed'
$clock = [Diagnostics.Stopwatch]::StartNew()
$result = Invoke-Pester -Configuration $configuration

# A suite that fails outside its tests (a broken BeforeAll, a file that does not parse) counts as a failure.
[pscustomobject]@{
    Suite   = [IO.Path]::GetFileName($SuitePath)
    Passed  = $result.PassedCount
    Failed  = $result.FailedCount + $result.FailedBlocksCount + $result.FailedContainersCount
    Skipped = $result.SkippedCount
    Seconds = [math]::Round($clock.Elapsed.TotalSeconds, 1)
    FailedTests = [string[]]@($result.Failed | ForEach-Object ExpandedPath) + @($result.FailedBlocks | ForEach-Object ExpandedPath)
} | ConvertTo-Json | Set-Content -Path $ResultPath
