# -Wait: a watch in a background runspace catches what the emulator adds, in arrival order, each once; it survives
# faults, signs in again, and Ctrl+C or Select-Object -First ends it at once.

BeforeAll {
    . $PSScriptRoot/Common.ps1
    . $PSScriptRoot/Dataset.ps1
    $script:Emulator = Start-Hyper3DEmulator -ArgumentList @('--cards', '240')
    $script:Dataset = Get-TestDataset -Emulator $Emulator
    $script:PageSize = [int]$Dataset.page_size
    $script:Sculpture = Get-TestGroupUuid -Dataset $Dataset -Name 'Sculpture Club'

    # New cards at the head of Recent (and of a group): their uuids, oldest first.
    function Add-Card([int] $Count = 1, [string] $GroupUuid) {
        $body = @{ count = $Count }
        if ($GroupUuid) { $body.group_uuid = $GroupUuid }
        @((Invoke-Hyper3DEmulatorControl -Emulator $Emulator -Action add-cards -Body $body).added | ForEach-Object task_uuid)
    }
    function Get-PageRequest { @(Get-ApiRequest -Emulator $Emulator -Path '/api/task/cards') }
    function Wait-PollCount([int] $Count, [string] $Because = "$Count polls") {
        Wait-Until { @(Get-PageRequest | Where-Object completed).Count -ge $Count } -Because $Because
    }

    # The watch runs in a runspace of its own on a session made here (connected before the emulator's log is
    # reset, so request numbers are the watch's own); each card it writes lands in $Sink.
    function Start-Watch([string] $Parameters, $Session) {
        $sink = [System.Collections.Concurrent.ConcurrentQueue[object]]::new()
        $script = "param(`$sink, `$session) Import-Module '$ModuleManifest'; Get-Hyper3DGalleryCard -Session `$session $Parameters | ForEach-Object { `$sink.Enqueue(`$_) }"
        $pipeline = Start-BackgroundPipeline $script -ArgumentList @($sink, $Session)
        $pipeline | Add-Member -NotePropertyName Sink -NotePropertyValue $sink -PassThru
    }
    function Get-Written($Watch) { @($Watch.Sink.ToArray() | ForEach-Object TaskUuid) }
    function Wait-Written($Watch, [int] $Count) {
        Wait-Until { $Watch.Sink.Count -ge $Count -or $Watch.Handle.IsCompleted } -Because "$Count cards from the watch"
        # ReadAll: enumerating a stream of a running pipeline would block until it ends.
        $Watch.Handle.IsCompleted | Should -BeFalse -Because "the watch must still run ($($Watch.PowerShell.Streams.Error.ReadAll()))"
    }

    $script:Anonymous = Connect-Hyper3D -BaseUri $Emulator.BaseUri -RetryIntervalSec 0 -PassThru
}
AfterAll {
    Disconnect-Hyper3D
    $script:Emulator | Stop-Hyper3DEmulator
}

Describe 'Get-Hyper3DGalleryCard -Wait' {
    It 'writes only cards that arrive after it starts: single arrivals, then a burst larger than two pages, in arrival order, each once' {
        Reset-TestEmulator $Emulator
        $watch = Start-Watch '-Wait -PollIntervalSec 1' $Anonymous
        try {
            Wait-PollCount 1 'the first poll'
            $arrived = @(Add-Card)
            Wait-Written $watch 1
            $arrived += Add-Card
            Wait-Written $watch 2
            $arrived += Add-Card -Count (2 * $PageSize + 7)
            Wait-Written $watch $arrived.Count
            # Two more polls find nothing new: no card is written twice.
            $polls = (Get-PageRequest).Count
            Wait-PollCount ($polls + 2) 'two more polls'
            Get-Written $watch | Should -Be $arrived
            # The burst was read in one poll, page after page, while each page held only new cards.
            @(Get-PageRequest | ForEach-Object page_num) | Should -Contain 2
        }
        finally {
            $stop = Stop-BackgroundPipeline $watch
        }
        $stop.State | Should -Be 'Stopped'
    }

    It 'with -Since writes every card later than -Since, then the new ones' {
        $recent = Get-ExpectedCard -Dataset $Dataset
        $since = [datetimeoffset]::Parse($recent[30].time, [cultureinfo]::InvariantCulture)
        Reset-TestEmulator $Emulator
        $watch = Start-Watch "-Since ([datetimeoffset]'$($since.ToString('o'))') -Wait -PollIntervalSec 1" $Anonymous
        try {
            Wait-Written $watch 30
            $arrived = @(Add-Card -Count 2)
            Wait-Written $watch 32
            $polls = (Get-PageRequest).Count
            Wait-PollCount ($polls + 2) 'two more polls'
            Get-Written $watch | Should -Be (@($recent[0..29] | ForEach-Object task_uuid) + $arrived)
        }
        finally {
            $null = Stop-BackgroundPipeline $watch
        }
    }

    It 'watches one group with a -Credential session, and signs in again when the token expires' {
        $demo = Connect-Hyper3D -BaseUri $Emulator.BaseUri -Credential $DemoCredential -RetryIntervalSec 0 -PassThru
        Reset-TestEmulator $Emulator
        $watch = Start-Watch "-Type Group -GroupUuid $Sculpture -Wait -PollIntervalSec 1" $demo
        try {
            Wait-PollCount 1 'the first poll'
            $null = Add-Card -Count 3
            $arrived = @(Add-Card -GroupUuid $Sculpture)
            Wait-Written $watch 1
            Invoke-Hyper3DEmulatorControl -Emulator $Emulator -Action expire-tokens | Out-Null
            $arrived += Add-Card -Count 2 -GroupUuid $Sculpture
            Wait-Written $watch 3
            Get-Written $watch | Should -Be $arrived
            @(Get-ApiRequest -Emulator $Emulator -Path '/api/user/login') | Should -HaveCount 1
            @($watch.Sink.ToArray() | ForEach-Object { "$($_.Group)" } | Select-Object -Unique) | Should -Be 'Sculpture Club'
        }
        finally {
            $null = Stop-BackgroundPipeline $watch
        }
    }

    It 'survives a run of 503s and a 429 with Retry-After, with a warning each, and catches what arrived meanwhile' {
        $session = Connect-Hyper3D -BaseUri $Emulator.BaseUri -MaximumRetryCount 0 -RetryIntervalSec 0 -PassThru
        # Request 1 is the first poll; then three polls in a row answer 503, and one later 429 asks for 2 s, twice the poll interval.
        Reset-TestEmulator $Emulator @{ faults = '503@2-4,429:2@6' }
        $watch = Start-Watch '-Wait -PollIntervalSec 1' $session
        try {
            Wait-PollCount 1 'the first poll'
            $arrived = @(Add-Card)
            Wait-Until { (Get-PageRequest).Count -ge 7 -or $watch.Handle.IsCompleted } -TimeoutSec 30 -Because 'the poll after the 429'
            $arrived += Add-Card
            Wait-Written $watch 2
            Get-Written $watch | Should -Be $arrived
            $requests = Get-PageRequest
            @($requests | Where-Object fault | ForEach-Object fault) | Should -Be @('503', '503', '503', '429:2')
            $after429 = ([datetime]$requests[6].started - [datetime]$requests[5].started).TotalSeconds
            $after429 | Should -BeGreaterOrEqual 1.9 -Because 'the poll after a 429 waits for its Retry-After'
            $warnings = @($watch.PowerShell.Streams.Warning.ReadAll() | Where-Object Message -like 'Watching Recent: a poll failed*')
            $warnings.Count | Should -Be 4
            $warnings[2].Message | Should -Match '3 in a row'
        }
        finally {
            $null = Stop-BackgroundPipeline $watch
        }
    }

    It 'Ctrl+C ends it within 1 s <When>, and nothing runs on' -TestCases @(
        @{ When = 'between polls'; Faults = '' }
        @{ When = 'during a poll that hangs'; Faults = 'hang@2' }
    ) {
        Reset-TestEmulator $Emulator @{ faults = $Faults }
        $watch = Start-Watch '-Wait -PollIntervalSec 1' $Anonymous
        Wait-PollCount 1 'the first poll'
        if ($Faults) { Wait-Until { (Get-PageRequest).Count -ge 2 } -Because 'the hung poll' }
        $stop = Stop-BackgroundPipeline $watch
        $stop.Milliseconds | Should -BeLessThan 1000
        $stop.Completed | Should -BeTrue
        $stop.State | Should -Be 'Stopped'
        # None is left open, none has started since, and none starts for one and a half poll intervals.
        $open = { @(Get-PageRequest | Where-Object { -not $_.completed -and -not $_.aborted }) }
        Wait-Until { @(& $open).Count -eq 0 } -TimeoutSec 5 -Because 'the polls in flight to be answered or dropped'
        $requests = @(Get-PageRequest)
        $requests.Count | Should -BeGreaterOrEqual 1
        @($requests | Where-Object { ([datetime]$_.started).ToUniversalTime() -ge $stop.At }) | Should -BeNullOrEmpty
        Assert-Holds { @(Get-PageRequest).Count -eq $requests.Count } -Seconds 1.5 -Because 'no poll after the stop'
    }

    It 'Select-Object -First 3 ends it once three new cards have come; the progress line says what it watches, the cards seen and the last poll' {
        Reset-TestEmulator $Emulator
        $ps = [powershell]::Create()
        $null = $ps.AddScript("param(`$session) `$ProgressPreference = 'Continue'; Import-Module '$ModuleManifest'; Get-Hyper3DGalleryCard -Session `$session -Wait -PollIntervalSec 1 | Select-Object -First 3").AddArgument($Anonymous)
        $handle = $ps.BeginInvoke()
        try {
            Wait-PollCount 1 'the first poll'
            $arrived = @(Add-Card -Count 2)
            $arrived += Add-Card -Count 2
            Wait-Until { $handle.IsCompleted } -Because 'Select-Object -First 3 to end the watch'
            $ended = [datetime]::UtcNow
            @($ps.EndInvoke($handle) | ForEach-Object TaskUuid) | Should -Be $arrived[0..2]
            $ps.InvocationStateInfo.State | Should -Be 'Completed'
            $requests = @(Get-PageRequest)
            $requests.Count | Should -BeGreaterOrEqual 1
            @($requests | Where-Object { ([datetime]$_.started).ToUniversalTime() -ge $ended }) | Should -BeNullOrEmpty -Because 'no poll after the watch ended'
            $progress = @($ps.Streams.Progress | Where-Object ActivityId -eq 2)
            $progress[0].Activity | Should -Be 'Get-Hyper3DGalleryCard -Wait: watching Recent every 1 s'
            $progress[0].StatusDescription | Should -Match '^New cards seen: 0; last poll \S+'
            @($progress | Where-Object StatusDescription -match '^New cards seen: [1-4];') | Should -Not -BeNullOrEmpty
        }
        finally {
            $ps.Dispose()
        }
    }
}

Describe 'Binding of -Wait' {
    It 'refuses -Wait with -<Name> before any request' -TestCases @(
        @{ Name = 'All'; Parameters = @{ All = $true } }
        @{ Name = 'Page'; Parameters = @{ Page = 1 } }
        @{ Name = 'Skip'; Parameters = @{ Skip = 5 } }
        @{ Name = 'IncludeTotalCount'; Parameters = @{ IncludeTotalCount = $true } }
    ) {
        Reset-TestEmulator $Emulator
        { Get-Hyper3DGalleryCard -Wait @Parameters -ErrorAction Stop } | Should -Throw -ErrorId 'WaitWithPaging,*' -ExpectedMessage "*-Wait cannot be combined with -$Name*"
        Get-PageRequest | Should -BeNullOrEmpty
    }

    It 'refuses -PollIntervalSec <Value> at binding' -TestCases @(@{ Value = 0 }, @{ Value = 3601 }) {
        { Get-Hyper3DGalleryCard -Wait -PollIntervalSec $Value } | Should -Throw -ErrorId 'ParameterArgumentValidationError,*'
    }

    It 'refuses -PollIntervalSec without -Wait' {
        Reset-TestEmulator $Emulator
        { Get-Hyper3DGalleryCard -PollIntervalSec 5 -ErrorAction Stop } | Should -Throw -ErrorId 'PollIntervalWithoutWait,*'
        Get-PageRequest | Should -BeNullOrEmpty
    }
}

Describe 'The notification example of the help' {
    It 'posts one message per new card of the group, in arrival order' {
        # A stand-in for the chat webhook, on a free loopback port.
        $probe = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
        $probe.Start(); $port = $probe.LocalEndpoint.Port; $probe.Stop()
        $webhook = [System.Net.HttpListener]::new()
        $webhook.Prefixes.Add("http://127.0.0.1:$port/hook/")
        $webhook.Start()
        # Polled every second instead of every minute; otherwise the example as the help shows it.
        $example = (Get-HelpExampleCode Get-Hyper3DGalleryCard 'notification') -replace '-PollIntervalSec 60', '-PollIntervalSec 1'
        $setup = "Import-Module '$ModuleManifest'; `$env:CHAT_WEBHOOK = 'http://127.0.0.1:$port/hook/'; `$g = '$Sculpture'; " +
            "Connect-Hyper3D -BaseUri '$($Emulator.BaseUri)' -Credential ([pscredential]::new('demo@hyper3d.local', (ConvertTo-SecureString 'demo-password' -AsPlainText -Force)))"
        Reset-TestEmulator $Emulator
        $watch = Start-BackgroundPipeline ($setup + "`n" + $example)
        $messages = [System.Collections.Generic.List[string]]::new()
        try {
            Wait-Until { @(Get-PageRequest | Where-Object { $_.body.type -eq 'Group' -and $_.completed }).Count -ge 1 } -Because 'the first poll of the group'
            $null = Invoke-Hyper3DEmulatorControl -Emulator $Emulator -Action add-cards -Body @{ count = 2; group_uuid = $Sculpture }
            $null = Invoke-Hyper3DEmulatorControl -Emulator $Emulator -Action add-cards -Body @{ count = 1 }
            $dataset = Get-TestDataset -Emulator $Emulator
            $expected = @($dataset.cards | Where-Object { $_._group_uuid -eq $Sculpture } | Select-Object -First 2 | ForEach-Object {
                    "New card in the group: $($_.title) by $($_.author.username)" })
            [array]::Reverse($expected)
            while ($messages.Count -lt 2) {
                $next = $webhook.GetContextAsync()
                Wait-Until { $next.IsCompleted -or $watch.Handle.IsCompleted } -Because 'a message on the webhook'
                $watch.Handle.IsCompleted | Should -BeFalse -Because "the watch must still run ($($watch.PowerShell.Streams.Error.ReadAll()))"
                $context = $next.Result
                $messages.Add(([IO.StreamReader]::new($context.Request.InputStream).ReadToEnd() | ConvertFrom-Json).text)
                $context.Response.StatusCode = 200
                $context.Response.Close()
            }
            $messages | Should -Be $expected
        }
        finally {
            $null = Stop-BackgroundPipeline $watch
            $webhook.Close()
        }
    }
}
