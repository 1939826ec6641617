# -Since: exactly the cards later than the cutoff, against the emulator's data, and only the pages needed.

BeforeAll {
    . $PSScriptRoot/Common.ps1
    . $PSScriptRoot/Dataset.ps1
    $script:Emulator = Start-Hyper3DEmulator -ArgumentList @('--cards', '480')
    $script:Dataset = Get-TestDataset -Emulator $Emulator
    $script:PageSize = [int]$Dataset.page_size
    $script:Demo = 'demo@hyper3d.local'
    $script:Recent = Get-ExpectedCard -Dataset $Dataset -Caller $Demo

    function Get-Instant($Card) { [datetimeoffset]::Parse($Card.time, [cultureinfo]::InvariantCulture) }
    function Select-Later($Cards, [datetimeoffset] $Since) { , @($Cards | Where-Object { (Get-Instant $_) -gt $Since }) }
    function Get-PageRequest { @(Get-ApiRequest -Emulator $Emulator -Path '/api/task/cards') }
    # The bound the help promises: the pages that hold later cards, the page that ends the listing, the window.
    function Get-RequestBound([int] $Later, [int] $Throttle, [int] $ExtraPages = 1) {
        [math]::Ceiling($Later / $PageSize) + $ExtraPages + $Throttle
    }
    function Invoke-Verbose([scriptblock] $Command) {
        $all = @(& $Command 4>&1)
        [pscustomobject]@{
            Uuids   = @($all | Where-Object { $_ -isnot [System.Management.Automation.VerboseRecord] } | ForEach-Object TaskUuid)
            Verbose = @($all | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message | Where-Object { $_ -like '-Since:*' })
        }
    }

    Connect-Hyper3D -BaseUri $Emulator.BaseUri -Credential $DemoCredential -RetryIntervalSec 0
}
AfterAll {
    Disconnect-Hyper3D
    $script:Emulator | Stop-Hyper3DEmulator
}

Describe 'Get-Hyper3DGalleryCard -Since on Recent' {
    It 'cutoff at card <Index>''s exact time, -ThrottleLimit <Throttle>: the cards strictly later, and no more than the pages holding them + 1 + the window' -TestCases @(
        @{ Index = 0; Throttle = 6 }
        @{ Index = 1; Throttle = 6 }
        @{ Index = 50; Throttle = 1 }
        @{ Index = 50; Throttle = 6 }
        @{ Index = 150; Throttle = 16 }
    ) {
        $since = Get-Instant $Recent[$Index]
        $expected = Select-Later $Recent $since
        $expected.Count | Should -Be $Index -Because 'Recent is strictly newest first, and a card at the cutoff itself is not later'
        Reset-TestEmulator $Emulator
        $run = Invoke-Verbose { Get-Hyper3DGalleryCard -Since $since -ThrottleLimit $Throttle -Verbose }
        # Joined, so that the empty result of a cutoff at the newest card compares too.
        ($run.Uuids -join ',') | Should -Be (@($expected | ForEach-Object task_uuid) -join ',')
        $requests = Get-PageRequest
        $requests.Count | Should -BeLessOrEqual (Get-RequestBound -Later $Index -Throttle $Throttle)
        # The first page without a later card, and the window requested before it answered: no page beyond.
        $furthest = [math]::Ceiling($Index / $PageSize) + $Throttle
        @($requests | Where-Object page_num -gt $furthest) | Should -BeNullOrEmpty
        @($run.Verbose | Where-Object { $_ -like '*Recent lists newest first; stopped at page*' }) | Should -HaveCount 1
    }

    It 'binds a [datetime] of kind <Kind> as the same instant' -TestCases @(
        @{ Kind = 'Utc' }, @{ Kind = 'Local' }, @{ Kind = 'Unspecified' }
    ) {
        $instant = (Get-Instant $Recent[30]).AddMilliseconds(1)
        $since = switch ($Kind) {
            'Utc' { $instant.UtcDateTime }
            'Local' { $instant.LocalDateTime }
            'Unspecified' { [datetime]::SpecifyKind($instant.LocalDateTime, 'Unspecified') }
        }
        $since.Kind | Should -Be $Kind
        Reset-TestEmulator $Emulator
        @(Get-Hyper3DGalleryCard -Since $since | ForEach-Object TaskUuid) | Should -Be @($Recent[0..29] | ForEach-Object task_uuid)
    }

    It 'a cutoff before every card reads to the empty page and writes them all' {
        $since = (Get-Instant $Recent[-1]).AddMinutes(-5)
        Reset-TestEmulator $Emulator
        @(Get-Hyper3DGalleryCard -Since $since | ForEach-Object TaskUuid) | Should -Be @($Recent | ForEach-Object task_uuid)
        @(Get-PageRequest | ForEach-Object page_num) | Should -Contain ([math]::Ceiling($Recent.Count / $PageSize))
    }

    It 'applies the filters, then -Skip and -First to the later cards' {
        $since = Get-Instant $Recent[300]
        $expected = Select-Later (Get-ExpectedCard -Dataset $Dataset -Caller $Demo -TaskType Rodin -Step ModelRefine, TextureRefine, Generate) $since
        $expected.Count | Should -BeGreaterThan 6
        Reset-TestEmulator $Emulator
        @(Get-Hyper3DGalleryCard -Since $since -TaskType Rodin -Step ModelRefine, TextureRefine, Generate | ForEach-Object TaskUuid) |
            Should -Be @($expected | ForEach-Object task_uuid)
        @(Get-Hyper3DGalleryCard -Since $since -TaskType Rodin -Step ModelRefine, TextureRefine, Generate -Skip 2 -First 3 | ForEach-Object TaskUuid) |
            Should -Be @($expected[2..4] | ForEach-Object task_uuid)
    }

    It '-IncludeTotalCount counts the later cards' {
        $since = Get-Instant $Recent[40]
        Reset-TestEmulator $Emulator
        $output = @(Get-Hyper3DGalleryCard -Since $since -IncludeTotalCount)
        $output[-1] | Should -Match 'Total count: 40\b'
    }

    It 'writes each card once and loses none while the feed moves (-ThrottleLimit <Throttle>)' -TestCases @(
        @{ Throttle = 4 }, @{ Throttle = 16 }
    ) {
        $since = Get-Instant $Recent[120]
        Reset-TestEmulator $Emulator @{ shift_recent = 3 }
        $cards = @(Get-Hyper3DGalleryCard -Since $since -ThrottleLimit $Throttle)
        $uuids = @($cards | ForEach-Object TaskUuid)
        $uuids.Count | Should -Be @($uuids | Select-Object -Unique).Count
        @($Recent[0..119] | ForEach-Object task_uuid | Where-Object { $_ -notin $uuids }) | Should -BeNullOrEmpty
        # The cards that arrived meanwhile are later too; nothing at or before the cutoff is written.
        @($cards | Where-Object { [datetimeoffset]$_.Time -le $since }) | Should -BeNullOrEmpty
    }
}

Describe 'Get-Hyper3DGalleryCard -Since on a gallery whose order the API does not document' {
    It 'reads every page and filters when the cards are not in time order' {
        $g = Get-TestGroupUuid -Dataset $Dataset -Name 'Sculpture Club'
        foreach ($case in @(@{ Type = 'Featured' }, @{ Type = 'Group'; GroupUuid = $g })) {
            $byLikes = @((Get-ExpectedCard -Dataset $Dataset -Caller $Demo @case) | Sort-Object -Stable -Property @{ Expression = { [int]$_.num_like }; Descending = $true })
            $since = Get-Instant $Recent[100]
            $expected = Select-Later $byLikes $since
            $expected.Count | Should -BeGreaterThan 0
            Reset-TestEmulator $Emulator @{ gallery_order = 'likes' }
            $run = Invoke-Verbose { Get-Hyper3DGalleryCard @case -Since $since -Verbose }
            $run.Uuids | Should -Be @($expected | ForEach-Object task_uuid)
            $endPage = [math]::Ceiling($byLikes.Count / $PageSize)
            @(Get-PageRequest | ForEach-Object page_num | Sort-Object -Unique) | Should -Be @(0..$endPage) -Because "every page of $($case.Type) is read, to the empty one"
            @($run.Verbose | Where-Object { $_ -like '*not in time order*' }) | Should -HaveCount 1
            @($run.Verbose | Where-Object { $_ -like '*read every page*' }) | Should -HaveCount 1
        }
    }

    It 'stops one page after the first without a later card when every card so far came newest first' {
        $featured = Get-ExpectedCard -Dataset $Dataset -Caller $Demo -Type Featured
        $since = Get-Instant $featured[30]
        $expected = Select-Later $featured $since
        Reset-TestEmulator $Emulator
        $throttle = 6
        $run = Invoke-Verbose { Get-Hyper3DGalleryCard -Type Featured -Since $since -ThrottleLimit $throttle -Verbose }
        $run.Uuids | Should -Be @($expected | ForEach-Object task_uuid)
        (Get-PageRequest).Count | Should -BeLessOrEqual (Get-RequestBound -Later $expected.Count -Throttle $throttle -ExtraPages 2)
        @(Get-PageRequest | Where-Object page_num -ge ([math]::Ceiling($featured.Count / $PageSize))) | Should -BeNullOrEmpty
        @($run.Verbose | Where-Object { $_ -like '*came newest first; stopped at page*' }) | Should -HaveCount 1
    }
}

Describe 'The scheduled-report example of the help' {
    It 'reports the new cards of each run, none twice and none skipped' {
        $folder = Join-Path ([IO.Path]::GetTempPath()) ("hyper3d-report-" + [guid]::NewGuid().ToString('n'))
        $null = New-Item -ItemType Directory -Path $folder
        $report = Join-Path $folder 'new-cards.ps1'
        Get-HelpExampleCode Get-Hyper3DGalleryCard 'scheduled report' | Set-Content $report
        $env:HYPER3D_BASE_URI = $Emulator.BaseUri
        try {
            Reset-TestEmulator $Emulator
            foreach ($count in 3, 2) {
                $added = @((Invoke-Hyper3DEmulatorControl -Emulator $Emulator -Action add-cards -Body @{ count = $count }).added | ForEach-Object task_uuid)
                & $report
                $csv = @(Get-ChildItem $folder -Filter 'new-cards-*.csv')
                $csv | Should -HaveCount 1
                # Recent lists the newest first: the reverse of the order they were added in.
                [array]::Reverse($added)
                @(Import-Csv $csv[0].FullName | ForEach-Object TaskUuid) | Should -Be $added
                Remove-Item $csv[0].FullName
            }
            Test-Path (Join-Path $folder 'last-card-time.txt') | Should -BeTrue
        }
        finally {
            Remove-Item Env:HYPER3D_BASE_URI
            Remove-Item -Recurse -Force $folder
            Connect-Hyper3D -BaseUri $Emulator.BaseUri -Credential $DemoCredential -RetryIntervalSec 0
        }
    }
}
