# What one cmdlet writes, the next takes: cards and the rows Import-Csv reads back from Export-Csv of them, piped
# into every cmdlet that takes cards, as users write it; advice that names the session's own server; a half-set
# environment refused at connect.

BeforeAll {
    . $PSScriptRoot/Common.ps1
    . $PSScriptRoot/Dataset.ps1
    . $PSScriptRoot/ChildPwsh.ps1
    $script:Emulator = Start-Hyper3DEmulator -ArgumentList @('--cards', '240')
    $script:Dataset = Get-TestDataset -Emulator $script:Emulator
    Connect-Hyper3D -BaseUri $script:Emulator.BaseUri -Credential $AliceCredential

    # alice is in two groups; the third (expired) is not hers to list.
    $script:Cards = @(Get-Hyper3DGalleryCard -All | Where-Object Group -ne 'Hackathon 2024')
    $script:Csv = Join-Path $TestDrive 'cards.csv'
    $script:Cards | Export-Csv -LiteralPath $script:Csv
    $script:GroupsInOrder = @($script:Cards | Where-Object GroupUuid | ForEach-Object GroupUuid | Select-Object -Unique)

    # The group page requests since the last reset: which group each asked for, page 0 only (one per listing).
    function Get-ListedGroup {
        @(Get-ApiRequest -Emulator $script:Emulator -Path '/api/task/cards' | ForEach-Object body | Where-Object page_num -eq 0 | ForEach-Object group_uuid)
    }

    function Get-ExpectedGroupCard([string[]] $GroupUuid) {
        @(foreach ($uuid in $GroupUuid) { (Get-ExpectedCard -Dataset $script:Dataset -Caller 'alice@hyper3d.local' -Type Group -GroupUuid $uuid).task_uuid })
    }
}

AfterAll {
    try { Disconnect-Hyper3D }
    finally { $script:Emulator | Stop-Hyper3DEmulator }
}

Describe 'Cards and CSV rows into Get-Hyper3DGalleryCard' {
    BeforeEach { Reset-TestEmulator $script:Emulator }

    It 'the cards hold several groups and cards of no group (the premise of the tests below)' {
        $script:GroupsInOrder.Count | Should -Be 2
        @($script:Cards | Where-Object { -not $_.GroupUuid }).Count | Should -BeGreaterThan 10
        @($script:Cards | Where-Object GroupUuid).Count | Should -BeGreaterThan 2
    }

    It 'cards: each group listed once, in order of first appearance; cards of no group passed over with one warning' {
        $listed = @($script:Cards | Get-Hyper3DGalleryCard -All -WarningVariable warnings -WarningAction SilentlyContinue)
        (Get-ListedGroup) -join ',' | Should -BeExactly ($script:GroupsInOrder -join ',')
        # (Pages of the listing in BeforeAll cancelled in flight may be logged after the reset: only group pages count.)
        @(Get-ApiRequest -Emulator $script:Emulator -Path '/api/task/cards' | ForEach-Object body | Where-Object type -eq 'Group' | Where-Object group_uuid -notin $script:GroupsInOrder).Count | Should -Be 0
        ($listed.TaskUuid -join ',') | Should -BeExactly ((Get-ExpectedGroupCard $script:GroupsInOrder) -join ',')
        $warnings.Count | Should -Be 1
        $noGroup = @($script:Cards | Where-Object { -not $_.GroupUuid }).Count
        "$($warnings[0])" | Should -Match "^$noGroup piped objects had no GroupUuid"
    }

    It 'Import-Csv rows under de-DE: the same groups, once each, and no title sent as a group' {
        $culture = [cultureinfo]::CurrentCulture
        try {
            [cultureinfo]::CurrentCulture = 'de-DE'
            $listed = @(Import-Csv -LiteralPath $script:Csv | Get-Hyper3DGalleryCard -All -WarningVariable warnings -WarningAction SilentlyContinue)
        }
        finally { [cultureinfo]::CurrentCulture = $culture }
        (Get-ListedGroup) -join ',' | Should -BeExactly ($script:GroupsInOrder -join ',')
        ($listed.TaskUuid -join ',') | Should -BeExactly ((Get-ExpectedGroupCard $script:GroupsInOrder) -join ',')
        $warnings.Count | Should -Be 1
    }

    It 'a piped string is still a group uuid, and the same one twice is listed once' {
        $uuid = $script:GroupsInOrder[0]
        $listed = @($uuid, $uuid | Get-Hyper3DGalleryCard -All)
        (Get-ListedGroup) -join ',' | Should -BeExactly $uuid
        ($listed.TaskUuid -join ',') | Should -BeExactly ((Get-ExpectedGroupCard $uuid) -join ',')
    }

    It 'an object that is neither a string nor has a GroupUuid is refused at binding, never sent as its text' {
        $err = $null
        Get-Item -LiteralPath $TestDrive | Get-Hyper3DGalleryCard -All -ErrorVariable err -ErrorAction SilentlyContinue
        $err.Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -Match '^ParameterArgumentTransformationError'
        "$($err[0])" | Should -Match 'GroupUuid'
        @(Get-ApiRequest -Emulator $script:Emulator).Count | Should -Be 0
    }
}

Describe 'Cards and CSV rows into Save-Hyper3DCardMedia and Export-Hyper3DGalleryReport, under de-DE at UTC+14' {
    BeforeAll {
        # TZ is read when the process starts, so the culture and the zone are set in a child pwsh.
        $script:ChildScript = Join-Path $TestDrive 'rows-child.ps1'
        Set-Content -LiteralPath $script:ChildScript -Value @'
param([string] $Manifest, [string] $BaseUri, [string] $Csv, [string] $Out)
$ErrorActionPreference = 'Stop'
[cultureinfo]::CurrentCulture = 'de-DE'
Import-Module $Manifest
Connect-Hyper3D -BaseUri $BaseUri
$allRows = @(Import-Csv -LiteralPath $Csv)
$allCards = @(Get-Hyper3DGalleryCard -All | Where-Object TaskUuid -in $allRows.TaskUuid)
$rows = $allRows | Select-Object -First 12
$cards = $allCards | Select-Object -First 12
$rows | Save-Hyper3DCardMedia -Path (Join-Path $Out 'from-rows') -InformationVariable rowsInfo
$cards | Save-Hyper3DCardMedia -Path (Join-Path $Out 'from-cards')
$again = $rows | Save-Hyper3DCardMedia -Path (Join-Path $Out 'from-rows') -InformationVariable againInfo
Import-Csv -LiteralPath $Csv | Export-Hyper3DGalleryReport -Path (Join-Path $Out 'rows.html') -Title 'Same' -WarningVariable reportWarnings
$allCards | Export-Hyper3DGalleryReport -Path (Join-Path $Out 'cards.html') -Title 'Same'
[pscustomobject]@{
    Zone           = [TimeZoneInfo]::Local.BaseUtcOffset.TotalHours
    Culture        = [cultureinfo]::CurrentCulture.Name
    SaveSummary    = @($rowsInfo | ForEach-Object { "$_" })
    AgainSummary   = @($againInfo | ForEach-Object { "$_" })
    AgainOutput    = @($again).Count
    ReportWarnings = @($reportWarnings).Count
} | ConvertTo-Json | Set-Content -LiteralPath (Join-Path $Out 'result.json') -Encoding utf8
'@
        $script:Out = Join-Path $TestDrive 'child'
        New-Item -ItemType Directory -Path $script:Out | Out-Null
        $run = Invoke-ChildPwsh -ScriptPath $script:ChildScript -Environment @{ TZ = 'Pacific/Kiritimati' } -ArgumentList @(
            '-Manifest', $ModuleManifest, '-BaseUri', $script:Emulator.BaseUri, '-Csv', $script:Csv, '-Out', $script:Out)
        $run.ExitCode | Should -Be 0 -Because $run.StdErr
        $script:Child = Get-Content -Raw -LiteralPath (Join-Path $script:Out 'result.json') | ConvertFrom-Json
    }

    It 'ran in de-DE at UTC+14' {
        if ($IsWindows) { Set-ItResult -Skipped -Because 'the TZ variable sets the time zone only on Linux and macOS'; return }
        $script:Child.Culture | Should -BeExactly 'de-DE'
        $script:Child.Zone | Should -Be 14
    }

    It 'Save takes rows as it takes cards: the same files, and one summary line each run' {
        $fromRows = @(Get-ChildItem -LiteralPath (Join-Path $script:Out 'from-rows') | Sort-Object Name | ForEach-Object { "$($_.Name) $($_.Length)" })
        $fromCards = @(Get-ChildItem -LiteralPath (Join-Path $script:Out 'from-cards') | Sort-Object Name | ForEach-Object { "$($_.Name) $($_.Length)" })
        $fromRows.Count | Should -BeGreaterThan 12
        ($fromRows -join '|') | Should -BeExactly ($fromCards -join '|')
        $script:Child.SaveSummary.Count | Should -Be 1
        $script:Child.SaveSummary[0] | Should -Match "^Save-Hyper3DCardMedia: $($fromRows.Count) downloaded, 0 unchanged, 0 failed"
        $script:Child.AgainSummary.Count | Should -Be 1
        $script:Child.AgainSummary[0] | Should -Match "^Save-Hyper3DCardMedia: 0 downloaded, $($fromRows.Count) unchanged, 0 failed"
        $script:Child.AgainOutput | Should -Be 0
    }

    It 'Export takes rows as it takes cards: the report of the rows shows what the report of the cards shows' {
        $script:Child.ReportWarnings | Should -Be 0
        # The heading says when each report was made; the rest is the cards.
        $body = { param($Path) (Get-Content -Raw -LiteralPath $Path) -replace '(?s)^.*?<main', '' }
        $rows = & $body (Join-Path $script:Out 'rows.html')
        $cards = & $body (Join-Path $script:Out 'cards.html')
        $rows.Length | Should -BeGreaterThan 10000
        $rows | Should -BeExactly $cards
    }
}

Describe 'Input of which nothing is a card writes nothing' {
    It 'Export keeps the old report and says so in one error' {
        $report = Join-Path $TestDrive 'kept.html'
        $script:Cards | Select-Object -First 3 | Export-Hyper3DGalleryReport -Path $report
        $before = Get-FileHash -LiteralPath $report
        $err = @()
        try { Get-ChildItem -LiteralPath $TestDrive | Export-Hyper3DGalleryReport -Path $report -Force -ErrorVariable err } catch { $caught = $_ }
        $err.Count | Should -Be 1
        $caught.FullyQualifiedErrorId | Should -BeExactly 'NoCardsInInput,Hyper3D.Commands.ExportHyper3DGalleryReportCommand'
        "$caught" | Should -Match 'the report was not written'
        (Get-FileHash -LiteralPath $report).Hash | Should -BeExactly $before.Hash
        @(Get-ChildItem -LiteralPath $TestDrive -Force -Filter '.kept.html.*').Count | Should -Be 0
    }

    It 'Save creates no archive and no index, and says so in one error' {
        Reset-TestEmulator $script:Emulator
        $archive = Join-Path $TestDrive 'no-archive'
        $err = @()
        try { Import-Csv -LiteralPath $script:Csv | Select-Object Title, Author | Save-Hyper3DCardMedia -Path $archive -ErrorVariable err } catch { $caught = $_ }
        $err.Count | Should -Be 1
        $caught.FullyQualifiedErrorId | Should -BeExactly 'NoCardsInInput,Hyper3D.Commands.SaveHyper3DCardMediaCommand'
        "$caught" | Should -Match 'nothing was saved'
        Test-Path -LiteralPath $archive | Should -BeFalse
        @(Get-ApiRequest -Emulator $script:Emulator).Count | Should -Be 0
    }
}

Describe 'Advice names the session''s own server' {
    It 'after Connect-Hyper3D -BaseUri, -Type Mine on an anonymous session advises connecting to that address' {
        $session = Connect-Hyper3D -BaseUri $script:Emulator.BaseUri -PassThru
        try {
            $err = $null
            try { Get-Hyper3DGalleryCard -Type Mine -Session $session } catch { $err = $_ }
            $err.FullyQualifiedErrorId | Should -BeExactly 'LoginRequired,Hyper3D.Commands.GetHyper3DGalleryCardCommand'
            $err.ErrorDetails.RecommendedAction | Should -BeLike "Run Connect-Hyper3D -BaseUri $($session.BaseUri) -Credential (Get-Credential)*"
        }
        finally { Connect-Hyper3D -BaseUri $script:Emulator.BaseUri -Credential $AliceCredential }
    }

    It 'a refused login advises connecting again to the same address' {
        $wrong = [pscredential]::new('alice@hyper3d.local', (ConvertTo-SecureString 'not-her-password' -AsPlainText -Force))
        $err = $null
        try { Connect-Hyper3D -BaseUri $script:Emulator.BaseUri -Credential $wrong } catch { $err = $_ }
        $err.FullyQualifiedErrorId | Should -BeLike 'AuthenticationFailed,*'
        $err.ErrorDetails.RecommendedAction | Should -BeLike "*run Connect-Hyper3D -BaseUri $($script:Emulator.BaseUri)* again*"
    }
}

Describe 'A half-set environment fails at connect, naming what is missing' {
    BeforeEach {
        $script:Saved = @{}
        foreach ($name in 'HYPER3D_EMAIL', 'HYPER3D_PASSWORD', 'HYPER3D_TOKEN') { $script:Saved[$name] = [Environment]::GetEnvironmentVariable($name) }
        $env:HYPER3D_TOKEN = $null
        $script:Current = Get-Hyper3DConnection
    }
    AfterEach {
        foreach ($name in $script:Saved.Keys) { [Environment]::SetEnvironmentVariable($name, $script:Saved[$name]) }
    }

    It '<Set> set and <Missing> missing: EnvironmentLoginIncomplete naming <Missing>, the session before kept' -TestCases @(
        @{ Set = 'HYPER3D_EMAIL'; Value = 'alice@hyper3d.local'; Missing = 'HYPER3D_PASSWORD'; Misspelt = 'HYPER3D_PASWORD' }
        @{ Set = 'HYPER3D_PASSWORD'; Value = 'alice-password'; Missing = 'HYPER3D_EMAIL'; Misspelt = 'HYPER3D_MAIL' }
    ) {
        [Environment]::SetEnvironmentVariable($Set, $Value)
        [Environment]::SetEnvironmentVariable($Missing, $null)
        $script:Saved[$Misspelt] = [Environment]::GetEnvironmentVariable($Misspelt)
        [Environment]::SetEnvironmentVariable($Misspelt, 'typed under the wrong name')
        $err = $null
        try { Connect-Hyper3D -BaseUri $script:Emulator.BaseUri } catch { $err = $_ }
        $err.FullyQualifiedErrorId | Should -BeExactly 'EnvironmentLoginIncomplete,Hyper3D.Commands.ConnectHyper3DCommand'
        "$err" | Should -Match "$Set is set and $Missing is not"
        $err.ErrorDetails.RecommendedAction | Should -Match "Set $Missing"
        "$err $($err.ErrorDetails.RecommendedAction)" | Should -Not -Match ([regex]::Escape($Value)) -Because 'a password never appears in an error'
        (Get-Hyper3DConnection) | Should -Be $script:Current
    }
}

Describe 'The README''s emulator line, typed in bash' {
    It 'starts the emulator with the options given, and it prints its API and media CDN addresses' {
        if ($IsWindows -or -not (Get-Command bash -ErrorAction SilentlyContinue)) { Set-ItResult -Skipped -Because 'bash is not on this machine'; return }
        $psi = [System.Diagnostics.ProcessStartInfo]::new('bash')
        $psi.ArgumentList.Add('-c')
        $psi.ArgumentList.Add("exec dotnet pwsh -NoProfile ./build.ps1 -Task Emulator -NoBuild -EmulatorArgument:'--urls http://127.0.0.1:0 --cards 7 --page-size 5 --media-cdn'")
        $psi.WorkingDirectory = $RepoRoot
        $psi.RedirectStandardOutput = $true
        $psi.RedirectStandardError = $true
        $process = [System.Diagnostics.Process]::Start($psi)
        try {
            $errors = $process.StandardError.ReadToEndAsync()
            $lines = [System.Collections.Generic.List[string]]::new()
            $deadline = [DateTime]::UtcNow.AddSeconds(60)
            $read = $null
            while (-not ($lines -match '^Hyper3D emulator listening on ') -and [DateTime]::UtcNow -lt $deadline -and -not $process.HasExited) {
                $read ??= $process.StandardOutput.ReadLineAsync()
                if ($read.Wait(1000)) {
                    if ($null -ne $read.Result) { $lines.Add($read.Result) }
                    $read = $null
                }
            }
            $listening = @($lines -match '^Hyper3D emulator listening on ')
            $listening.Count | Should -Be 1 -Because "stdout: $($lines -join ' | ') stderr: $(if ($process.HasExited) { $errors.Result })"
            $listening[0] -match '^Hyper3D emulator listening on (http://127\.0\.0\.1:\d+) \(media CDN on (http://127\.0\.0\.1:\d+)\)$' | Should -BeTrue -Because $listening[0]
            $api, $cdn = $Matches[1], $Matches[2]
            $cdn | Should -Not -Be $api
            ($lines -match '^Starting the emulator') | Should -Match 'Options: --urls http://127\.0\.0\.1:0 --cards 7 --page-size 5 --media-cdn$'
            $session = Connect-Hyper3D -BaseUri "$api/api" -PassThru
            $page = @(Get-Hyper3DGalleryCard -Session $session)
            $page.Count | Should -Be 5
            $page[0].ImageUrl | Should -BeLike "$cdn/*"
        }
        finally {
            if (-not $process.HasExited) { $process.Kill($true) }
            $process.Dispose()
        }
    }
}

Describe 'The card table on a wide console' {
    It 'shows a whole long title, and the whole TaskUuid of an untitled card, which copies back into a filter' {
        $titled = [Hyper3D.Model.GalleryCard]@{ TaskUuid = $script:Cards[1].TaskUuid; Title = 'A title much longer than the 24 characters the table used to show'; Step = 'ModelRefine' }
        $untitled = [Hyper3D.Model.GalleryCard]@{ TaskUuid = $script:Cards[0].TaskUuid; Step = 'ModelRefine' }
        $lines = @(($titled, $untitled | Out-String -Width 200) -split '\r?\n' | Where-Object { $_.Trim() })
        $lines.Count | Should -Be 4
        $lines[2] | Should -BeLikeExactly "*$([WildcardPattern]::Escape($titled.Title))"
        $copied = ($lines[3] -split '\s+')[-1]
        $copied | Should -BeExactly $untitled.TaskUuid
        @($script:Cards | Where-Object TaskUuid -eq $copied).Count | Should -Be 1
    }
}

Describe '-Open on a machine without a browser' {
    It 'says so in one warning, and the opener''s own complaints stay off the screen' -Skip:(-not $IsLinux) {
        $bin = Join-Path $TestDrive 'no-browser-bin'
        New-Item -ItemType Directory -Path $bin | Out-Null
        # What xdg-open does on a server: complains on both streams and exits 3 (no tool to open with).
        Set-Content -LiteralPath (Join-Path $bin 'xdg-open') -Value "#!/bin/sh`necho 'xdg-open: no method available for opening' >&2`necho '/usr/bin/www-browser: not found'`nexit 3"
        chmod +x (Join-Path $bin 'xdg-open')
        $script = Join-Path $TestDrive 'open-child.ps1'
        Set-Content -LiteralPath $script -Value @'
param([string] $Manifest, [string] $Csv, [string] $Report)
Import-Module $Manifest
Import-Csv -LiteralPath $Csv | Select-Object -First 3 | Export-Hyper3DGalleryReport -Path $Report -Open -WarningVariable opening -WarningAction SilentlyContinue
"warnings: $(@($opening).Count)"
"warning: $opening"
'@
        $report = Join-Path $TestDrive 'opened.html'
        $run = Invoke-ChildPwsh -ScriptPath $script -Environment @{ PATH = "$bin$([IO.Path]::PathSeparator)$env:PATH" } -ArgumentList @(
            '-Manifest', $ModuleManifest, '-Csv', $script:Csv, '-Report', $report)
        $run.ExitCode | Should -Be 0 -Because $run.StdErr
        $run.StdOut | Should -Match '(?m)^warnings: 1$'
        $run.StdOut | Should -Match "(?m)^warning: xdg-open could not open '$([regex]::Escape($report))': no browser or other program to open it with is installed \(exit code 3\)\. Open the file in a browser yourself\.$"
        "$($run.StdOut)$($run.StdErr)" | Should -Not -Match 'no method available|www-browser'
        $report | Should -Exist
    }
}

Describe 'The emulator''s pictures are pictures' {
    It 'Save writes PNGs that decode, of distinct sizes and colours' {
        $archive = Join-Path $TestDrive 'pictures'
        $script:Cards | Where-Object ImageUrl | Select-Object -First 6 | Save-Hyper3DCardMedia -Path $archive -Kind Image
        $files = @(Get-ChildItem -LiteralPath $archive -Filter '*-image.png')
        $files.Count | Should -Be 6
        $looks = foreach ($file in $files) {
            $bytes = [IO.File]::ReadAllBytes($file.FullName)
            [BitConverter]::ToString($bytes, 0, 8) | Should -BeExactly '89-50-4E-47-0D-0A-1A-0A'
            # Chunks up to IEND: length, type, data, CRC; the pixels are the zlib stream of the IDAT chunks.
            $bigEndian = { param($From) ([int]$bytes[$From] -shl 24) -bor ([int]$bytes[$From + 1] -shl 16) -bor ([int]$bytes[$From + 2] -shl 8) -bor $bytes[$From + 3] }
            $at = 8; $width = 0; $height = 0; $pixels = [IO.MemoryStream]::new(); $ended = $false
            while (-not $ended -and $at -lt $bytes.Length) {
                $length = & $bigEndian $at
                $type = [Text.Encoding]::ASCII.GetString($bytes, $at + 4, 4)
                if ($type -eq 'IHDR') {
                    $width = & $bigEndian ($at + 8)
                    $height = & $bigEndian ($at + 12)
                }
                if ($type -eq 'IDAT') { $pixels.Write($bytes, $at + 8, $length) }
                $ended = $type -eq 'IEND'
                $at += 12 + $length
            }
            $ended | Should -BeTrue -Because "$($file.Name) ends with IEND"
            $pixels.Position = 0
            $raw = [IO.MemoryStream]::new()
            [IO.Compression.ZLibStream]::new($pixels, [IO.Compression.CompressionMode]::Decompress).CopyTo($raw)
            $raw.Length | Should -Be ((1 + 3 * $width) * $height) -Because "$($file.Name) holds ${width}x$height RGB pixels"
            $corner = $raw.ToArray()[1..3] -join ','
            "${width}x$height $corner"
        }
        @($looks | Select-Object -Unique).Count | Should -Be 6
        @($looks | ForEach-Object { ($_ -split ' ')[0] } | Select-Object -Unique).Count | Should -BeGreaterThan 3
        @($looks | ForEach-Object { ($_ -split ' ')[1] } | Select-Object -Unique).Count | Should -Be 6
    }
}
