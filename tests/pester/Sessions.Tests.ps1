# Several sessions side by side, unattended connection from the environment, pipeline binding.
BeforeAll {
    . $PSScriptRoot/Common.ps1
    # Two servers with different data: a card can tell which one answered.
    $script:First = Start-Hyper3DEmulator -ArgumentList @('--cards', '100', '--seed', '1')
    $script:Second = Start-Hyper3DEmulator -ArgumentList @('--cards', '60', '--seed', '2', '--user', 'ops@corp.example:ops-password')
    $script:FirstData = Invoke-Hyper3DEmulatorControl -Emulator $First -Action dataset
    $script:SecondData = Invoke-Hyper3DEmulatorControl -Emulator $Second -Action dataset
    $script:OpsCredential = [pscredential]::new('ops@corp.example', (ConvertTo-SecureString 'ops-password' -AsPlainText -Force))

    function Get-Visible($Data) { @($Data.cards | Where-Object { -not $_.is_hidden } | ForEach-Object task_uuid) }
    function Get-Owned($Data, $Email) { @($Data.cards | Where-Object { -not $_.is_hidden -and $_._owner_email -eq $Email } | ForEach-Object task_uuid) }

    $script:SavedEnvironment = @{}
    foreach ($name in 'HYPER3D_BASE_URI', 'HYPER3D_TOKEN', 'HYPER3D_EMAIL', 'HYPER3D_PASSWORD') {
        $SavedEnvironment[$name] = [Environment]::GetEnvironmentVariable($name)
        [Environment]::SetEnvironmentVariable($name, $null)
    }
}
AfterAll {
    foreach ($name in $SavedEnvironment.Keys) { [Environment]::SetEnvironmentVariable($name, $SavedEnvironment[$name]) }
    Disconnect-Hyper3D
    $First, $Second | Stop-Hyper3DEmulator
}

Describe 'Several sessions in one script' {
    It 'talks to two servers side by side through -Session' {
        $a = Connect-Hyper3D -BaseUri $First.BaseUri -Credential $DemoCredential -PassThru
        $b = Connect-Hyper3D -BaseUri $Second.BaseUri -Credential $OpsCredential -PassThru
        $a | Should -BeOfType Hyper3D.Hyper3DSession
        $a.User | Should -Be 'demo'
        $b.User | Should -Be 'ops'

        @(Get-Hyper3DGalleryCard -Session $a -All | ForEach-Object TaskUuid) | Should -Be (Get-Visible $FirstData)
        @(Get-Hyper3DGalleryCard -Session $b -All | ForEach-Object TaskUuid) | Should -Be (Get-Visible $SecondData)
        @(Get-Hyper3DGalleryCard -Session $a -Type Mine -All | ForEach-Object TaskUuid) | Should -Be (Get-Owned $FirstData 'demo@hyper3d.local')
        @(Get-Hyper3DGalleryCard -Session $b -Type Mine -All | ForEach-Object TaskUuid) | Should -Be (Get-Owned $SecondData 'ops@corp.example')
    }

    It 'keeps the last Connect-Hyper3D as the implicit current session' {
        $a = Connect-Hyper3D -BaseUri $First.BaseUri -PassThru
        $b = Connect-Hyper3D -BaseUri $Second.BaseUri -PassThru
        (Get-Hyper3DConnection).BaseUri | Should -Be $b.BaseUri
        @(Get-Hyper3DGalleryCard -All | ForEach-Object TaskUuid) | Should -Be (Get-Visible $SecondData)
        @(Get-Hyper3DGalleryCard -Session $a -All | ForEach-Object TaskUuid) | Should -Be (Get-Visible $FirstData)
    }

    It 'keeps the Subscription-Key of the last answer on the session and masks it in the default views' {
        $a = Connect-Hyper3D -BaseUri $First.BaseUri -SkipConnectionCheck -PassThru
        $a.SubscriptionKey | Should -BeNullOrEmpty
        Get-Hyper3DGalleryCard -Session $a | Out-Null
        $a.SubscriptionKey | Should -Not -BeNullOrEmpty
        foreach ($view in @((Get-Hyper3DConnection | Format-List | Out-String -Width 200), (Get-Hyper3DConnection | Format-Table | Out-String -Width 200), (Get-Hyper3DConnection | Out-String -Width 200))) {
            $view | Should -Not -Match ([regex]::Escape($a.SubscriptionKey))
            $view | Should -Match 'SubscriptionKey'
            $view | Should -Match '\*{8}'
        }
        (Get-Hyper3DConnection | Format-List | Out-String -Width 200) | Should -Match 'SubscriptionKey\s+:\s+\*{8}'
    }

    It 'disconnects one session without touching the other' {
        $a = Connect-Hyper3D -BaseUri $First.BaseUri -PassThru
        $b = Connect-Hyper3D -BaseUri $Second.BaseUri -PassThru
        Disconnect-Hyper3D -Session $a
        (Get-Hyper3DConnection).BaseUri | Should -Be $b.BaseUri
        { Get-Hyper3DGalleryCard -Session $a -ErrorAction Stop } | Should -Throw -ErrorId 'SessionClosed*'
        @(Get-Hyper3DGalleryCard -Session $b).Count | Should -BeGreaterThan 0
    }
}

Describe 'Unattended connection from the environment' {
    AfterEach {
        foreach ($name in 'HYPER3D_BASE_URI', 'HYPER3D_TOKEN', 'HYPER3D_EMAIL', 'HYPER3D_PASSWORD') { [Environment]::SetEnvironmentVariable($name, $null) }
    }

    It 'signs in with HYPER3D_EMAIL and HYPER3D_PASSWORD' {
        $env:HYPER3D_BASE_URI = $First.BaseUri
        $env:HYPER3D_EMAIL = 'demo@hyper3d.local'
        $env:HYPER3D_PASSWORD = 'demo-password'
        $session = Connect-Hyper3D -PassThru
        $session.BaseUri | Should -Be ([uri]$First.BaseUri)
        $session.Authentication | Should -Be 'Credential'
        $session.User | Should -Be 'demo'
        @(Get-Hyper3DGalleryCard -Type Mine -All | ForEach-Object TaskUuid) | Should -Be (Get-Owned $FirstData 'demo@hyper3d.local')
    }

    It 'uses HYPER3D_TOKEN without a login request' {
        $login = Invoke-RestMethod -Method Post -Uri "$($First.BaseUri)/user/login" -ContentType 'application/json' -Body (@{ email = 'alice@hyper3d.local'; password = 'alice-password' } | ConvertTo-Json)
        Invoke-Hyper3DEmulatorControl -Emulator $First -Action reset | Out-Null
        $env:HYPER3D_BASE_URI = $First.BaseUri
        $env:HYPER3D_TOKEN = $login.token
        $session = Connect-Hyper3D -PassThru
        $session.Authentication | Should -Be 'Token'
        $requests = @(Invoke-Hyper3DEmulatorControl -Emulator $First -Action requests)
        @($requests | Where-Object path -EQ '/api/user/login') | Should -BeNullOrEmpty
        $requests.Count | Should -Be 1 -Because 'the only request is the connection check, with the token'
        $requests[0].authorized | Should -BeTrue
        @(Get-Hyper3DGalleryCard -Type Mine -All | ForEach-Object TaskUuid) | Should -Be (Get-Owned $FirstData 'alice@hyper3d.local')
    }

    It 'prefers explicit parameters to the environment' {
        $env:HYPER3D_BASE_URI = 'http://127.0.0.1:9/api'
        $env:HYPER3D_EMAIL = 'nobody@hyper3d.local'
        $env:HYPER3D_PASSWORD = 'wrong'
        $session = Connect-Hyper3D -BaseUri $Second.BaseUri -Credential $OpsCredential -PassThru
        $session.BaseUri | Should -Be ([uri]$Second.BaseUri)
        $session.User | Should -Be 'ops'
    }

    It 'is anonymous with only HYPER3D_BASE_URI set' {
        $env:HYPER3D_BASE_URI = $Second.BaseUri
        $session = Connect-Hyper3D -PassThru
        $session.Authentication | Should -Be 'Anonymous'
        $session.IsAuthenticated | Should -BeFalse
    }

    It 'says which variable is wrong when HYPER3D_BASE_URI is not an address' {
        $env:HYPER3D_BASE_URI = 'not a uri'
        { Connect-Hyper3D -ErrorAction Stop } | Should -Throw -ErrorId 'InvalidBaseUri*' -ExpectedMessage '*HYPER3D_BASE_URI*'
    }
}

Describe 'Pipeline input' {
    It 'binds -GroupUuid from objects with a GroupUuid or Uuid property' {
        Connect-Hyper3D -BaseUri $First.BaseUri -Credential $AliceCredential
        $groups = @($FirstData.groups | Where-Object { -not $_.expired -and $_.members -contains 'alice@hyper3d.local' })
        $groups.Count | Should -BeGreaterThan 1
        $expected = foreach ($g in $groups) {
            $FirstData.cards | Where-Object { -not $_.is_hidden -and $_._group_uuid -eq $g.uuid } | ForEach-Object task_uuid
        }
        @($groups | Select-Object @{ n = 'Uuid'; e = { $_.uuid } } | Get-Hyper3DGalleryCard -Type Group -All | ForEach-Object TaskUuid) | Should -Be @($expected)
        @($groups | Select-Object @{ n = 'GroupUuid'; e = { $_.uuid } } | Get-Hyper3DGalleryCard -Type Group -All | ForEach-Object TaskUuid) | Should -Be @($expected)
    }
}
