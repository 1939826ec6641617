# The one request pipeline, end to end: a page of cards and a media file meet the same status table, the same retry
# rules and the same advice, because one classifier decides for both.
BeforeAll {
    . $PSScriptRoot/Common.ps1
    # Media on the API's own origin, as an on-premises server serves it.
    $script:Emulator = Start-Hyper3DEmulator -ArgumentList @('--cards', '6', '--page-size', '6')
    $script:Session = Connect-Hyper3D -BaseUri $Emulator.BaseUri -MaximumRetryCount 2 -RetryIntervalSec 0 -PassThru
    $script:Card = @(Get-Hyper3DGalleryCard -Session $Session | Where-Object ImageUrl)[0]
    if (-not $Card) { throw 'The emulator listed no card with an image.' }

    function Get-PageRequests { @(Invoke-Hyper3DEmulatorControl -Emulator $Emulator -Action requests | Where-Object path -like '*/task/cards') }
    function Get-MediaLog { @(Invoke-Hyper3DEmulatorControl -Emulator $Emulator -Action media-requests) }

    # One page and one media file against the same faults: the error records and warnings each got.
    function Invoke-PageAndMedia {
        $pageError = $null
        $pageWarnings = $null
        try {
            Get-Hyper3DGalleryCard -Session $Session -ErrorAction Stop -WarningVariable pageWarnings -WarningAction SilentlyContinue | Out-Null
        }
        catch { $pageError = $_ }
        $folder = Join-Path $TestDrive ([guid]::NewGuid().ToString('n'))
        $Card | Save-Hyper3DCardMedia -Path $folder -Kind Image -Session $Session -ErrorVariable mediaErrors -ErrorAction SilentlyContinue -WarningVariable mediaWarnings -WarningAction SilentlyContinue
        [pscustomobject]@{
            PageError     = $pageError
            MediaErrors   = @($mediaErrors)
            PageWarnings  = [string[]]@($pageWarnings | ForEach-Object { "$_" })
            MediaWarnings = [string[]]@($mediaWarnings | ForEach-Object { "$_" })
            Files         = @(Get-ChildItem -Path $folder -File -ErrorAction SilentlyContinue)
        }
    }
}

AfterAll {
    if ($script:Emulator) { Stop-Hyper3DEmulator $Emulator }
}

Describe 'One status table for pages and media' {
    It 'a <Status> is <ErrorId> for a page and for a media file alike, after <Requests> request(s) each, advising "<Advice>"' -TestCases @(
        @{ Status = 407; ErrorId = 'ProxyAuthenticationRequired'; Requests = 1; Advice = '-ProxyCredential' }
        @{ Status = 405; ErrorId = 'InvalidResponse'; Requests = 1; Advice = '-BaseUri points at the Hyper3D API' }
        @{ Status = 501; ErrorId = 'InvalidResponse'; Requests = 1; Advice = '-BaseUri points at the Hyper3D API' }
        @{ Status = 413; ErrorId = 'ApiError'; Requests = 1; Advice = 'larger than it allows' }
        @{ Status = 410; ErrorId = 'NotFound'; Requests = 1; Advice = 'identifiers' }
        @{ Status = 408; ErrorId = 'Timeout'; Requests = 3; Advice = '-TimeoutSec' }
        @{ Status = 502; ErrorId = 'ServiceUnavailable'; Requests = 3; Advice = 'try again later' }
    ) {
        Reset-TestEmulator $Emulator @{ faults = "status:$Status@1-9,media:status:$Status@1-9" }
        $run = Invoke-PageAndMedia
        $run.PageError | Should -Not -BeNullOrEmpty
        $run.MediaErrors.Count | Should -Be 1
        $run.Files | Should -BeNullOrEmpty
        foreach ($record in @($run.PageError, $run.MediaErrors[0])) {
            $record.FullyQualifiedErrorId | Should -BeLike "$ErrorId,*"
            $record.Exception.Message | Should -Match "\b$Status\b"
            $record.ErrorDetails.RecommendedAction | Should -BeLike "*$Advice*"
            $record.ErrorDetails.RecommendedAction | Should -Not -Match 'error code above'
        }
        (Get-PageRequests).Count | Should -Be $Requests
        (Get-MediaLog).Count | Should -Be $Requests
        $run.PageWarnings.Count | Should -Be ($Requests - 1)
        $run.MediaWarnings.Count | Should -Be ($Requests - 1)
    }

    It 'nginx''s bare 400 does not send the user to check an email and password they never gave' {
        Reset-TestEmulator $Emulator @{ faults = 'status:400@1' }
        $run = Invoke-PageAndMedia
        $run.PageError.FullyQualifiedErrorId | Should -BeLike 'InvalidRequest,*'
        $run.PageError.ErrorDetails.RecommendedAction | Should -Not -Match 'email|password'
        $run.PageError.ErrorDetails.RecommendedAction | Should -Match 'proxy'
        $run.MediaErrors | Should -BeNullOrEmpty -Because 'the fault was for the page only'
    }

    It 'a 502 on a page and on a media file is retried once each, announced by one warning each' {
        Reset-TestEmulator $Emulator @{ faults = '502@1,media:502@1' }
        $run = Invoke-PageAndMedia
        $run.PageError | Should -BeNullOrEmpty
        $run.MediaErrors | Should -BeNullOrEmpty
        $run.Files.Count | Should -Be 1
        $run.PageWarnings | Should -HaveCount 1
        $run.MediaWarnings | Should -HaveCount 1
        $run.PageWarnings[0] | Should -Match '^Attempt 1 of 3 failed: The server answered 502 .* Retrying in 0\.0 s\.$'
        $run.MediaWarnings[0] | Should -Match '^Attempt 1 of 3 failed: The server answered 502 .* Retrying in 0\.0 s\.$'
        @(Get-MediaLog | ForEach-Object status) | Should -Be @(502, 200)
    }

    It 'a web server''s 501 where the API should be fails Connect-Hyper3D as BaseUriNotApi, not "try again later"' {
        Reset-TestEmulator $Emulator @{ faults = 'status:501@1' }
        $caught = $null
        try { Connect-Hyper3D -BaseUri $Emulator.BaseUri -MaximumRetryCount 2 -RetryIntervalSec 0 -ErrorAction Stop }
        catch { $caught = $_ }
        $caught.FullyQualifiedErrorId | Should -BeLike 'BaseUriNotApi,*'
        $caught.ErrorDetails.RecommendedAction | Should -Not -Match 'try again later'
        (Get-PageRequests).Count | Should -Be 1
    }
}
