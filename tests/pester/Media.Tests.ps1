# Save-Hyper3DCardMedia against the emulator's media: names, parallel and incremental runs, resume, faults,
# where the token goes, hostile ids, a kill and Ctrl+C mid-download.
BeforeAll {
    . $PSScriptRoot/Common.ps1
    . $PSScriptRoot/ChildPwsh.ps1
    # Media on a second listener: another origin, the stand-in for a CDN.
    $script:Cdn = Start-Hyper3DEmulator -ArgumentList @('--cards', '40', '--page-size', '40', '--media-cdn')
    $script:Session = Connect-Hyper3D -BaseUri $Cdn.BaseUri -Credential $DemoCredential -PassThru
    $script:Cards = @(Get-Hyper3DGalleryCard -Session $Session -All)
    $script:WithImage = @($Cards | Where-Object ImageUrl)
    $script:WithVideo = @($Cards | Where-Object VideoUrl)
    $script:ImageCard = $WithImage[0]

    function Reset-Media($Emulator = $Cdn, [string] $Faults = '') {
        Invoke-Hyper3DEmulatorControl -Emulator $Emulator -Action reset -Body @{ faults = $Faults; latency_ms = 0 } | Out-Null
    }
    function Get-MediaLog($Emulator = $Cdn) { @(Invoke-Hyper3DEmulatorControl -Emulator $Emulator -Action media-requests) }
    function New-Folder { Join-Path $TestDrive ([guid]::NewGuid().ToString('n')) }

    # The names the issue promises, for these cards and kinds.
    function Get-ExpectedName($Cards, [string[]] $Kind = @('Image', 'Video')) {
        foreach ($card in $Cards) {
            if ('Image' -in $Kind -and $card.ImageUrl) { "$($card.TaskUuid)-image.png" }
            if ('Video' -in $Kind -and $card.VideoUrl) { "$($card.TaskUuid)-video.mp4" }
        }
    }
}

AfterAll {
    if ($script:Cdn) { Stop-Hyper3DEmulator $Cdn }
}

Describe 'Save-Hyper3DCardMedia' {
    Context 'A first run' {
        BeforeAll {
            Reset-Media
            $script:Folder = New-Folder
            $script:Saved = @($Cards | Save-Hyper3DCardMedia -Path $Folder -Session $Session -PassThru)
            $script:Log = Get-MediaLog
        }

        It 'creates the missing folder and saves every image and video, named <TaskUuid>-image.png and <TaskUuid>-video.mp4' {
            $expected = @(Get-ExpectedName $Cards)
            $expected.Count | Should -BeGreaterThan 40
            $names = @(Get-ChildItem -Path $Folder -File | ForEach-Object Name | Sort-Object)
            $names | Should -Be @($expected | Sort-Object)
        }

        It 'keeps nothing in the folder but the media, one hidden index and its lock file' {
            $hidden = @(Get-ChildItem -Path $Folder -Force | Where-Object Name -like '.*' | ForEach-Object Name)
            $hidden | Should -Be @('.hyper3d-media.json', '.hyper3d-media.lock')
        }

        It 'saves the bytes the server has, each file once' {
            $Log.Count | Should -Be $Saved.Count
            @($Log | Where-Object status -ne 200) | Should -BeNullOrEmpty
            foreach ($card in $WithImage[0..2] + $WithVideo[0..1]) {
                $file = if ($card -in $WithVideo[0..1]) { "$($card.TaskUuid)-video.mp4"; $url = $card.VideoUrl } else { "$($card.TaskUuid)-image.png"; $url = $card.ImageUrl }
                (Get-FileHash (Join-Path $Folder $file)).Hash | Should -Be (Get-ServerHash $url)
            }
        }

        It '-PassThru writes a FileInfo per file with TaskUuid and Kind added' {
            $Saved.Count | Should -Be @(Get-ExpectedName $Cards).Count
            $Saved[0] | Should -BeOfType ([IO.FileInfo])
            $video = $Saved | Where-Object Kind -eq 'Video' | Select-Object -First 1
            $video.Name | Should -BeExactly "$($video.TaskUuid)-video.mp4"
            $video.Length | Should -BeGreaterThan 0
            @($Saved | Where-Object Kind -eq 'Image').Count | Should -Be $WithImage.Count
            @($Saved | Group-Object { "$($_.TaskUuid)/$($_.Kind)" } | Where-Object Count -gt 1) | Should -BeNullOrEmpty
        }

        It 'sends no Authorization header to the CDN, although the session is signed in' {
            $Session.IsAuthenticated | Should -BeTrue
            @($Log | Where-Object listener -ne 'cdn') | Should -BeNullOrEmpty
            @($Log | Where-Object { $_.headers.PSObject.Properties.Name -contains 'Authorization' }) | Should -BeNullOrEmpty
        }

        It 'a second run transfers no media bytes: every file is asked for conditionally and answered 304' {
            Reset-Media
            $again = @($Cards | Save-Hyper3DCardMedia -Path $Folder -Session $Session -PassThru)
            $log = Get-MediaLog
            $again.Count | Should -Be $Saved.Count
            $log.Count | Should -Be $Saved.Count
            @($log | Where-Object status -ne 304) | Should -BeNullOrEmpty
            ($log | Measure-Object body_bytes -Sum).Sum | Should -Be 0
            @($log | Where-Object { -not $_.headers.'If-None-Match' }) | Should -BeNullOrEmpty
        }

        It 'without the index, the files'' own times make the second run conditional' {
            Remove-Item -Force (Join-Path $Folder '.hyper3d-media.json')
            Reset-Media
            $Cards | Save-Hyper3DCardMedia -Path $Folder -Session $Session
            $log = Get-MediaLog
            @($log | Where-Object status -ne 304) | Should -BeNullOrEmpty
            @($log | Where-Object { -not $_.headers.'If-Modified-Since' }) | Should -BeNullOrEmpty
        }

        It '-Force downloads again' {
            Reset-Media
            $Cards | Select-Object -First 5 | Save-Hyper3DCardMedia -Path $Folder -Session $Session -Force
            $log = Get-MediaLog
            $log.Count | Should -Be @(Get-ExpectedName ($Cards | Select-Object -First 5)).Count
            @($log | Where-Object status -ne 200) | Should -BeNullOrEmpty
            ($log | Measure-Object body_bytes -Sum).Sum | Should -BeGreaterThan 0
        }

        It 'without -PassThru writes nothing to the pipeline' {
            @($Cards | Save-Hyper3DCardMedia -Path $Folder -Session $Session) | Should -BeNullOrEmpty
        }
    }

    Context 'Input and parameters' {
        It '-InputObject and -Kind Video save only the videos' {
            $folder = New-Folder
            $saved = @(Save-Hyper3DCardMedia -InputObject $Cards -Path $folder -Kind Video -Session $Session -PassThru)
            @($saved | ForEach-Object Name | Sort-Object) | Should -Be @(Get-ExpectedName $Cards -Kind Video | Sort-Object)
            @($saved | Where-Object Kind -ne 'Video') | Should -BeNullOrEmpty
        }

        It 'skips a card without that URL and says so with -Verbose' {
            $noVideo = $Cards | Where-Object { -not $_.VideoUrl } | Select-Object -First 1
            $verbose = $noVideo | Save-Hyper3DCardMedia -Path (New-Folder) -Kind Video -Session $Session -Verbose 4>&1 | ForEach-Object { "$_" }
            $verbose | Should -Contain "Card $($noVideo.TaskUuid) has no video URL; skipped."
        }

        It 'refuses a -Kind it does not know at binding, listing the valid ones' {
            $err = $null
            try { $ImageCard | Save-Hyper3DCardMedia -Path (New-Folder) -Kind Model -Session $Session -ErrorAction Stop }
            catch { $err = $_ }
            $err.FullyQualifiedErrorId | Should -Match '^(ParameterArgumentTransformationError|CannotConvertArgumentNoMessage|CannotConvertArgument),Hyper3D\.Commands\.SaveHyper3DCardMediaCommand$'
            "$err" | Should -Match 'Image.*Video'
        }

        It '-WhatIf names each file and creates nothing' {
            $folder = New-Folder
            # What -WhatIf says goes to the host, which the transcript records as a user's console shows it.
            $records = Invoke-AllStreams { Get-Hyper3DGalleryCard -Session $Session -First 3 | Save-Hyper3DCardMedia -Path $folder -Session $Session -WhatIf }
            $shown = $records[-1].Transcript
            $first = $Cards | Select-Object -First 3
            $names = @(Get-ExpectedName $first)
            $names.Count | Should -BeGreaterThan 0
            foreach ($name in $names) {
                $shown | Should -Match ([regex]::Escape((Join-Path $folder $name)))
            }
            $shown | Should -Match 'What if: .*Save the image of card'
            @($records | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] }) | Should -BeNullOrEmpty
            Test-Path $folder | Should -BeFalse
        }

        It 'a card piped twice is saved once' {
            Reset-Media
            $saved = @($ImageCard, $ImageCard | Save-Hyper3DCardMedia -Path (New-Folder) -Kind Image -Session $Session -PassThru)
            $saved.Count | Should -Be 1
            (Get-MediaLog).Count | Should -Be 1
        }

        It 'shows one progress bar of files and bytes' {
            Reset-Media
            Invoke-Hyper3DEmulatorControl -Emulator $Cdn -Action reset -Body @{ latency_ms = 40 } | Out-Null
            $ps = [powershell]::Create()
            try {
                $null = $ps.AddScript({
                        param($Manifest, $BaseUri, $Folder)
                        Import-Module $Manifest
                        Connect-Hyper3D -BaseUri $BaseUri
                        Get-Hyper3DGalleryCard -First 16 | Save-Hyper3DCardMedia -Path $Folder -ThrottleLimit 1
                    }).AddArgument($ModuleManifest).AddArgument($Cdn.BaseUri).AddArgument((New-Folder))
                $null = $ps.Invoke()
                $ps.Streams.Error | Should -BeNullOrEmpty
                $bars = @($ps.Streams.Progress | Where-Object Activity -eq 'Saving card media')
                $bars.Count | Should -BeGreaterThan 1
                @($ps.Streams.Progress | Where-Object Activity -ne 'Saving card media' | Where-Object Activity -notlike '*gallery*') | Should -BeNullOrEmpty
                @($bars.ActivityId | Sort-Object -Unique).Count | Should -Be 1
                $bars[0].StatusDescription | Should -Match '^\d+ files finished of \d+ started, \d+[.,]\d MB received$'
                $bars[-1].RecordType | Should -Be 'Completed'
            }
            finally {
                $ps.Dispose()
                Reset-Media
            }
        }
    }

    Context 'Names the server cannot steer' {
        It 'keeps a hostile TaskUuid inside -Path, each card its own file' {
            $root = New-Folder
            $folder = Join-Path $root 'archive'
            $hostile = '../escaped', '..', '../../etc/passwd', 'a/b', 'a\b', 'CON', 'con.txt', 'NUL', '.hidden', '/abs', 'C:\x', ('x' * 300)
            $cards = foreach ($id in $hostile) { [Hyper3D.Model.GalleryCard]@{ TaskUuid = $id; ImageUrl = $ImageCard.ImageUrl } }
            $saved = @($cards | Save-Hyper3DCardMedia -Path $folder -Kind Image -Session $Session -PassThru)
            $saved.Count | Should -Be $hostile.Count
            @($saved | ForEach-Object TaskUuid | Sort-Object) | Should -Be @($hostile | Sort-Object)
            @(Get-ChildItem -Path $root -Recurse -File -Force | Where-Object DirectoryName -ne $folder) | Should -BeNullOrEmpty
            @(Get-ChildItem -Path $folder -Directory -Force) | Should -BeNullOrEmpty
            @($saved | ForEach-Object FullName | Sort-Object -Unique).Count | Should -Be $hostile.Count
            foreach ($file in $saved) {
                $file.DirectoryName | Should -Be $folder
                $file.Name | Should -Match '^[A-Za-z0-9_][A-Za-z0-9._-]*-image\.png$'
                $file.Name | Should -Not -Match '^(CON|NUL|con)(\.|-image)'
            }
        }
    }

    Context 'Failures' {
        It 'a 404 is one non-terminating error naming the card and the URL; the other files are saved' {
            $three = @($WithImage[0..2])
            Reset-Media -Faults 'media:404@1'
            $saved = @($three | Save-Hyper3DCardMedia -Path (New-Folder) -Kind Image -ThrottleLimit 1 -Session $Session -PassThru -ErrorVariable failed -ErrorAction SilentlyContinue)
            $saved.Count | Should -Be 2
            $failed.Count | Should -Be 1
            $failed[0].FullyQualifiedErrorId | Should -BeLike 'NotFound,Hyper3D.Commands.SaveHyper3DCardMediaCommand'
            $failed[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
            "$($failed[0].TargetObject)" | Should -BeExactly $three[0].ImageUrl
            $failed[0].Exception.Message | Should -Match ([regex]::Escape($three[0].TaskUuid))
            $failed[0].Exception.Message | Should -Match ([regex]::Escape($three[0].ImageUrl))
            $failed[0].ErrorDetails.RecommendedAction | Should -Match 'run the same command again'
        }

        It 'a 503 is retried with the session''s policy and the file is saved' {
            Reset-Media -Faults 'media:503@1'
            $saved = @($ImageCard | Save-Hyper3DCardMedia -Path (New-Folder) -Kind Image -Session $Session -PassThru -WarningVariable warned -WarningAction SilentlyContinue)
            $saved.Count | Should -Be 1
            $warned.Count | Should -Be 1
            "$($warned[0])" | Should -Match 'Attempt 1 of 4 failed'
            @(Get-MediaLog | ForEach-Object status) | Should -Be @(503, 200)
        }

        It 'gives up after the session''s retries with one error' {
            $quick = Connect-Hyper3D -BaseUri $Cdn.BaseUri -MaximumRetryCount 2 -RetryIntervalSec 0 -PassThru
            Reset-Media -Faults 'media:503@1-3'
            $folder = New-Folder
            $ImageCard | Save-Hyper3DCardMedia -Path $folder -Kind Image -Session $quick -ErrorVariable failed -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
            $failed.Count | Should -Be 1
            $failed[0].FullyQualifiedErrorId | Should -BeLike 'ServiceUnavailable,*'
            $failed[0].Exception.Message | Should -Match 'Gave up after 3 attempts'
            @(Get-ChildItem $folder -File) | Should -BeNullOrEmpty
        }

        It 'a body cut short is resumed with Range (206) and the file is whole' {
            Reset-Media -Faults 'media:reset@1'
            $folder = New-Folder
            $saved = @($ImageCard | Save-Hyper3DCardMedia -Path $folder -Kind Image -Session $Session -PassThru -WarningAction SilentlyContinue)
            $log = Get-MediaLog
            $log.Count | Should -Be 2
            $log[0].body_bytes | Should -BeGreaterThan 0
            $log[1].status | Should -Be 206
            $log[1].headers.Range | Should -BeExactly "bytes=$($log[0].body_bytes)-"
            $log[1].headers.'If-Range' | Should -Not -BeNullOrEmpty
            (Get-FileHash $saved[0].FullName).Hash | Should -Be (Get-ServerHash $ImageCard.ImageUrl)
        }

        It 'starts over when the server ignores the Range (200)' {
            Reset-Media -Faults 'media:reset@1,media:norange@2'
            $saved = @($ImageCard | Save-Hyper3DCardMedia -Path (New-Folder) -Kind Image -Session $Session -PassThru -WarningAction SilentlyContinue)
            $log = Get-MediaLog
            @($log | ForEach-Object status) | Should -Be @(200, 200)
            $log[1].headers.Range | Should -Not -BeNullOrEmpty
            (Get-FileHash $saved[0].FullName).Hash | Should -Be (Get-ServerHash $ImageCard.ImageUrl)
        }

        It 'a 429 with Retry-After holds every download to that host' {
            # Request 2 is held 300 ms, so the 429 to request 1 is in before any other request may go out. Four files:
            # after the throttle the session paces the host, so each further file costs a paced turn.
            Reset-Media -Faults 'media:429:1@1,media:slow:300@2'
            $WithImage[0..3] | Save-Hyper3DCardMedia -Path (New-Folder) -Kind Image -Session $Session -ThrottleLimit 2 -WarningAction SilentlyContinue
            $log = Get-MediaLog
            $log[0].status | Should -Be 429
            $throttled = [datetimeoffset]$log[0].started
            $later = @($log | Where-Object n -ge 3)
            $later.Count | Should -Be 3
            foreach ($request in $later) {
                ([datetimeoffset]$request.started - $throttled).TotalMilliseconds | Should -BeGreaterOrEqual 900
            }
        }

        It 'a file that cannot be written is one MediaWriteFailed error; the others are saved' {
            $folder = New-Folder
            $blocked = $WithImage[0]
            New-Item -ItemType Directory -Path (Join-Path $folder "$($blocked.TaskUuid)-image.png") -Force | Out-Null
            $saved = @($WithImage[0..2] | Save-Hyper3DCardMedia -Path $folder -Kind Image -Session $Session -PassThru -ErrorVariable failed -ErrorAction SilentlyContinue)
            $saved.Count | Should -Be 2
            $failed.Count | Should -Be 1
            $failed[0].FullyQualifiedErrorId | Should -BeLike 'MediaWriteFailed,*'
            $failed[0].CategoryInfo.Category | Should -Be 'WriteError'
            $failed[0].Exception.Message | Should -Match ([regex]::Escape($blocked.TaskUuid))
        }
    }

    Context 'Interrupted' {
        It 'a killed run leaves no partial file under a final name, and the next run resumes and completes it' {
            Reset-Media -Faults 'media:stall@1'
            $folder = New-Folder
            $final = Join-Path $folder "$($ImageCard.TaskUuid)-image.png"
            $partial = Join-Path $folder ".$($ImageCard.TaskUuid)-image.hyper3d-partial"
            $script = Join-Path $TestDrive 'kill.ps1'
            Set-Content $script @'
param($Manifest, $BaseUri, $Folder, $Uuid)
Import-Module $Manifest
Connect-Hyper3D -BaseUri $BaseUri
Get-Hyper3DGalleryCard -All | Where-Object TaskUuid -eq $Uuid | Save-Hyper3DCardMedia -Path $Folder -Kind Image
'@
            $child = Start-ChildPwsh -ScriptPath $script -ArgumentList $ModuleManifest, $Cdn.BaseUri, $folder, $ImageCard.TaskUuid
            try {
                Wait-Until { (Test-Path $partial) -and (Get-Item -Force $partial).Length -gt 0 -and (Test-Path (Join-Path $folder '.hyper3d-media.json')) } -TimeoutSec 30 -Because 'a partial file and the index'
                $child.Kill($true)
                $child.WaitForExit()
            }
            finally { $child.Dispose() }
            Test-Path $final | Should -BeFalse
            (Get-Item -Force $partial).Length | Should -BeGreaterThan 0

            Reset-Media
            $saved = @($ImageCard | Save-Hyper3DCardMedia -Path $folder -Kind Image -Session $Session -PassThru)
            $saved.FullName | Should -Be $final
            (Get-FileHash $final).Hash | Should -Be (Get-ServerHash $ImageCard.ImageUrl)
            Test-Path $partial | Should -BeFalse
            $resume = (Get-MediaLog)[0]
            $resume.status | Should -Be 206
            $resume.headers.Range | Should -Match '^bytes=[1-9]\d*-$'
        }

        It 'Ctrl+C ends within 1 s, leaves no final-name partial, and a second run completes the archive' {
            Reset-Media -Faults 'media:stall@1-4'
            $folder = New-Folder
            $six = @($WithImage[0..5])
            $run = Start-BackgroundPipeline 'param($m, $b, $f, $u) Import-Module $m; Connect-Hyper3D -BaseUri $b; Get-Hyper3DGalleryCard -All | Where-Object TaskUuid -in $u | Save-Hyper3DCardMedia -Path $f -Kind Image -ThrottleLimit 4' -ArgumentList $ModuleManifest, $Cdn.BaseUri, $folder, ([string[]]$six.TaskUuid)
            Wait-Until { @(Get-ChildItem -Force $folder -Filter '*.hyper3d-partial' -ErrorAction SilentlyContinue | Where-Object Length -gt 0).Count -eq 4 } -TimeoutSec 30 -Because 'four partial files'
            $stop = Stop-BackgroundPipeline $run
            $stop.Milliseconds | Should -BeLessThan 1000
            $stop.State | Should -Be 'Stopped'
            @(Get-ChildItem $folder -File | Where-Object Name -like '*-image.png') | Should -BeNullOrEmpty

            Reset-Media
            $saved = @($six | Save-Hyper3DCardMedia -Path $folder -Kind Image -Session $Session -PassThru)
            $saved.Count | Should -Be 6
            @(Get-ChildItem -Force $folder -Filter '*.hyper3d-partial') | Should -BeNullOrEmpty
            @(Get-MediaLog | Where-Object status -eq 206).Count | Should -Be 4
            foreach ($card in $six) {
                (Get-FileHash (Join-Path $folder "$($card.TaskUuid)-image.png")).Hash | Should -Be (Get-ServerHash $card.ImageUrl)
            }
        }
    }

    Context 'Media on the API''s own origin' {
        BeforeAll {
            $script:Same = Start-Hyper3DEmulator -ArgumentList @('--cards', '6', '--page-size', '6')
            $script:SameCards = @(Get-Hyper3DGalleryCard -Session (Connect-Hyper3D -BaseUri $Same.BaseUri -PassThru) -All | Where-Object ImageUrl)
        }
        AfterAll { if ($script:Same) { Stop-Hyper3DEmulator $Same } }

        It 'sends the session''s token to the API''s own origin only' {
            $SameCards[0].ImageUrl | Should -BeLike "$($Same.Url)/*"
            $signedIn = Connect-Hyper3D -BaseUri $Same.BaseUri -Credential $DemoCredential -PassThru
            Reset-Media -Emulator $Same
            $SameCards | Save-Hyper3DCardMedia -Path (New-Folder) -Kind Image -Session $signedIn
            $log = Get-MediaLog -Emulator $Same
            $log.Count | Should -Be $SameCards.Count
            @($log | Where-Object { $_.headers.Authorization -ne 'Bearer (value withheld)' }) | Should -BeNullOrEmpty

            Reset-Media -Emulator $Same
            $SameCards | Save-Hyper3DCardMedia -Path (New-Folder) -Kind Image -Session (Connect-Hyper3D -BaseUri $Same.BaseUri -PassThru)
            @(Get-MediaLog -Emulator $Same | Where-Object { $_.headers.Authorization }) | Should -BeNullOrEmpty
        }
    }
}
