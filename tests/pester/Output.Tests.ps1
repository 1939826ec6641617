# The output objects: property types, unknown server values kept as text, the CSV round trip with no
# type names in it, Select-Object *, the default table and list views, and the session's display.

BeforeAll {
    . $PSScriptRoot/Common.ps1
    . $PSScriptRoot/Dataset.ps1
    $script:Emulator = Start-Hyper3DEmulator -ArgumentList @('--cards', '240')
    $script:Dataset = Get-TestDataset -Emulator $script:Emulator
    $script:Expected = Get-ExpectedCard -Dataset $script:Dataset
    $script:ById = @{}
    foreach ($card in $script:Dataset.cards) { $script:ById[$card.task_uuid] = $card }

    Connect-Hyper3D -BaseUri $script:Emulator.BaseUri
    $script:Cards = @(Get-Hyper3DGalleryCard -All)

    # A cell that reads like a .NET type name: what ToString() gives for an object that does not override it.
    $script:TypeNamePattern = '^(System|Hyper3D|Microsoft)\.[\w.`\[\]+,= ]+$|System\.String\[\]|System\.Collections|System\.Object|Hyper3D\.Model\.'
}

AfterAll {
    try { Disconnect-Hyper3D }
    finally { $script:Emulator | Stop-Hyper3DEmulator }
}

Describe 'Card properties' {
    It 'the -All of Recent is what the dataset says (the ground for the tests below)' {
        $script:Cards.Count | Should -Be $script:Expected.Count
        ($script:Cards.TaskUuid -join ',') | Should -BeExactly ($script:Expected.task_uuid -join ',')
    }

    It 'Time is a Timestamp equal to the server time, and compares with Get-Date' {
        $card = $script:Cards[0]
        $card.Time | Should -BeOfType ([Hyper3D.Model.Timestamp])
        $card.Time -lt (Get-Date) | Should -BeTrue
        $card.Time -gt (Get-Date '2000-01-01') | Should -BeTrue
        $bad = foreach ($c in $script:Cards) {
            $server = [datetime]::Parse($script:ById[$c.TaskUuid].time, [cultureinfo]::InvariantCulture, [Globalization.DateTimeStyles]::AdjustToUniversal -bor [Globalization.DateTimeStyles]::AssumeUniversal)
            if ($c.Time -isnot [Hyper3D.Model.Timestamp] -or $c.Time.UtcDateTime -ne $server) { "$($c.TaskUuid): $($c.Time) vs $server" }
        }
        $bad | Should -BeNullOrEmpty
        # Filtering by date works in the pipeline.
        $cutoff = $script:Cards[10].Time
        @($script:Cards | Where-Object Time -GT $cutoff).Count | Should -Be 10
    }

    It 'Time is local time (so it compares with Get-Date) where the clock is not UTC' {
        # This machine may run on UTC, where local and UTC look alike: ask a pwsh running in Tokyo (UTC+9, no DST).
        if ($IsWindows) { Set-ItResult -Skipped -Because 'the TZ variable sets the time zone only on Linux and macOS'; return }
        $host_ = (Get-Process -Id $PID).Path
        # Run as `dotnet pwsh` (the repository's tool): the process is dotnet, and pwsh.dll its first argument.
        $prefix = @(if ([IO.Path]::GetFileNameWithoutExtension($host_) -eq 'dotnet') { Join-Path $PSHOME 'pwsh.dll' })
        $command = "Import-Module '$script:ModuleManifest'; Connect-Hyper3D -BaseUri '$($script:Emulator.BaseUri)'; " +
            "`$c = Get-Hyper3DGalleryCard -First 1; `$c.TaskUuid; ([datetime]`$c.Time).Kind; `$c.Time.ToString('yyyy-MM-ddTHH:mm:ss.fff'); " +
            "[int][Math]::Round(((Get-Date) - [datetime]`$c.Time).TotalHours - ([datetime]::UtcNow - `$c.Time.UtcDateTime).TotalHours)"
        $saved = $env:TZ
        try {
            $env:TZ = 'Asia/Tokyo'
            $lines = @(& $host_ @prefix -NoProfile -NonInteractive -Command $command 2>&1 | ForEach-Object { "$_" })
        }
        finally { $env:TZ = $saved }
        $LASTEXITCODE | Should -Be 0 -Because ($lines -join "`n")
        $lines.Count | Should -Be 4
        $lines[0] | Should -BeExactly $script:Expected[0].task_uuid
        $lines[1] | Should -BeExactly 'Local'
        $server = [datetime]::Parse($script:Expected[0].time, [cultureinfo]::InvariantCulture, [Globalization.DateTimeStyles]'AdjustToUniversal, AssumeUniversal')
        $lines[2] | Should -BeExactly $server.AddHours(9).ToString('yyyy-MM-ddTHH:mm:ss.fff') -Because 'the wall-clock time is Tokyo time'
        $lines[3] | Should -Be 0 -Because 'Get-Date minus Time is the true age of the card'
    }

    It 'NumLike is an [int] equal to num_like, IsLike a [bool]' {
        $card = $script:Cards[0]
        $card.NumLike | Should -BeOfType ([int])
        $card.IsLike | Should -BeOfType ([bool])
        ($script:Cards.NumLike -join ',') | Should -BeExactly ($script:Expected.num_like -join ',')
        @($script:Cards | Where-Object IsLike).Count | Should -Be 0 -Because 'anonymous: no card is liked'
        # An int compares as a number: 9 is not greater than 10 (as a string it would be).
        $numeric = @($script:Cards | Where-Object NumLike -GT 10).Count
        $numeric | Should -Be @($script:Expected | Where-Object { [int]$_.num_like -gt 10 }).Count
    }

    It 'IsLike is true for the cards the signed-in user liked' {
        Connect-Hyper3D -BaseUri $script:Emulator.BaseUri -Credential $DemoCredential
        try {
            $liked = @(Get-Hyper3DGalleryCard -Status Liked -All)
            $liked.Count | Should -BeGreaterThan 0
            @($liked | Where-Object { $_.IsLike -ne $true }).Count | Should -Be 0
            $mine = @(Get-Hyper3DGalleryCard -Type Mine -All)
            $demoLikes = ($script:Dataset.users | Where-Object email -EQ 'demo@hyper3d.local').liked
            ($mine | Where-Object IsLike).TaskUuid -join ',' |
                Should -BeExactly (($mine | Where-Object { $demoLikes -contains $_.TaskUuid }).TaskUuid -join ',')
        }
        finally { Connect-Hyper3D -BaseUri $script:Emulator.BaseUri }
    }

    It 'Author prints as the username, also for a non-ASCII name' {
        $bad = foreach ($c in $script:Cards) {
            $name = $script:ById[$c.TaskUuid].author.username
            if ("$($c.Author)" -cne $name) { "$($c.TaskUuid): '$($c.Author)' vs '$name'" }
        }
        $bad | Should -BeNullOrEmpty
        @($script:Cards | Where-Object { "$($_.Author)" -ceq 'Élodie' }).Count | Should -BeGreaterThan 0
    }

    It 'unknown Type and Step values from the server are kept as text' {
        $types = $script:Cards | Where-Object Type -In 'Rodin2', 'Sketch3D'
        $steps = $script:Cards | Where-Object Step -In 'Finished', 'Archived'
        @($types).Count | Should -Be @($script:Expected | Where-Object { $_.type -cin 'Rodin2', 'Sketch3D' }).Count
        @($steps).Count | Should -Be @($script:Expected | Where-Object { $_.step -cin 'Finished', 'Archived' }).Count
        @($types).Count | Should -BeGreaterThan 0
        @($steps).Count | Should -BeGreaterThan 0
        $script:Cards[0].Type | Should -BeOfType ([string])
        $script:Cards[0].Step | Should -BeOfType ([string])
        ($script:Cards.Type -join ',') | Should -BeExactly ($script:Expected.type -join ',')
        ($script:Cards.Step -join ',') | Should -BeExactly ($script:Expected.step -join ',')
    }

    It 'Group prints as its name, PendingJobs as its items' {
        $grouped = @($script:Cards | Where-Object Group)
        $grouped.Count | Should -Be @($script:Expected | Where-Object group).Count
        $grouped.Count | Should -BeGreaterThan 0
        foreach ($c in $grouped) { "$($c.Group)" | Should -BeExactly $script:ById[$c.TaskUuid].group.name }
        $withJobs = @($script:Cards | Where-Object { $_.PendingJobs.Count -gt 0 })
        $withJobs.Count | Should -BeGreaterThan 0
        foreach ($c in $withJobs) { $c.PendingJobs.ToString() | Should -BeExactly (@($script:ById[$c.TaskUuid].pending_jobs) -join ', ') }
    }
}

Describe 'Export-Csv round trip over every Recent card' {
    BeforeAll {
        $script:CsvPath = Join-Path $TestDrive 'recent.csv'
        $script:Cards | Export-Csv -LiteralPath $script:CsvPath
        $script:Rows = @(Import-Csv -LiteralPath $script:CsvPath)
    }

    It 'has one row per card, in order' {
        $script:Rows.Count | Should -Be $script:Cards.Count
        ($script:Rows.TaskUuid -join ',') | Should -BeExactly ($script:Cards.TaskUuid -join ',')
    }

    It 'every row has the original TaskUuid, Title and Prompt (quotes, commas, newlines, non-ASCII)' {
        $bad = for ($i = 0; $i -lt $script:Cards.Count; $i++) {
            $card = $script:Cards[$i]; $row = $script:Rows[$i]
            foreach ($name in 'TaskUuid', 'Title', 'Prompt') {
                $original = [string]$card.$name
                if ($row.$name -cne $original) { "row $i ${name}: '$($row.$name)' vs '$original'" }
            }
        }
        $bad | Should -BeNullOrEmpty
        $script:Rows.Title | Should -Contain "Café `"Rodin`", v2`nline two"
        $script:Rows.Title | Should -Contain 'ドラゴン'
    }

    It 'Author, Group and PendingJobs hold their text' {
        $bad = for ($i = 0; $i -lt $script:Cards.Count; $i++) {
            $card = $script:Cards[$i]; $row = $script:Rows[$i]
            if ($row.Author -cne "$($card.Author)") { "row $i Author: $($row.Author)" }
            if ($row.Group -cne "$($card.Group)") { "row $i Group: $($row.Group)" }
            if ($row.PendingJobs -cne (@($card.PendingJobs) -join ', ')) { "row $i PendingJobs: $($row.PendingJobs)" }
            if ($row.NumLike -cne "$($card.NumLike)") { "row $i NumLike: $($row.NumLike)" }
        }
        $bad | Should -BeNullOrEmpty
        @($script:Rows | Where-Object Group).Count | Should -BeGreaterThan 0
        @($script:Rows | Where-Object PendingJobs).Count | Should -BeGreaterThan 0
    }

    It 'no cell anywhere reads like a .NET type name' {
        $columns = $script:Rows[0].PSObject.Properties.Name
        $columns.Count | Should -BeGreaterThan 15
        $bad = foreach ($row in $script:Rows) {
            foreach ($column in $columns) {
                $cell = $row.$column
                if ($cell -match $script:TypeNamePattern) { "$($row.TaskUuid) ${column}: $cell" }
            }
        }
        $bad | Should -BeNullOrEmpty
        # And the raw file, in case a cell escaped the parse.
        Get-Content -Raw -LiteralPath $script:CsvPath | Should -Not -Match 'System\.(String|Collections|Object)|Hyper3D\.Model\.'
    }

    It 'has a column for every public property' {
        $properties = [Hyper3D.Model.GalleryCard].GetProperties().Name | Sort-Object
        (@($script:Rows[0].PSObject.Properties.Name | Sort-Object) -join ',') | Should -BeExactly ($properties -join ',')
    }
}

Describe 'Views' {
    It 'Select-Object * shows every public property' {
        $properties = @([Hyper3D.Model.GalleryCard].GetProperties([Reflection.BindingFlags]'Public, Instance').Name)
        $properties.Count | Should -BeGreaterThan 15
        $selected = $script:Cards[0] | Select-Object *
        (@($selected.PSObject.Properties.Name | Sort-Object) -join ',') | Should -BeExactly (@($properties | Sort-Object) -join ',')
        foreach ($name in 'TaskUuid', 'Type', 'Title', 'Prompt', 'Style', 'Step', 'NumLike', 'IsLike', 'Time', 'Author', 'Group', 'ImageUrl', 'VideoUrl', 'IsPrivate', 'IsHidden', 'UserState', 'Licensed', 'PendingJobs') {
            $properties | Should -Contain $name
        }
        $text = $script:Cards[0] | Select-Object * | Out-String -Width 300
        foreach ($name in $properties) { $text | Should -Match "(?m)^$name\s+:" }
    }

    It 'the default table has Step, NumLike, Author, Time, Title, one row a card, no line over 80 characters' {
        $text = $script:Cards | Format-Table | Out-String -Width 80
        $lines = @($text -split '\r?\n' | Where-Object { $_.Trim() })
        $lines[0] | Should -MatchExactly '^Step\s+NumLike\s+Author\s+Time\s+Title\s*$'
        $lines[1] | Should -Match '^[-\s]+$'
        $lines.Count | Should -Be ($script:Cards.Count + 2) -Because 'each card is one row, even a title with a newline'
        $long = @($lines | Where-Object { $_.Length -gt 80 })
        $long | Should -BeNullOrEmpty
        $text | Should -Match 'Café "Rodin", v2 line t'
        $text | Should -Match 'ドラゴン'
        $text | Should -Match '\bÉlodie\b'
        $text | Should -Not -Match 'Hyper3D\.Model\.'
    }

    It 'the default display (no Format-Table) is that table too' {
        $text = $script:Cards[0..4] | Out-String -Width 80
        ($text -split '\r?\n' | Where-Object { $_.Trim() } | Select-Object -First 1) | Should -MatchExactly '^Step\s+NumLike\s+Author\s+Time\s+Title\s*$'
    }

    It 'Format-List shows the card with readable values' {
        $card = $script:Cards | Where-Object Group | Select-Object -First 1
        $text = $card | Format-List | Out-String -Width 200
        $text | Should -Match "(?m)^TaskUuid\s+: $($card.TaskUuid)\s*$"
        $text | Should -Match "(?m)^Author\s+: $([regex]::Escape("$($card.Author)"))\s*$"
        $text | Should -Match "(?m)^Group\s+: $([regex]::Escape($script:ById[$card.TaskUuid].group.name))\s*$"
        $text | Should -Match "(?m)^NumLike\s+: $($card.NumLike)\s*$"
        foreach ($label in 'Title', 'Type', 'Step', 'IsLike', 'Time') { $text | Should -Match "(?m)^$label\s+:" }
        $text | Should -Not -Match 'Hyper3D\.Model\.'
    }

    It 'Get-Hyper3DConnection''s default display shows no token' {
        $body = @{ email = 'demo@hyper3d.local'; password = 'demo-password' } | ConvertTo-Json -Compress
        $token = (Invoke-RestMethod -Method Post -Uri "$($script:Emulator.BaseUri)/user/login" -Body $body -ContentType 'application/json').token
        $token | Should -Not -BeNullOrEmpty
        Connect-Hyper3D -BaseUri $script:Emulator.BaseUri -Token (ConvertTo-SecureString $token -AsPlainText -Force)
        try {
            foreach ($text in @((Get-Hyper3DConnection | Out-String -Width 300), (Get-Hyper3DConnection | Format-List | Out-String -Width 300))) {
                $text | Should -Match ([regex]::Escape($script:Emulator.BaseUri))
                $text.Contains($token) | Should -BeFalse
            }
            (Get-Hyper3DConnection | Out-String -Width 300) | Should -Match '\bToken\b.*\bTrue\b'
        }
        finally { Connect-Hyper3D -BaseUri $script:Emulator.BaseUri }
    }
}
