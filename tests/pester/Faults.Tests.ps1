# The fault matrix (docs/fault_matrix.md) end to end: a few faults of each family injected into the middle of a long
# -All of the built module against the emulator (every fault of the matrix is checked over the fake transport in
# tests/Hyper3D.Tests/FaultMatrixTests.cs). What must come of them: the exact card set after retries, or one exact
# error after the pages already read. Also retries beyond -MaximumRetryCount, Retry-After, the login's own retry
# rules, the re-login on a 401, and Ctrl+C while a request hangs or a retry waits.
BeforeAll {
    . $PSScriptRoot/Common.ps1
    # 480 cards, 24 a page: Recent is 20 pages and the empty page that ends it (21 requests).
    $script:Emulator = Start-Hyper3DEmulator -ArgumentList @('--cards', '480', '--page-size', '24')
    $script:Dataset = Invoke-Hyper3DEmulatorControl -Emulator $Emulator -Action dataset
    $script:RecentUuids = [string[]]@($Dataset.cards | Where-Object { -not $_.is_hidden } | ForEach-Object task_uuid)
    $script:PageSize = [int]$Dataset.page_size
    $script:CardsUri = "$($Emulator.BaseUri)/task/cards"
    $script:LoginUri = "$($Emulator.BaseUri)/user/login"
    # With -ThrottleLimit 1 request n is page n-1: a fault at request 5 hits page 4, after 4 whole pages.
    $script:FirstFourPages = $RecentUuids[0..(4 * $PageSize - 1)]

    function Get-Requests { @(Invoke-Hyper3DEmulatorControl -Emulator $Emulator -Action requests) }
    function Get-CardRequests { @(Get-Requests | Where-Object path -like '*/task/cards') }
    function Get-LoginRequests { @(Get-Requests | Where-Object path -like '*/user/login') }

    function Get-RealToken {
        $body = @{ email = $DemoCredential.UserName; password = $DemoCredential.GetNetworkCredential().Password } | ConvertTo-Json -Compress
        $login = Invoke-RestMethod -Method Post -Uri $LoginUri -Body $body -ContentType 'application/json'
        if (-not $login.token) { throw "The emulator's login gave no token." }
        $login.token
    }

    # Runs one -All; the cards that reached the pipeline before any failure, the error, the warnings.
    function Invoke-Listing {
        param([Parameter(Mandatory)] $Session, [hashtable] $Parameters = @{})
        $got = [System.Collections.Generic.List[string]]::new()
        $caught = $null
        $warnings = $null
        $clock = [Diagnostics.Stopwatch]::StartNew()
        try {
            Get-Hyper3DGalleryCard -All -Session $Session @Parameters -ErrorAction Stop -WarningVariable warnings -WarningAction SilentlyContinue |
                ForEach-Object { $got.Add($_.TaskUuid) }
        }
        catch { $caught = $_ }
        [pscustomobject]@{
            Uuids    = $got.ToArray()
            Error    = $caught
            Warnings = [string[]]@($warnings | ForEach-Object { "$_" })
            Seconds  = $clock.Elapsed.TotalSeconds
        }
    }

    # Nothing lost, nothing doubled, page order kept.
    function Assert-Cards([string[]] $Actual, [string[]] $Expected) {
        $seen = [System.Collections.Generic.HashSet[string]]::new([StringComparer]::Ordinal)
        $doubled = @($Actual | Where-Object { -not $seen.Add($_) })
        $doubled | Should -BeNullOrEmpty -Because 'no card may be written twice'
        $missing = @($Expected | Where-Object { -not $seen.Contains($_) })
        $missing | Should -BeNullOrEmpty -Because 'no card may be lost'
        $Actual.Count | Should -Be $Expected.Count -Because 'only the expected cards may be written'
        ($Actual -join ' ') | Should -BeExactly ($Expected -join ' ') -Because 'cards come in page order'
    }

    # One ErrorRecord with the expected id and category, a message naming what came back, no stack trace.
    function Assert-ErrorRecord($Record, [string] $ErrorId, [string] $Category, [string[]] $Contains = @(), [string] $Target = $CardsUri) {
        $Record | Should -Not -BeNullOrEmpty -Because "the listing must fail with $ErrorId"
        $Record | Should -BeOfType ([System.Management.Automation.ErrorRecord])
        $Record.FullyQualifiedErrorId | Should -BeLike "$ErrorId,Hyper3D.Commands.*"
        $Record.CategoryInfo.Category | Should -Be $Category
        "$($Record.TargetObject)" | Should -BeExactly $Target
        $message = $Record.Exception.Message
        foreach ($text in @($Target) + $Contains) {
            $message | Should -Match ([regex]::Escape($text))
        }
        $Record.ErrorDetails.Message | Should -Match ([regex]::Escape($message))
        $shown = @($message, $Record.ErrorDetails.Message, ($Record | Out-String -Width 400)) -join "`n"
        $shown | Should -Not -Match '(?m)^\s*at [\w.<>`]+\.\w+' -Because 'a .NET stack trace is no message'
        $shown | Should -Not -Match 'System\.[\w.]*Exception' -Because 'a .NET exception type is no message'
        $shown | Should -Not -Match 'Exception of type' -Because 'a .NET exception type is no message'
    }

    # Backoff base 0 so retries are immediate (Retry-After still applies); each session has its own limits.
    $script:Fast = Connect-Hyper3D -BaseUri $Emulator.BaseUri -RetryIntervalSec 0 -PassThru
    $script:Short = Connect-Hyper3D -BaseUri $Emulator.BaseUri -RetryIntervalSec 0 -TimeoutSec 1 -PassThru
    $script:Token = Get-RealToken
    $script:TwoRetries = Connect-Hyper3D -BaseUri $Emulator.BaseUri -RetryIntervalSec 0 -TimeoutSec 1 -MaximumRetryCount 2 -PassThru `
        -Token (ConvertTo-SecureString $Token -AsPlainText -Force)
}

AfterAll {
    Disconnect-Hyper3D
    $script:Emulator | Stop-Hyper3DEmulator
}

Describe 'The fault matrix: one fault at request 5 (page 4 of 20) of -All' {
    Context 'Retried faults: the exact card set and one retry warning' {
        It '<Fault> <Note>-> every card once, in order; page 4 asked twice; one warning naming <Expected>' -TestCases @(
            @{ Fault = '502'; Note = ''; Expected = @('502 Bad Gateway', 'BAD_GATEWAY') }
            @{ Fault = 'reset'; Note = ''; Expected = @('The connection failed for POST') }
            @{ Fault = 'truncate'; Note = ''; Expected = @('The connection broke while reading the answer from POST') }
            @{ Fault = 'hang'; Note = '(-TimeoutSec 1) '; Expected = @('timed out after 1 s waiting for an answer') }
        ) {
            Reset-TestEmulator $Emulator @{ faults = "$Fault@5" }
            $run = Invoke-Listing -Session $Short -Parameters @{ ThrottleLimit = 1 }
            $run.Error | Should -BeNullOrEmpty -Because "a single $Fault is retried"
            Assert-Cards $run.Uuids $RecentUuids
            $run.Warnings.Count | Should -Be 1
            $run.Warnings[0] | Should -Match '^Attempt 1 of 4 failed: '
            foreach ($text in @($CardsUri) + $Expected) { $run.Warnings[0] | Should -Match ([regex]::Escape($text)) }
            $requests = Get-CardRequests
            @($requests | ForEach-Object page_num) | Should -Be (@(0..4) + @(4..20)) -Because 'page 4 is asked again, and nothing else'
            $requests[4].fault | Should -BeExactly $Fault
            $requests[5].fault | Should -BeNullOrEmpty
        }

        It '<Fault> -> the hung request was dropped by the client (aborted in the server log), and the retry went out at once' -TestCases @(
            @{ Fault = 'hang' }
        ) {
            Reset-TestEmulator $Emulator @{ faults = "$Fault@5" }
            $run = Invoke-Listing -Session $Short -Parameters @{ ThrottleLimit = 1 }
            Assert-Cards $run.Uuids $RecentUuids
            # The server logs the drop when it sees the connection close, which may be after the listing ends.
            Wait-Until { (Get-CardRequests)[4].aborted } -TimeoutSec 5 -Because 'the server to log the hung request aborted'
            $requests = Get-CardRequests
            $waited = ([datetime]$requests[5].started - [datetime]$requests[4].started).TotalSeconds
            $waited | Should -BeGreaterOrEqual 0.9 -Because '-TimeoutSec 1 lets the attempt run 1 s'
            $waited | Should -BeLessThan 2.5
        }

        It '<Fault> with -ThrottleLimit 6 (pages in parallel) -> every card once, in order, one warning' -TestCases @(
            @{ Fault = '502' }, @{ Fault = 'reset' }
        ) {
            Reset-TestEmulator $Emulator @{ faults = "$Fault@5" }
            $run = Invoke-Listing -Session $Short -Parameters @{ ThrottleLimit = 6 }
            $run.Error | Should -BeNullOrEmpty
            Assert-Cards $run.Uuids $RecentUuids
            $run.Warnings.Count | Should -Be 1
            $hit = @(Get-CardRequests | Where-Object n -EQ 5)
            @(Get-CardRequests | Where-Object { $_.page_num -eq $hit[0].page_num }).Count | Should -Be 2 -Because 'the faulted page is asked once more'
        }
    }

    Context 'Faults that are not retried: one error, after the pages before it reached the pipeline' {
        It '<Fault> -> <ErrorId>/<Category> naming <Contains>, advising <Advice>; pages 0-3 written, page 4 asked once' -TestCases @(
            @{ Fault = '500'; ErrorId = 'ServiceUnavailable'; Category = 'ResourceUnavailable'; Contains = @('500 Internal Server Error', 'INTERNAL_SERVER_ERROR'); Advice = 'try again later' }
            @{ Fault = '200html'; ErrorId = 'InvalidResponse'; Category = 'InvalidResult'; Contains = @('200 OK', 'text/html', 'expected a JSON array of cards', '<title>Sign in - Corporate Access</title>'); Advice = '-BaseUri' }
            @{ Fault = 'huge'; ErrorId = 'InvalidResponse'; Category = 'InvalidResult'; Contains = @('too large to be a page of cards', 'more than 33554432 bytes', '201'); Advice = '-BaseUri' }
            @{ Fault = '401'; ErrorId = 'AuthenticationFailed'; Category = 'AuthenticationError'; Contains = @('401 Unauthorized', 'UNAUTHORIZED'); Advice = 'Connect-Hyper3D' }
        ) {
            Reset-TestEmulator $Emulator @{ faults = "$Fault@5" }
            $run = Invoke-Listing -Session $Fast -Parameters @{ ThrottleLimit = 1 }
            Assert-ErrorRecord $run.Error -ErrorId $ErrorId -Category $Category
            foreach ($text in $Contains) {
                $run.Error.ErrorDetails.Message | Should -Match ([regex]::Escape($text))
            }
            # The advice is said once: as the Recommendation, not again in the message.
            $run.Error.ErrorDetails.RecommendedAction | Should -Match ([regex]::Escape($Advice))
            $run.Error.ErrorDetails.Message | Should -Not -Match ([regex]::Escape($run.Error.ErrorDetails.RecommendedAction))
            $run.Error.Exception.Message | Should -Not -Match 'Gave up' -Because "$Fault is not retried"
            $run.Warnings | Should -BeNullOrEmpty -Because "$Fault is not retried"
            Assert-Cards $run.Uuids $FirstFourPages
            @(Get-CardRequests | ForEach-Object page_num) | Should -Be (0..4) -Because 'no retry and no request after the failure'
        }

        It '<Fault> with -ThrottleLimit 6 -> <ErrorId>, and exactly the pages before the faulted one were written' -TestCases @(
            @{ Fault = '500'; ErrorId = 'ServiceUnavailable' }, @{ Fault = 'badtypes'; ErrorId = 'InvalidResponse' }
        ) {
            Reset-TestEmulator $Emulator @{ faults = "$Fault@5" }
            $run = Invoke-Listing -Session $Fast -Parameters @{ ThrottleLimit = 6 }
            $run.Error.FullyQualifiedErrorId | Should -BeLike "$ErrorId,*"
            $page = @(Get-CardRequests | Where-Object n -EQ 5)[0].page_num
            $expected = if ($page -gt 0) { $RecentUuids[0..($page * $PageSize - 1)] } else { @() }
            Assert-Cards $run.Uuids $expected
            @(Get-CardRequests | Where-Object page_num -EQ $page).Count | Should -Be 1 -Because "$Fault is not retried"
        }

        It '-OutVariable holds the cards written before the failure too' {
            Reset-TestEmulator $Emulator @{ faults = '500@5' }
            $out = $null
            try { Get-Hyper3DGalleryCard -All -ThrottleLimit 1 -Session $Fast -ErrorAction Stop -OutVariable out | Out-Null } catch { $caught = $_ }
            $caught.FullyQualifiedErrorId | Should -BeLike 'ServiceUnavailable,*'
            Assert-Cards ([string[]]@($out | ForEach-Object TaskUuid)) $FirstFourPages
        }

        It 'the badtypes page writes none of its cards (no half page)' {
            Reset-TestEmulator $Emulator @{ faults = 'badtypes@1' }
            $run = Invoke-Listing -Session $Fast -Parameters @{ ThrottleLimit = 1 }
            $run.Error.FullyQualifiedErrorId | Should -BeLike 'InvalidResponse,*'
            $run.Uuids | Should -BeNullOrEmpty -Because 'the first card of the poisoned page is valid, and must still not be written'
        }
    }

    Context 'The same fault on every attempt: one error after 1 + -MaximumRetryCount attempts' {
        It '503@5-9 on a -Token session: the error names the URL and the attempts, never the token' {
            Reset-TestEmulator $Emulator @{ faults = '503@5-9' }
            $run = Invoke-Listing -Session $TwoRetries -Parameters @{ ThrottleLimit = 1 }
            Assert-ErrorRecord $run.Error -ErrorId 'ServiceUnavailable' -Category 'ResourceUnavailable' -Contains 'Gave up after 3 attempts.'
            $shown = @($run.Error.Exception.Message, $run.Error.ErrorDetails.Message, "$($run.Error.TargetObject)", ($run.Error | Out-String), ($run.Warnings -join "`n")) -join "`n"
            $shown.Contains($Token) | Should -BeFalse -Because 'the token never appears in an error or a warning'
            @(Get-CardRequests | Where-Object { -not $_.authorized }) | Should -BeNullOrEmpty -Because 'the token was sent with every attempt'
        }
    }

    Context 'Several faults in one long -All' {
        It '429:0@3,503html@6,reset@9,truncate@12,504@15,ratelimited@18 with -ThrottleLimit <Throttle> -> every card once, in order, six warnings' -TestCases @(
            @{ Throttle = 6 }
        ) {
            Reset-TestEmulator $Emulator @{ faults = '429:0@3,503html@6,reset@9,truncate@12,504@15,ratelimited@18' }
            # With pages in flight, one page's retries can meet several of the six faults in a row: allow for all six.
            $patient = Connect-Hyper3D -BaseUri $Emulator.BaseUri -RetryIntervalSec 0 -MaximumRetryCount 6 -PassThru
            $run = Invoke-Listing -Session $patient -Parameters @{ ThrottleLimit = $Throttle }
            $run.Error | Should -BeNullOrEmpty
            Assert-Cards $run.Uuids $RecentUuids
            $run.Warnings.Count | Should -Be 6
            @(Get-CardRequests | Where-Object fault).Count | Should -Be 6 -Because 'each fault was met once'
        }
    }
}

# After a 429 the session paces the rest of the listing: these read the first pages only, since the pages after the
# retry show nothing more of Retry-After.
Describe 'Retry-After' {
    It '429:1 -> the retry goes out no sooner than 1 s after the 429 (with -RetryIntervalSec 0)' {
        Reset-TestEmulator $Emulator @{ faults = '429:1@5' }
        $run = Invoke-Listing -Session $Fast -Parameters @{ ThrottleLimit = 1; First = 6 * $PageSize }
        Assert-Cards $run.Uuids $RecentUuids[0..(6 * $PageSize - 1)]
        $run.Warnings[0] | Should -Match 'Retrying in 1\.0 s'
        $requests = Get-CardRequests
        $requests[4].fault | Should -BeExactly '429:1'
        $gap = ([datetime]$requests[5].started - [datetime]$requests[4].completed).TotalSeconds
        $gap | Should -BeGreaterOrEqual 0.95 -Because 'the server asked for 1 s'
        $gap | Should -BeLessThan 2
    }

    It 'Retry-After beats a long backoff: 429:0 with -RetryIntervalSec 30 still retries at once' {
        $slowBackoff = Connect-Hyper3D -BaseUri $Emulator.BaseUri -RetryIntervalSec 30 -PassThru
        Reset-TestEmulator $Emulator @{ faults = '429:0@2' }
        $run = Invoke-Listing -Session $slowBackoff -Parameters @{ ThrottleLimit = 1; First = 4 * $PageSize }
        Assert-Cards $run.Uuids $RecentUuids[0..(4 * $PageSize - 1)]
        # After the 429 the session paces its requests, so the listing as a whole takes longer; the retry does not wait.
        $requests = @(Get-CardRequests)
        ([datetime]$requests[2].started - [datetime]$requests[1].completed).TotalSeconds | Should -BeLessThan 1
    }
}

Describe 'The login' {
    BeforeEach {
        $script:Before = Get-Hyper3DConnection
    }

    It '<Fault> on the login fails at once with <ErrorId>/<Category>: one login request, no retry, the current session kept' -TestCases @(
        @{ Fault = 'reset'; ErrorId = 'ConnectionFailed'; Category = 'ConnectionError'; Contains = 'The connection failed for POST'; Timeout = 30 }
        @{ Fault = 'hang'; ErrorId = 'Timeout'; Category = 'OperationTimeout'; Contains = 'timed out after 1 s'; Timeout = 1 }
    ) {
        Reset-TestEmulator $Emulator @{ faults = "$Fault@1" }
        $caught = $null
        $warnings = $null
        try {
            Connect-Hyper3D -BaseUri $Emulator.BaseUri -Credential $DemoCredential -RetryIntervalSec 0 -TimeoutSec $Timeout `
                -ErrorAction Stop -WarningVariable warnings -WarningAction SilentlyContinue
        }
        catch { $caught = $_ }
        Assert-ErrorRecord $caught -ErrorId $ErrorId -Category $Category -Contains $Contains -Target $LoginUri
        $caught.Exception.Message | Should -Not -Match 'Gave up'
        $warnings | Should -BeNullOrEmpty
        @(Get-LoginRequests).Count | Should -Be 1 -Because 'a login that may have reached the server is not repeated'
        [object]::ReferenceEquals((Get-Hyper3DConnection), $Before) | Should -BeTrue -Because 'a failed login leaves the current session as it was'
    }

    It '<Fault> on the login is retried: two login requests, one warning, signed in' -TestCases @(
        @{ Fault = '503' }
    ) {
        Reset-TestEmulator $Emulator @{ faults = "$Fault@1" }
        $warnings = $null
        $session = Connect-Hyper3D -BaseUri $Emulator.BaseUri -Credential $DemoCredential -RetryIntervalSec 0 -PassThru `
            -WarningVariable warnings -WarningAction SilentlyContinue
        $session.IsAuthenticated | Should -BeTrue
        $session.User | Should -BeExactly 'demo'
        @($warnings).Count | Should -Be 1
        "$($warnings[0])" | Should -Match ([regex]::Escape($LoginUri))
        @(Get-LoginRequests).Count | Should -Be 2
        $session | Disconnect-Hyper3D
    }
}

Describe 'A 401 during a listing' {
    It 'a -Credential session logs in again once on a 401 (401@5) and the listing completes exactly' {
        Reset-TestEmulator $Emulator
        $session = Connect-Hyper3D -BaseUri $Emulator.BaseUri -Credential $DemoCredential -RetryIntervalSec 0 -PassThru
        # Numbering restarts after the login: requests 1-4 are pages 0-3, so page 3 gets the 401.
        Reset-TestEmulator $Emulator @{ faults = '401@4' }
        $run = Invoke-Listing -Session $session -Parameters @{ ThrottleLimit = 1 }
        $run.Error | Should -BeNullOrEmpty
        Assert-Cards $run.Uuids $RecentUuids
        @($run.Warnings | Where-Object { $_ -match 'signing in again' }).Count | Should -Be 1
        $requests = Get-Requests
        @($requests | ForEach-Object path) | Select-Object -Skip 3 -First 3 | Should -Be @('/api/task/cards', '/api/user/login', '/api/task/cards')
        @($requests | Where-Object path -like '*/user/login').Count | Should -Be 1 -Because 'one login again, no more'
        $requests[5].page_num | Should -Be 3 -Because 'the refused page is asked again after the login'
        $session | Disconnect-Hyper3D
    }

    It 'a -Credential session whose tokens expire mid-listing (expire-tokens) logs in again once, with pages in parallel' {
        Reset-TestEmulator $Emulator
        $session = Connect-Hyper3D -BaseUri $Emulator.BaseUri -Credential $DemoCredential -RetryIntervalSec 0 -PassThru
        Reset-TestEmulator $Emulator @{ latency_ms = 20 }
        $got = [System.Collections.Generic.List[string]]::new()
        $warnings = $null
        $count = 0
        Get-Hyper3DGalleryCard -All -ThrottleLimit 6 -Session $session -WarningVariable warnings -WarningAction SilentlyContinue | ForEach-Object {
            $got.Add($_.TaskUuid)
            if (++$count -eq 30) { Invoke-Hyper3DEmulatorControl -Emulator $Emulator -Action expire-tokens | Out-Null }
        }
        Assert-Cards $got.ToArray() $RecentUuids
        @($warnings | Where-Object { "$_" -match 'signing in again' }).Count | Should -BeGreaterOrEqual 1
        @(Get-LoginRequests).Count | Should -Be 1 -Because 'pages refused together log in again once, not once each'
        $session | Disconnect-Hyper3D
    }

    It 'a -Token session cannot log in again: a 401 is AuthenticationFailed at once' {
        $token = Get-RealToken
        $session = Connect-Hyper3D -BaseUri $Emulator.BaseUri -Token (ConvertTo-SecureString $token -AsPlainText -Force) -RetryIntervalSec 0 -PassThru
        Invoke-Hyper3DEmulatorControl -Emulator $Emulator -Action expire-tokens | Out-Null
        Reset-TestEmulator $Emulator
        $run = Invoke-Listing -Session $session -Parameters @{ ThrottleLimit = 1 }
        Assert-ErrorRecord $run.Error -ErrorId 'AuthenticationFailed' -Category 'AuthenticationError' -Contains 'INVALID_TOKEN'
        $run.Uuids | Should -BeNullOrEmpty
        @(Get-Requests).Count | Should -Be 1 -Because 'no login and no retry'
        $session | Disconnect-Hyper3D
    }
}

Describe 'Ctrl+C' {
    BeforeAll {
        function Start-Listing([string] $ConnectArguments, [string] $Command = 'Get-Hyper3DGalleryCard -All -ThrottleLimit 1 | Out-Null') {
            Start-BackgroundPipeline "Import-Module '$ModuleManifest'; Connect-Hyper3D -BaseUri '$($Emulator.BaseUri)' $ConnectArguments; $Command"
        }
    }

    It 'Stop() while a request hangs (default -TimeoutSec 30) returns within 1 s and drops the request' {
        Reset-TestEmulator $Emulator @{ faults = 'hang@5' }
        $listing = Start-Listing
        Wait-Until { @(Get-CardRequests | Where-Object fault -EQ 'hang').Count -eq 1 } -TimeoutSec 15 -Because 'the hanging request'
        $stop = Stop-BackgroundPipeline $listing
        $stop.Milliseconds | Should -BeLessThan 1000
        $stop.State | Should -Be 'Stopped'
        $stop.Completed | Should -BeTrue
        Wait-Until { (Get-CardRequests)[4].aborted } -TimeoutSec 5 -Because 'the hanging request to be cancelled, not left open'
        Assert-Holds { @(Get-CardRequests).Count -eq 5 } -Seconds 0.5 -Because 'nothing asked after the stop'
    }

    It 'Stop() during a backoff wait (503@1-3, -RetryIntervalSec 30) returns within 1 s, and no retry follows' {
        Reset-TestEmulator $Emulator @{ faults = '503@1-3' }
        $listing = Start-Listing '-RetryIntervalSec 30'
        # The retry warning is written as the wait begins.
        Wait-Until { $listing.PowerShell.Streams.Warning.Count -ge 1 } -TimeoutSec 15 -Because 'the first 503 and its retry warning'
        $stop = Stop-BackgroundPipeline $listing
        $stop.Milliseconds | Should -BeLessThan 1000
        $stop.State | Should -Be 'Stopped'
        $countAtStop = @(Get-CardRequests).Count
        $countAtStop | Should -BeLessThan 4 -Because 'the listing was still waiting to retry page 0'
        Assert-Holds { @(Get-CardRequests).Count -eq $countAtStop } -Seconds 0.7 -Because 'no request after the stop (the wait was cancelled, not left to run on)'
    }

    It 'Stop() during a Retry-After wait (429:30) returns within 1 s, and no retry follows' {
        Reset-TestEmulator $Emulator @{ faults = '429:30@1' }
        $listing = Start-Listing '-RetryIntervalSec 0'
        Wait-Until { $listing.PowerShell.Streams.Warning.Count -ge 1 } -TimeoutSec 15 -Because 'the 429 and its retry warning'
        $stop = Stop-BackgroundPipeline $listing
        $stop.Milliseconds | Should -BeLessThan 1000
        $stop.State | Should -Be 'Stopped'
        Assert-Holds { @(Get-CardRequests).Count -eq 1 } -Seconds 0.7 -Because 'no retry after the stop'
    }

    It 'Stop() while the login hangs returns within 1 s and drops the request' {
        Reset-TestEmulator $Emulator @{ faults = 'hang@1' }
        $listing = Start-BackgroundPipeline "Import-Module '$ModuleManifest'; Connect-Hyper3D -BaseUri '$($Emulator.BaseUri)' -Credential `$args[0]" -ArgumentList $DemoCredential
        Wait-Until { @(Get-LoginRequests).Count -eq 1 } -TimeoutSec 15 -Because 'the hanging login'
        $stop = Stop-BackgroundPipeline $listing
        $stop.Milliseconds | Should -BeLessThan 1000
        $stop.State | Should -Be 'Stopped'
        Wait-Until { @(Get-LoginRequests)[0].aborted } -TimeoutSec 5 -Because 'the hanging login to be dropped'
    }
}
