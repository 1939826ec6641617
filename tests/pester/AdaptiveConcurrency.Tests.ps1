# The session's adaptive concurrency limit and pacing, end to end against the emulator's --workers, --rate R:503 and
# its request statistics.
BeforeAll {
    . $PSScriptRoot/Common.ps1
    $script:Emulator = Start-Hyper3DEmulator -ArgumentList @('--cards', '480', '--page-size', '12')
    $script:Dataset = Invoke-Hyper3DEmulatorControl -Emulator $Emulator -Action dataset
    $script:RecentUuids = @($Dataset.cards | Where-Object { -not $_.is_hidden } | ForEach-Object task_uuid)
    function Get-Stats { Invoke-Hyper3DEmulatorControl -Emulator $Emulator -Action request-stats }
}
AfterAll {
    $script:Emulator | Stop-Hyper3DEmulator
}

Describe 'The emulator''s request statistics and workers' {
    It 'counts requests at the server: never more than the workers serve plus those waiting, a mean no higher than the most' {
        Reset-TestEmulator $Emulator @{ latency_ms = 30; workers = 2 }
        $session = Connect-Hyper3D -BaseUri $Emulator.BaseUri -RetryIntervalSec 0 -PassThru
        Reset-TestEmulator $Emulator @{ latency_ms = 30; workers = 2 }
        $uuids = @(Get-Hyper3DGalleryCard -All -Session $session -ThrottleLimit 8 | ForEach-Object TaskUuid)
        $stats = Get-Stats
        ($uuids -join ' ') | Should -BeExactly ($RecentUuids -join ' ')
        $stats.requests | Should -BeGreaterOrEqual 40
        $stats.in_flight | Should -Be 0
        $stats.in_flight_max | Should -BeIn (1..8)
        $stats.in_flight_mean | Should -BeGreaterThan 0
        $stats.in_flight_mean | Should -BeLessOrEqual $stats.in_flight_max
        # 2 workers of 30 ms: the listing cannot be faster than half its requests' time.
        $stats.seconds | Should -BeGreaterOrEqual ($stats.requests * 0.03 / 2 * 0.9)
    }

    It 'a reset starts the statistics anew and reports the workers and the rate status it set' {
        $settings = Invoke-Hyper3DEmulatorControl -Emulator $Emulator -Action reset -Body @{ workers = 3; rate = 7; rate_status = 503 }
        $settings.workers | Should -Be 3
        $settings.rate | Should -Be 7
        $settings.rate_status | Should -Be 503
        $stats = Get-Stats
        $stats.requests | Should -Be 0
        $stats.in_flight_max | Should -Be 0
        $stats.in_flight_mean | Should -Be 0
        $bad = Invoke-WebRequest -Uri "$($Emulator.Url)/_emulator/reset" -Method Post -Body '{"rate_status": 500}' -ContentType 'application/json' -SkipHttpErrorCheck
        $bad.StatusCode | Should -Be 400
        Invoke-Hyper3DEmulatorControl -Emulator $Emulator -Action reset -Body @{ workers = 0; rate = 0; rate_status = 429 } | Out-Null
    }
}

Describe 'Get-Hyper3DGalleryCard -All against a server that queues' {
    # Each test connects after the reset: the connection check is the session's first latency, its floor.
    It 'keeps fewer pages in flight than -ThrottleLimit when the server has 2 workers, and lists every card once in order' {
        Reset-TestEmulator $Emulator @{ latency_ms = 40; workers = 2 }
        $session = Connect-Hyper3D -BaseUri $Emulator.BaseUri -RetryIntervalSec 0 -PassThru
        $uuids = @(Get-Hyper3DGalleryCard -All -Session $session -ThrottleLimit 16 | ForEach-Object TaskUuid)
        $stats = Get-Stats
        ($uuids -join ' ') | Should -BeExactly ($RecentUuids -join ' ')
        # The window starts at 6 and the queue brings it down: far from the 16 a fixed window would keep there.
        $stats.in_flight_max | Should -BeLessOrEqual 8
        $stats.in_flight_mean | Should -BeLessOrEqual 5
    }

    It 'fills the window up to -ThrottleLimit where the server does not queue' {
        Reset-TestEmulator $Emulator @{ latency_ms = 100; workers = 0 }
        $session = Connect-Hyper3D -BaseUri $Emulator.BaseUri -RetryIntervalSec 0 -PassThru
        @(Get-Hyper3DGalleryCard -All -Session $session -ThrottleLimit 12).Count | Should -Be $RecentUuids.Count
        (Get-Stats).in_flight_max | Should -BeIn 11, 12, 13
    }
}

Describe 'Get-Hyper3DGalleryCard -All behind nginx''s limit_req (503, no Retry-After)' {
    It 'completes with every card once, in order, throttled on few requests' {
        Reset-TestEmulator $Emulator @{ latency_ms = 5; rate = 20; rate_status = 503 }
        $session = Connect-Hyper3D -BaseUri $Emulator.BaseUri -RetryIntervalSec 0 -PassThru
        $uuids = @(Get-Hyper3DGalleryCard -All -Session $session -WarningVariable warnings -WarningAction SilentlyContinue | ForEach-Object TaskUuid)
        $requests = @(Invoke-Hyper3DEmulatorControl -Emulator $Emulator -Action requests | Where-Object path -like '*/task/cards')
        Reset-TestEmulator $Emulator @{ rate = 0; rate_status = 429 }
        ($uuids -join ' ') | Should -BeExactly ($RecentUuids -join ' ')
        $throttled = @($requests | Where-Object fault -eq 'rate')
        $throttled.Count | Should -BeGreaterThan 0 -Because 'the first burst goes past the bucket of 20'
        $throttled.Count | Should -BeLessOrEqual ([math]::Ceiling($requests.Count * 0.25))
        $warnings.Count | Should -Be $throttled.Count
        @($warnings | Where-Object { "$_" -match '503' }).Count | Should -Be $warnings.Count
    }
}
