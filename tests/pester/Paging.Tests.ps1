# -All and -First/-Skip: order, exactly-once on a moving feed, early stop, page economy, progress.
BeforeAll {
    . $PSScriptRoot/Common.ps1
    $script:Emulator = Start-Hyper3DEmulator -ArgumentList @('--cards', '480', '--page-size', '24')
    $script:Dataset = Invoke-Hyper3DEmulatorControl -Emulator $Emulator -Action dataset
    # Recent as an anonymous user sees it: every card but the hidden ones, newest first.
    $script:RecentUuids = @($Dataset.cards | Where-Object { -not $_.is_hidden } | ForEach-Object task_uuid)
    $script:PageSize = $Dataset.page_size

    function Get-CardRequests {
        @(Invoke-Hyper3DEmulatorControl -Emulator $Emulator -Action requests | Where-Object path -like '*/task/cards')
    }

    Connect-Hyper3D -BaseUri $Emulator.BaseUri -RetryIntervalSec 0
}
AfterAll {
    Disconnect-Hyper3D
    $script:Emulator | Stop-Hyper3DEmulator
}

Describe 'Get-Hyper3DGalleryCard -All' {
    It 'writes every card once, in page order, with -ThrottleLimit <Throttle>' -TestCases @(
        @{ Throttle = 1 }, @{ Throttle = 4 }, @{ Throttle = 16 }
    ) {
        Reset-TestEmulator $Emulator
        $uuids = @(Get-Hyper3DGalleryCard -All -ThrottleLimit $Throttle | ForEach-Object TaskUuid)
        $uuids | Should -Be $RecentUuids
    }

    It 'keeps page order when a later page arrives first' {
        # Request 2 is one of pages 1..4, sent together after page 0: it is held back 600 ms while the others answer.
        Reset-TestEmulator $Emulator @{ faults = 'slow:600@2' }
        $uuids = @(Get-Hyper3DGalleryCard -All -ThrottleLimit 4 | ForEach-Object TaskUuid)
        $uuids | Should -Be $RecentUuids
        $requests = @(Get-CardRequests | Where-Object completed)
        $slow = $requests | Where-Object fault | Select-Object -First 1
        $slow | Should -Not -BeNullOrEmpty
        $overtaking = @($requests | Where-Object { $_.page_num -gt $slow.page_num -and [datetime]$_.completed -lt [datetime]$slow.completed })
        $overtaking | Should -Not -BeNullOrEmpty -Because "a later page must really have come back before page $($slow.page_num)"
    }

    It 'keeps up to -ThrottleLimit requests in flight' {
        Reset-TestEmulator $Emulator @{ latency_ms = 150 }
        Get-Hyper3DGalleryCard -All -ThrottleLimit 4 | Out-Null
        # Pages past the end that were cancelled in flight never completed.
        $requests = @(Get-CardRequests | Where-Object completed)
        $overlap = foreach ($r in $requests) {
            $start = [datetime]$r.started
            @($requests | Where-Object { [datetime]$_.started -le $start -and [datetime]$_.completed -gt $start }).Count
        }
        # The server logs a page as completed a moment after the client has it, so a refill can look like a fifth.
        ($overlap | Measure-Object -Maximum).Maximum | Should -BeIn 4, 5
    }

    It 'stops requesting at the first empty page' {
        Reset-TestEmulator $Emulator
        Get-Hyper3DGalleryCard -All -ThrottleLimit 1 | Out-Null
        $pages = @(Get-CardRequests | ForEach-Object page_num)
        $lastPage = [math]::Ceiling($RecentUuids.Count / $PageSize)
        $pages | Should -Be (0..$lastPage)
    }

    It 'does not stop on a short page' {
        Reset-TestEmulator $Emulator
        # Type Story has far fewer cards than a page holds on later pages; only an empty page ends it.
        $story = @($Dataset.cards | Where-Object { $_._story -and -not $_.is_hidden } | ForEach-Object task_uuid)
        @(Get-Hyper3DGalleryCard -Type Story -All -ThrottleLimit 4 | ForEach-Object TaskUuid) | Should -Be $story
        $requests = Get-CardRequests
        $endPage = [math]::Ceiling($story.Count / $PageSize)
        $end = $requests | Where-Object page_num -eq $endPage | Select-Object -First 1
        $end | Should -Not -BeNullOrEmpty -Because 'the listing ends only at the empty page'
        # Pages past the end may already be in flight when the empty page arrives, never more than the window.
        @($requests | Where-Object page_num -gt $endPage).Count | Should -BeLessThan 4
    }

    It 'writes each TaskUuid once while the Recent feed moves' {
        Reset-TestEmulator $Emulator @{ shift_recent = 5 }
        $uuids = @(Get-Hyper3DGalleryCard -All -ThrottleLimit 4 | ForEach-Object TaskUuid)
        $uuids.Count | Should -Be @($uuids | Select-Object -Unique).Count
        $missing = @($RecentUuids | Where-Object { $_ -notin $uuids })
        $missing | Should -BeNullOrEmpty -Because 'a moving feed repeats cards but must not lose one'
    }

    It 'reads from -Page on' {
        Reset-TestEmulator $Emulator
        @(Get-Hyper3DGalleryCard -All -Page 3 | ForEach-Object TaskUuid) | Should -Be $RecentUuids[(3 * $PageSize)..($RecentUuids.Count - 1)]
    }

    It 'reports the exact total with -IncludeTotalCount' {
        Reset-TestEmulator $Emulator
        $output = @(Get-Hyper3DGalleryCard -All -IncludeTotalCount)
        $output[-1] | Should -Match "Total count: $($RecentUuids.Count)"
    }
}

Describe 'Stopping early' {
    It 'Select-Object -First 3 starts no request after the pipeline stops and cancels those in flight' {
        # Page 0 answers at once; pages 1.. are held for 5 s, and the first card waits until the server holds all
        # four, so they are surely in flight when the pipeline stops. A session of its own: its concurrency limit
        # starts at 6, not where the slow pages of earlier tests left the suite's session (below 4, as it should).
        Connect-Hyper3D -BaseUri $Emulator.BaseUri
        Reset-TestEmulator $Emulator @{ faults = 'slow:5000@2-9' }
        $held = { @(Get-CardRequests | Where-Object page_num -gt 0).Count -eq 4 }
        $cards = @(Get-Hyper3DGalleryCard -All -ThrottleLimit 4 |
            ForEach-Object -Begin { $first = $true } -Process {
                if ($first) { $first = $false; Wait-Until $held -TimeoutSec 10 -Because 'pages 1-4 at the server' }
                $_
            } | Select-Object -First 3)
        $cards.Count | Should -Be 3
        $open = { @(Get-CardRequests | Where-Object { $_.page_num -gt 0 -and -not $_.aborted }) }
        Wait-Until { @(& $open).Count -eq 0 } -TimeoutSec 5 -Because 'the server to see pages 1-4 dropped'
        $requests = Get-CardRequests
        # Page 0 alone, then a window of four as it was taken, all before the stop; a client that went on would
        # have asked for page 5 and beyond.
        @($requests | Where-Object page_num -gt 4) | Should -BeNullOrEmpty
        @($requests | Where-Object page_num -gt 0).Count | Should -Be 4
        & $open | Should -BeNullOrEmpty -Because 'a stopped pipeline cancels what is in flight'
    }

    It 'Stop() (Ctrl+C) ends -All at once and nothing runs on' {
        Reset-TestEmulator $Emulator @{ latency_ms = 300 }
        $listing = Start-BackgroundPipeline "Import-Module '$ModuleManifest'; Connect-Hyper3D -BaseUri '$($Emulator.BaseUri)'; Get-Hyper3DGalleryCard -All | Out-Null"
        Wait-Until { @(Get-CardRequests | Where-Object completed).Count -ge 2 } -TimeoutSec 10 -Because 'two answered pages'
        $stop = Stop-BackgroundPipeline $listing
        $stop.Milliseconds | Should -BeLessThan 1000
        $stop.Completed | Should -BeTrue
        $stop.State | Should -Be 'Stopped'
        $open = { @(Get-CardRequests | Where-Object { -not $_.completed -and -not $_.aborted }) }
        Wait-Until { @(& $open).Count -eq 0 } -TimeoutSec 5 -Because 'the pages in flight to be answered or dropped'
        $requests = @(Get-CardRequests)
        Assert-Holds { @(Get-CardRequests).Count -eq $requests.Count } -Seconds 0.5 -Because 'no request after the stop'
        $requests.Count | Should -BeGreaterOrEqual 2
        @($requests | Where-Object { ([datetime]$_.started).ToUniversalTime() -ge $stop.At }) | Should -BeNullOrEmpty -Because 'nothing starts after the stop'
    }
}

Describe '-First and -Skip' {
    It '-First <First> -Skip <Skip> returns those cards and requests pages <Pages> only' -TestCases @(
        @{ First = 5; Skip = 0; Pages = @(0) }
        @{ First = 24; Skip = 0; Pages = @(0) }
        @{ First = 30; Skip = 0; Pages = @(0, 1) }
        @{ First = 10; Skip = 20; Pages = @(0, 1) }
        @{ First = 24; Skip = 48; Pages = @(0, 1, 2) }
        @{ First = 25; Skip = 48; Pages = @(0, 1, 2, 3) }
    ) {
        Reset-TestEmulator $Emulator
        $uuids = @(Get-Hyper3DGalleryCard -First $First -Skip $Skip -ThrottleLimit 8 | ForEach-Object TaskUuid)
        $uuids | Should -Be $RecentUuids[$Skip..($Skip + $First - 1)]
        @(Get-CardRequests | ForEach-Object page_num | Sort-Object -Unique) | Should -Be $Pages
    }

    It '-Skip alone reads to the end' {
        Reset-TestEmulator $Emulator
        @(Get-Hyper3DGalleryCard -Skip 100 | ForEach-Object TaskUuid) | Should -Be $RecentUuids[100..($RecentUuids.Count - 1)]
    }

    It '-Page with -First and -Skip stays on that page' {
        Reset-TestEmulator $Emulator
        @(Get-Hyper3DGalleryCard -Page 2 -Skip 3 -First 4 | ForEach-Object TaskUuid) | Should -Be $RecentUuids[(48 + 3)..(48 + 6)]
        @(Get-CardRequests | ForEach-Object page_num) | Should -Be @(2)
    }

    It '-First beyond the end returns everything and stops at the empty page' {
        Reset-TestEmulator $Emulator
        @(Get-Hyper3DGalleryCard -First 100000 | ForEach-Object TaskUuid) | Should -Be $RecentUuids
    }
}

Describe 'Progress' {
    BeforeAll {
        function Invoke-Listing([string] $Preference) {
            $ps = [powershell]::Create()
            $null = $ps.AddScript("`$ProgressPreference = '$Preference'; Import-Module '$ModuleManifest'; Connect-Hyper3D -BaseUri '$($Emulator.BaseUri)'; Get-Hyper3DGalleryCard -All -ThrottleLimit 1 | Measure-Object")
            $result = $ps.Invoke()
            $progress = @($ps.Streams.Progress | Where-Object ActivityId -eq 1)
            $ps.Dispose()
            [pscustomobject]@{ Count = $result[0].Count; Progress = $progress }
        }
    }

    It 'shows pages and cards so far, a few times a second at most, and completes' {
        Reset-TestEmulator $Emulator @{ latency_ms = 60 }
        $run = Invoke-Listing 'Continue'
        $run.Count | Should -Be $RecentUuids.Count
        $updates = @($run.Progress | Where-Object RecordType -eq 'Processing')
        $updates.Count | Should -BeGreaterThan 1
        # 21 pages at >= 60 ms each take >= 1.2 s: one update per 250 ms allows at most ~6, never one per page.
        $updates.Count | Should -BeLessThan 10
        $updates[-1].StatusDescription | Should -Match '^Page \d+: \d+ cards so far$'
        $run.Progress[-1].RecordType | Should -Be 'Completed'
    }

    It 'is silent when $ProgressPreference is SilentlyContinue' {
        Reset-TestEmulator $Emulator @{ latency_ms = 60 }
        $run = Invoke-Listing 'SilentlyContinue'
        $run.Count | Should -Be $RecentUuids.Count
        $run.Progress | Should -BeNullOrEmpty
    }
}
