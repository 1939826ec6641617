# Dot-sourced by suites that need a fresh process: runs a script in a new pwsh (the same one running the
# tests) with the given environment changes ($null removes a variable). Returns the exit code and both streams.
function Invoke-ChildPwsh {
    param(
        [Parameter(Mandatory)] [string] $ScriptPath,
        [string[]] $ArgumentList = @(),
        [System.Collections.IDictionary] $Environment = @{},
        [string] $WorkingDirectory = (Get-Location).Path,
        [int] $TimeoutSec = 180
    )
    $process = Start-ChildPwsh -ScriptPath $ScriptPath -ArgumentList $ArgumentList -Environment $Environment -WorkingDirectory $WorkingDirectory
    try {
        $stdout = $process.StandardOutput.ReadToEndAsync()
        $stderr = $process.StandardError.ReadToEndAsync()
        if (-not $process.WaitForExit($TimeoutSec * 1000)) {
            $process.Kill($true)
            throw "pwsh -File $ScriptPath did not finish within $TimeoutSec s."
        }
        $process.WaitForExit()
        [pscustomobject]@{ ExitCode = $process.ExitCode; StdOut = $stdout.Result; StdErr = $stderr.Result }
    }
    finally { $process.Dispose() }
}

# Starts the script in a new pwsh and returns the running Process (streams redirected), for a test that
# needs to kill it midway; the caller disposes it.
function Start-ChildPwsh {
    param(
        [Parameter(Mandatory)] [string] $ScriptPath,
        [string[]] $ArgumentList = @(),
        [System.Collections.IDictionary] $Environment = @{},
        [string] $WorkingDirectory = (Get-Location).Path
    )
    $psi = [System.Diagnostics.ProcessStartInfo]::new()
    $psi.WorkingDirectory = $WorkingDirectory
    $processPath = [Environment]::ProcessPath
    $psi.FileName = $processPath
    if ([IO.Path]::GetFileNameWithoutExtension($processPath) -eq 'dotnet') {
        # `dotnet pwsh` (the local tool) runs pwsh.dll under the dotnet host.
        $psi.ArgumentList.Add((Join-Path $PSHOME 'pwsh.dll'))
    }
    foreach ($argument in @('-NoProfile', '-NonInteractive', '-NoLogo', '-File', $ScriptPath) + $ArgumentList) {
        $psi.ArgumentList.Add($argument)
    }
    foreach ($name in $Environment.Keys) {
        if ($null -eq $Environment[$name]) { [void]$psi.Environment.Remove($name) }
        else { $psi.Environment[$name] = [string]$Environment[$name] }
    }
    $psi.UseShellExecute = $false
    $psi.RedirectStandardOutput = $true
    $psi.RedirectStandardError = $true
    [System.Diagnostics.Process]::Start($psi)
}
