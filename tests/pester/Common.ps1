# Dot-sourced by every suite: where the built module and the emulator helpers are.
$script:RepoRoot = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
$script:ModuleManifest = Join-Path $script:RepoRoot 'out/Hyper3D/Hyper3D.psd1'
Import-Module (Join-Path $script:RepoRoot 'tools/Emulator.psm1') -Force
Import-Module $script:ModuleManifest -Force

$script:DemoCredential = [pscredential]::new('demo@hyper3d.local', (ConvertTo-SecureString 'demo-password' -AsPlainText -Force))
$script:AliceCredential = [pscredential]::new('alice@hyper3d.local', (ConvertTo-SecureString 'alice-password' -AsPlainText -Force))

# Ctrl+C as a host sends it: a script in a runspace of its own, started in the background, then Stop()ped.
function Start-BackgroundPipeline([string] $Script, [object[]] $ArgumentList = @()) {
    $ps = [powershell]::Create()
    $null = $ps.AddScript($Script)
    foreach ($argument in $ArgumentList) { $null = $ps.AddArgument($argument) }
    [pscustomobject]@{ PowerShell = $ps; Handle = $ps.BeginInvoke() }
}

# Stops it and says how long Stop() took, the state it left, and when (UTC) it was over.
function Stop-BackgroundPipeline($Pipeline) {
    $clock = [Diagnostics.Stopwatch]::StartNew()
    $Pipeline.PowerShell.Stop()
    $elapsed = $clock.Elapsed.TotalMilliseconds
    $state = $Pipeline.PowerShell.InvocationStateInfo.State
    $completed = $Pipeline.Handle.IsCompleted
    $Pipeline.PowerShell.Dispose()
    [pscustomobject]@{ Milliseconds = $elapsed; State = $state; Completed = $completed; At = [datetime]::UtcNow }
}

# Polls until the condition holds, instead of sleeping as a barrier; throws with the reason when the deadline passes.
function Wait-Until([scriptblock] $Condition, [double] $TimeoutSec = 20, [string] $Because = 'the condition') {
    $deadline = [DateTime]::UtcNow.AddSeconds($TimeoutSec)
    while (-not (& $Condition)) {
        if ([DateTime]::UtcNow -gt $deadline) { throw "Timed out after $TimeoutSec s waiting for $Because." }
        Start-Sleep -Milliseconds 50
    }
}

# For a check that something does NOT happen (no request after a stop): polls that the condition keeps holding for
# the whole window and throws the moment it breaks.
function Assert-Holds([scriptblock] $Condition, [double] $Seconds, [string] $Because = 'the condition') {
    # Not $Condition inside the poll: there that name is Wait-Until's own parameter, the poll itself.
    $holds = $Condition
    $until = [DateTime]::UtcNow.AddSeconds($Seconds)
    Wait-Until -TimeoutSec ($Seconds + 10) -Because "$Seconds s of $Because" {
        if (-not (& $holds)) { throw "$Because no longer held." }
        [DateTime]::UtcNow -ge $until
    }
}

# The terminating error a command ends with (even under -ErrorAction SilentlyContinue), or $null; its output is dropped.
function Invoke-Captured([scriptblock] $Script) {
    try { & $Script | Out-Null; $null } catch { $_ }
}

# The code of a help example, found by words of its title, as Get-Help shows it from the built module.
function Get-HelpExampleCode([string] $Command, [string] $Title) {
    $examples = @((Get-Help $Command -Examples).examples.example | Where-Object title -like "*$Title*")
    if ($examples.Count -ne 1) { throw "$Command has $($examples.Count) help examples titled like '$Title'." }
    $examples[0].code
}

# Between tests: clears the emulator's log and restarts request numbers, with no faults, a still feed, no latency, no
# rate limit, no repeated last page and every gallery newest first, then applies $Settings (the keys of
# POST /_emulator/reset).
function Reset-TestEmulator($Emulator, [hashtable] $Settings = @{}) {
    $body = @{ faults = ''; shift_recent = 0; latency_ms = 0; gallery_order = 'time'; rate = 0; clamp_pages = $false }
    foreach ($key in $Settings.Keys) { $body[$key] = $Settings[$key] }
    Invoke-Hyper3DEmulatorControl -Emulator $Emulator -Action reset -Body $body | Out-Null
}
