# Connect-Hyper3D, Get-Hyper3DConnection, Disconnect-Hyper3D: sessions, login errors, what goes on the wire,
# and the token never shown anywhere.

BeforeAll {
    . $PSScriptRoot/Common.ps1
    . $PSScriptRoot/Dataset.ps1
    $script:Emulator = Start-Hyper3DEmulator -ArgumentList @('--cards', '240')
    $script:Dataset = Get-TestDataset -Emulator $script:Emulator
    $script:ModuleVersion = (Get-Module Hyper3D).Version

    function Get-RealToken([string] $Email = 'demo@hyper3d.local', [string] $Password = 'demo-password') {
        # A token of our own, straight from the emulator's login.
        $body = @{ email = $Email; password = $Password } | ConvertTo-Json -Compress
        $login = Invoke-RestMethod -Method Post -Uri "$($script:Emulator.BaseUri)/user/login" -Body $body -ContentType 'application/json'
        if (-not $login.token) { throw "The emulator's login gave no token: $($login | ConvertTo-Json -Compress)" }
        $login.token
    }

    function Assert-NoSecret([string] $Text, [string[]] $Secret, [string] $Where) {
        foreach ($s in $Secret) {
            $s | Should -Not -BeNullOrEmpty -Because 'the secret to look for must be known'
            $Text.Contains($s) | Should -BeFalse -Because "$Where must not show the token or password"
        }
    }
}

AfterAll {
    try { Disconnect-Hyper3D }
    finally { $script:Emulator | Stop-Hyper3DEmulator }
}

Describe 'Anonymous sessions' {
    BeforeEach { Invoke-Hyper3DEmulatorControl -Emulator $script:Emulator -Action reset | Out-Null }

    It 'Connect-Hyper3D -BaseUri opens an anonymous session that Get-Hyper3DConnection shows' {
        Connect-Hyper3D -BaseUri $script:Emulator.BaseUri | Should -BeNullOrEmpty -Because 'without -PassThru it writes nothing'
        $connection = @(Get-Hyper3DConnection)
        $connection.Count | Should -Be 1
        $connection[0] | Should -BeOfType ([Hyper3D.Hyper3DSession])
        $connection[0].BaseUri | Should -BeOfType ([uri])
        $connection[0].BaseUri.AbsoluteUri | Should -BeExactly ([uri]$script:Emulator.BaseUri).AbsoluteUri
        $connection[0].Authentication | Should -BeExactly 'Anonymous'
        $connection[0].IsAuthenticated | Should -BeFalse
        $connection[0].Token | Should -BeNullOrEmpty
        $null -eq $connection[0].Token | Should -BeTrue
        $connection[0].User | Should -BeNullOrEmpty
    }

    It 'Connect-Hyper3D -SkipConnectionCheck with no other arguments (and no HYPER3D_* variables) uses https://hyperhuman.deemos.com/api' {
        # With -SkipConnectionCheck an anonymous connect makes no request, so this is safe offline: a request that
        # failed would throw, and one that hung would take longer than the limit below.
        $saved = @{}
        foreach ($name in 'HYPER3D_BASE_URI', 'HYPER3D_TOKEN', 'HYPER3D_EMAIL', 'HYPER3D_PASSWORD') {
            $saved[$name] = [Environment]::GetEnvironmentVariable($name)
            [Environment]::SetEnvironmentVariable($name, $null)
        }
        try {
            $clock = [Diagnostics.Stopwatch]::StartNew()
            Connect-Hyper3D -SkipConnectionCheck
            $clock.Stop()
            $connection = Get-Hyper3DConnection
            $connection.BaseUri.AbsoluteUri | Should -BeExactly 'https://hyperhuman.deemos.com/api'
            $connection.Authentication | Should -BeExactly 'Anonymous'
            $connection.IsAuthenticated | Should -BeFalse
            $clock.Elapsed.TotalSeconds | Should -BeLessThan 5 -Because 'an anonymous connect makes no request'
        }
        finally {
            foreach ($name in $saved.Keys) { [Environment]::SetEnvironmentVariable($name, $saved[$name]) }
        }
    }

    It '-PassThru returns the session object, the same one Get-Hyper3DConnection returns' {
        $session = Connect-Hyper3D -BaseUri $script:Emulator.BaseUri -PassThru
        @($session).Count | Should -Be 1
        $session | Should -BeOfType ([Hyper3D.Hyper3DSession])
        [object]::ReferenceEquals($session, (Get-Hyper3DConnection)) | Should -BeTrue
        $session.Authentication | Should -BeExactly 'Anonymous'
    }

    It 'Disconnect-Hyper3D: Get-Hyper3DConnection returns nothing and Get-Hyper3DGalleryCard fails with NotConnected' {
        Connect-Hyper3D -BaseUri $script:Emulator.BaseUri
        Invoke-Hyper3DEmulatorControl -Emulator $script:Emulator -Action reset | Out-Null
        Disconnect-Hyper3D
        @(Get-Hyper3DConnection).Count | Should -Be 0
        $null -eq (Get-Hyper3DConnection) | Should -BeTrue
        $err = Invoke-Captured { Get-Hyper3DGalleryCard -ErrorAction SilentlyContinue }
        $err | Should -Not -BeNullOrEmpty -Because 'no session is a terminating error'
        $err.FullyQualifiedErrorId | Should -BeLike 'NotConnected*'
        $err.ErrorDetails.RecommendedAction | Should -Match 'Connect-Hyper3D'
        @(Get-ApiRequest -Emulator $script:Emulator).Count | Should -Be 0
    }
}

Describe 'Signing in' {
    BeforeEach { Invoke-Hyper3DEmulatorControl -Emulator $script:Emulator -Action reset | Out-Null }

    It '-Credential logs in: user demo, authenticated, token masked' {
        Connect-Hyper3D -BaseUri $script:Emulator.BaseUri -Credential $DemoCredential
        $connection = Get-Hyper3DConnection
        $connection.Authentication | Should -BeExactly 'Credential'
        $connection.IsAuthenticated | Should -BeTrue
        $connection.User | Should -BeExactly 'demo'
        "$($connection.User)" | Should -BeExactly 'demo'
        $connection.UserEmail | Should -BeExactly 'demo@hyper3d.local'
        $connection.UserUuid | Should -BeExactly ($script:Dataset.users | Where-Object email -EQ 'demo@hyper3d.local').user_uuid
        $connection.Token | Should -BeExactly '********'

        $login = @(Get-ApiRequest -Emulator $script:Emulator -Path '/api/user/login')
        $login.Count | Should -Be 1
        $login[0].body.email | Should -BeExactly 'demo@hyper3d.local'
        $login[0].body.password | Should -BeExactly 'demo-password'
        $login[0].authorized | Should -BeFalse
    }

    It 'the real token appears nowhere in Format-List *, Select-Object *, ConvertTo-Json or ToString' {
        Connect-Hyper3D -BaseUri $script:Emulator.BaseUri -Credential $DemoCredential
        $connection = Get-Hyper3DConnection
        $secret = Get-SessionSecret -Session $connection
        $secret.Length | Should -BeGreaterThan 20 -Because 'the session holds a real token'
        $views = [ordered]@{
            'Format-List *'   = $connection | Format-List * | Out-String -Width 500
            'Select-Object *' = $connection | Select-Object * | Out-String -Width 500
            'ConvertTo-Json'  = $connection | ConvertTo-Json -Depth 5
            'Format-Table *'  = $connection | Format-Table * | Out-String -Width 2000
            'default view'    = $connection | Out-String -Width 500
            'ToString'        = "$connection"
        }
        foreach ($view in $views.GetEnumerator()) {
            Assert-NoSecret -Text $view.Value -Secret $secret, 'demo-password' -Where $view.Key
        }
        $views['Format-List *'] | Should -Match 'Token\s+:\s+\*{8}'
    }

    It '-Token (SecureString) opens a session that lists Mine; the token is nowhere in its displays' {
        $token = Get-RealToken
        $secure = ConvertTo-SecureString $token -AsPlainText -Force
        Invoke-Hyper3DEmulatorControl -Emulator $script:Emulator -Action reset | Out-Null
        Connect-Hyper3D -BaseUri $script:Emulator.BaseUri -Token $secure
        $check = @(Get-ApiRequest -Emulator $script:Emulator)
        $check.Count | Should -Be 1 -Because 'a token needs no login request, only the connection check'
        $check[0].path | Should -BeExactly '/api/task/cards'
        $check[0].authorized | Should -BeTrue -Because 'the check sends the token'
        Invoke-Hyper3DEmulatorControl -Emulator $script:Emulator -Action reset | Out-Null

        $connection = Get-Hyper3DConnection
        $connection.Authentication | Should -BeExactly 'Token'
        $connection.IsAuthenticated | Should -BeTrue
        $connection.Token | Should -BeExactly '********'
        Get-SessionSecret -Session $connection | Should -BeExactly $token

        $mine = @(Get-Hyper3DGalleryCard -Type Mine)
        $expected = Get-ExpectedCard -Dataset $script:Dataset -Caller 'demo@hyper3d.local' -Type Mine -Page 0
        $expected.Count | Should -Be 24
        ($mine.TaskUuid -join ',') | Should -BeExactly ($expected.task_uuid -join ',')
        $requests = @(Get-ApiRequest -Emulator $script:Emulator)
        $requests.Count | Should -Be 1
        $requests[0].path | Should -BeExactly '/api/task/cards'
        $requests[0].authorized | Should -BeTrue

        foreach ($text in @(
                ($connection | Format-List * | Out-String -Width 500),
                ($connection | Select-Object * | Out-String -Width 500),
                ($connection | ConvertTo-Json -Depth 5),
                ($connection | Out-String -Width 500))) {
            Assert-NoSecret -Text $text -Secret $token -Where 'the session display'
        }
    }

    It 'a wrong password is a terminating AuthenticationFailed error naming WRONG_PASSWORD, and the previous session stays current' {
        $previous = Connect-Hyper3D -BaseUri $script:Emulator.BaseUri -Credential $AliceCredential -PassThru
        $wrong = [pscredential]::new('demo@hyper3d.local', (ConvertTo-SecureString 'not-the-password' -AsPlainText -Force))

        $err = Invoke-Captured { Connect-Hyper3D -BaseUri $script:Emulator.BaseUri -Credential $wrong -PassThru -ErrorAction SilentlyContinue }
        $err | Should -Not -BeNullOrEmpty -Because 'a failed login is a terminating error'
        $err.FullyQualifiedErrorId | Should -BeLike 'AuthenticationFailed*'
        $err.CategoryInfo.Category | Should -Be ([System.Management.Automation.ErrorCategory]::AuthenticationError)
        $err.ToString() | Should -Match 'WRONG_PASSWORD'
        $err.Exception.Message | Should -Match 'WRONG_PASSWORD'
        $err.ToString() | Should -Not -Match 'not-the-password'

        # No half session: the one before is still the current one, still signed in, still working.
        $current = Get-Hyper3DConnection
        [object]::ReferenceEquals($current, $previous) | Should -BeTrue
        $current.User | Should -BeExactly 'alice'
        $current.IsAuthenticated | Should -BeTrue
        $mine = @(Get-Hyper3DGalleryCard -Type Mine)
        $expected = Get-ExpectedCard -Dataset $script:Dataset -Caller 'alice@hyper3d.local' -Type Mine -Page 0
        ($mine.TaskUuid -join ',') | Should -BeExactly ($expected.task_uuid -join ',')
    }

    It 'a wrong password after an anonymous session keeps the anonymous session' {
        $previous = Connect-Hyper3D -BaseUri $script:Emulator.BaseUri -PassThru
        $wrong = [pscredential]::new('alice@hyper3d.local', (ConvertTo-SecureString 'nope' -AsPlainText -Force))
        $err = Invoke-Captured { Connect-Hyper3D -BaseUri $script:Emulator.BaseUri -Credential $wrong }
        $err.FullyQualifiedErrorId | Should -BeLike 'AuthenticationFailed*'
        [object]::ReferenceEquals((Get-Hyper3DConnection), $previous) | Should -BeTrue
        (Get-Hyper3DConnection).IsAuthenticated | Should -BeFalse
    }

    It 'an unknown email is AuthenticationFailed naming NO_SUCH_USER' {
        $unknown = [pscredential]::new('nobody@hyper3d.local', (ConvertTo-SecureString 'whatever' -AsPlainText -Force))
        $err = Invoke-Captured { Connect-Hyper3D -BaseUri $script:Emulator.BaseUri -Credential $unknown -ErrorAction SilentlyContinue }
        $err | Should -Not -BeNullOrEmpty
        $err.FullyQualifiedErrorId | Should -BeLike 'AuthenticationFailed*'
        $err.CategoryInfo.Category | Should -Be ([System.Management.Automation.ErrorCategory]::AuthenticationError)
        $err.ToString() | Should -Match 'NO_SUCH_USER'
        $err.ToString() | Should -Not -Match 'WRONG_PASSWORD'
    }

    It 'an expired -Token session fails with AuthenticationFailed, and the error does not show the token' {
        $token = Get-RealToken
        Connect-Hyper3D -BaseUri $script:Emulator.BaseUri -Token (ConvertTo-SecureString $token -AsPlainText -Force)
        Invoke-Hyper3DEmulatorControl -Emulator $script:Emulator -Action expire-tokens | Out-Null
        $err = Invoke-Captured { Get-Hyper3DGalleryCard -Type Mine -ErrorAction SilentlyContinue }
        $err | Should -Not -BeNullOrEmpty
        $err.FullyQualifiedErrorId | Should -BeLike 'AuthenticationFailed*'
        $err.CategoryInfo.Category | Should -Be ([System.Management.Automation.ErrorCategory]::AuthenticationError)
        $everything = @($err.ToString(), $err.Exception.ToString(), "$($err.TargetObject)", ($err | Format-List * -Force | Out-String -Width 500)) -join "`n"
        Assert-NoSecret -Text $everything -Secret $token -Where 'the error'
    }
}

Describe 'On the wire' {
    BeforeEach { Invoke-Hyper3DEmulatorControl -Emulator $script:Emulator -Action reset | Out-Null }

    It 'anonymous requests: User-Agent, Content-Type, Accept-Encoding, no Authorization' {
        Connect-Hyper3D -BaseUri $script:Emulator.BaseUri
        Invoke-Hyper3DEmulatorControl -Emulator $script:Emulator -Action reset | Out-Null
        Get-Hyper3DGalleryCard | Out-Null
        $requests = @(Get-ApiRequest -Emulator $script:Emulator)
        $requests.Count | Should -Be 1
        $request = $requests[0]
        $request.path | Should -BeExactly '/api/task/cards'
        $request.method | Should -BeExactly 'POST'
        $request.user_agent | Should -MatchExactly '^Hyper3D-PowerShell/\d+\.\d+\.\d+ PowerShell/7\.'
        $request.user_agent | Should -BeExactly "Hyper3D-PowerShell/$($script:ModuleVersion) PowerShell/$($PSVersionTable.PSVersion)"
        $request.content_type | Should -Match '^application/json(;|$)'
        $request.accept_encoding | Should -Match '\bgzip\b'
        $request.accept_encoding | Should -Match '\bbr\b'
        $request.authorized | Should -BeFalse
    }

    It 'with a login: the login carries no Authorization, the gallery requests do' {
        Connect-Hyper3D -BaseUri $script:Emulator.BaseUri -Credential $DemoCredential
        Get-Hyper3DGalleryCard -Type Mine -All | Out-Null
        $requests = @(Get-ApiRequest -Emulator $script:Emulator)
        $login = @($requests | Where-Object path -EQ '/api/user/login')
        $cards = @($requests | Where-Object { $_.path -eq '/api/task/cards' -and $null -ne $_.completed })
        $login.Count | Should -Be 1
        $cards.Count | Should -BeGreaterThan 2
        foreach ($request in $requests) {
            $request.user_agent | Should -MatchExactly '^Hyper3D-PowerShell/\d+\.\d+\.\d+ PowerShell/7\.'
            $request.content_type | Should -Match '^application/json(;|$)'
            $request.accept_encoding | Should -Match '\bgzip\b'
            $request.accept_encoding | Should -Match '\bbr\b'
        }
        $login[0].authorized | Should -BeFalse
        @($cards | Where-Object { -not $_.authorized }).Count | Should -Be 0
    }

    It 'the token is absent from every stream of Connect-Hyper3D -Verbose -Debug and Get-Hyper3DGalleryCard -Type Mine -All -Verbose -Debug' {
        $connectOutput = Connect-Hyper3D -BaseUri $script:Emulator.BaseUri -Credential $DemoCredential -PassThru -Verbose -Debug *>&1 | Out-String -Width 500
        $secret = Get-SessionSecret -Session (Get-Hyper3DConnection)
        $listOutput = Get-Hyper3DGalleryCard -Type Mine -All -Verbose -Debug *>&1 | Out-String -Width 500

        # The capture did catch the verbose stream and the cards, so the check below looks at real output.
        $connectOutput | Should -Match 'Connected to'
        $listOutput | Should -Match 'POST .*/api/task/cards'
        $listOutput | Should -Match ([regex]::Escape((Get-ExpectedCard -Dataset $script:Dataset -Caller 'demo@hyper3d.local' -Type Mine)[0].author.username))

        Assert-NoSecret -Text $connectOutput -Secret $secret, 'demo-password' -Where 'Connect-Hyper3D -Verbose -Debug'
        Assert-NoSecret -Text $listOutput -Secret $secret, 'demo-password' -Where 'Get-Hyper3DGalleryCard -Verbose -Debug'
    }

    It 'the token given with -Token is absent from every stream of -Verbose -Debug' {
        $token = Get-RealToken -Email 'alice@hyper3d.local' -Password 'alice-password'
        $connectOutput = Connect-Hyper3D -BaseUri $script:Emulator.BaseUri -Token (ConvertTo-SecureString $token -AsPlainText -Force) -PassThru -Verbose -Debug *>&1 | Out-String -Width 500
        $listOutput = Get-Hyper3DGalleryCard -Type Mine -All -Verbose -Debug *>&1 | Out-String -Width 500
        $listOutput | Should -Match 'POST .*/api/task/cards'
        Assert-NoSecret -Text $connectOutput -Secret $token -Where 'Connect-Hyper3D -Token -Verbose -Debug'
        Assert-NoSecret -Text $listOutput -Secret $token -Where 'Get-Hyper3DGalleryCard -Verbose -Debug'
    }
}
