# The vendor's own Go client (the ```go block of the vendor's fetch-gallery reference page) runs against the
# emulator unchanged but for its base URI and credentials: the emulator speaks the vendor's API, not just ours.
# A verbatim copy lives in vendor/ so the test runs on any clone; where a copy of the reference page is found,
# the vendored client is checked against it, so the two cannot drift apart unnoticed.

BeforeAll {
    . $PSScriptRoot/Common.ps1
    . $PSScriptRoot/Dataset.ps1
    $script:Emulator = Start-Hyper3DEmulator -ArgumentList @('--cards', '240')
    $script:Dataset = Get-TestDataset -Emulator $script:Emulator
    # Where the team keeps the vendor's reference pages, next to the clone; absent on other machines.
    $script:Reference = Join-Path $script:RepoRoot '../shared/api/fetch-gallery.md'
    $script:VendorCopy = Join-Path $PSScriptRoot 'vendor/fetch-gallery.go'

    # The one ```go block of the reference page, as published.
    function Get-PublishedGoClient {
        $markdown = Get-Content -Raw -LiteralPath $script:Reference
        $blocks = [regex]::Matches($markdown, '(?ms)^```go\r?\n(.*?)^```')
        $blocks.Count | Should -Be 1
        $blocks[0].Groups[1].Value
    }

    function Find-Go {
        $command = Get-Command go -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1
        if ($command) { return $command.Source }
        if (-not $IsWindows) {
            $candidate = Get-ChildItem -Path '/usr/lib/go*/bin/go', '/usr/local/go/bin/go' -ErrorAction SilentlyContinue | Select-Object -First 1
            if ($candidate) { return $candidate.FullName }
        }
        $null
    }
}

AfterAll {
    $script:Emulator | Stop-Hyper3DEmulator
}

Describe "The vendor's Go client against the emulator" {
    It 'the copy in vendor/ is the published client, to the letter' {
        if (-not (Test-Path -LiteralPath $script:Reference)) {
            # CI always has the reference pages beside its clone: there a missing page is a broken set-up, not a skip.
            if ($env:CI -eq 'true') { throw "The vendor's reference page is missing: $script:Reference" }
            Set-ItResult -Skipped -Because "the reference page is not beside this clone ($script:Reference)"
            return
        }
        (Get-Content -Raw -LiteralPath $script:VendorCopy) -replace '\r\n', "`n" | Should -BeExactly ((Get-PublishedGoClient) -replace '\r\n', "`n")
    }

    It 'logs in and fetches page 0 of Mine as demo' {
        $go = Find-Go
        $go | Should -Not -BeNullOrEmpty -Because 'the vendor client needs Go (Debian: apt-get install golang-go; .ci/run installs it)'
        $original = Get-Content -Raw -LiteralPath $script:VendorCopy

        # Only the base URI and the credentials change; each must be found exactly once.
        $replacements = [ordered]@{
            'const BaseURI = "https://hyperhuman.deemos.com/api"' = "const BaseURI = `"$($script:Emulator.BaseUri)`""
            'email := "example@example.com"'                      = 'email := "demo@hyper3d.local"'
            'password := "<your password>"'                       = 'password := "demo-password"'
        }
        $code = $original
        foreach ($pair in $replacements.GetEnumerator()) {
            ([regex]::Matches($code, [regex]::Escape($pair.Key))).Count | Should -Be 1 -Because "the vendor's code has '$($pair.Key)' once"
            $code = $code.Replace($pair.Key, $pair.Value)
        }
        $before = $original -split '\r?\n'
        $after = $code -split '\r?\n'
        $after.Count | Should -Be $before.Count
        @(0..($before.Count - 1) | Where-Object { $before[$_] -cne $after[$_] }).Count | Should -Be 3

        $work = Join-Path ([IO.Path]::GetTempPath()) ('hyper3d-go-' + [guid]::NewGuid().ToString('n'))
        New-Item -ItemType Directory -Path $work | Out-Null
        [IO.File]::WriteAllText((Join-Path $work 'main.go'), $code)
        $variables = @{
            GO111MODULE = 'off'; GOFLAGS = ''; GOTOOLCHAIN = 'local'; GOPROXY = 'off'
            GOCACHE = (Join-Path $work 'cache'); GOPATH = (Join-Path $work 'gopath'); HOME = $work
        }
        $saved = @{}
        foreach ($name in $variables.Keys) { $saved[$name] = [Environment]::GetEnvironmentVariable($name); [Environment]::SetEnvironmentVariable($name, $variables[$name]) }
        Invoke-Hyper3DEmulatorControl -Emulator $script:Emulator -Action reset | Out-Null
        Push-Location $work
        try {
            $output = & $go run main.go 2>&1 | ForEach-Object { "$_" }
            $exitCode = $LASTEXITCODE
        }
        finally {
            Pop-Location
            foreach ($name in $saved.Keys) { [Environment]::SetEnvironmentVariable($name, $saved[$name]) }
            Remove-Item -Recurse -Force -LiteralPath $work -ErrorAction SilentlyContinue
        }
        $text = $output -join "`n"
        $exitCode | Should -Be 0 -Because $text

        $mine = Get-ExpectedCard -Dataset $script:Dataset -Caller 'demo@hyper3d.local' -Type Mine -Page 0
        $mine.Count | Should -Be ([Math]::Min([int]$script:Dataset.page_size, (Get-ExpectedCard -Dataset $script:Dataset -Caller 'demo@hyper3d.local' -Type Mine).Count))
        $demo = $script:Dataset.users | Where-Object email -EQ 'demo@hyper3d.local'
        $text | Should -MatchExactly "(?m)^Logged in successfully\. Token: [\w-]{20,} BasicInformation: \{$($demo.user_uuid) demo (\S+ )?demo@hyper3d\.local\}$"
        $text | Should -MatchExactly "(?m)^Fetched $($mine.Count) Gallery items$"
        $text | Should -MatchExactly "(?m)^The the first gallery item has got $($mine[0].num_like) like\(s\)\.$"

        # What the vendor's client sent, as the emulator saw it.
        $requests = @(Get-ApiRequest -Emulator $script:Emulator)
        ($requests.path -join ',') | Should -BeExactly '/api/user/login,/api/task/cards'
        $requests[0].body.email | Should -BeExactly 'demo@hyper3d.local'
        $requests[1].authorized | Should -BeTrue
        ($requests[1].body | ConvertTo-Json -Compress) | Should -BeExactly '{"page_num":0,"type":"Mine","user_type":"All"}'
    }
}
