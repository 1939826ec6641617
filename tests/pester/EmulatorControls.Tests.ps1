# The emulator's own controls, which every other suite relies on: its settings read by one set of rules from the command
# line and from POST /_emulator/reset, and its one request log of /api and media requests.
BeforeAll {
    . $PSScriptRoot/Common.ps1
    $script:EmulatorDll = Join-Path $RepoRoot 'out/emulator/Hyper3D.Emulator.dll'
    $script:AtStart = @('--cards', '30', '--rate', '7:503', '--clamp-pages', '--gallery-order', 'likes', '--workers', '2', '--latency-ms', '1', '--faults', '500@99')
    $script:Emulator = Start-Hyper3DEmulator -ArgumentList $AtStart

    # What the emulator says of a value given on its command line: the error line without the program's name.
    function Get-OptionError([string] $Option, [string] $Value) {
        $output = @(& dotnet $EmulatorDll $Option $Value 2>&1 | ForEach-Object { "$_" })
        $LASTEXITCODE | Should -Be 2 -Because "$Option $Value is refused"
        $output[0] | Should -Match '^Hyper3D\.Emulator: '
        $output[0] -replace '^Hyper3D\.Emulator: ', ''
    }

    # What a reset with that one key says: 400 and its message.
    function Get-ResetError([string] $Key, $Value) {
        $answer = Invoke-WebRequest -Uri "$($Emulator.Url)/_emulator/reset" -Method Post -ContentType 'application/json' -SkipHttpErrorCheck `
            -Body (@{ $Key = $Value } | ConvertTo-Json -Compress)
        $answer.StatusCode | Should -Be 400 -Because "$Key = $Value is refused"
        ($answer.Content | ConvertFrom-Json).message
    }
}
AfterAll {
    $script:Emulator | Stop-Hyper3DEmulator
}

Describe 'The emulator''s settings: one set of rules for the command line and for a reset' {
    It 'a reset with no body keeps what the command line set, and answers it by the reset''s names' {
        $settings = Invoke-Hyper3DEmulatorControl -Emulator $Emulator -Action reset
        $settings.faults | Should -BeExactly '500@99'
        $settings.latency_ms | Should -Be 1
        $settings.gallery_order | Should -BeExactly 'likes'
        $settings.rate | Should -Be 7
        $settings.rate_status | Should -Be 503
        $settings.workers | Should -Be 2
        $settings.clamp_pages | Should -BeTrue
        $settings.shift_recent | Should -Be 0
    }

    It 'refuses <Option> <Value> on the command line and <Key> in a reset with the same words' -TestCases @(
        @{ Option = '--latency-ms'; Key = 'latency_ms'; Value = 600001 }
        @{ Option = '--shift-recent'; Key = 'shift_recent'; Value = 10001 }
        @{ Option = '--workers'; Key = 'workers'; Value = 10001 }
        @{ Option = '--rate'; Key = 'rate'; Value = 100001 }
        @{ Option = '--gallery-order'; Key = 'gallery_order'; Value = 'oldest' }
        @{ Option = '--faults'; Key = 'faults'; Value = '500' }
    ) {
        $fromOption = Get-OptionError $Option "$Value"
        $fromReset = Get-ResetError $Key $Value
        $fromOption | Should -BeLike "${Option}: *"
        $fromReset | Should -BeLike "${Key}: *"
        $fromReset.Substring($Key.Length) | Should -BeExactly $fromOption.Substring($Option.Length)
        $fromReset | Should -BeLike "*$Value*" -Because 'the message quotes the value refused'
    }

    It 'refuses a value of the wrong JSON kind, and a refused reset changes nothing' {
        Get-ResetError 'latency_ms' '5' | Should -BeExactly 'latency_ms: must be a number'
        Get-ResetError 'clamp_pages' 1 | Should -BeExactly 'clamp_pages: must be true or false'
        $bad = Invoke-WebRequest -Uri "$($Emulator.Url)/_emulator/reset" -Method Post -ContentType 'application/json' -SkipHttpErrorCheck `
            -Body '{"workers": 5, "rate_status": 500}'
        $bad.StatusCode | Should -Be 400
        (Invoke-Hyper3DEmulatorControl -Emulator $Emulator -Action reset).workers | Should -Be 2
    }

    It 'takes --rate R:S as rate and rate_status, and refuses another status as a reset does' {
        Get-OptionError '--rate' '5:500' | Should -BeExactly "--rate: '5:500' must be R, R:429 or R:503"
        Get-ResetError 'rate_status' 500 | Should -BeExactly "rate_status: '500' must be 429 or 503"
    }
}

Describe 'The emulator''s request log: /api and media requests in one, cleared by one reset' {
    BeforeAll {
        Reset-TestEmulator $Emulator @{ faults = ''; rate = 0; workers = 0; latency_ms = 0 }
        $script:Page = Invoke-RestMethod -Uri "$($Emulator.BaseUri)/task/cards" -Method Post -ContentType 'application/json' -Body '{"type": "Recent", "page_num": 1}'
        $script:Image = @($Page | Where-Object image_url | Select-Object -First 1)
        $Image.Count | Should -Be 1
        Invoke-WebRequest -Uri $Image[0].image_url -Headers @{ Authorization = 'Bearer not-for-the-log' } | Out-Null
    }

    It 'lists the page request among the requests, and the media request among the media requests, each once' {
        $requests = @(Invoke-Hyper3DEmulatorControl -Emulator $Emulator -Action requests)
        $media = @(Invoke-Hyper3DEmulatorControl -Emulator $Emulator -Action media-requests)
        $requests.Count | Should -Be 1
        $requests[0].path | Should -BeExactly '/api/task/cards'
        $requests[0].page_num | Should -Be 1
        $requests[0].completed | Should -Not -BeNullOrEmpty
        $media.Count | Should -Be 1
        $media[0].path | Should -BeExactly ([uri] $Image[0].image_url).AbsolutePath
        $media[0].status | Should -Be 200
        $media[0].body_bytes | Should -BeGreaterThan 0
        $media[0].headers.Authorization | Should -BeExactly 'Bearer (value withheld)'
    }

    It 'a reset empties both' {
        Reset-TestEmulator $Emulator
        @(Invoke-Hyper3DEmulatorControl -Emulator $Emulator -Action requests).Count | Should -Be 0
        @(Invoke-Hyper3DEmulatorControl -Emulator $Emulator -Action media-requests).Count | Should -Be 0
    }
}
