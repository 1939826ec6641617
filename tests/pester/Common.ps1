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

# A server's access log: how many lines it holds now, and the lines written after such a mark.
function Get-LogMark([string] $Path) { if (Test-Path $Path) { @(Get-Content $Path).Count } else { 0 } }
function Get-LogSince([string] $Path, [int] $Mark) { @(if (Test-Path $Path) { Get-Content $Path | Select-Object -Skip $Mark }) }
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

# What the server has at that URL, fetched by PowerShell's own client: the hash a saved file must have.
function Get-ServerHash([string] $Url) {
    $file = Join-Path $TestDrive ([guid]::NewGuid().ToString('n'))
    Invoke-WebRequest -Uri $Url -OutFile $file
    (Get-FileHash $file).Hash
    Remove-Item $file
}

# Every record of every stream, the terminating error included, and the transcript of the run as the host showed it.
function Invoke-AllStreams([scriptblock] $Script) {
    $records = [System.Collections.Generic.List[object]]::new()
    $errorsBefore = $global:Error.Count
    $transcript = Join-Path ([IO.Path]::GetTempPath()) ("hyper3d-transcript-" + [guid]::NewGuid().ToString('n') + '.txt')
    Start-Transcript -Path $transcript -UseMinimalHeader | Out-Null
    try {
        try { & $Script *>&1 | ForEach-Object { $records.Add($_); $_ | Out-Host } }
        catch { $records.Add($_); $_ | Out-Host }
    }
    finally { Stop-Transcript | Out-Null }
    # Errors the run added to $Error (the newest come first).
    $added = $global:Error.Count - $errorsBefore
    for ($i = 0; $i -lt $added -and $i -lt $global:Error.Count; $i++) { $records.Add($global:Error[$i]) }
    $records.Add([pscustomobject]@{ Transcript = (Get-Content -Raw $transcript) })
    Remove-Item -Force $transcript
    , $records.ToArray()
}

# All the text a person or a log could see of these records.
function ConvertTo-AllText([object[]] $Records) {
    $text = [System.Text.StringBuilder]::new()
    foreach ($record in $Records) {
        if ($null -eq $record) { continue }
        # A string shows nothing more formatted every way, and listings write thousands.
        if ($record -is [string]) { [void]$text.AppendLine($record); continue }
        [void]$text.AppendLine("$record")
        [void]$text.AppendLine(($record | Out-String -Width 4096))
        [void]$text.AppendLine(($record | Format-List * -Force | Out-String -Width 4096))
        if ($record -is [System.Management.Automation.ErrorRecord]) {
            [void]$text.AppendLine($record.FullyQualifiedErrorId)
            [void]$text.AppendLine("$($record.CategoryInfo)")
            [void]$text.AppendLine($record.ErrorDetails.Message)
            [void]$text.AppendLine($record.ErrorDetails.RecommendedAction)
            [void]$text.AppendLine("$($record.TargetObject)")
            [void]$text.AppendLine(($record.TargetObject | Format-List * -Force | Out-String -Width 4096))
            [void]$text.AppendLine(($record.InvocationInfo | Format-List * -Force | Out-String -Width 4096))
            [void]$text.AppendLine($record.InvocationInfo.PositionMessage)
            [void]$text.AppendLine($record.ScriptStackTrace)
            for ($e = $record.Exception; $e; $e = $e.InnerException) {
                [void]$text.AppendLine($e.Message)
                [void]$text.AppendLine($e.ToString())
                [void]$text.AppendLine(($e | Format-List * -Force | Out-String -Width 4096))
            }
        }
        elseif ($record -is [System.Management.Automation.InformationalRecord]) {
            [void]$text.AppendLine($record.Message)
        }
        elseif ($record -is [System.Management.Automation.InformationRecord]) {
            [void]$text.AppendLine("$($record.MessageData)")
        }
        elseif ($record.psobject.Properties['Transcript']) {
            [void]$text.AppendLine($record.Transcript)
        }
        else {
            [void]$text.AppendLine(($record | ConvertTo-Json -Depth 5 -WarningAction SilentlyContinue))
        }
    }
    $text.ToString()
}

# No secret, whole or wrapped across lines.
function Assert-NoSecret([string] $Text, [string[]] $Secret, [string] $Where) {
    $Text | Should -Not -BeNullOrEmpty -Because "there must be something to search in $Where"
    $joined = $Text -replace '\s', ''
    foreach ($s in $Secret) {
        $s | Should -Not -BeNullOrEmpty -Because 'the secret to look for must be known'
        $Text.Contains($s) | Should -BeFalse -Because "$Where must not show a secret"
        $joined.Contains($s) | Should -BeFalse -Because "$Where must not show a secret, not even wrapped across lines"
    }
}
