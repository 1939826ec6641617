# Many runspaces at once against one emulator: each runspace has its own current session (SessionStore is per
# runspace), and every listing is exact, with or without faults along the way.
BeforeAll {
    . $PSScriptRoot/Common.ps1
    $script:Emulator = Start-Hyper3DEmulator -ArgumentList @('--cards', '480', '--page-size', '24')
    $script:Dataset = Invoke-Hyper3DEmulatorControl -Emulator $Emulator -Action dataset
    $script:RecentUuids = [string[]]@($Dataset.cards | Where-Object { -not $_.is_hidden } | ForEach-Object task_uuid)
    $script:MineUuids = @{}
    foreach ($user in $Dataset.users) {
        $MineUuids[$user.username] = [string[]]@($Dataset.cards | Where-Object { -not $_.is_hidden -and $_._owner_email -eq $user.email } | ForEach-Object task_uuid)
    }

    function Get-Requests { @(Invoke-Hyper3DEmulatorControl -Emulator $Emulator -Action requests) }

    # Alternate accounts: runspaces 1, 3, 5, 7 as demo, 2, 4, 6, 8 as alice.
    $script:Credentials = @{ demo = $DemoCredential; alice = $AliceCredential }
    function Get-Account([int] $Index) { if ($Index % 2) { 'demo' } else { 'alice' } }

    # The session this runspace (the test's own) had before the parallel runs, to check they leave it alone.
    $script:Own = Connect-Hyper3D -BaseUri $Emulator.BaseUri -RetryIntervalSec 0 -PassThru
}

AfterAll {
    Disconnect-Hyper3D
    $script:Emulator | Stop-Hyper3DEmulator
}

Describe '8 runspaces, 8 sessions, one emulator' {
    It 'each runspace''s Mine -All is exactly its account''s cards, and its current session is its own' {
        Reset-TestEmulator $Emulator @{ latency_ms = 100 }
        $base = $Emulator.BaseUri
        $manifest = $ModuleManifest
        $credentials = $Credentials
        $ready = [System.Threading.CountdownEvent]::new(8)
        $results = 1..8 | ForEach-Object -ThrottleLimit 8 -Parallel {
            $account = if ($_ % 2) { 'demo' } else { 'alice' }
            Import-Module $using:manifest
            Connect-Hyper3D -BaseUri $using:base -Credential ($using:credentials)[$account] -RetryIntervalSec 0
            # All 8 signed in before any lists, so the sessions exist side by side and the listings overlap.
            $barrier = $using:ready
            [void]$barrier.Signal()
            if (-not $barrier.Wait([TimeSpan]::FromSeconds(30))) { throw 'The other runspaces did not sign in.' }
            $before = Get-Hyper3DConnection
            $uuids = [string[]]@(Get-Hyper3DGalleryCard -Type Mine -All | ForEach-Object TaskUuid)
            $after = Get-Hyper3DConnection
            [pscustomobject]@{
                Index          = $_
                Account        = $account
                Uuids          = $uuids
                UserBefore     = $before.User
                UserAfter      = $after.User
                Same           = [object]::ReferenceEquals($before, $after)
                Runspace       = [runspace]::DefaultRunspace.InstanceId
                Authentication = $after.Authentication
            }
        }
        $results.Count | Should -Be 8
        foreach ($r in $results) {
            $r.UserBefore | Should -BeExactly $r.Account -Because "runspace $($r.Index) signed in as $($r.Account)"
            $r.UserAfter | Should -BeExactly $r.Account -Because "no other runspace may replace runspace $($r.Index)'s session"
            $r.Same | Should -BeTrue
            $r.Authentication | Should -BeExactly 'Credential'
            ($r.Uuids -join ' ') | Should -BeExactly ($MineUuids[$r.Account] -join ' ') -Because "runspace $($r.Index) lists $($r.Account)'s cards, each once, in order"
        }
        @($results | ForEach-Object Runspace | Sort-Object -Unique).Count | Should -Be 8 -Because 'the 8 ran in 8 runspaces'
        $logins = @(Get-Requests | Where-Object path -like '*/user/login')
        $logins.Count | Should -Be 8
        # They did run at the same time: more requests were in flight at once than one session starts with (6).
        $cards = @(Get-Requests | Where-Object { $_.path -like '*/task/cards' -and $_.completed })
        $inFlight = foreach ($r in $cards) {
            $start = [datetime]$r.started
            @($cards | Where-Object { [datetime]$_.started -le $start -and [datetime]$_.completed -gt $start }).Count
        }
        ($inFlight | Measure-Object -Maximum).Maximum | Should -BeGreaterThan 6
    }

    It 'this runspace''s session is untouched by the 8 others' {
        $current = Get-Hyper3DConnection
        [object]::ReferenceEquals($current, $Own) | Should -BeTrue
        $current.Authentication | Should -BeExactly 'Anonymous'
        $current.User | Should -BeNullOrEmpty
    }

    It 'Recent -All in 8 runspaces at once: every one exact' {
        Reset-TestEmulator $Emulator @{ latency_ms = 5 }
        $base = $Emulator.BaseUri
        $manifest = $ModuleManifest
        $results = 1..8 | ForEach-Object -ThrottleLimit 8 -Parallel {
            Import-Module $using:manifest
            Connect-Hyper3D -BaseUri $using:base -RetryIntervalSec 0
            [pscustomobject]@{ Index = $_; Uuids = [string[]]@(Get-Hyper3DGalleryCard -All | ForEach-Object TaskUuid) }
        }
        $results.Count | Should -Be 8
        foreach ($r in $results) {
            ($r.Uuids -join ' ') | Should -BeExactly ($RecentUuids -join ' ') -Because "runspace $($r.Index) lists Recent exactly"
        }
        @(Get-Requests | Where-Object { $_.path -like '*/task/cards' -and $_.completed }).Count | Should -BeGreaterOrEqual (8 * 21)
    }

    It 'Recent -All and Mine -All in 8 runspaces at once with faults sprinkled over them: every one exact' {
        # Request numbers count across all runspaces, so each fault lands on whichever page request comes n-th
        # (the 8 logins are requests 1-8: every runspace signs in, without the connection check, before any lists).
        Reset-TestEmulator $Emulator @{ latency_ms = 5; faults = '503@10,429:0@22,reset@34,truncate@46,504@58,ratelimited@70,503html@82,502@94' }
        $base = $Emulator.BaseUri
        $manifest = $ModuleManifest
        $credentials = $Credentials
        $ready = [System.Threading.CountdownEvent]::new(8)
        $results = 1..8 | ForEach-Object -ThrottleLimit 8 -Parallel {
            $account = if ($_ % 2) { 'demo' } else { 'alice' }
            Import-Module $using:manifest
            Connect-Hyper3D -BaseUri $using:base -Credential ($using:credentials)[$account] -RetryIntervalSec 0 -SkipConnectionCheck
            $barrier = $using:ready
            [void]$barrier.Signal()
            if (-not $barrier.Wait([TimeSpan]::FromSeconds(30))) { throw 'The other runspaces did not sign in.' }
            $type = if ($_ -le 4) { 'Recent' } else { 'Mine' }
            $warnings = $null
            $uuids = [string[]]@(Get-Hyper3DGalleryCard -Type $type -All -WarningVariable warnings -WarningAction SilentlyContinue | ForEach-Object TaskUuid)
            [pscustomobject]@{ Index = $_; Account = $account; Type = $type; Uuids = $uuids; Warnings = @($warnings).Count; User = (Get-Hyper3DConnection).User }
        }
        $results.Count | Should -Be 8
        foreach ($r in $results) {
            $expected = if ($r.Type -eq 'Recent') { $RecentUuids } else { $MineUuids[$r.Account] }
            ($r.Uuids -join ' ') | Should -BeExactly ($expected -join ' ') -Because "runspace $($r.Index) ($($r.Account), $($r.Type)) must be exact despite the faults"
            $r.User | Should -BeExactly $r.Account
        }
        $requests = Get-Requests
        @($requests | Where-Object fault).Count | Should -Be 8 -Because 'every fault was met'
        @($requests | Where-Object { $_.fault -and $_.path -notlike '*/task/cards' }) | Should -BeNullOrEmpty -Because 'the faults were meant for page requests'
    }

    It 'Disconnect-Hyper3D in one runspace leaves the others connected' {
        Reset-TestEmulator $Emulator
        $base = $Emulator.BaseUri
        $manifest = $ModuleManifest
        # Every runspace is connected before the odd ones disconnect, and they have before any looks.
        $barrier = [System.Threading.Barrier]::new(8)
        $results = @(1..8 | ForEach-Object -ThrottleLimit 8 -Parallel {
            $barrier = $using:barrier
            Import-Module $using:manifest
            Connect-Hyper3D -BaseUri $using:base
            if (-not $barrier.SignalAndWait([timespan]::FromSeconds(30))) { throw 'the other runspaces did not connect' }
            if ($_ % 2) { Disconnect-Hyper3D }
            if (-not $barrier.SignalAndWait([timespan]::FromSeconds(30))) { throw 'the odd runspaces did not disconnect' }
            [pscustomobject]@{ Index = $_; Connected = [bool](Get-Hyper3DConnection); Cards = @(if (Get-Hyper3DConnection) { Get-Hyper3DGalleryCard }).Count }
        })
        $results.Count | Should -Be 8
        foreach ($r in $results) {
            $r.Connected | Should -Be (-not ($r.Index % 2)) -Because "runspace $($r.Index) disconnected only itself"
        }
        @($results | Where-Object Connected | ForEach-Object Cards) | Should -Be @(24, 24, 24, 24)
        [object]::ReferenceEquals((Get-Hyper3DConnection), $Own) | Should -BeTrue
    }
}
