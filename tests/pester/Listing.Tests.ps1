# The listing's ends and its politeness: a server that repeats its last page, a session disconnected mid-listing,
# the last page number, and a server that limits its request rate.
BeforeAll {
    . $PSScriptRoot/Common.ps1
    $script:Emulator = Start-Hyper3DEmulator -ArgumentList @('--cards', '240', '--page-size', '10')
    $script:Dataset = Invoke-Hyper3DEmulatorControl -Emulator $Emulator -Action dataset
    $script:RecentUuids = @($Dataset.cards | Where-Object { -not $_.is_hidden } | ForEach-Object task_uuid)
    $script:LastPage = [math]::Ceiling($RecentUuids.Count / 10) - 1

    function Get-CardRequests {
        @(Invoke-Hyper3DEmulatorControl -Emulator $Emulator -Action requests | Where-Object path -like '*/task/cards')
    }

    $script:Session = Connect-Hyper3D -BaseUri $Emulator.BaseUri -RetryIntervalSec 0 -PassThru
}
AfterAll {
    Disconnect-Hyper3D
    $script:Emulator | Stop-Hyper3DEmulator
}

Describe 'A server that answers its last page again for every higher page number' {
    It '-All -ThrottleLimit <Throttle> lists every card once, ends, and warns why' -TestCases @(
        @{ Throttle = 1 }, @{ Throttle = 6 }
    ) {
        Reset-TestEmulator $Emulator @{ clamp_pages = $true }
        $uuids = @(Get-Hyper3DGalleryCard -All -ThrottleLimit $Throttle -WarningVariable warnings -WarningAction SilentlyContinue | ForEach-Object TaskUuid)
        $uuids | Should -Be $RecentUuids
        @($warnings).Count | Should -Be 1
        "$($warnings[0])" | Should -BeLike "*page $($LastPage + 1)*cards already listed*"
        @(Get-CardRequests).Count | Should -BeLessOrEqual ($LastPage + 2 + $Throttle)
    }

    It '-First more than the gallery holds ends too' {
        Reset-TestEmulator $Emulator @{ clamp_pages = $true }
        $cards = @(Get-Hyper3DGalleryCard -First 100000 -WarningAction SilentlyContinue)
        $cards.Count | Should -Be $RecentUuids.Count
    }
}

Describe 'The last page number' {
    It '-Page ([int]::MaxValue) -All stops with a clear error and never sends a negative page' {
        Reset-TestEmulator $Emulator @{ clamp_pages = $true }
        $cards = [Collections.Generic.List[object]]::new()
        $failure = $null
        try { Get-Hyper3DGalleryCard -Page ([int]::MaxValue) -All | ForEach-Object { $cards.Add($_) } }
        catch { $failure = $_ }
        $cards.Count | Should -Be ($RecentUuids.Count - 10 * $LastPage)
        "$failure" | Should -BeLike '*2147483647*-Page*'
        $failure.CategoryInfo.Category | Should -Be 'InvalidArgument'
        $pages = @(Get-CardRequests | ForEach-Object page_num)
        $pages | Should -Be @([int]::MaxValue)
    }
}

Describe 'Disconnect-Hyper3D while -All runs' {
    It 'from another runspace ends the listing at once with one SessionClosed error and no warning' {
        Reset-TestEmulator $Emulator @{ latency_ms = 200 }
        $session = Connect-Hyper3D -BaseUri $Emulator.BaseUri -PassThru
        Reset-TestEmulator $Emulator @{ latency_ms = 200 }
        $listing = Start-BackgroundPipeline "param(`$s) Import-Module '$ModuleManifest'; Get-Hyper3DGalleryCard -All -Session `$s -ThrottleLimit 4" -ArgumentList $session
        Wait-Until { @(Get-CardRequests | Where-Object completed).Count -ge 2 } -TimeoutSec 10 -Because 'two answered page requests'
        $clock = [Diagnostics.Stopwatch]::StartNew()
        Disconnect-Hyper3D -Session $session
        Wait-Until { $listing.Handle.IsCompleted } -TimeoutSec 5 -Because 'the listing to end'
        $clock.Elapsed.TotalSeconds | Should -BeLessThan 1
        $ps = $listing.PowerShell
        $errors = @($ps.Streams.Error) + @($ps.InvocationStateInfo.Reason | Where-Object { $_ } | ForEach-Object { $_.ErrorRecord })
        @($errors).Count | Should -Be 1
        $errors[0].FullyQualifiedErrorId | Should -BeLike 'SessionClosed*'
        $errors[0].Exception | Should -BeOfType ([Hyper3D.Hyper3DException])
        @($ps.Streams.Warning).Count | Should -Be 0
        $ps.Dispose()
    }

    It 'from the same pipeline ends it with one SessionClosed error and no warning' {
        $null = Connect-Hyper3D -BaseUri $Emulator.BaseUri
        Reset-TestEmulator $Emulator @{ latency_ms = 20 }
        $written = 0
        $failure = $null
        try {
            Get-Hyper3DGalleryCard -All -WarningVariable warnings | ForEach-Object { if (++$written -eq 15) { Disconnect-Hyper3D } }
        }
        catch { $failure = $_ }
        $failure.FullyQualifiedErrorId | Should -BeLike 'SessionClosed*'
        @($warnings).Count | Should -Be 0
        $written | Should -BeLessThan $RecentUuids.Count
        $null = Connect-Hyper3D -BaseUri $Emulator.BaseUri -RetryIntervalSec 0
    }
}

Describe 'A server that limits its request rate' {
    It '-All lists every card once and sends nothing while a Retry-After pause runs' {
        Reset-TestEmulator $Emulator @{ rate = 5 }
        $uuids = @(Get-Hyper3DGalleryCard -All -ThrottleLimit 6 -WarningAction SilentlyContinue | ForEach-Object TaskUuid)
        $uuids | Should -Be $RecentUuids
        $requests = @(Get-CardRequests)
        $throttled = @($requests | Where-Object fault -eq 'rate')
        $throttled.Count | Should -BeGreaterThan 0
        $first = [datetimeoffset]$throttled[0].completed
        # Requests already on their way when the 429 arrived may start a moment later; none after that for the second.
        $during = @($requests | Where-Object { $s = [datetimeoffset]$_.started; $s -gt $first.AddMilliseconds(100) -and $s -lt $first.AddMilliseconds(900) })
        $during.Count | Should -Be 0
        $throttled.Count | Should -BeLessThan ($requests.Count / 2)
    }
}

Describe 'A server that sends only the fields a card requires' {
    BeforeAll {
        $script:Tiny = Start-Hyper3DEmulator -ArgumentList @('--cards', '240', '--page-size', '10', '--tiny-cards')
        $script:TinySession = Connect-Hyper3D -BaseUri $Tiny.BaseUri -RetryIntervalSec 0 -PassThru
    }
    AfterAll {
        Disconnect-Hyper3D -Session $TinySession
        $script:Tiny | Stop-Hyper3DEmulator
    }

    It '-All lists every card once, each with its required fields and nothing else' {
        $cards = @(Get-Hyper3DGalleryCard -All -Session $TinySession)
        @($cards | ForEach-Object TaskUuid) | Should -Be $RecentUuids
        @($cards | Where-Object Type -eq 'API').Count | Should -Be $RecentUuids.Count
        @($cards | Where-Object { "$($_.Author)" -eq '' -and $null -eq $_.Title -and $null -eq $_.ImageUrl -and [datetimeoffset]$_.Time -gt [datetimeoffset]'2025-01-01Z' }).Count |
            Should -Be $RecentUuids.Count
    }
}
