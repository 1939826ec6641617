# Starts and stops the local Hyper3D emulator for the Demo, Bench and the Pester suites: one way to do it,
# used by all of them. The emulator picks a free loopback port and prints the address it bound.

Set-StrictMode -Version Latest

$script:RepoRoot = Split-Path -Parent $PSScriptRoot
$script:EmulatorDll = Join-Path $script:RepoRoot 'out/emulator/Hyper3D.Emulator.dll'

function Start-Hyper3DEmulator {
    [CmdletBinding()]
    param(
        # Emulator options, e.g. '--cards', '500', '--latency-ms', '20'.
        [string[]] $ArgumentList = @(),
        [int] $TimeoutSec = 60
    )
    if (-not (Test-Path $script:EmulatorDll)) {
        throw "The emulator is not built ($script:EmulatorDll). Run ./build.ps1 -Task Build first."
    }
    $logs = Join-Path ([IO.Path]::GetTempPath()) ("hyper3d-emulator-" + [guid]::NewGuid().ToString('n'))
    New-Item -ItemType Directory -Path $logs | Out-Null
    $stdout = Join-Path $logs 'stdout.txt'
    $stderr = Join-Path $logs 'stderr.txt'
    $hasUrls = $ArgumentList -contains '--urls'
    $arguments = @($script:EmulatorDll) + $ArgumentList
    if (-not $hasUrls) {
        $scheme = if ($ArgumentList -contains '--https') { 'https' } else { 'http' }
        $arguments += @('--urls', "${scheme}://127.0.0.1:0")
    }
    $process = Start-Process -FilePath 'dotnet' -ArgumentList $arguments -PassThru -NoNewWindow `
        -RedirectStandardOutput $stdout -RedirectStandardError $stderr
    $deadline = [DateTime]::UtcNow.AddSeconds($TimeoutSec)
    $url = $null
    while (-not $url) {
        if ($process.HasExited) {
            $err = Get-Content -Raw -ErrorAction SilentlyContinue $stderr
            throw "The emulator exited with code $($process.ExitCode) before listening: $err"
        }
        if ([DateTime]::UtcNow -gt $deadline) {
            Stop-Process -Id $process.Id -Force -ErrorAction SilentlyContinue
            throw "The emulator did not start listening within $TimeoutSec s."
        }
        $line = Get-Content -ErrorAction SilentlyContinue $stdout | Where-Object { $_ -match '^Hyper3D emulator listening on (\S+)' } | Select-Object -First 1
        if ($line -and $line -match '^Hyper3D emulator listening on (\S+)') {
            $url = $Matches[1].TrimEnd('/')
        }
        else {
            Start-Sleep -Milliseconds 50
        }
    }
    [pscustomobject]@{
        PSTypeName = 'Hyper3D.TestEmulator'
        Process    = $process
        Url        = $url
        BaseUri    = "$url/api"
        LogFolder  = $logs
    }
}

function Stop-Hyper3DEmulator {
    [CmdletBinding()]
    param([Parameter(Mandatory, ValueFromPipeline)] $Emulator)
    process {
        if ($Emulator -and -not $Emulator.Process.HasExited) {
            Stop-Process -Id $Emulator.Process.Id -Force -ErrorAction SilentlyContinue
            $Emulator.Process.WaitForExit(10000) | Out-Null
        }
        if ($Emulator) {
            Remove-Item -Recurse -Force -ErrorAction SilentlyContinue $Emulator.LogFolder
        }
    }
}

# The emulator's test controls (src/Hyper3D.Emulator/README.md).
function Invoke-Hyper3DEmulatorControl {
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)] $Emulator,
        [Parameter(Mandatory)] [ValidateSet('requests', 'media-requests', 'request-stats', 'reset', 'expire-tokens', 'dataset', 'add-cards')] [string] $Action,
        [hashtable] $Body
    )
    $uri = "$($Emulator.Url)/_emulator/$Action"
    $common = @{ Uri = $uri; SkipCertificateCheck = $true }
    if ($Action -in 'requests', 'media-requests', 'request-stats', 'dataset') {
        # Invoke-RestMethod hands a JSON array over as one object: enumerate it like any other output.
        Invoke-RestMethod @common -Method Get | ForEach-Object { $_ }
    }
    else {
        $json = if ($Body) { $Body | ConvertTo-Json -Compress } else { '{}' }
        Invoke-RestMethod @common -Method Post -Body $json -ContentType 'application/json'
    }
}

Export-ModuleMember -Function Start-Hyper3DEmulator, Stop-Hyper3DEmulator, Invoke-Hyper3DEmulatorControl
