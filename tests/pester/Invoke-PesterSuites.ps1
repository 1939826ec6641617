<#
.SYNOPSIS
    Runs the Pester suites against the built module, each in a pwsh of its own, a few at a time, and writes
    {Passed, Failed, Suites} for build.ps1 to add up.
.DESCRIPTION
    Most tests wait on the emulator, not the CPU, so suites run side by side. Each suite's output is printed whole
    when it ends, with its time; a table of every suite's time and the failed tests close the run.
#>
param(
    [Parameter(Mandatory)] [string] $PesterPath,
    [Parameter(Mandatory)] [string] $SummaryPath,
    # Run only the suites whose file names contain this; all when empty.
    [string] $NameContains = '',
    # How many suites run at once.
    [ValidateRange(1, 16)] [int] $ThrottleLimit = 3
)
$ErrorActionPreference = 'Stop'
. $PSScriptRoot/ChildPwsh.ps1

# Largest first: the longest suites start early, so the last to end is a short one.
$suites = @(Get-ChildItem -Path $PSScriptRoot -Filter '*.Tests.ps1' |
    Where-Object { $_.Name -like "*$NameContains*" } | Sort-Object Length -Descending)
if ($suites.Count -eq 0) { throw "No Pester suite matches '$NameContains'." }

$work = Join-Path ([IO.Path]::GetTempPath()) ('hyper3d-pester-' + [guid]::NewGuid().ToString('n'))
New-Item -ItemType Directory -Path $work | Out-Null
$clock = [Diagnostics.Stopwatch]::StartNew()
$results = [System.Collections.Generic.List[object]]::new()

function Start-Suite([IO.FileInfo] $Suite) {
    $resultPath = Join-Path $work "$($Suite.BaseName).json"
    $process = Start-ChildPwsh -ScriptPath (Join-Path $PSScriptRoot 'Invoke-PesterSuite.ps1') -WorkingDirectory $PSScriptRoot `
        -ArgumentList @('-PesterPath', $PesterPath, '-SuitePath', $Suite.FullName, '-ResultPath', $resultPath)
    [pscustomobject]@{
        Suite = $Suite; ResultPath = $resultPath; Process = $process; Exited = $process.WaitForExitAsync()
        StdOut = $process.StandardOutput.ReadToEndAsync(); StdErr = $process.StandardError.ReadToEndAsync()
    }
}

function Complete-Suite($Run) {
    $Run.Process.WaitForExit()
    Write-Host $Run.StdOut.Result
    if ($Run.StdErr.Result) { Write-Host $Run.StdErr.Result -ForegroundColor Red }
    $Run.Process.Dispose()
    if (Test-Path $Run.ResultPath) { return Get-Content -Raw $Run.ResultPath | ConvertFrom-Json }
    # The suite's process died before it could say how it went: that is a failure of the whole suite.
    [pscustomobject]@{ Suite = $Run.Suite.Name; Passed = 0; Failed = 1; Skipped = 0; Seconds = $null; FailedTests = @("$($Run.Suite.Name) (the suite's pwsh exited without results)") }
}

$queue = [System.Collections.Generic.Queue[IO.FileInfo]]::new([IO.FileInfo[]]$suites)
$running = [System.Collections.Generic.List[object]]::new()
try {
    while ($queue.Count -gt 0 -or $running.Count -gt 0) {
        while ($queue.Count -gt 0 -and $running.Count -lt $ThrottleLimit) { $running.Add((Start-Suite $queue.Dequeue())) }
        $ended = [Threading.Tasks.Task]::WaitAny([Threading.Tasks.Task[]]@($running | ForEach-Object Exited))
        $run = $running[$ended]
        $running.RemoveAt($ended)
        $result = Complete-Suite $run
        Write-Host ("== {0}: {1} passed, {2} failed in {3} s" -f $result.Suite, $result.Passed, $result.Failed, $result.Seconds)
        $results.Add($result)
    }
}
finally {
    foreach ($run in $running) { $run.Process.Kill($true); $run.Process.Dispose() }
    Remove-Item -Recurse -Force -ErrorAction SilentlyContinue $work
}

Write-Host ("`nPester suites ({0} at a time), slowest first:" -f $ThrottleLimit)
$results | Sort-Object Seconds -Descending | Format-Table Suite, Passed, Failed, Skipped, Seconds -AutoSize | Out-String | Write-Host
$failedTests = @($results | ForEach-Object { $_.FailedTests } | Where-Object { $_ })
if ($failedTests.Count -gt 0) { Write-Host ("Failed:`n  " + ($failedTests -join "`n  ")) -ForegroundColor Red }
Write-Host ("Pester took {0:0.0} s." -f $clock.Elapsed.TotalSeconds)

[pscustomobject]@{
    Passed  = ($results | Measure-Object Passed -Sum).Sum
    Failed  = ($results | Measure-Object Failed -Sum).Sum
    Seconds = [math]::Round($clock.Elapsed.TotalSeconds, 1)
    Suites  = $results.ToArray()
} | ConvertTo-Json -Depth 4 | Set-Content -Path $SummaryPath
