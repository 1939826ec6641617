# One Save-Hyper3DCardMedia run from its end: a terminating error in mid-run stops the downloads in flight at once and
# keeps what they saved, so that the next run resumes them.
BeforeAll {
    . $PSScriptRoot/Common.ps1
    $script:Emulator = Start-Hyper3DEmulator -ArgumentList @('--cards', '6', '--page-size', '6', '--media-bytes', '20000')
    $script:Cards = @(Get-Hyper3DGalleryCard -Session (Connect-Hyper3D -BaseUri $Emulator.BaseUri -PassThru) -All | Where-Object ImageUrl)
}

AfterAll {
    if ($script:Emulator) { Stop-Hyper3DEmulator $Emulator }
}

Describe 'A run that ends in mid-download' {
    BeforeEach { Reset-TestEmulator $Emulator }

    It 'a session disconnected while two files download: SessionClosed, both kept as partial files, and the next run resumes both (206)' {
        Reset-TestEmulator $Emulator @{ faults = 'media:stall@1-2' }
        $folder = Join-Path $TestDrive 'disconnected'
        $two = @($Cards[0..1])
        $closing = Connect-Hyper3D -BaseUri $Emulator.BaseUri -PassThru
        $piped = 0
        $Cards.Count | Should -BeGreaterThan 2
        {
            $Cards | ForEach-Object {
                if (++$piped -eq 3) {
                    Wait-Until { @(Get-ChildItem -Force $folder -Filter '*.hyper3d-partial' -ErrorAction SilentlyContinue | Where-Object Length -gt 0).Count -eq 2 } -TimeoutSec 20 -Because 'two stalled partial files'
                    Disconnect-Hyper3D -Session $closing
                }
                $_
            } | Save-Hyper3DCardMedia -Path $folder -Kind Image -ThrottleLimit 2 -Session $closing -ErrorAction Stop
        } | Should -Throw -ErrorId 'SessionClosed,*'

        @(Get-ChildItem $folder -File | Where-Object Name -like '*-image.png') | Should -BeNullOrEmpty
        $index = Get-Content -Raw (Join-Path $folder '.hyper3d-media.json') | ConvertFrom-Json -AsHashtable
        $index.files.Count | Should -Be 2
        foreach ($card in $two) {
            $index.files["$($card.TaskUuid)-image"].complete | Should -BeFalse
        }

        Reset-TestEmulator $Emulator
        $saved = @($two | Save-Hyper3DCardMedia -Path $folder -Kind Image -Session (Connect-Hyper3D -BaseUri $Emulator.BaseUri -PassThru) -PassThru)
        $saved.Count | Should -Be 2
        @(Invoke-Hyper3DEmulatorControl -Emulator $Emulator -Action media-requests | Where-Object status -eq 206).Count | Should -Be 2
        @(Get-ChildItem -Force $folder -Filter '*.hyper3d-partial') | Should -BeNullOrEmpty
        foreach ($card in $two) {
            (Get-FileHash (Join-Path $folder "$($card.TaskUuid)-image.png")).Hash | Should -Be (Get-ServerHash $card.ImageUrl)
        }
    }
}
