<#
.SYNOPSIS
    Runs the Pester suites against the built module in a few pwsh processes side by side, and writes
    {Passed, Failed, Seconds, Suites} for build.ps1 to add up.
.DESCRIPTION
    Most tests wait on the emulator, not the CPU, so suites run side by side: each worker (Invoke-PesterSuite.ps1)
    takes the next suite no worker has taken, longest first: by the seconds each took in the last run here (kept
    beside the summary), else by file size. A worker's output is printed whole when it ends; a table of every suite's
    time and the failed tests close the run.
#>
param(
    [Parameter(Mandatory)] [string] $PesterPath,
    [Parameter(Mandatory)] [string] $SummaryPath,
    # Run only the suites whose file names contain this; all when empty.
    [string] $NameContains = '',
    # How many worker processes run suites at once.
    [ValidateRange(1, 16)] [int] $ThrottleLimit = 3
)
$ErrorActionPreference = 'Stop'
. $PSScriptRoot/ChildPwsh.ps1

# Longest first, so the last to end is a short one. File size guesses badly for suites that wait on real time (a watch
# polling each second) or start servers: the seconds of the last run, where there was one, order them instead, and a
# suite that is new since then goes first.
$timesPath = Join-Path (Split-Path -Parent $SummaryPath) 'pester-suite-seconds.json'
$lastSeconds = @{}
if (Test-Path $timesPath) {
    try { $lastSeconds = Get-Content -Raw $timesPath | ConvertFrom-Json -AsHashtable }
    catch { Write-Warning "Ignored $timesPath (not readable JSON): suites go largest first." }
}
$suites = @(Get-ChildItem -Path $PSScriptRoot -Filter '*.Tests.ps1' |
    Where-Object { $_.Name -like "*$NameContains*" } |
    Sort-Object @{ Expression = { if ($lastSeconds.Count -eq 0) { 0 } elseif ($lastSeconds.ContainsKey($_.Name)) { [double]$lastSeconds[$_.Name] } else { [double]::MaxValue } }; Descending = $true },
    @{ Expression = 'Length'; Descending = $true })
if ($suites.Count -eq 0) { throw "No Pester suite matches '$NameContains'." }

$work = Join-Path ([IO.Path]::GetTempPath()) ('hyper3d-pester-' + [guid]::NewGuid().ToString('n'))
New-Item -ItemType Directory -Path $work | Out-Null
$clock = [Diagnostics.Stopwatch]::StartNew()
$workers = @(1..([math]::Min($ThrottleLimit, $suites.Count)) | ForEach-Object {
    $process = Start-ChildPwsh -ScriptPath (Join-Path $PSScriptRoot 'Invoke-PesterSuite.ps1') -WorkingDirectory $PSScriptRoot `
        -ArgumentList (@('-PesterPath', $PesterPath, '-WorkPath', $work, '-SuitePath') + ($suites.FullName -join [IO.Path]::PathSeparator))
    [pscustomobject]@{ Process = $process; StdOut = $process.StandardOutput.ReadToEndAsync(); StdErr = $process.StandardError.ReadToEndAsync() }
})
try {
    foreach ($worker in $workers) {
        $worker.Process.WaitForExit()
        Write-Host $worker.StdOut.Result
        if ($worker.StdErr.Result) { Write-Host $worker.StdErr.Result -ForegroundColor Red }
    }
    $results = @(foreach ($suite in $suites) {
        $json = Join-Path $work "$($suite.BaseName).json"
        if (Test-Path $json) { Get-Content -Raw $json | ConvertFrom-Json }
        else {
            # Its worker died before it could say how the suite went: a failure of the whole suite.
            [pscustomobject]@{ Suite = $suite.Name; Passed = 0; Failed = 1; Skipped = 0; Seconds = $null; FailedTests = @("$($suite.Name): no result (its worker exited)") }
        }
    })
}
finally {
    foreach ($worker in $workers) {
        if (-not $worker.Process.HasExited) { $worker.Process.Kill($true) }
        $worker.Process.Dispose()
    }
    Remove-Item -Recurse -Force -ErrorAction SilentlyContinue $work
}

Write-Host ("Pester suites ({0} workers), slowest first:" -f $workers.Count)
$results | Sort-Object Seconds -Descending | Format-Table Suite, Passed, Failed, Skipped, Seconds -AutoSize | Out-String | Write-Host
$failedTests = @($results | ForEach-Object { $_.FailedTests } | Where-Object { $_ })
if ($failedTests.Count -gt 0) { Write-Host ("Failed:`n  " + ($failedTests -join "`n  ")) -ForegroundColor Red }
Write-Host ("Pester took {0:0.0} s." -f $clock.Elapsed.TotalSeconds)

# Only a run of every suite, each with its time, sets the order of the next.
if ($NameContains -eq '' -and -not @($results | Where-Object { $null -eq $_.Seconds })) {
    $seconds = [ordered]@{}
    foreach ($result in $results) { $seconds[$result.Suite] = $result.Seconds }
    $seconds | ConvertTo-Json | Set-Content -Path $timesPath
}

[pscustomobject]@{
    Passed  = [int]($results | Measure-Object Passed -Sum).Sum
    Failed  = [int]($results | Measure-Object Failed -Sum).Sum
    Seconds = [math]::Round($clock.Elapsed.TotalSeconds, 1)
    Suites  = $results
} | ConvertTo-Json -Depth 4 | Set-Content -Path $SummaryPath
