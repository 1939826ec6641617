# What scripts rely on, item by item: Author and Group compare as text, a CSV report that round-trips on any
# culture and time zone, -GroupUuid from a piped string, its completion, the connect check, what -Verbose and
# -Debug say, and the default views.

BeforeAll {
    . $PSScriptRoot/Common.ps1
    . $PSScriptRoot/Dataset.ps1
    . $PSScriptRoot/ChildPwsh.ps1
    $script:Emulator = Start-Hyper3DEmulator -ArgumentList @('--cards', '600')
    $script:Dataset = Get-TestDataset -Emulator $script:Emulator
    $script:SculptureClub = Get-TestGroupUuid -Dataset $script:Dataset -Name 'Sculpture Club'

    function Reset-Log { Invoke-Hyper3DEmulatorControl -Emulator $script:Emulator -Action reset | Out-Null }

    function Get-Completion([string] $InputScript) {
        (TabExpansion2 -inputScript $InputScript -cursorColumn $InputScript.Length).CompletionMatches
    }

    Connect-Hyper3D -BaseUri $script:Emulator.BaseUri -Credential $DemoCredential
    $script:Featured = @(Get-Hyper3DGalleryCard -Type Featured -All)
}

AfterAll {
    try { Disconnect-Hyper3D }
    finally { $script:Emulator | Stop-Hyper3DEmulator }
}

Describe '1. Author and Group compare, sort and group as text' {
    It 'Where Author -eq finds what -like finds, for every author' {
        $authors = @($script:Featured | ForEach-Object { "$($_.Author)" } | Sort-Object -Unique)
        $authors.Count | Should -BeGreaterThan 2
        foreach ($name in $authors) {
            $like = @($script:Featured | Where-Object Author -Like $name).Count
            $like | Should -BeGreaterThan 0
            @($script:Featured | Where-Object Author -EQ $name).Count | Should -Be $like -Because "-eq '$name' must find the cards -like finds"
        }
        $script:Featured[0].Author | Should -BeOfType ([string])
    }

    It 'Where Group -eq ''Sculpture Club'' finds the group''s cards' {
        $like = @($script:Featured | Where-Object Group -Like 'Sculpture Club').Count
        $like | Should -BeGreaterThan 0
        @($script:Featured | Where-Object Group -EQ 'Sculpture Club').Count | Should -Be $like
        @($script:Featured | Where-Object Group -EQ 'Sculpture Club' | Where-Object GroupUuid -NE $script:SculptureClub) | Should -BeNullOrEmpty
    }

    It 'Group-Object Author groups by name, and the ids and the server objects are there too' {
        $groups = @($script:Featured | Group-Object Author)
        $names = @($groups.Name)
        ($names | Sort-Object) -join ',' | Should -BeExactly (@($script:Featured | ForEach-Object { "$($_.Author)" } | Sort-Object -Unique) -join ',')
        $card = $script:Featured | Where-Object Group | Select-Object -First 1
        $server = $script:Dataset.cards | Where-Object task_uuid -EQ $card.TaskUuid
        $card.AuthorUuid | Should -BeExactly $server.author.user_uuid
        $card.AuthorInfo.Username | Should -BeExactly $card.Author
        $card.GroupUuid | Should -BeExactly $server.group.uuid
        $card.GroupInfo.Name | Should -BeExactly $card.Group
    }
}

Describe '2. A CSV report that round-trips, under de-DE and a time zone far from UTC' {
    BeforeAll {
        # TZ is read when the process starts, so the culture and the zone are set in a child pwsh.
        $script:ChildScript = Join-Path $TestDrive 'csv-child.ps1'
        Set-Content -LiteralPath $script:ChildScript -Value @'
param([string] $Manifest, [string] $BaseUri, [string] $Csv, [string] $Result)
$ErrorActionPreference = 'Stop'
[cultureinfo]::CurrentCulture = 'de-DE'
Import-Module $Manifest
$password = ConvertTo-SecureString 'demo-password' -AsPlainText -Force
Connect-Hyper3D -BaseUri $BaseUri -Credential ([pscredential]::new('demo@hyper3d.local', $password))
$cards = @(Get-Hyper3DGalleryCard -Type Featured -All)
$cards | Export-Csv -LiteralPath $Csv
$rows = @(Import-Csv -LiteralPath $Csv)
$newest = ($cards | Sort-Object Time -Descending)[0]
$json = $cards | Where-Object GroupInfo | Select-Object -First 1 | ConvertTo-Json -WarningVariable jsonWarnings -WarningAction SilentlyContinue
$group = Import-Csv -LiteralPath $Csv | Where-Object Group -EQ 'Sculpture Club' | Select-Object -First 1 | Get-Hyper3DGalleryCard -Type Group -All
[pscustomobject]@{
    Zone          = [TimeZoneInfo]::Local.BaseUtcOffset.TotalHours
    Culture       = [cultureinfo]::CurrentCulture.Name
    Uuids         = @($cards.TaskUuid)
    Utc           = @($cards | ForEach-Object { $_.Time.UtcDateTime.ToString('o') })
    CsvTime       = @($rows.Time)
    CsvBack       = @($rows | ForEach-Object { ([datetimeoffset]$_.Time).UtcDateTime.ToString('o') })
    CsvAuthor     = @($rows.Author)
    CsvGroupUuid  = @($rows.GroupUuid)
    CsvTitle      = @($rows.Title)
    Titles        = @($cards | ForEach-Object { [string]$_.Title })
    LastWeek      = @($cards | Where-Object Time -GT (Get-Date).AddDays(-7)).Count
    Since2000     = @($cards | Where-Object Time -GT ([datetime]'2000-01-01')).Count
    SortedNewest  = $newest.TaskUuid
    AsDateTime    = ([datetime]$newest.Time).ToString('o')
    AsOffset      = ([datetimeoffset]$newest.Time).ToString('o')
    Formatted     = $newest.Time.ToString('yyyy-MM-dd')
    LocalDate     = $newest.Time.LocalDateTime.ToString('yyyy-MM-dd')
    JsonWarnings  = @($jsonWarnings).Count
    Json          = $json
    GroupFromCsv  = @($group.TaskUuid)
} | ConvertTo-Json -Depth 4 | Set-Content -LiteralPath $Result -Encoding utf8
'@
        $script:Csv = Join-Path $TestDrive 'report.csv'
        $resultPath = Join-Path $TestDrive 'result.json'
        $run = Invoke-ChildPwsh -ScriptPath $script:ChildScript -Environment @{ TZ = 'Pacific/Kiritimati' } -ArgumentList @(
            '-Manifest', $ModuleManifest, '-BaseUri', $script:Emulator.BaseUri, '-Csv', $script:Csv, '-Result', $resultPath)
        $run.ExitCode | Should -Be 0 -Because $run.StdErr
        $script:Child = Get-Content -Raw -LiteralPath $resultPath | ConvertFrom-Json -DateKind String
        $script:Expected = Get-ExpectedCard -Dataset $script:Dataset -Caller 'demo@hyper3d.local' -Type Featured
    }

    It 'ran in de-DE at UTC+14, and listed what the dataset holds' {
        if ($IsWindows) { Set-ItResult -Skipped -Because 'the TZ variable sets the time zone only on Linux and macOS'; return }
        $script:Child.Culture | Should -BeExactly 'de-DE'
        $script:Child.Zone | Should -Be 14
        ($script:Child.Uuids -join ',') | Should -BeExactly ($script:Expected.task_uuid -join ',')
    }

    It 'Export-Csv writes Time as ISO 8601 with an offset, and [datetimeoffset] reads back the same instant' {
        $script:Child.CsvTime.Count | Should -Be $script:Expected.Count
        foreach ($cell in $script:Child.CsvTime) { $cell | Should -MatchExactly '^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}\+00:00$' }
        ($script:Child.CsvBack -join ',') | Should -BeExactly ($script:Child.Utc -join ',')
        $server = @($script:Expected | ForEach-Object { ([datetimeoffset]::Parse($_.time, [cultureinfo]::InvariantCulture)).UtcDateTime.ToString('o') })
        ($script:Child.Utc -join ',') | Should -BeExactly ($server -join ',')
        # Read here, in this process's culture and zone, the file says the same.
        $here = @(Import-Csv -LiteralPath $script:Csv | ForEach-Object { ([datetimeoffset]$_.Time).UtcDateTime.ToString('o') })
        ($here -join ',') | Should -BeExactly ($server -join ',')
    }

    It 'Author and GroupUuid are columns, and rows pipe into Get-Hyper3DGalleryCard by name' {
        ($script:Child.CsvAuthor -join ',') | Should -BeExactly (@($script:Expected | ForEach-Object { $_.author.username }) -join ',')
        ($script:Child.CsvGroupUuid -join ',') | Should -BeExactly (@($script:Expected | ForEach-Object { "$($_.group.uuid)" }) -join ',')
        $group = Get-ExpectedCard -Dataset $script:Dataset -Caller 'demo@hyper3d.local' -Type Group -GroupUuid $script:SculptureClub
        $group.Count | Should -BeGreaterThan 0
        ($script:Child.GroupFromCsv -join ',') | Should -BeExactly ($group.task_uuid -join ',')
    }

    It 'titles with line breaks come back whole' {
        ($script:Child.CsvTitle -join '|') | Should -BeExactly ($script:Child.Titles -join '|')
        @($script:Child.CsvTitle | Where-Object { $_ -match "`n" }).Count | Should -BeGreaterThan 0
    }

    It 'on live objects Time compares with Get-Date, sorts, converts and formats as local time' {
        $script:Child.Since2000 | Should -Be $script:Expected.Count
        $script:Child.LastWeek | Should -Be @($script:Expected | Where-Object { [datetimeoffset]::Parse($_.time, [cultureinfo]::InvariantCulture) -gt [datetimeoffset]::Now.AddDays(-7) }).Count
        $newest = $script:Expected | Sort-Object { [datetimeoffset]::Parse($_.time, [cultureinfo]::InvariantCulture) } -Descending | Select-Object -First 1
        $script:Child.SortedNewest | Should -BeExactly $newest.task_uuid
        $instant = [datetimeoffset]::Parse($newest.time, [cultureinfo]::InvariantCulture)
        $script:Child.AsOffset | Should -BeExactly $instant.ToUniversalTime().ToString('o')
        $script:Child.AsDateTime | Should -BeExactly ($instant.ToOffset([timespan]::FromHours(14)).DateTime.ToString('yyyy-MM-ddTHH:mm:ss.fffffff') + '+14:00')
        $script:Child.Formatted | Should -BeExactly $instant.ToOffset([timespan]::FromHours(14)).ToString('yyyy-MM-dd')
        $script:Child.Formatted | Should -BeExactly $script:Child.LocalDate
    }

    It 'ConvertTo-Json of a card needs no -Depth: no warning, the group''s lists stay lists' {
        $script:Child.JsonWarnings | Should -Be 0
        $card = $script:Child.Json | ConvertFrom-Json
        $card.Author | Should -BeOfType ([string])
        $card.GroupInfo.AllowedStyle.GetType().IsArray | Should -BeTrue
        $card.GroupInfo.AllowedStyle.Count | Should -BeGreaterThan 1
        $card.Time.UtcDateTime | Should -Not -BeNullOrEmpty
    }
}

Describe '3. -GroupUuid: a piped string, alone, or refused with another -Type' {
    BeforeEach { Reset-Log }

    It '''<uuid>'' | Get-Hyper3DGalleryCard lists that group' {
        $cards = @($script:SculptureClub | Get-Hyper3DGalleryCard -All)
        $expected = Get-ExpectedCard -Dataset $script:Dataset -Caller 'demo@hyper3d.local' -Type Group -GroupUuid $script:SculptureClub
        $expected.Count | Should -BeGreaterThan 0
        ($cards.TaskUuid -join ',') | Should -BeExactly ($expected.task_uuid -join ',')
        $body = (Get-ApiRequest -Emulator $script:Emulator -Path '/api/task/cards')[0].body
        $body.type | Should -BeExactly 'Group'
        $body.group_uuid | Should -BeExactly $script:SculptureClub
    }

    It '-GroupUuid alone means -Type Group' {
        Get-Hyper3DGalleryCard -GroupUuid $script:SculptureClub | Out-Null
        $body = (Get-ApiRequest -Emulator $script:Emulator -Path '/api/task/cards')[0].body
        $body.type | Should -BeExactly 'Group'
        $body.group_uuid | Should -BeExactly $script:SculptureClub
    }

    It '-GroupUuid with -Type <Type> is refused before any request, saying why' -TestCases @(
        @{ Type = 'Recent' }, @{ Type = 'Featured' }, @{ Type = 'Mine' }, @{ Type = 'Story' }
    ) {
        $err = Invoke-Captured { Get-Hyper3DGalleryCard -Type $Type -GroupUuid $script:SculptureClub -ErrorAction Stop }
        $err | Should -Not -BeNullOrEmpty
        $err.FullyQualifiedErrorId | Should -BeLike 'GroupUuidWithOtherType,*'
        $err.CategoryInfo.Category | Should -Be 'InvalidArgument'
        $err.Exception.Message | Should -Match "-Type $Type"
        $err.Exception.Message | Should -Match 'ignore'
        @(Get-ApiRequest -Emulator $script:Emulator) | Should -BeNullOrEmpty
    }
}

Describe '4. -GroupUuid completes the groups the session has met' {
    It 'offers each group met, uuid as the text and the name as tooltip, and sends no request' {
        Reset-Log
        $matches_ = @(Get-Completion 'Get-Hyper3DGalleryCard -GroupUuid ')
        @(Get-ApiRequest -Emulator $script:Emulator) | Should -BeNullOrEmpty -Because 'completing asks the server nothing'
        $names = @{}
        foreach ($group in $script:Dataset.groups) { $names[$group.uuid] = $group.name }
        $featured = @($script:Featured | Where-Object GroupUuid | ForEach-Object GroupUuid | Sort-Object -Unique)
        $featured.Count | Should -BeGreaterThan 1
        foreach ($uuid in $featured) { $matches_.CompletionText | Should -Contain $uuid -Because 'every group the listing met is offered' }
        foreach ($m in $matches_) {
            $names.Keys | Should -Contain $m.CompletionText -Because 'only groups that exist are offered'
            $m.ToolTip | Should -BeExactly $names[$m.CompletionText]
            $m.ListItemText | Should -Match ([regex]::Escape($names[$m.CompletionText]))
            $m.ResultType | Should -Be 'ParameterValue'
        }
    }

    It 'a typed name prefix completes to the uuid' {
        $matches_ = @(Get-Completion 'Get-Hyper3DGalleryCard -GroupUuid sculp')
        $matches_.Count | Should -Be 1
        $matches_[0].CompletionText | Should -BeExactly $script:SculptureClub
    }

    It 'a session that has met no group offers nothing (not file names)' {
        $fresh = Connect-Hyper3D -BaseUri $script:Emulator.BaseUri -SkipConnectionCheck -PassThru
        try {
            Push-Location TestDrive:
            New-Item -ItemType File -Path 'a-file.txt' | Out-Null
            @(Get-Completion 'Get-Hyper3DGalleryCard -Session $fresh -GroupUuid ') | Should -BeNullOrEmpty
        }
        finally {
            Pop-Location
            Disconnect-Hyper3D -Session $fresh
            Connect-Hyper3D -BaseUri $script:Emulator.BaseUri -Credential $DemoCredential
            Get-Hyper3DGalleryCard -Type Featured -All | Out-Null
        }
    }
}

Describe '5. Connect-Hyper3D checks the address before it replaces the session' {
    It 'a -BaseUri without /api fails naming -BaseUri, and the working session stays current' {
        $before = Get-Hyper3DConnection
        $root = $script:Emulator.BaseUri -replace '/api$', ''
        foreach ($attempt in @({ Connect-Hyper3D -BaseUri $root -ErrorAction Stop }, { Connect-Hyper3D -BaseUri $root -Credential $DemoCredential -ErrorAction Stop })) {
            $err = Invoke-Captured $attempt
            $err | Should -Not -BeNullOrEmpty
            $err.FullyQualifiedErrorId | Should -BeLike 'BaseUriNotApi,*'
            "$err" | Should -Match 'does not answer as the Hyper3D API'
            $err.ErrorDetails.RecommendedAction | Should -Match 'check -BaseUri \(the API root usually ends in /api\)'
            [object]::ReferenceEquals((Get-Hyper3DConnection), $before) | Should -BeTrue
        }
        @(Get-Hyper3DGalleryCard).Count | Should -BeGreaterThan 0 -Because 'the previous session still works'
    }

    It 'the check is one request for page 0 of Recent, with the token; -SkipConnectionCheck sends none' {
        $token = Get-SessionSecret -Session (Get-Hyper3DConnection)
        Reset-Log
        $session = Connect-Hyper3D -BaseUri $script:Emulator.BaseUri -Token (ConvertTo-SecureString $token -AsPlainText -Force) -PassThru
        $requests = @(Get-ApiRequest -Emulator $script:Emulator)
        $requests.Count | Should -Be 1
        $requests[0].path | Should -BeExactly '/api/task/cards'
        $requests[0].body.type | Should -BeExactly 'Recent'
        $requests[0].page_num | Should -Be 0
        $requests[0].authorized | Should -BeTrue
        Reset-Log
        Connect-Hyper3D -BaseUri ($script:Emulator.BaseUri -replace '/api$', '') -SkipConnectionCheck
        @(Get-ApiRequest -Emulator $script:Emulator) | Should -BeNullOrEmpty
        Connect-Hyper3D -BaseUri $script:Emulator.BaseUri -Credential $DemoCredential
        Disconnect-Hyper3D -Session $session
    }

    It 'a token the server refuses fails the connect, not the first listing' {
        $before = Get-Hyper3DConnection
        $err = Invoke-Captured { Connect-Hyper3D -BaseUri $script:Emulator.BaseUri -Token (ConvertTo-SecureString 'not-a-token' -AsPlainText -Force) -ErrorAction Stop }
        $err.FullyQualifiedErrorId | Should -BeLike 'AuthenticationFailed,*'
        [object]::ReferenceEquals((Get-Hyper3DConnection), $before) | Should -BeTrue
    }
}

Describe '6. -Verbose names each page, -Debug shows the body, -All ends with a summary' {
    BeforeAll {
        Reset-Log
        $script:Records = @(Get-Hyper3DGalleryCard -Type Featured -Status All -All -ThrottleLimit 1 -Verbose -Debug 4>&1 5>&1)
        $script:Verbose = @($script:Records | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message)
        $script:Debug = @($script:Records | Where-Object { $_ -is [System.Management.Automation.DebugRecord] } | ForEach-Object Message)
        $script:Pages = @(Get-ApiRequest -Emulator $script:Emulator -Path '/api/task/cards' | Where-Object { $null -ne $_.completed })
    }

    It 'one verbose line per page read, each naming its page, its filters and its time' {
        $pageLines = @($script:Verbose | Where-Object { $_ -match '^Page \d+ of ' })
        $pageLines.Count | Should -Be $script:Pages.Count
        $script:Pages.Count | Should -BeGreaterThan 2
        @($pageLines | Sort-Object -Unique).Count | Should -Be $pageLines.Count -Because 'no two lines look alike'
        for ($i = 0; $i -lt $pageLines.Count; $i++) {
            $pageLines[$i] | Should -Match "^Page $i of -Type Featured -Status All: \d+ cards in \d+ ms\.$"
        }
    }

    It 'one debug line per page request with its JSON body, never the token' {
        $token = Get-SessionSecret -Session (Get-Hyper3DConnection)
        $bodies = @($script:Debug | Where-Object { $_ -match '^Page \d+: POST ' })
        $bodies.Count | Should -BeGreaterOrEqual $script:Pages.Count
        $bodies[0] | Should -BeExactly "Page 0: POST $($script:Emulator.BaseUri)/task/cards {`"page_num`":0,`"type`":`"Featured`",`"user_type`":`"All`"}"
        ($script:Records | Out-String -Width 1000).Contains($token) | Should -BeFalse
    }

    It 'the last verbose line sums up the listing' {
        $cards = @($script:Records | Where-Object { $_ -is [Hyper3D.Model.GalleryCard] })
        $script:Verbose[-1] | Should -Match "^Get-Hyper3DGalleryCard -Type Featured: $($script:Pages.Count) pages read, $($cards.Count) cards written, 0 duplicates skipped, 0 retries, in \d+\.\d\d s\.$"
    }

    It 'the summary counts retries' {
        Reset-Log
        Invoke-Hyper3DEmulatorControl -Emulator $script:Emulator -Action reset -Body @{ faults = '503@2' } | Out-Null
        $verbose = @(Get-Hyper3DGalleryCard -Type Featured -All -ThrottleLimit 1 -Verbose -WarningAction SilentlyContinue 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] })
        Invoke-Hyper3DEmulatorControl -Emulator $script:Emulator -Action reset -Body @{ faults = '' } | Out-Null
        $verbose[-1].Message | Should -Match ', 1 retries, in '
    }
}

Describe '7. The default views, JSON, paging count and -WhatIf' {
    It 'the table at 80 columns keeps Step, NumLike, Author, Time and Title' {
        $lines = @(($script:Featured | Format-Table | Out-String -Width 80) -split '\r?\n' | Where-Object { $_.Trim() })
        $lines[0] | Should -MatchExactly '^Step\s+NumLike\s+Author\s+Time\s+Title\s*$'
        $lines[2] | Should -Match '\d{4}-\d\d-\d\d \d\d:\d\d ' -Because 'the time is not cut off'
    }

    It 'an untitled card shows its TaskUuid in the table and in the list alike' {
        $untitled = @($script:Featured | Where-Object { -not $_.Title })
        $untitled.Count | Should -BeGreaterThan 0
        $card = $untitled[0]
        ($card | Format-List | Out-String -Width 200) | Should -Match "(?m)^Title\s+: $($card.TaskUuid)\s*$"
        # The Title column ends the row and takes the width left: on a wide console the whole uuid.
        ($card | Format-Table | Out-String -Width 200) | Should -Match "(?m) $($card.TaskUuid)\s*$"
    }

    It 'Format-List shows every property' {
        $card = $script:Featured | Where-Object Group | Select-Object -First 1
        $text = $card | Format-List | Out-String -Width 300
        $labels = @([regex]::Matches($text, '(?m)^(\w+)\s+:') | ForEach-Object { $_.Groups[1].Value })
        (@($labels | Sort-Object) -join ',') | Should -BeExactly (@([Hyper3D.Model.GalleryCard].GetProperties().Name | Sort-Object) -join ',')
    }

    It '-IncludeTotalCount with -First says in its help what it gives' {
        $total = @(Get-Hyper3DGalleryCard -Type Featured -First 3 -IncludeTotalCount)[-1]
        [int]$total | Should -BeGreaterOrEqual 3
        (Get-Help Get-Hyper3DGalleryCard -Parameter IncludeTotalCount | Out-String) | Should -Match 'lower bound'
    }

    It 'Disconnect-Hyper3D -WhatIf closes nothing' {
        $session = Get-Hyper3DConnection
        Disconnect-Hyper3D -WhatIf
        [object]::ReferenceEquals((Get-Hyper3DConnection), $session) | Should -BeTrue
        @(Get-Hyper3DGalleryCard).Count | Should -BeGreaterThan 0
        (Get-Command Disconnect-Hyper3D).Parameters.Keys | Should -Contain 'Confirm'
    }
}
