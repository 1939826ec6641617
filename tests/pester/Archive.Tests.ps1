# The media archive as a small database, against hostile disks: two runs into one folder at once, a link planted at
# a partial file's name, a read-only and a full file system, a corrupt index, a closed session; and the report's
# temporary name beside a long -Path, and its charts for cards dated at the ends of the calendar.
BeforeDiscovery {
    # Root may mount a small tmpfs: a real read-only or full file system, not a chmod root would ignore.
    $script:CanMount = $false
    if ($IsLinux -and (& id -u) -eq '0') {
        $probe = Join-Path ([IO.Path]::GetTempPath()) "hyper3d-mount-$([guid]::NewGuid().ToString('n'))"
        New-Item -ItemType Directory -Path $probe | Out-Null
        & mount -t tmpfs -o size=64k tmpfs $probe 2>$null
        if ($LASTEXITCODE -eq 0) { $script:CanMount = $true; & umount $probe }
        Remove-Item $probe
    }
}

BeforeAll {
    . $PSScriptRoot/Common.ps1
    . $PSScriptRoot/ChildPwsh.ps1
    $script:Emulator = Start-Hyper3DEmulator -ArgumentList @('--cards', '12', '--page-size', '12', '--media-bytes', '20000')
    $script:Session = Connect-Hyper3D -BaseUri $Emulator.BaseUri -PassThru
    $script:Cards = @(Get-Hyper3DGalleryCard -Session $Session -All | Where-Object ImageUrl)
    $script:Card = $Cards[0]

    function Get-MediaLog { @(Invoke-Hyper3DEmulatorControl -Emulator $Emulator -Action media-requests) }
    function New-Folder { Join-Path $TestDrive ([guid]::NewGuid().ToString('n')) }

    function Mount-Tmpfs([string] $Path, [string] $Size) {
        New-Item -ItemType Directory -Path $Path -Force | Out-Null
        & mount -t tmpfs -o "size=$Size" tmpfs $Path
        if ($LASTEXITCODE -ne 0) { throw "mount $Path failed" }
    }
}

AfterAll {
    if ($script:Emulator) { Stop-Hyper3DEmulator $Emulator }
}

Describe 'One writer per archive folder' {
    BeforeEach { Reset-TestEmulator $Emulator }

    It 'two runs started together into one folder: one saves every file whole, the other is refused with ArchiveBusy' {
        # The first run to open the folder is held 3 s on its first download, so the two overlap.
        Reset-TestEmulator $Emulator @{ faults = 'media:slow:3000@1' }
        $folder = New-Folder
        $script = Join-Path $TestDrive 'two-runs.ps1'
        Set-Content $script @'
param($Manifest, $BaseUri, $Folder)
Import-Module $Manifest
Connect-Hyper3D -BaseUri $BaseUri
try {
    Get-Hyper3DGalleryCard -All | Save-Hyper3DCardMedia -Path $Folder -Kind Image -ErrorVariable failed -ErrorAction SilentlyContinue
    "ERRORS:" + (($failed | ForEach-Object { $_.FullyQualifiedErrorId }) -join ';')
}
catch { "TERMINATED:" + $_.FullyQualifiedErrorId + ":" + $_.Exception.Message }
'@
        $runs = @(1, 2 | ForEach-Object { Start-ChildPwsh -ScriptPath $script -ArgumentList $ModuleManifest, $Emulator.BaseUri, $folder })
        try {
            $outputs = @($runs | ForEach-Object {
                $out = $_.StandardOutput.ReadToEndAsync()
                $err = $_.StandardError.ReadToEndAsync()
                $_.WaitForExit(90000) | Should -BeTrue
                $out.Result + $err.Result
            })
        }
        finally { $runs | ForEach-Object { if (-not $_.HasExited) { $_.Kill($true) }; $_.Dispose() } }

        $busy = @($outputs | Where-Object { $_ -match 'TERMINATED:ArchiveBusy,' })
        $clean = @($outputs | Where-Object { $_ -match '(?m)^ERRORS:[ \t\r]*$' })
        $busy.Count | Should -Be 1 -Because ($outputs -join "`n----`n")
        $clean.Count | Should -Be 1 -Because ($outputs -join "`n----`n")
        $busy[0] | Should -Match 'Another Save-Hyper3DCardMedia run'
        $busy[0] | Should -Not -Match 'MediaWriteFailed'

        $index = Get-Content -Raw (Join-Path $folder '.hyper3d-media.json') | ConvertFrom-Json -AsHashtable
        $index.files.Count | Should -Be $Cards.Count
        foreach ($card in $Cards) {
            $file = Join-Path $folder "$($card.TaskUuid)-image.png"
            (Get-FileHash $file).Hash | Should -Be (Get-ServerHash $card.ImageUrl)
            $index.files["$($card.TaskUuid)-image"].complete | Should -BeTrue
        }
        @(Get-ChildItem -Force $folder -Filter '*.hyper3d-partial').Count | Should -Be 0
    }
}

Describe 'Links and a corrupt index' {
    BeforeEach { Reset-TestEmulator $Emulator }

    It 'a link planted at the partial file''s name (<Case>) is removed: nothing is written through it, and the final file is a plain file' -ForEach @(
        @{ Case = 'dangling'; Resume = $false }
        @{ Case = 'to a file, with the index saying the download was interrupted'; Resume = $true }
    ) {
        $folder = New-Folder
        New-Item -ItemType Directory -Path $folder | Out-Null
        $outside = Join-Path $TestDrive "outside-$([guid]::NewGuid().ToString('n')).webp"
        if ($Resume) {
            Set-Content -Path $outside -Value 'not the archive''s' -NoNewline
            $etag = @((Invoke-WebRequest -Uri $Card.ImageUrl).Headers.ETag)[0]
            $entry = @{ file = "$($Card.TaskUuid)-image.png"; etag = $etag; length = 20000; complete = $false }
            @{ version = 1; files = @{ "$($Card.TaskUuid)-image" = $entry } } | ConvertTo-Json -Depth 4 | Set-Content (Join-Path $folder '.hyper3d-media.json')
        }
        New-Item -ItemType SymbolicLink -Path (Join-Path $folder ".$($Card.TaskUuid)-image.hyper3d-partial") -Target $outside | Out-Null

        $saved = @($Card | Save-Hyper3DCardMedia -Path $folder -Kind Image -Session $Session -PassThru)

        if ($Resume) { Get-Content -Raw $outside | Should -Be 'not the archive''s' } else { Test-Path $outside | Should -BeFalse }
        $saved.Count | Should -Be 1
        $saved[0].LinkType | Should -BeNullOrEmpty
        (Get-FileHash $saved[0].FullName).Hash | Should -Be (Get-ServerHash $Card.ImageUrl)
    }

    It 'null and foreign entries in the index neither hang the run nor touch the files they name' {
        $folder = New-Folder
        New-Item -ItemType Directory -Path $folder | Out-Null
        Set-Content -Path (Join-Path $folder 'mynotes.txt') -Value 'keep'
        $entries = [ordered]@{
            "$($Cards[0].TaskUuid)-image" = $null
            "$($Cards[1].TaskUuid)-image" = @{ file = 'mynotes.txt'; complete = $true }
            "$($Cards[2].TaskUuid)-image" = @{ file = '../x'; complete = $true }
        }
        @{ version = 1; files = $entries } | ConvertTo-Json | Set-Content (Join-Path $folder '.hyper3d-media.json')

        $job = Start-ThreadJob { param($m, $c, $f, $s) Import-Module $m; $c | Save-Hyper3DCardMedia -Path $f -Kind Image -Session $s -PassThru -WarningVariable w -WarningAction SilentlyContinue; $w } -ArgumentList $ModuleManifest, $Cards[0..2], $folder, $Session
        Wait-Job $job -Timeout 60 | Should -Not -BeNullOrEmpty -Because 'the run must end'
        $out = @(Receive-Job $job -ErrorVariable failed)
        Remove-Job $job
        $failed.Count | Should -Be 0
        @($out | Where-Object { $_ -is [IO.FileInfo] }).Count | Should -Be 3
        ($out | Where-Object { $_ -is [System.Management.Automation.WarningRecord] }).Message | Should -Match '3 entries .* did not name a file this archive writes'
        Get-Content (Join-Path $folder 'mynotes.txt') | Should -Be 'keep'
    }
}

Describe 'A disconnected session' {
    BeforeEach { Reset-TestEmulator $Emulator }

    It 'Save-Hyper3DCardMedia -Session on a session Disconnect-Hyper3D closed fails with SessionClosed and sends nothing' {
        $closed = Connect-Hyper3D -BaseUri $Emulator.BaseUri -Credential $DemoCredential -PassThru
        Disconnect-Hyper3D -Session $closed
        { $Card | Save-Hyper3DCardMedia -Path (New-Folder) -Session $closed -ErrorAction Stop } | Should -Throw -ErrorId 'SessionClosed,*'
        (Get-MediaLog).Count | Should -Be 0
    }

    It 'a session disconnected while cards still come: the run stops with SessionClosed and asks for no further file' {
        $closing = Connect-Hyper3D -BaseUri $Emulator.BaseUri -Credential $DemoCredential -PassThru
        $piped = 0
        { $Cards | ForEach-Object { if (++$piped -eq 3) { Disconnect-Hyper3D -Session $closing }; $_ } |
            Save-Hyper3DCardMedia -Path (New-Folder) -Kind Image -Session $closing -ErrorAction Stop } | Should -Throw -ErrorId 'SessionClosed,*'
        $asked = @(Get-MediaLog | ForEach-Object path)
        $asked.Count | Should -BeLessOrEqual 2
        $Cards.Count | Should -BeGreaterThan 3
        foreach ($card in $Cards[2..($Cards.Count - 1)]) { $asked | Should -Not -Contain ([uri]$card.ImageUrl).AbsolutePath }
    }
}

Describe 'A read-only and a full file system' {
    BeforeEach {
        Reset-TestEmulator $Emulator
        $script:Mount = New-Folder
    }
    AfterEach {
        if (Test-Path $script:Mount) { & umount $script:Mount 2>$null }
    }

    It 'a second run into a folder now read-only: every file unchanged, no error at all' -Skip:(-not $CanMount) {
        Mount-Tmpfs $Mount '4m'
        @($Cards | Save-Hyper3DCardMedia -Path $Mount -Kind Image -Session $Session -PassThru).Count | Should -Be $Cards.Count
        & mount -o remount,ro $Mount
        $LASTEXITCODE | Should -Be 0

        $again = @($Cards | Save-Hyper3DCardMedia -Path $Mount -Kind Image -Session $Session -PassThru -ErrorVariable failed -ErrorAction SilentlyContinue)
        $failed.Count | Should -Be 0 -Because ($failed | Out-String)
        $again.Count | Should -Be $Cards.Count
        @(Get-MediaLog | Where-Object status -eq 304).Count | Should -Be $Cards.Count
    }

    It 'a full disk: the index that cannot be saved is one ArchiveIndexNotSaved error saying how many files it lists' -Skip:(-not $CanMount) {
        Mount-Tmpfs $Mount '1m'
        @($Cards[0..5] | Save-Hyper3DCardMedia -Path $Mount -Kind Image -Session $Session -PassThru).Count | Should -Be 6
        Remove-Item -Force (Join-Path $Mount '.hyper3d-media.json')
        $filler = [IO.File]::OpenWrite((Join-Path $Mount 'filler'))
        try {
            $block = [byte[]]::new(4096)
            try { while ($true) { $filler.Write($block, 0, $block.Length); $filler.Flush() } } catch [IO.IOException] { }
        }
        finally { try { $filler.Dispose() } catch [IO.IOException] { } }

        $again = @($Cards[0..5] | Save-Hyper3DCardMedia -Path $Mount -Kind Image -Session $Session -PassThru -ErrorVariable failed -ErrorAction SilentlyContinue)
        $again.Count | Should -Be 6
        $failed.Count | Should -Be 1 -Because ($failed | Out-String)
        $failed[0].FullyQualifiedErrorId | Should -BeLike 'ArchiveIndexNotSaved,*'
        $failed[0].Exception.Message | Should -Match 'lists 0 of the 6 complete files'
        @(Get-ChildItem -Force $Mount -Filter '*.tmp').Count | Should -Be 0
    }
}

Describe 'The report beside long names and at the ends of the calendar' {
    It 'a -Path whose name is 245 characters long is written' {
        $folder = New-Folder
        New-Item -ItemType Directory -Path $folder | Out-Null
        $path = Join-Path $folder (('r' * 240) + '.html')
        $Cards | Export-Hyper3DGalleryReport -Path $path
        (Get-Item $path).Length | Should -BeGreaterThan 0
        @(Get-ChildItem -Force $folder).Name | Should -Be @(Split-Path -Leaf $path)
    }

    It 'cards dated 9999-12-31 and 0001-01-01 make a small report that says they are not charted' {
        $late = [Hyper3D.Model.GalleryCard]@{ TaskUuid = 'late'; Title = 'Late'; Time = [datetimeoffset]'9999-12-31T23:59:59+00:00' }
        $early = [Hyper3D.Model.GalleryCard]@{ TaskUuid = 'early'; Title = 'Early'; Time = [datetimeoffset]'0001-01-01T00:00:00+00:00' }
        $path = Join-Path $TestDrive 'edges.html'
        $Cards[0], $late, $early | Export-Hyper3DGalleryReport -Path $path -Force
        $html = Get-Content -Raw $path
        $html | Should -Match '2 cards dated before 2000 or after today are not charted'
        (Get-Item $path).Length | Should -BeLessThan 100KB
    }
}
