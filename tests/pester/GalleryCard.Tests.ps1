# Get-Hyper3DGalleryCard: the README's usage block line by line, login and group errors, and paging
# (-Page, -All, -First, -Skip), all checked against the emulator's dataset.

BeforeAll {
    . $PSScriptRoot/Common.ps1
    . $PSScriptRoot/Dataset.ps1
    # 2,000 cards rather than 240: with 240 the usage block's Group line (Rodin, two steps, two tags in one
    # group) matches no card at all, and an empty result would prove little. -All over 2,000 cards is still fast.
    $script:Emulator = Start-Hyper3DEmulator -ArgumentList @('--cards', '2000')
    $script:Dataset = Get-TestDataset -Emulator $script:Emulator
    $script:PageSize = [int]$script:Dataset.page_size
    $script:SculptureClub = Get-TestGroupUuid -Dataset $script:Dataset -Name 'Sculpture Club'
    $script:GhibliFans = Get-TestGroupUuid -Dataset $script:Dataset -Name 'Studio Ghibli Fans'
    $script:Hackathon = Get-TestGroupUuid -Dataset $script:Dataset -Name 'Hackathon 2024'

    function Get-CardPageNumber {
        # The page numbers of the gallery requests logged since the last reset, in order.
        @(Get-ApiRequest -Emulator $script:Emulator -Path '/api/task/cards' | Where-Object { $null -ne $_.completed } | ForEach-Object page_num)
    }

    function Reset-Log { Invoke-Hyper3DEmulatorControl -Emulator $script:Emulator -Action reset | Out-Null }
}

AfterAll {
    try { Disconnect-Hyper3D }
    finally { $script:Emulator | Stop-Hyper3DEmulator }
}

Describe 'The usage block, line by line' {
    BeforeAll {
        Push-Location TestDrive:
        $e = $script:Emulator
        $cred = $DemoCredential
        $g = $script:SculptureClub
    }

    AfterAll { Pop-Location }

    It 'Connect-Hyper3D -BaseUri $e.BaseUri   # anonymous session' {
        Connect-Hyper3D -BaseUri $e.BaseUri
        $connection = Get-Hyper3DConnection
        $connection.BaseUri.AbsoluteUri | Should -BeExactly ([uri]$e.BaseUri).AbsoluteUri
        $connection.Authentication | Should -BeExactly 'Anonymous'
        $connection.IsAuthenticated | Should -BeFalse
    }

    It 'Get-Hyper3DGalleryCard -Type Featured | Where NumLike -gt 10   # typed cards, page 0' {
        Reset-Log
        $cards = @(Get-Hyper3DGalleryCard -Type Featured | Where NumLike -gt 10)
        $page = Get-ExpectedCard -Dataset $script:Dataset -Type Featured -Page 0
        $expected = @($page | Where-Object { [int]$_.num_like -gt 10 })
        $page.Count | Should -Be $script:PageSize
        $expected.Count | Should -BeGreaterThan 0
        $expected.Count | Should -BeLessThan $page.Count -Because 'the Where clause must really filter something'
        ($cards.TaskUuid -join ',') | Should -BeExactly ($expected.task_uuid -join ',')
        @($cards | Where-Object { $_ -isnot [Hyper3D.Model.GalleryCard] }).Count | Should -Be 0
        ($cards.NumLike -join ',') | Should -BeExactly ($expected.num_like -join ',')
        (Get-CardPageNumber) -join ',' | Should -BeExactly '0' -Because 'without -All it reads page 0 only'
    }

    It 'Connect-Hyper3D -BaseUri $e.BaseUri -Credential $cred   # login: token kept in module state' {
        Connect-Hyper3D -BaseUri $e.BaseUri -Credential $cred
        $connection = Get-Hyper3DConnection
        $connection.Authentication | Should -BeExactly 'Credential'
        $connection.IsAuthenticated | Should -BeTrue
        $connection.User | Should -BeExactly 'demo'
        # The next command uses the kept token without being given anything.
        Reset-Log
        Get-Hyper3DGalleryCard -Type Mine | Out-Null
        (Get-ApiRequest -Emulator $e -Path '/api/task/cards')[0].authorized | Should -BeTrue
    }

    It 'Get-Hyper3DGalleryCard -Type Mine -Status Liked -All | Export-Csv liked.csv' {
        Get-Hyper3DGalleryCard -Type Mine -Status Liked -All | Export-Csv liked.csv
        $expected = Get-ExpectedCard -Dataset $script:Dataset -Caller 'demo@hyper3d.local' -Type Mine -Status Liked
        $expected.Count | Should -BeGreaterThan $script:PageSize -Because 'the listing spans pages'
        Test-Path -LiteralPath (Join-Path (Get-Location).ProviderPath 'liked.csv') | Should -BeTrue
        $rows = @(Import-Csv liked.csv)
        ($rows.TaskUuid -join ',') | Should -BeExactly ($expected.task_uuid -join ',')
        ($rows.Author | Sort-Object -Unique) | Should -BeExactly 'demo'
        ($rows.IsLike | Sort-Object -Unique) | Should -BeExactly 'True' -Because 'demo liked every one of them'
        $header = (Get-Content liked.csv -TotalCount 1)
        $header | Should -Match '"TaskUuid"'
        $header | Should -Match '"NumLike"'
    }

    It 'Get-Hyper3DGalleryCard -Type Group -GroupUuid $g -TaskType Rodin -Step ModelRefine,TextureRefine -TagId 1,2 -All' {
        Reset-Log
        $cards = @(Get-Hyper3DGalleryCard -Type Group -GroupUuid $g -TaskType Rodin -Step ModelRefine,TextureRefine -TagId 1,2 -All)
        $expected = Get-ExpectedCard -Dataset $script:Dataset -Caller 'demo@hyper3d.local' -Type Group -GroupUuid $g -TaskType Rodin -Step ModelRefine, TextureRefine -TagId 1, 2
        $expected.Count | Should -BeGreaterThan 0
        ($cards.TaskUuid -join ',') | Should -BeExactly ($expected.task_uuid -join ',')
        @($cards | Where-Object { $_ -isnot [Hyper3D.Model.GalleryCard] }).Count | Should -Be 0
        $cards | ForEach-Object {
            $_.Type | Should -BeExactly 'Rodin'
            $_.Step | Should -BeIn 'ModelRefine', 'TextureRefine'
            "$($_.Group)" | Should -BeExactly 'Sculpture Club'
        }
        $body = (Get-ApiRequest -Emulator $e -Path '/api/task/cards')[0].body
        $body.group_uuid | Should -BeExactly $g
        $body.task_type | Should -BeExactly 'Rodin'
        ($body.task_step -join ',') | Should -BeExactly 'ModelRefine,TextureRefine'
        ($body.tag_ids -join ',') | Should -BeExactly '1,2'
    }

    It 'Get-Hyper3DConnection ; Disconnect-Hyper3D' {
        $output = @(Get-Hyper3DConnection ; Disconnect-Hyper3D)
        $output.Count | Should -Be 1 -Because 'Get-Hyper3DConnection writes the session, Disconnect-Hyper3D nothing'
        $output[0] | Should -BeOfType ([Hyper3D.Hyper3DSession])
        $output[0].User | Should -BeExactly 'demo'
        @(Get-Hyper3DConnection).Count | Should -Be 0
    }
}

Describe 'Galleries that need a login, and group errors' {
    Context 'anonymous' {
        BeforeAll { Connect-Hyper3D -BaseUri $script:Emulator.BaseUri }
        BeforeEach { Reset-Log }

        It '<Command> fails with LoginRequired and sends no request' -TestCases @(
            @{ Command = '-Type Mine'; Parameters = @{ Type = 'Mine' } }
            @{ Command = '-Type Mine -All'; Parameters = @{ Type = 'Mine'; All = $true } }
            @{ Command = '-Type Group -GroupUuid <Sculpture Club>'; Parameters = @{ Type = 'Group'; GroupUuid = 'SculptureClub' } }
            @{ Command = '-Status Liked'; Parameters = @{ Status = 'Liked' } }
        ) {
            $arguments = @{} + $Parameters
            if ($arguments.GroupUuid -eq 'SculptureClub') { $arguments.GroupUuid = $script:SculptureClub }
            $err = Invoke-Captured { Get-Hyper3DGalleryCard @arguments -ErrorAction SilentlyContinue }
            $err | Should -Not -BeNullOrEmpty -Because 'it is a terminating error'
            $err.FullyQualifiedErrorId | Should -BeLike 'LoginRequired*'
            $err.CategoryInfo.Category | Should -Be ([System.Management.Automation.ErrorCategory]::AuthenticationError)
            $err.ErrorDetails.RecommendedAction | Should -Match 'Connect-Hyper3D'
            @(Get-ApiRequest -Emulator $script:Emulator).Count | Should -Be 0
        }
    }

    Context 'signed in' {
        BeforeEach { Reset-Log }

        It '-Type Group without -GroupUuid fails with GroupUuidRequired and sends no request' {
            Connect-Hyper3D -BaseUri $script:Emulator.BaseUri -Credential $DemoCredential
            Reset-Log
            $err = Invoke-Captured { Get-Hyper3DGalleryCard -Type Group -ErrorAction SilentlyContinue }
            $err.FullyQualifiedErrorId | Should -BeLike 'GroupUuidRequired*'
            $err.CategoryInfo.Category | Should -Be ([System.Management.Automation.ErrorCategory]::InvalidArgument)
            $err.ToString() | Should -Match 'GroupUuid'
            @(Get-ApiRequest -Emulator $script:Emulator).Count | Should -Be 0
        }

        It '<Case>: <Code>' -TestCases @(
            @{ Case = 'an unknown group'; As = 'demo'; Group = 'unknown'; ErrorId = 'NotFound'; Category = 'ObjectNotFound'; Code = 'NO_SUCH_GROUP' }
            @{ Case = 'an unknown group with -All'; As = 'demo'; Group = 'unknown'; All = $true; ErrorId = 'NotFound'; Category = 'ObjectNotFound'; Code = 'NO_SUCH_GROUP' }
            @{ Case = 'an expired group (demo is a member)'; As = 'demo'; Group = 'Hackathon'; ErrorId = 'PermissionDenied'; Category = 'PermissionDenied'; Code = 'GROUP_EXPIRED' }
            @{ Case = 'a group demo is not in'; As = 'demo'; Group = 'GhibliFans'; ErrorId = 'PermissionDenied'; Category = 'PermissionDenied'; Code = 'USER_NOT_IN_GROUP' }
            @{ Case = 'a group demo is not in, with -All'; As = 'demo'; Group = 'GhibliFans'; All = $true; ErrorId = 'PermissionDenied'; Category = 'PermissionDenied'; Code = 'USER_NOT_IN_GROUP' }
            # alice belongs to both active groups; the only one she is not in has expired, which the server says first.
            @{ Case = 'alice asking for the (expired) group she is not in'; As = 'alice'; Group = 'Hackathon'; ErrorId = 'PermissionDenied'; Category = 'PermissionDenied'; Code = 'GROUP_EXPIRED' }
        ) {
            $credential = if ($As -eq 'alice') { $AliceCredential } else { $DemoCredential }
            Connect-Hyper3D -BaseUri $script:Emulator.BaseUri -Credential $credential
            $uuid = switch ($Group) {
                'unknown' { [guid]::NewGuid().ToString() }
                'Hackathon' { $script:Hackathon }
                'GhibliFans' { $script:GhibliFans }
            }
            $arguments = @{ Type = 'Group'; GroupUuid = $uuid; All = [bool]$All }
            $err = Invoke-Captured { Get-Hyper3DGalleryCard @arguments -ErrorAction SilentlyContinue }
            $err | Should -Not -BeNullOrEmpty -Because 'it is a terminating error'
            $err.FullyQualifiedErrorId | Should -BeLike "$ErrorId,*"
            $err.CategoryInfo.Category | Should -Be ([System.Management.Automation.ErrorCategory]$Category)
            $err.ToString() | Should -MatchExactly $Code
            $err.Exception.Message | Should -MatchExactly $Code
        }

        It 'alice may list Studio Ghibli Fans, which demo may not' {
            Connect-Hyper3D -BaseUri $script:Emulator.BaseUri -Credential $AliceCredential
            $cards = @(Get-Hyper3DGalleryCard -Type Group -GroupUuid $script:GhibliFans -All)
            $expected = Get-ExpectedCard -Dataset $script:Dataset -Caller 'alice@hyper3d.local' -Type Group -GroupUuid $script:GhibliFans
            $expected.Count | Should -BeGreaterThan 0
            ($cards.TaskUuid -join ',') | Should -BeExactly ($expected.task_uuid -join ',')
        }
    }
}

Describe 'Paging' {
    BeforeAll {
        Connect-Hyper3D -BaseUri $script:Emulator.BaseUri
        $script:Recent = Get-ExpectedCard -Dataset $script:Dataset
        # The dataset holds hidden cards, which Recent leaves out.
        @($script:Dataset.cards | Where-Object is_hidden -EQ $true).Count | Should -BeGreaterThan 0
    }

    BeforeEach { Reset-Log }

    It 'without -Page or -All: page 0' {
        $cards = @(Get-Hyper3DGalleryCard)
        ($cards.TaskUuid -join ',') | Should -BeExactly (($script:Recent[0..($script:PageSize - 1)]).task_uuid -join ',')
        (Get-CardPageNumber) -join ',' | Should -BeExactly '0'
    }

    It '-Page <Page> returns exactly page <Page>' -TestCases @(
        @{ Page = 1 }
        @{ Page = 2 }
        @{ Page = 7 }
    ) {
        $cards = @(Get-Hyper3DGalleryCard -Page $Page)
        $expected = Get-ExpectedCard -Dataset $script:Dataset -Page $Page
        $expected.Count | Should -Be $script:PageSize
        ($cards.TaskUuid -join ',') | Should -BeExactly ($expected.task_uuid -join ',')
        (Get-CardPageNumber) -join ',' | Should -BeExactly "$Page"
    }

    It '-Page <Page> of -Type Mine -Status Generated (signed in) returns exactly that page' -TestCases @(
        @{ Page = 0 }
        @{ Page = 3 }
    ) {
        Connect-Hyper3D -BaseUri $script:Emulator.BaseUri -Credential $DemoCredential
        try {
            $cards = @(Get-Hyper3DGalleryCard -Type Mine -Status Generated -Page $Page)
            $expected = Get-ExpectedCard -Dataset $script:Dataset -Caller 'demo@hyper3d.local' -Type Mine -Status Generated -Page $Page
            $expected.Count | Should -BeGreaterThan 0
            ($cards.TaskUuid -join ',') | Should -BeExactly ($expected.task_uuid -join ',')
        }
        finally { Connect-Hyper3D -BaseUri $script:Emulator.BaseUri }
    }

    It 'the last page is short, and a page past the end is empty without error' {
        $last = [int][Math]::Floor(($script:Recent.Count - 1) / $script:PageSize)
        $expected = Get-ExpectedCard -Dataset $script:Dataset -Page $last
        $cards = @(Get-Hyper3DGalleryCard -Page $last)
        ($cards.TaskUuid -join ',') | Should -BeExactly ($expected.task_uuid -join ',')
        @(Get-Hyper3DGalleryCard -Page ($last + 1) -ErrorAction Stop).Count | Should -Be 0
        @(Get-Hyper3DGalleryCard -Page 100000 -ErrorAction Stop).Count | Should -Be 0
    }

    It '-All returns every card once, in Recent order, equal to the dataset (hidden ones left out)' {
        $cards = @(Get-Hyper3DGalleryCard -All)
        $script:Recent.Count | Should -BeGreaterThan 1000
        $cards.Count | Should -Be $script:Recent.Count
        ($cards.TaskUuid -join "`n") | Should -BeExactly ($script:Recent.task_uuid -join "`n")
        @($cards.TaskUuid | Select-Object -Unique).Count | Should -Be $cards.Count
        @($cards | Where-Object IsHidden -EQ $true).Count | Should -Be 0
        # Strictly decreasing time, as the dataset.
        $times = $cards.Time
        @(1..($times.Count - 1) | Where-Object { $times[$_] -ge $times[$_ - 1] }).Count | Should -Be 0
    }

    It '<Command> returns Recent items <From>..<To> and reads only pages <Pages>' -TestCases @(
        @{ Command = '-First 5'; Parameters = @{ First = 5 }; From = 0; To = 4; Pages = @(0) }
        @{ Command = '-Skip 3 -First 4'; Parameters = @{ Skip = 3; First = 4 }; From = 3; To = 6; Pages = @(0) }
        @{ Command = '-First 30'; Parameters = @{ First = 30 }; From = 0; To = 29; Pages = @(0, 1) }
        @{ Command = '-Skip 20 -First 10'; Parameters = @{ Skip = 20; First = 10 }; From = 20; To = 29; Pages = @(0, 1) }
        @{ Command = '-Skip 50 -First 3'; Parameters = @{ Skip = 50; First = 3 }; From = 50; To = 52; Pages = @(0, 1, 2) }
        @{ Command = '-All -First 5'; Parameters = @{ All = $true; First = 5 }; From = 0; To = 4; Pages = @(0) }
        @{ Command = '-All -Skip 3 -First 4'; Parameters = @{ All = $true; Skip = 3; First = 4 }; From = 3; To = 6; Pages = @(0) }
    ) {
        $cards = @(Get-Hyper3DGalleryCard @Parameters)
        $expected = @($script:Recent[$From..$To])
        $cards.Count | Should -Be ($To - $From + 1)
        ($cards.TaskUuid -join ',') | Should -BeExactly ($expected.task_uuid -join ',')
        @($cards | Where-Object { $_ -isnot [Hyper3D.Model.GalleryCard] }).Count | Should -Be 0
        (@(Get-CardPageNumber | Sort-Object -Unique) -join ',') | Should -BeExactly ($Pages -join ',')
    }

    It '-Skip 3 without -First reads to the end' {
        $cards = @(Get-Hyper3DGalleryCard -Skip 3)
        ($cards.TaskUuid -join "`n") | Should -BeExactly (($script:Recent | Select-Object -Skip 3).task_uuid -join "`n")
    }

    It '-Page 2 -First 5 is the first five of page 2' {
        $cards = @(Get-Hyper3DGalleryCard -Page 2 -First 5)
        $expected = (Get-ExpectedCard -Dataset $script:Dataset -Page 2)[0..4]
        ($cards.TaskUuid -join ',') | Should -BeExactly ($expected.task_uuid -join ',')
        (Get-CardPageNumber) -join ',' | Should -BeExactly '2'
    }

    It 'Select-Object -First 3 stops the listing early' {
        $cards = @(Get-Hyper3DGalleryCard -All | Select-Object -First 3)
        ($cards.TaskUuid -join ',') | Should -BeExactly ($script:Recent[0..2].task_uuid -join ',')
        (Get-CardPageNumber | Measure-Object -Maximum).Maximum | Should -BeLessThan 10 -Because 'the listing stopped with the pipeline'
    }
}
