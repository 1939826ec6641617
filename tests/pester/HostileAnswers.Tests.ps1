# What a broken or hostile server answer, and input that cannot go on the wire, must come to: one ErrorRecord of the
# module's own (never a raw .NET exception), naming the URL and what was wrong; or, where the answer is usable (a byte
# order mark), the answer. Secrets in such answers are the Secrets suite's part.
BeforeAll {
    . $PSScriptRoot/Common.ps1
    # admin@intranet: an email whose domain has no dot, the shape PSCredential would split as user@domain.
    $script:Emulator = Start-Hyper3DEmulator -ArgumentList @('--cards', '120',
        '--user', 'demo@hyper3d.local:demo-password', '--user', 'admin@intranet:intranet-password')
    $script:CardsUri = "$($Emulator.BaseUri)/task/cards"
    $script:LoginUri = "$($Emulator.BaseUri)/user/login"

    function Get-Requests { @(Invoke-Hyper3DEmulatorControl -Emulator $Emulator -Action requests) }

    # The terminating error of a command, or a failure of the test when there was none.
    function Get-Failure([scriptblock] $Script) {
        try { & $Script | Out-Null }
        catch { return $_ }
        throw 'The command did not fail.'
    }

    function Get-RealToken {
        $body = @{ email = 'demo@hyper3d.local'; password = 'demo-password' } | ConvertTo-Json -Compress
        (Invoke-RestMethod -Method Post -Uri $LoginUri -Body $body -ContentType 'application/json').token
    }
}

AfterAll {
    Disconnect-Hyper3D
    $script:Emulator | Stop-Hyper3DEmulator
}

Describe 'Content-Encoding over a body that is not compressed' {
    It 'a page labelled <Encoding> -> one InvalidResponse naming the URL and the encoding' -TestCases @(
        @{ Encoding = 'gzip' }, @{ Encoding = 'deflate' }, @{ Encoding = 'br' }
    ) {
        Connect-Hyper3D -BaseUri $Emulator.BaseUri
        Reset-TestEmulator $Emulator @{ faults = "fake$Encoding@1" }
        $failure = Get-Failure { Get-Hyper3DGalleryCard -ErrorAction Stop }
        $failure.FullyQualifiedErrorId | Should -BeLike 'InvalidResponse,*'
        $failure.CategoryInfo.Category | Should -Be 'InvalidResult'
        $failure.Exception | Should -BeOfType ([Hyper3D.Hyper3DException])
        $failure.Exception.Message | Should -BeLike "*$CardsUri*"
        $failure.Exception.Message | Should -Match "\b$Encoding\b"
        $failure.ErrorDetails.RecommendedAction | Should -Not -BeNullOrEmpty
        @(Get-Requests).Count | Should -Be 1 -Because 'a body that cannot be decoded is not worth asking for again'
    }

    It 'a login labelled <Encoding> -> one InvalidResponse naming the login URL and the encoding' -TestCases @(
        @{ Encoding = 'gzip' }, @{ Encoding = 'deflate' }, @{ Encoding = 'br' }
    ) {
        Reset-TestEmulator $Emulator @{ faults = "fake$Encoding@1" }
        $failure = Get-Failure { Connect-Hyper3D -BaseUri $Emulator.BaseUri -Credential $DemoCredential -ErrorAction Stop }
        $failure.FullyQualifiedErrorId | Should -BeLike 'InvalidResponse,*'
        $failure.Exception | Should -BeOfType ([Hyper3D.Hyper3DException])
        $failure.Exception.Message | Should -BeLike "*$LoginUri*"
        $failure.Exception.Message | Should -Match "\b$Encoding\b"
    }
}

Describe 'An error code made of control characters' {
    It 'controlcode -> no control character and at most 200 characters of the code in any message; ApiCode verbatim' {
        Connect-Hyper3D -BaseUri $Emulator.BaseUri
        Reset-TestEmulator $Emulator @{ faults = 'controlcode@1' }
        $failure = Get-Failure { Get-Hyper3DGalleryCard -ErrorAction Stop }
        $failure.FullyQualifiedErrorId | Should -BeLike 'ApiError,*'
        $verbatim = "X`r`n$([char]27)[31mRED" + ('A' * 5000)
        $failure.Exception.ApiCode | Should -BeExactly $verbatim
        $shown = @($failure.Exception.Message, $failure.ErrorDetails.Message, ($failure | Out-String -Width 10000))
        foreach ($text in $shown) {
            $text | Should -Match 'X\[31mREDA{150}' -Because 'the code is shown, without its control characters'
            $text | Should -Not -Match 'A{193}' -Because 'the code is cut to 200 characters'
            $text | Should -Not -Match '\x1b' -Because 'no escape sequence may reach the terminal'
        }
        $failure.Exception.Message | Should -Not -Match '[\x00-\x1f\x7f]'
    }
}

Describe 'A body that starts with a UTF-8 byte order mark' {
    It 'a page -> its cards' {
        Connect-Hyper3D -BaseUri $Emulator.BaseUri
        Reset-TestEmulator $Emulator @{ faults = 'bom@1' }
        $cards = @(Get-Hyper3DGalleryCard -ErrorAction Stop)
        $cards.Count | Should -Be 24
        (Get-Requests)[0].fault | Should -BeExactly 'bom'
    }

    It 'a login -> signed in' {
        Reset-TestEmulator $Emulator @{ faults = 'bom@1' }
        $session = Connect-Hyper3D -BaseUri $Emulator.BaseUri -Credential $DemoCredential -PassThru -ErrorAction Stop
        $session.IsAuthenticated | Should -BeTrue
        $session.User | Should -BeExactly 'demo'
    }
}

Describe '-Token as it comes from a file or a paste' {
    It 'a token with <Name> is trimmed: the listing signs in with it' -TestCases @(
        @{ Name = 'a trailing newline (Get-Content -Raw)'; Before = ''; After = "`n" }
        @{ Name = 'CRLF and spaces around it'; Before = "  `t"; After = " `r`n" }
    ) {
        $token = Get-RealToken
        Connect-Hyper3D -BaseUri $Emulator.BaseUri -Token (ConvertTo-SecureString "$Before$token$After" -AsPlainText -Force) -ErrorAction Stop
        Reset-TestEmulator $Emulator
        @(Get-Hyper3DGalleryCard -Type Mine -ErrorAction Stop).Count | Should -BeGreaterThan 0
        $requests = Get-Requests
        $requests.Count | Should -Be 1
        $requests[0].authorized | Should -BeTrue
    }

    It 'a token with <Name> fails at Connect-Hyper3D with InvalidArgument, and nothing is sent' -TestCases @(
        @{ Name = 'a line break inside'; Token = "abc`r`nX-Injected: 1" }
        @{ Name = 'a non-ASCII character'; Token = 'tökén-0123456789' }
        @{ Name = 'a control character'; Token = "abc$([char]7)def" }
    ) {
        Connect-Hyper3D -BaseUri $Emulator.BaseUri
        $previous = Get-Hyper3DConnection
        Reset-TestEmulator $Emulator
        $failure = Get-Failure { Connect-Hyper3D -BaseUri $Emulator.BaseUri -Token (ConvertTo-SecureString $Token -AsPlainText -Force) -ErrorAction Stop }
        $failure.FullyQualifiedErrorId | Should -BeLike 'InvalidToken,*'
        $failure.CategoryInfo.Category | Should -Be 'InvalidArgument'
        $failure.ErrorDetails.RecommendedAction | Should -Not -BeNullOrEmpty
        [object]::ReferenceEquals((Get-Hyper3DConnection), $previous) | Should -BeTrue -Because 'a refused token leaves the current session in place'
        @(Get-Requests).Count | Should -Be 0
    }
}

Describe 'HYPER3D_TOKEN as a scheduled task sets it' {
    It 'a trailing newline is trimmed; a line break inside is InvalidToken naming the variable, and nothing is sent' {
        $saved = @{}
        foreach ($name in 'HYPER3D_TOKEN', 'HYPER3D_EMAIL', 'HYPER3D_PASSWORD') { $saved[$name] = [Environment]::GetEnvironmentVariable($name) }
        try {
            [Environment]::SetEnvironmentVariable('HYPER3D_EMAIL', $null)
            [Environment]::SetEnvironmentVariable('HYPER3D_PASSWORD', $null)
            [Environment]::SetEnvironmentVariable('HYPER3D_TOKEN', "$(Get-RealToken)`r`n")
            $session = Connect-Hyper3D -BaseUri $Emulator.BaseUri -PassThru -ErrorAction Stop
            Reset-TestEmulator $Emulator
            @(Get-Hyper3DGalleryCard -Session $session -Type Mine -ErrorAction Stop).Count | Should -BeGreaterThan 0
            [Environment]::SetEnvironmentVariable('HYPER3D_TOKEN', "abc`ndef")
            Reset-TestEmulator $Emulator
            $failure = Get-Failure { Connect-Hyper3D -BaseUri $Emulator.BaseUri -ErrorAction Stop }
        }
        finally { foreach ($name in $saved.Keys) { [Environment]::SetEnvironmentVariable($name, $saved[$name]) } }
        $failure.FullyQualifiedErrorId | Should -BeLike 'InvalidToken,*'
        $failure.Exception.Message | Should -Match 'HYPER3D_TOKEN'
        @(Get-Requests).Count | Should -Be 0
    }
}

Describe '-Credential with an email whose domain has no dot' {
    It 'admin@intranet is sent exactly as typed, and the login succeeds' {
        $credential = [pscredential]::new('admin@intranet', (ConvertTo-SecureString 'intranet-password' -AsPlainText -Force))
        Reset-TestEmulator $Emulator
        $session = Connect-Hyper3D -BaseUri $Emulator.BaseUri -Credential $credential -PassThru -ErrorAction Stop
        $login = @(Get-Requests | Where-Object path -EQ '/api/user/login')
        $login.Count | Should -Be 1
        $login[0].body.email | Should -BeExactly 'admin@intranet'
        $session.User | Should -BeExactly 'admin'
        $session.UserEmail | Should -BeExactly 'admin@intranet'
    }

    It 'DOMAIN\user is sent as typed too' {
        $credential = [pscredential]::new('CORP\demo', (ConvertTo-SecureString 'x' -AsPlainText -Force))
        Reset-TestEmulator $Emulator
        $failure = Get-Failure { Connect-Hyper3D -BaseUri $Emulator.BaseUri -Credential $credential -ErrorAction Stop }
        $failure.FullyQualifiedErrorId | Should -BeLike 'AuthenticationFailed,*'
        (Get-Requests)[0].body.email | Should -BeExactly 'CORP\demo'
    }
}

Describe '-BaseUri that cannot be a base' {
    It '<Name> is refused with InvalidBaseUri, and nothing is sent' -TestCases @(
        @{ Name = 'a query'; Suffix = '?x=1' }
        @{ Name = 'an empty query'; Suffix = '?' }
        @{ Name = 'a fragment'; Suffix = '#frag' }
    ) {
        Reset-TestEmulator $Emulator
        $failure = Get-Failure { Connect-Hyper3D -BaseUri "$($Emulator.BaseUri)$Suffix" -ErrorAction Stop }
        $failure.FullyQualifiedErrorId | Should -BeLike 'InvalidBaseUri,*'
        $failure.CategoryInfo.Category | Should -Be 'InvalidArgument'
        $failure.ErrorDetails.RecommendedAction | Should -Not -BeNullOrEmpty
        @(Get-Requests).Count | Should -Be 0
    }

    It 'user info in the address is refused with advice to use -Credential' {
        $failure = Get-Failure { Connect-Hyper3D -BaseUri ($Emulator.BaseUri -replace '^http://', 'http://someone:pw@') -ErrorAction Stop }
        $failure.FullyQualifiedErrorId | Should -BeLike 'InvalidBaseUri,*'
        $failure.ErrorDetails.RecommendedAction | Should -Match '-Credential'
    }

    It 'the same rules hold for HYPER3D_BASE_URI' {
        $saved = [Environment]::GetEnvironmentVariable('HYPER3D_BASE_URI')
        try {
            [Environment]::SetEnvironmentVariable('HYPER3D_BASE_URI', "$($Emulator.BaseUri)?x=1")
            $failure = Get-Failure { Connect-Hyper3D -ErrorAction Stop }
        }
        finally { [Environment]::SetEnvironmentVariable('HYPER3D_BASE_URI', $saved) }
        $failure.FullyQualifiedErrorId | Should -BeLike 'InvalidBaseUri,*'
    }
}

Describe 'An unknown host' {
    It 'http://example.invalid/api fails with ConnectionFailed at once: no retry, no warning' {
        # .invalid never resolves (RFC 6761): the lookup fails on this machine without any traffic.
        Connect-Hyper3D -BaseUri 'http://example.invalid/api' -RetryIntervalSec 0 -SkipConnectionCheck
        $warnings = $null
        $failure = $null
        try { Get-Hyper3DGalleryCard -ErrorAction Stop -WarningVariable warnings -WarningAction SilentlyContinue | Out-Null }
        catch { $failure = $_ }
        $failure | Should -Not -BeNullOrEmpty
        $failure.FullyQualifiedErrorId | Should -BeLike 'ConnectionFailed,*'
        $failure.Exception.Message | Should -Match 'example\.invalid'
        @($warnings).Count | Should -Be 0 -Because 'a name that does not resolve will not resolve a second later'
        $failure.Exception.Message | Should -Not -Match 'Gave up after'
    }
}
