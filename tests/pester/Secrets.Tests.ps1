# The token and the password never appear: not in any of the six streams of any cmdlet run with -Verbose -Debug,
# not in errors (message, details, target, invocation), warnings or progress, and not in any display of the
# session object. Failure paths included: a wrong password, an expired token, a retried 503.
BeforeAll {
    . $PSScriptRoot/Common.ps1
    $script:Emulator = Start-Hyper3DEmulator -ArgumentList @('--cards', '120')
    $script:DatasetText = (Invoke-WebRequest -Uri "$($Emulator.Url)/_emulator/dataset").Content
    $script:DemoPassword = $DemoCredential.GetNetworkCredential().Password
    $script:AlicePassword = $AliceCredential.GetNetworkCredential().Password

    # A token of our own, straight from the emulator's login.
    function Get-RealToken([pscredential] $Credential = $DemoCredential) {
        $body = @{ email = $Credential.UserName; password = $Credential.GetNetworkCredential().Password } | ConvertTo-Json -Compress
        $login = Invoke-RestMethod -Method Post -Uri "$($Emulator.BaseUri)/user/login" -Body $body -ContentType 'application/json'
        if ($login.token -notmatch '^[A-Za-z0-9_-]{43}$') { throw "The emulator's login gave no 43-character token." }
        $login.token
    }

    # The token a -Credential session got from its own login: read from the session's client, so the checks below
    # know exactly what to look for (the 43-character pattern check backs this up).
    function Get-SessionToken($Session) {
        $flags = [Reflection.BindingFlags]'NonPublic,Instance'
        $client = $Session.GetType().GetProperty('Client', $flags).GetValue($Session)
        $token = $client.GetType().GetField('_token', $flags).GetValue($client)
        if ($token -notmatch '^[A-Za-z0-9_-]{43}$') { throw 'Could not read the session''s token.' }
        $token
    }

    function Get-Transcript([object[]] $Records) { @($Records | Where-Object { $_.psobject.Properties['Transcript'] })[0].Transcript }

    # No run of 40+ base64url characters (a token is 43) that is not part of the seeded data. A run followed by '(' is a
    # .NET method's name (ThrowInvalidOperationException_ExpectedString, in a stack trace or a TargetSite), not a secret.
    function Assert-NoTokenLike([string] $Text, [string] $Where) {
        $suspects = @([regex]::Matches($Text, '(?<![A-Za-z0-9_-])[A-Za-z0-9_-]{40,}(?![A-Za-z0-9_(-])') | ForEach-Object Value | Sort-Object -Unique |
                Where-Object { -not $DatasetText.Contains($_) })
        $suspects | Should -BeNullOrEmpty -Because "$Where must not show anything that looks like a token"
    }

    function Get-SessionDisplays($Session) {
        $csv = Join-Path ([IO.Path]::GetTempPath()) ("hyper3d-session-" + [guid]::NewGuid().ToString('n') + '.csv')
        $xml = [IO.Path]::ChangeExtension($csv, '.xml')
        try {
            $Session | Export-Csv -Path $csv -NoTypeInformation
            $Session | Export-Clixml -Path $xml -Depth 5
            @(
                "$Session"
                ($Session | Out-String -Width 4096)
                ($Session | Format-List * -Force | Out-String -Width 4096)
                ($Session | Format-List | Out-String -Width 4096)
                ($Session | Format-Table | Out-String -Width 4096)
                ($Session | Format-Table * | Out-String -Width 4096)
                ($Session | Format-Custom * -Depth 5 | Out-String -Width 4096)
                ($Session | ConvertTo-Json -Depth 5)
                ($Session | Select-Object * | Out-String -Width 4096)
                ($Session | Select-Object * | ConvertTo-Csv)
                ($Session.psobject.Properties | ForEach-Object { "$($_.Name)=$($_.Value)" })
                (Get-Content -Raw $csv)
                (Get-Content -Raw $xml)
                ($Session | Get-Member -Force | Out-String -Width 4096)
            ) -join "`n"
        }
        finally { Remove-Item -Force -ErrorAction SilentlyContinue $csv, $xml }
    }

}

AfterAll {
    Disconnect-Hyper3D
    $script:Emulator | Stop-Hyper3DEmulator
}

Describe 'The search itself' {
    It 'finds a secret in an error''s target, inner exception or details, whole or wrapped, and a token-like string' {
        $secret = 'Zq' + ([guid]::NewGuid().ToString('n')) + 'xY_-0123456'
        $inner = [InvalidOperationException]::new("inner $secret")
        $records = @(
            [System.Management.Automation.ErrorRecord]::new([Exception]::new('outer', $inner), 'Id', 'NotSpecified', $null)
        )
        { Assert-NoSecret (ConvertTo-AllText $records) $secret 'a planted inner exception' } | Should -Throw
        $records = @([System.Management.Automation.ErrorRecord]::new([Exception]::new('outer'), 'Id', 'NotSpecified', "target $secret"))
        { Assert-NoSecret (ConvertTo-AllText $records) $secret 'a planted target' } | Should -Throw
        { Assert-NoSecret ("a " + $secret.Substring(0, 20) + "`n   " + $secret.Substring(20)) $secret 'a wrapped secret' } | Should -Throw
        { Assert-NoTokenLike "x $secret y" 'a planted token' } | Should -Throw
        Assert-NoTokenLike "x $($DatasetText.Substring(0, 10)) y" 'plain text'
    }
}

Describe 'Connect-Hyper3D -Credential' {
    BeforeEach { Reset-TestEmulator $Emulator }

    It 'no stream of Connect-Hyper3D -Credential -Verbose -Debug -PassThru shows the token it got or the password' {
        $records = Invoke-AllStreams { Connect-Hyper3D -BaseUri $Emulator.BaseUri -Credential $DemoCredential -PassThru -Verbose -Debug -WarningAction Continue }
        $session = @($records | Where-Object { $_ -is [Hyper3D.Hyper3DSession] })
        $session.Count | Should -Be 1
        @($records | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }).Count | Should -BeGreaterThan 0 -Because 'the capture must see the verbose stream'
        $token = Get-SessionToken $session[0]
        $text = ConvertTo-AllText $records
        Assert-NoSecret $text $token, $DemoPassword 'Connect-Hyper3D -Credential'
        Assert-NoTokenLike $text 'Connect-Hyper3D -Credential'
    }

    It 'the -Credential session''s displays show neither its token nor the password' {
        $session = Connect-Hyper3D -BaseUri $Emulator.BaseUri -Credential $DemoCredential -PassThru
        $token = Get-SessionToken $session
        $text = Get-SessionDisplays $session
        $text | Should -Match 'demo' -Because 'the displays do show the session'
        $text | Should -Match '\*{8}' -Because 'the token is shown masked'
        Assert-NoSecret $text $token, $DemoPassword 'the session''s displays'
        Assert-NoTokenLike $text 'the session''s displays'
    }

    It 'a wrong password: the error in every form shows neither the wrong password nor the right one' {
        $wrong = 'wrong-' + [guid]::NewGuid().ToString('n')
        $credential = [pscredential]::new($DemoCredential.UserName, (ConvertTo-SecureString $wrong -AsPlainText -Force))
        $records = Invoke-AllStreams { Connect-Hyper3D -BaseUri $Emulator.BaseUri -Credential $credential -Verbose -Debug -WarningAction Continue -ErrorAction Stop }
        $errors = @($records | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] })
        $errors.Count | Should -BeGreaterThan 0
        $errors[0].FullyQualifiedErrorId | Should -BeLike 'AuthenticationFailed,*'
        $errors[0].Exception.Message | Should -Match 'WRONG_PASSWORD'
        Assert-NoSecret (ConvertTo-AllText $records) $wrong, $DemoPassword 'a failed login'
    }

    It 'a login retried after a 503: the warning and the rest show no password and no token' {
        Reset-TestEmulator $Emulator @{ faults = '503@1' }
        # -Debug alone would make the warning ask to continue (Inquire); -WarningAction Continue keeps it a record.
        $records = Invoke-AllStreams { Connect-Hyper3D -BaseUri $Emulator.BaseUri -Credential $AliceCredential -RetryIntervalSec 0 -PassThru -Verbose -Debug -WarningAction Continue }
        @($records | Where-Object { $_ -is [System.Management.Automation.WarningRecord] }).Count | Should -Be 1
        $session = @($records | Where-Object { $_ -is [Hyper3D.Hyper3DSession] })[0]
        $text = ConvertTo-AllText $records
        Assert-NoSecret $text (Get-SessionToken $session), $AlicePassword 'a retried login'
        Assert-NoTokenLike $text 'a retried login'
    }

    It 'a -Credential listing that logs in again on a 401: no stream shows the old token, the new one or the password' {
        $session = Connect-Hyper3D -BaseUri $Emulator.BaseUri -Credential $DemoCredential -PassThru
        $oldToken = Get-SessionToken $session
        Invoke-Hyper3DEmulatorControl -Emulator $Emulator -Action expire-tokens | Out-Null
        $records = Invoke-AllStreams { Get-Hyper3DGalleryCard -Session $session -Type Mine -All -Verbose -Debug -WarningAction Continue }
        @($records | Where-Object { $_ -is [System.Management.Automation.WarningRecord] -and $_.Message -match 'signing in again' }).Count | Should -BeGreaterThan 0
        @($records | Where-Object { $_ -is [Hyper3D.Model.GalleryCard] }).Count | Should -BeGreaterThan 0
        $newToken = Get-SessionToken $session
        $newToken | Should -Not -Be $oldToken
        $text = (ConvertTo-AllText $records) + (Get-SessionDisplays $session)
        Assert-NoSecret $text $oldToken, $newToken, $DemoPassword 'a listing that logged in again'
        Assert-NoTokenLike $text 'a listing that logged in again'
    }

    It 'credentials from HYPER3D_EMAIL / HYPER3D_PASSWORD: no stream shows the password or the token' {
        $saved = @{}
        foreach ($name in 'HYPER3D_TOKEN', 'HYPER3D_EMAIL', 'HYPER3D_PASSWORD') { $saved[$name] = [Environment]::GetEnvironmentVariable($name) }
        try {
            [Environment]::SetEnvironmentVariable('HYPER3D_TOKEN', $null)
            [Environment]::SetEnvironmentVariable('HYPER3D_EMAIL', $DemoCredential.UserName)
            [Environment]::SetEnvironmentVariable('HYPER3D_PASSWORD', $DemoPassword)
            $records = Invoke-AllStreams { Connect-Hyper3D -BaseUri $Emulator.BaseUri -PassThru -Verbose -Debug -WarningAction Continue }
        }
        finally { foreach ($name in $saved.Keys) { [Environment]::SetEnvironmentVariable($name, $saved[$name]) } }
        $session = @($records | Where-Object { $_ -is [Hyper3D.Hyper3DSession] })[0]
        $session.Authentication | Should -BeExactly 'Credential'
        $text = ConvertTo-AllText $records
        Assert-NoSecret $text (Get-SessionToken $session), $DemoPassword 'a login from the environment'
    }
}

Describe 'Connect-Hyper3D -Token and the token''s session' {
    BeforeAll {
        $script:Token = Get-RealToken
        $script:SecureToken = ConvertTo-SecureString $Token -AsPlainText -Force
    }
    BeforeEach { Reset-TestEmulator $Emulator }

    It 'no stream of Connect-Hyper3D -Token -Verbose -Debug -PassThru shows the token' {
        $records = Invoke-AllStreams { Connect-Hyper3D -BaseUri $Emulator.BaseUri -Token $SecureToken -PassThru -Verbose -Debug -WarningAction Continue }
        @($records | Where-Object { $_ -is [Hyper3D.Hyper3DSession] }).Count | Should -Be 1
        Assert-NoSecret (ConvertTo-AllText $records) $Token 'Connect-Hyper3D -Token'
    }

    It 'a token from HYPER3D_TOKEN: no stream shows it' {
        $saved = [Environment]::GetEnvironmentVariable('HYPER3D_TOKEN')
        try {
            [Environment]::SetEnvironmentVariable('HYPER3D_TOKEN', $Token)
            $records = Invoke-AllStreams { Connect-Hyper3D -BaseUri $Emulator.BaseUri -PassThru -Verbose -Debug -WarningAction Continue }
        }
        finally { [Environment]::SetEnvironmentVariable('HYPER3D_TOKEN', $saved) }
        @($records | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] -and $_.Message -match 'HYPER3D_TOKEN' }).Count | Should -Be 1
        Assert-NoSecret (ConvertTo-AllText $records) $Token 'Connect-Hyper3D with HYPER3D_TOKEN'
    }

    It 'the -Token session''s displays (Format-List *, Format-Table, ConvertTo-Json, Select-Object *, Export-Csv, Export-Clixml ...) do not show it' {
        $session = Connect-Hyper3D -BaseUri $Emulator.BaseUri -Token $SecureToken -PassThru
        Get-Hyper3DGalleryCard -Session $session | Out-Null
        $text = Get-SessionDisplays $session
        $text | Should -Match 'Token' -Because 'the displays do show the session'
        Assert-NoSecret $text $Token 'the session''s displays'
    }

    It 'no stream of Get-Hyper3DGalleryCard -Type <Type> <Extra> -Verbose -Debug shows the token' -TestCases @(
        @{ Type = 'Recent'; Extra = '-All'; Parameters = @{ All = $true } }
        @{ Type = 'Mine'; Extra = '-All'; Parameters = @{ All = $true } }
        @{ Type = 'Featured'; Extra = '-First 30'; Parameters = @{ First = 30 } }
        @{ Type = 'Story'; Extra = '-Page 0 -IncludeTotalCount'; Parameters = @{ Page = 0; IncludeTotalCount = $true } }
    ) {
        $session = Connect-Hyper3D -BaseUri $Emulator.BaseUri -Token $SecureToken -PassThru
        $records = Invoke-AllStreams { Get-Hyper3DGalleryCard -Session $session -Type $Type @Parameters -Verbose -Debug -WarningAction Continue }
        @($records | Where-Object { $_ -is [Hyper3D.Model.GalleryCard] }).Count | Should -BeGreaterThan 0
        @($records | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] -and $_.Message -match 'task/cards' }).Count | Should -BeGreaterThan 0
        Assert-NoSecret (ConvertTo-AllText $records) $Token "Get-Hyper3DGalleryCard -Type $Type"
    }

    It 'Get-Hyper3DConnection -Verbose -Debug and Disconnect-Hyper3D -Verbose -Debug show no token' {
        Connect-Hyper3D -BaseUri $Emulator.BaseUri -Token $SecureToken
        $records = Invoke-AllStreams { Get-Hyper3DConnection -Verbose -Debug -WarningAction Continue; Disconnect-Hyper3D -Verbose -Debug -WarningAction Continue; Get-Hyper3DConnection -Verbose -Debug -WarningAction Continue }
        @($records | Where-Object { $_ -is [Hyper3D.Hyper3DSession] }).Count | Should -Be 1
        @($records | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] -and $_.Message -match 'Disconnected' }).Count | Should -Be 1
        Assert-NoSecret (ConvertTo-AllText $records) $Token 'Get-Hyper3DConnection and Disconnect-Hyper3D'
    }

    It 'a 401 after expire-tokens: the error in every form shows no token' {
        $own = Get-RealToken
        $session = Connect-Hyper3D -BaseUri $Emulator.BaseUri -Token (ConvertTo-SecureString $own -AsPlainText -Force) -PassThru
        Invoke-Hyper3DEmulatorControl -Emulator $Emulator -Action expire-tokens | Out-Null
        $records = Invoke-AllStreams { Get-Hyper3DGalleryCard -Session $session -Type Mine -All -Verbose -Debug -WarningAction Continue -ErrorAction Stop }
        $errors = @($records | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] })
        $errors.Count | Should -BeGreaterThan 0
        $errors[0].FullyQualifiedErrorId | Should -BeLike 'AuthenticationFailed,*'
        Assert-NoSecret (ConvertTo-AllText $records) $own 'an expired token''s error'
        # The session is still there after the error; its displays must not show the token either.
        Assert-NoSecret (Get-SessionDisplays $session) $own 'the expired session''s displays'
    }

    It 'a 503 retried, and one given up on: warnings and error show no token' {
        $own = Get-RealToken
        $session = Connect-Hyper3D -BaseUri $Emulator.BaseUri -Token (ConvertTo-SecureString $own -AsPlainText -Force) -RetryIntervalSec 0 -MaximumRetryCount 1 -PassThru
        Reset-TestEmulator $Emulator @{ faults = '503@2,503html@4-5' }
        $records = Invoke-AllStreams { Get-Hyper3DGalleryCard -Session $session -Type Mine -All -ThrottleLimit 1 -Verbose -Debug -WarningAction Continue -ErrorAction Stop }
        @($records | Where-Object { $_ -is [System.Management.Automation.WarningRecord] }).Count | Should -Be 2
        @($records | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] })[0].FullyQualifiedErrorId | Should -BeLike 'ServiceUnavailable,*'
        Assert-NoSecret (ConvertTo-AllText $records) $own 'retry warnings and the error'
    }

    It 'a token refused over plain http (UnencryptedAuthentication): the error shows no token' {
        $records = Invoke-AllStreams { Connect-Hyper3D -BaseUri 'http://hyper3d.invalid/api' -Token $SecureToken -Verbose -Debug -WarningAction Continue -ErrorAction Stop }
        @($records | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] })[0].FullyQualifiedErrorId | Should -BeLike 'UnencryptedAuthentication,*'
        Assert-NoSecret (ConvertTo-AllText $records) $Token 'the refusal'
    }

    It 'progress, information and the other streams of a child runspace show no token' {
        $own = Get-RealToken
        $ps = [powershell]::Create()
        $null = $ps.AddScript(@'
param($Manifest, $BaseUri, $Token)
$ProgressPreference = 'Continue'; $VerbosePreference = 'Continue'; $DebugPreference = 'Continue'; $InformationPreference = 'Continue'
Import-Module $Manifest
Connect-Hyper3D -BaseUri $BaseUri -Token $Token -PassThru
Get-Hyper3DGalleryCard -Type Mine -All -ThrottleLimit 1
Get-Hyper3DGalleryCard -All -ThrottleLimit 1 | Select-Object -Last 1
Get-Hyper3DConnection
'@).AddParameter('Manifest', $ModuleManifest).AddParameter('BaseUri', $Emulator.BaseUri).AddParameter('Token', (ConvertTo-SecureString $own -AsPlainText -Force))
        Reset-TestEmulator $Emulator @{ latency_ms = 60 }
        try {
            $output = $ps.Invoke()
            $streams = @($output) + @($ps.Streams.Error) + @($ps.Streams.Warning) + @($ps.Streams.Verbose) + @($ps.Streams.Debug) + @($ps.Streams.Information)
            $progress = @($ps.Streams.Progress)
        }
        finally { $ps.Dispose(); Reset-TestEmulator $Emulator @{ latency_ms = 0 } }
        $progress.Count | Should -BeGreaterThan 0 -Because 'the capture must see the progress stream'
        @($streams | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] }) | Should -BeNullOrEmpty
        @($streams | Where-Object { $_ -is [Hyper3D.Model.GalleryCard] }).Count | Should -BeGreaterThan 1
        $text = (ConvertTo-AllText $streams) + "`n" + (($progress | ForEach-Object { "$($_.Activity) $($_.StatusDescription) $($_.CurrentOperation)" }) -join "`n")
        Assert-NoSecret $text $own 'a child runspace''s streams'
    }
}

Describe 'Answers that hold a secret' {
    BeforeEach { Reset-TestEmulator $Emulator }
    BeforeAll {
        # The error of a run and the text of everything it showed, checked for the secrets, for a token of any kind, and
        # for the transcript having seen the error at all.
        function Assert-Scrubbed([object[]] $Records, [string[]] $Secret, [string] $ErrorId, [string] $Where) {
            $errors = @($Records | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] })
            $errors.Count | Should -BeGreaterThan 0 -Because "$Where must fail"
            $errors[0].FullyQualifiedErrorId | Should -BeLike "$ErrorId,*"
            Get-Transcript $Records | Should -Match ([regex]::Escape($errors[0].Exception.Message.Substring(0, 40))) -Because 'the transcript must have recorded the error'
            $text = ConvertTo-AllText $Records
            Assert-NoSecret $text $Secret $Where
            Assert-NoTokenLike $text $Where
            $errors[0]
        }
    }

    It 'a login answered 201 with the token and a number for user_uuid: InvalidResponse, the token masked in the preview' {
        Reset-TestEmulator $Emulator @{ faults = 'numberuuid@1' }
        $records = Invoke-AllStreams { Connect-Hyper3D -BaseUri $Emulator.BaseUri -Credential $DemoCredential -Verbose -Debug -WarningAction Continue -ErrorAction Stop }
        $failure = Assert-Scrubbed $records $DemoPassword 'InvalidResponse' 'a login answer of the wrong shape'
        $failure.Exception.Message | Should -Match '"token":"\*{8}"' -Because 'the preview still shows what came back, with the secret masked'
    }

    It 'a login body cut off after <Bytes> bytes (inside the token / after it): the token''s value masked to the end' -TestCases @(
        @{ Bytes = 30 }, @{ Bytes = 70 }
    ) {
        Reset-TestEmulator $Emulator @{ faults = "cut:$Bytes@1" }
        $records = Invoke-AllStreams { Connect-Hyper3D -BaseUri $Emulator.BaseUri -Credential $DemoCredential -Verbose -Debug -WarningAction Continue -ErrorAction Stop }
        $failure = Assert-Scrubbed $records $DemoPassword 'InvalidResponse' 'a cut-off login answer'
        $failure.Exception.Message | Should -Match '"token":"\*{8}'
        $failure.Exception.Message | Should -Not -Match '"token":"[A-Za-z0-9_-]' -Because 'not even the start of a token may show'
    }

    It 'a login answered 422 echoing the request: the password masked, with or without characters JSON escapes' -TestCases @(
        @{ Password = 'P@ss-' + [guid]::NewGuid().ToString('n') }
        @{ Password = 'P@ss-' + [guid]::NewGuid().ToString('n') + '"+<&é' }
    ) {
        $plain = $Password -replace '["+<&é].*$', ''
        $credential = [pscredential]::new('someone@hyper3d.local', (ConvertTo-SecureString $Password -AsPlainText -Force))
        Reset-TestEmulator $Emulator @{ faults = 'echo:422@1' }
        $records = Invoke-AllStreams { Connect-Hyper3D -BaseUri $Emulator.BaseUri -Credential $credential -Verbose -Debug -WarningAction Continue -ErrorAction Stop }
        $failure = Assert-Scrubbed $records $Password, $plain 'InvalidRequest' 'an echoed login'
        $failure.Exception.Message | Should -Match '"password":"\*{8}"'
        $failure.Exception.Message | Should -Match 'someone@hyper3d\.local' -Because 'only the secret is masked'
    }

    It 'a 503 echoing the token on every attempt of a listing: retry warning and error show it masked' {
        $own = Get-RealToken
        $session = Connect-Hyper3D -BaseUri $Emulator.BaseUri -Token (ConvertTo-SecureString $own -AsPlainText -Force) -RetryIntervalSec 0 -MaximumRetryCount 1 -PassThru
        Reset-TestEmulator $Emulator @{ faults = 'echo:503@1-2' }
        $records = Invoke-AllStreams { Get-Hyper3DGalleryCard -Session $session -Type Mine -Verbose -Debug -WarningAction Continue -ErrorAction Stop }
        $warnings = @($records | Where-Object { $_ -is [System.Management.Automation.WarningRecord] })
        $warnings.Count | Should -Be 1
        $warnings[0].Message | Should -Match 'Bearer \*{8}'
        $failure = Assert-Scrubbed $records $own 'ServiceUnavailable' 'an echoing 503'
        $failure.Exception.Message | Should -Match 'Bearer \*{8}'
    }

    It 'a 503 echoing the login''s body: the retry warning shows the password masked, and the login then succeeds' {
        Reset-TestEmulator $Emulator @{ faults = 'echo:503@1' }
        $records = Invoke-AllStreams { Connect-Hyper3D -BaseUri $Emulator.BaseUri -Credential $DemoCredential -RetryIntervalSec 0 -PassThru -Verbose -Debug -WarningAction Continue }
        $warnings = @($records | Where-Object { $_ -is [System.Management.Automation.WarningRecord] })
        $warnings.Count | Should -Be 1
        $warnings[0].Message | Should -Match '"password":"\*{8}"'
        $session = @($records | Where-Object { $_ -is [Hyper3D.Hyper3DSession] })[0]
        $text = ConvertTo-AllText $records
        Assert-NoSecret $text (Get-SessionToken $session), $DemoPassword 'a retried, echoed login'
        Get-Transcript $records | Should -Match 'password' -Because 'the transcript must have recorded the warning'
    }

    It 'the re-login after a 401 answered <Fault>: neither token nor the password shows' -TestCases @(
        @{ Fault = 'numberuuid'; ErrorId = 'InvalidResponse' }
        @{ Fault = 'echo:422'; ErrorId = 'InvalidRequest' }
    ) {
        $session = Connect-Hyper3D -BaseUri $Emulator.BaseUri -Credential $DemoCredential -PassThru
        $oldToken = Get-SessionToken $session
        Invoke-Hyper3DEmulatorControl -Emulator $Emulator -Action expire-tokens | Out-Null
        # Request 1 is the page the expired token cannot read, request 2 the login that follows it.
        Reset-TestEmulator $Emulator @{ faults = "$Fault@2" }
        $records = Invoke-AllStreams { Get-Hyper3DGalleryCard -Session $session -Type Mine -Verbose -Debug -WarningAction Continue -ErrorAction Stop }
        @($records | Where-Object { $_ -is [System.Management.Automation.WarningRecord] -and $_.Message -match 'signing in again' }).Count | Should -Be 1
        $null = Assert-Scrubbed $records $oldToken, $DemoPassword $ErrorId 'a failed re-login'
    }

    It 'user info in -BaseUri is refused, and its password shows nowhere' {
        $uriPassword = 'uri-' + [guid]::NewGuid().ToString('n')
        $uri = $Emulator.BaseUri -replace '^http://', "http://someone:$uriPassword@"
        $records = Invoke-AllStreams { Connect-Hyper3D -BaseUri $uri -PassThru -Verbose -Debug -WarningAction Continue -ErrorAction Stop }
        $failure = Assert-Scrubbed $records $uriPassword 'InvalidBaseUri' 'a base URI with a password'
        $failure.ErrorDetails.RecommendedAction | Should -Match '-Credential'
    }
}

Describe 'The proxy''s password' {
    It 'Connect-Hyper3D -ProxyCredential -Verbose -Debug and the session''s displays do not show it' {
        $proxyPassword = 'proxy-' + [guid]::NewGuid().ToString('n')
        $credential = [pscredential]::new('proxyuser', (ConvertTo-SecureString $proxyPassword -AsPlainText -Force))
        $records = Invoke-AllStreams { Connect-Hyper3D -BaseUri $Emulator.BaseUri -Proxy 'http://127.0.0.1:9' -ProxyCredential $credential -SkipConnectionCheck -PassThru -Verbose -Debug -WarningAction Continue }
        $session = @($records | Where-Object { $_ -is [Hyper3D.Hyper3DSession] })[0]
        Assert-NoSecret ((ConvertTo-AllText $records) + (Get-SessionDisplays $session)) $proxyPassword 'a session with a proxy credential'
        $session | Disconnect-Hyper3D
    }
}
