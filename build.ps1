#!/usr/bin/env pwsh
<#
.SYNOPSIS
    Builds, tests, demonstrates, benchmarks and packages the Hyper3D module.
.DESCRIPTION
    Run through the repository's local PowerShell tool, so a machine with only the .NET SDK needs nothing else:
        dotnet tool restore && dotnet pwsh ./build.ps1 -Task Test
    Tasks:
      Build     out/Hyper3D (importable module) and out/emulator.
      Test      Build, then xUnit and Pester side by side (Pester suites in a few workers), each timed; ends with
                "Tests: N passed, M failed".
      Demo      Build, start the emulator, connect, show and export cards, stop the emulator.
      Emulator  Run the emulator in the foreground (pass its options with -EmulatorArgument; -NoBuild skips the build).
      Bench     Build, then the benchmark in bench/ (see README).
      Screenshot  Build, then docs/report.png: a report of the emulator's gallery as headless Chromium shows it.
      ReportBench Build, then the report benchmark (file size, browser load time, memory; see README).
      Package   Build, then a .nupkg in out/repository through PSResourceGet.
      Clean     Remove out/ and the build folders.
.EXAMPLE
    dotnet pwsh ./build.ps1 -Task Emulator -EmulatorArgument:'--urls http://127.0.0.1:5080 --cards 1000'

    The same from bash or pwsh: the colon keeps pwsh -File from reading '--urls' as a parameter name.
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Test', 'Demo', 'Emulator', 'Bench', 'Screenshot', 'ReportBench', 'Package', 'Clean')]
    [string] $Task = 'Build',

    # The emulator's options: an array inside pwsh, or one string (split at spaces and commas), which is what a
    # shell such as bash can pass, since pwsh -File reads any word that starts with '-' as a parameter name.
    [string[]] $EmulatorArgument = @(),

    # Emulator only: start the emulator already in out/emulator without building first.
    [switch] $NoBuild,

    # Pester only: run the *.Tests.ps1 files whose names contain this (e.g. 'Paging'); all by default.
    [string] $PesterFilter = ''
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
$Root = $PSScriptRoot
$Out = Join-Path $Root 'out'
$ModuleOut = Join-Path $Out 'Hyper3D'
$EmulatorOut = Join-Path $Out 'emulator'
$ResultsOut = Join-Path $Out 'test-results'

function Invoke-Native {
    param([Parameter(Mandatory)] [string] $Command, [string[]] $Arguments = @())
    & $Command @Arguments
    if ($LASTEXITCODE -ne 0) {
        throw "'$Command $($Arguments -join ' ')' failed with exit code $LASTEXITCODE."
    }
}

function Invoke-Build {
    Invoke-Native dotnet @('restore', (Join-Path $Root 'tools/Tools.csproj'), '--nologo', '-v', 'q')
    if (Test-Path $ModuleOut) { Remove-Item -Recurse -Force $ModuleOut }
    Invoke-Native dotnet @('publish', (Join-Path $Root 'src/Hyper3D/Hyper3D.csproj'), '-c', 'Release', '-o', $ModuleOut, '--nologo', '-v', 'q')
    Invoke-Native dotnet @('build', (Join-Path $Root 'src/Hyper3D.Emulator/Hyper3D.Emulator.csproj'), '-c', 'Release', '-o', $EmulatorOut, '--nologo', '-v', 'q')
    Copy-Item (Join-Path $Root 'Hyper3D.psd1') $ModuleOut
    Copy-Item (Join-Path $Root 'src/Hyper3D/Hyper3D.Format.ps1xml') $ModuleOut
    Copy-Item (Join-Path $Root 'LICENSE'), (Join-Path $Root 'CHANGELOG.md') $ModuleOut
    Remove-Item -Force -ErrorAction SilentlyContinue (Join-Path $ModuleOut 'Hyper3D.deps.json')
    # A module without its help is not a build: any failure here stops the build.
    & (Join-Path $Root 'docs/Build-Help.ps1') -DocsPath (Join-Path $Root 'docs') -OutputPath (Join-Path $ModuleOut 'en-US')
    Write-Host "Built the module in $ModuleOut and the emulator in $EmulatorOut."
}

function Get-NuGetPackageRoot {
    if ($env:NUGET_PACKAGES) { return $env:NUGET_PACKAGES }
    $line = & dotnet nuget locals global-packages --list
    return ($line -replace '^global-packages:\s*', '').Trim()
}

function Invoke-XunitTests {
    $trx = Join-Path $ResultsOut 'xunit.trx'
    Remove-Item -Force -ErrorAction SilentlyContinue $trx
    & dotnet test (Join-Path $Root 'tests/Hyper3D.Tests/Hyper3D.Tests.csproj') -c Release --nologo `
        --logger "trx;LogFileName=$trx" --logger 'console;verbosity=normal' | Out-Host
    if (-not (Test-Path $trx)) {
        Write-Host 'xUnit produced no results: the test project failed to build or run.' -ForegroundColor Red
        return [pscustomobject]@{ Passed = 0; Failed = 1 }
    }
    $counters = ([xml](Get-Content -Raw $trx)).TestRun.ResultSummary.Counters
    [pscustomobject]@{ Passed = [int]$counters.passed; Failed = [int]$counters.failed + [int]$counters.error + [int]$counters.timeout + [int]$counters.aborted }
}

# Starts the Pester suites in fresh pwsh processes (a few workers side by side), so xUnit can run meanwhile: the
# suites import the built module as a user would, in processes the build has not touched.
function Start-PesterTests {
    $summary = Join-Path $ResultsOut 'pester.json'
    Remove-Item -Force -ErrorAction SilentlyContinue $summary
    $start = [Diagnostics.ProcessStartInfo]::new('dotnet')
    # The filter has no wildcard of its own: pwsh expands '*' in arguments to native commands on Unix.
    foreach ($argument in @('pwsh', '-NoProfile', '-NonInteractive', '-File', (Join-Path $Root 'tests/pester/Invoke-PesterSuites.ps1'),
            '-PesterPath', (Join-Path (Get-NuGetPackageRoot) 'pester/5.7.1/tools/Pester.psd1'), '-SummaryPath', $summary, '-NameContains', $PesterFilter)) {
        $start.ArgumentList.Add($argument)
    }
    $start.WorkingDirectory = $Root
    $start.UseShellExecute = $false
    $start.RedirectStandardOutput = $true
    $start.RedirectStandardError = $true
    $process = [Diagnostics.Process]::Start($start)
    [pscustomobject]@{ Process = $process; StdOut = $process.StandardOutput.ReadToEndAsync(); StdErr = $process.StandardError.ReadToEndAsync(); Summary = $summary }
}

# Waits for the suites, prints what they printed, and returns {Passed, Failed, Seconds}.
function Complete-PesterTests($Run) {
    $Run.Process.WaitForExit()
    Write-Host $Run.StdOut.Result
    if ($Run.StdErr.Result) { Write-Host $Run.StdErr.Result -ForegroundColor Red }
    $Run.Process.Dispose()
    if (-not (Test-Path $Run.Summary)) {
        Write-Host 'Pester produced no summary: the run itself failed.' -ForegroundColor Red
        return [pscustomobject]@{ Passed = 0; Failed = 1; Seconds = 0 }
    }
    Get-Content -Raw $Run.Summary | ConvertFrom-Json
}

function Invoke-Test {
    $clock = [Diagnostics.Stopwatch]::StartNew()
    Invoke-Build
    $buildSeconds = $clock.Elapsed.TotalSeconds
    New-Item -ItemType Directory -Force -Path $ResultsOut | Out-Null
    # Most Pester tests wait on the emulator: xUnit runs in the meantime.
    $pesterRun = Start-PesterTests
    $xunit = Invoke-XunitTests
    $xunitSeconds = $clock.Elapsed.TotalSeconds - $buildSeconds
    $pester = Complete-PesterTests $pesterRun
    $passed = $xunit.Passed + $pester.Passed
    $failed = $xunit.Failed + $pester.Failed
    Write-Host ('Build {0:0} s; then side by side xUnit {1:0} s and Pester {2:0} s (each suite above); in all {3:0} s.' -f $buildSeconds, $xunitSeconds, $pester.Seconds, $clock.Elapsed.TotalSeconds)
    Write-Host "xUnit: $($xunit.Passed) passed, $($xunit.Failed) failed; Pester: $($pester.Passed) passed, $($pester.Failed) failed."
    Write-Host "Tests: $passed passed, $failed failed"
    if ($failed -gt 0) { exit 1 }
}

function Invoke-Demo {
    Invoke-Build
    Import-Module (Join-Path $Root 'tools/Emulator.psm1') -Force
    $emulator = Start-Hyper3DEmulator
    try {
        Import-Module (Join-Path $ModuleOut 'Hyper3D.psd1') -Force
        Write-Host "Emulator listening on $($emulator.Url)"
        Write-Host "`nConnect-Hyper3D -BaseUri $($emulator.BaseUri)   # anonymous"
        Connect-Hyper3D -BaseUri $emulator.BaseUri
        Write-Host "Get-Hyper3DGalleryCard -Type Featured | Where NumLike -gt 10"
        Get-Hyper3DGalleryCard -Type Featured | Where-Object NumLike -gt 10 | Format-Table | Out-String -Width 120 | Write-Host

        $password = ConvertTo-SecureString 'demo-password' -AsPlainText -Force
        $credential = [pscredential]::new('demo@hyper3d.local', $password)
        Write-Host "Connect-Hyper3D -BaseUri $($emulator.BaseUri) -Credential demo@hyper3d.local"
        Connect-Hyper3D -BaseUri $emulator.BaseUri -Credential $credential
        Get-Hyper3DConnection | Format-List | Out-String -Width 120 | Write-Host
        $report = Join-Path $Out 'demo/liked.csv'
        New-Item -ItemType Directory -Force -Path (Split-Path $report) | Out-Null
        Write-Host "Get-Hyper3DGalleryCard -Type Mine -Status Liked -All | Export-Csv $report"
        Get-Hyper3DGalleryCard -Type Mine -Status Liked -All | Export-Csv -Path $report -NoTypeInformation
        $rows = @(Import-Csv $report).Count
        Write-Host "Wrote a CSV report of the $rows cards demo liked: $report"
        Disconnect-Hyper3D
    }
    finally {
        $emulator | Stop-Hyper3DEmulator
        Write-Host 'Stopped the emulator.'
    }
}

function Invoke-Emulator {
    if (-not $NoBuild) { Invoke-Build }
    $options = @($EmulatorArgument | ForEach-Object { $_ -split '[\s,]+' } | Where-Object { $_ })
    Write-Host "Starting the emulator (Ctrl+C stops it). Options: $($options -join ' ')"
    & dotnet (Join-Path $EmulatorOut 'Hyper3D.Emulator.dll') @options
}

function Invoke-Bench {
    Invoke-Build
    & (Join-Path $Root 'bench/Invoke-Benchmark.ps1') -ModulePath (Join-Path $ModuleOut 'Hyper3D.psd1')
}

function Invoke-Screenshot {
    Invoke-Build
    Import-Module (Join-Path $Root 'tools/Emulator.psm1') -Force
    Import-Module (Join-Path $Root 'tools/Chromium.psm1') -Force
    # 6,000 seeded cards span about a week of the emulator's clock: a week's report, as a manager would get it.
    $emulator = Start-Hyper3DEmulator -ArgumentList @('--cards', '6000')
    $report = Join-Path $Out 'screenshot/report.html'
    try {
        Import-Module (Join-Path $ModuleOut 'Hyper3D.psd1') -Force
        New-Item -ItemType Directory -Force -Path (Split-Path $report) | Out-Null
        Connect-Hyper3D -BaseUri $emulator.BaseUri
        Get-Hyper3DGalleryCard -All |
            Export-Hyper3DGalleryReport -Path $report -Title 'Hyper3D gallery, weekly report' -Description 'Recent gallery, every card (local emulator)' -Force
        Disconnect-Hyper3D
        # While the emulator still runs: the report's pictures are its media.
        $png = Join-Path $Root 'docs/report.png'
        Invoke-Chromium -Url ([Uri]::new($report).AbsoluteUri) -ScreenshotPath $png -Width 1280 -Height 1500 | Out-Null
    }
    finally { $emulator | Stop-Hyper3DEmulator }
    Write-Host "Wrote $png from $report."
}

function Invoke-ReportBench {
    Invoke-Build
    & (Join-Path $Root 'bench/Invoke-ReportBenchmark.ps1') -ModulePath (Join-Path $ModuleOut 'Hyper3D.psd1')
}

function Invoke-Package {
    Invoke-Build
    & (Join-Path $Root 'tools/New-Package.ps1') -ModulePath $ModuleOut -RepositoryPath (Join-Path $Out 'repository')
}

switch ($Task) {
    'Build' { Invoke-Build }
    'Test' { Invoke-Test }
    'Demo' { Invoke-Demo }
    'Emulator' { Invoke-Emulator }
    'Bench' { Invoke-Bench }
    'Screenshot' { Invoke-Screenshot }
    'ReportBench' { Invoke-ReportBench }
    'Package' { Invoke-Package }
    'Clean' {
        Remove-Item -Recurse -Force -ErrorAction SilentlyContinue $Out
        Get-ChildItem $Root -Recurse -Directory -Include bin, obj | Remove-Item -Recurse -Force
    }
}
