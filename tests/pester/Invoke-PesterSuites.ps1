<#
.SYNOPSIS
    Runs the Pester suites against the built module and writes {Passed, Failed} for build.ps1 to add up.
#>
param(
    [Parameter(Mandatory)] [string] $PesterPath,
    [Parameter(Mandatory)] [string] $SummaryPath,
    # Run only the suites whose file names contain this; all when empty.
    [string] $NameContains = ''
)
$ErrorActionPreference = 'Stop'
Import-Module $PesterPath -MinimumVersion 5.7.1 -Force

$configuration = New-PesterConfiguration
$configuration.Run.Path = @(Get-ChildItem -Path $PSScriptRoot -Filter '*.Tests.ps1' |
    Where-Object { $_.Name -like "*$NameContains*" } | ForEach-Object FullName)
if ($configuration.Run.Path.Value.Count -eq 0) { throw "No Pester suite matches '$NameContains'." }
$configuration.Run.PassThru = $true
$configuration.Output.Verbosity = 'Detailed'
$result = Invoke-Pester -Configuration $configuration

# A suite that fails outside its tests (a broken BeforeAll, a file that does not parse) counts as a failure.
$failed = $result.FailedCount + $result.FailedBlocksCount + $result.FailedContainersCount
[pscustomobject]@{ Passed = $result.PassedCount; Failed = $failed } | ConvertTo-Json | Set-Content -Path $SummaryPath
