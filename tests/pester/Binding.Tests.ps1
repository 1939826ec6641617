# Parameter binding: bad enum values and out-of-range numbers fail before any request, naming what is
# allowed; enum values bind case-insensitively but go to the server in its exact case; tab completion.

BeforeAll {
    . $PSScriptRoot/Common.ps1
    . $PSScriptRoot/Dataset.ps1
    $script:Emulator = Start-Hyper3DEmulator -ArgumentList @('--cards', '240')
    Connect-Hyper3D -BaseUri $script:Emulator.BaseUri -Credential $DemoCredential

    function Get-Completion([string] $InputScript) {
        $result = TabExpansion2 -inputScript $InputScript -cursorColumn $InputScript.Length
        @($result.CompletionMatches | ForEach-Object CompletionText)
    }
}

AfterAll {
    try { Disconnect-Hyper3D }
    finally { $script:Emulator | Stop-Hyper3DEmulator }
}

Describe 'Invalid arguments fail at binding and send nothing' {
    BeforeEach { Invoke-Hyper3DEmulatorControl -Emulator $script:Emulator -Action reset | Out-Null }

    It '-<Parameter> <Value> fails naming the valid values' -TestCases @(
        @{ Parameter = 'Type'; Value = 'Bogus'; Valid = @('Recent', 'Featured', 'Mine', 'Group', 'Story') }
        @{ Parameter = 'Status'; Value = 'Nope'; Valid = @('All', 'Generated', 'Liked', 'Packing', 'Packed') }
        @{ Parameter = 'TaskType'; Value = 'X'; Valid = @('DreamFace', 'ImagineFace', 'API', 'Panorama', 'Rodin', 'Media2Face') }
        @{ Parameter = 'Step'; Value = 'Y'; Valid = @('Created', 'Preprocess', 'Generate', 'ModelGenerate', 'TextureGenerate', 'ModelRefine', 'TextureRefine') }
        @{ Parameter = 'Step'; Value = @('ModelRefine', 'Finished'); Valid = @('Created', 'Preprocess', 'Generate', 'ModelGenerate', 'TextureGenerate', 'ModelRefine', 'TextureRefine') }
        @{ Parameter = 'Type'; Value = 'Rodin2'; Valid = @('Recent', 'Featured', 'Mine', 'Group', 'Story') }
    ) {
        $arguments = @{ $Parameter = $Value }
        $err = Invoke-Captured { Get-Hyper3DGalleryCard @arguments -All -ErrorAction SilentlyContinue }
        $err | Should -Not -BeNullOrEmpty
        $err.Exception | Should -BeOfType ([System.Management.Automation.ParameterBindingException])
        $err.FullyQualifiedErrorId | Should -Match '^(ParameterArgumentTransformationError|CannotConvertArgumentNoMessage|CannotConvertArgument),Hyper3D\.Commands\.GetHyper3DGalleryCardCommand$'
        $err.CategoryInfo.Category | Should -Be ([System.Management.Automation.ErrorCategory]::InvalidArgument)
        $message = $err.ToString()
        $message | Should -Match "\b$Parameter\b"
        foreach ($name in $Valid) { $message | Should -MatchExactly "\b$name\b" }
        @(Get-ApiRequest -Emulator $script:Emulator).Count | Should -Be 0
    }

    It '-<Parameter> <Value> fails validation naming the <Bound> <Limit>' -TestCases @(
        @{ Parameter = 'Page'; Value = -1; Bound = 'minimum'; Limit = 0 }
        @{ Parameter = 'ThrottleLimit'; Value = 0; Bound = 'minimum'; Limit = 1 }
        @{ Parameter = 'ThrottleLimit'; Value = 65; Bound = 'maximum'; Limit = 64 }
        @{ Parameter = 'TagId'; Value = @(1, -2); Bound = 'minimum'; Limit = 0 }
    ) {
        $arguments = @{ $Parameter = $Value }
        $err = Invoke-Captured { Get-Hyper3DGalleryCard @arguments -All -ErrorAction SilentlyContinue }
        $err | Should -Not -BeNullOrEmpty
        $err.FullyQualifiedErrorId | Should -BeExactly 'ParameterArgumentValidationError,Hyper3D.Commands.GetHyper3DGalleryCardCommand'
        $err.CategoryInfo.Category | Should -Be ([System.Management.Automation.ErrorCategory]::InvalidData)
        $message = $err.ToString()
        $message | Should -Match "'$Parameter'"
        $message | Should -Match "$Bound allowed range of $Limit\b"
        @(Get-ApiRequest -Emulator $script:Emulator).Count | Should -Be 0
    }

    It 'an empty <Case> fails at binding' -TestCases @(
        @{ Case = '-GroupUuid'; Arguments = @{ Type = 'Group'; GroupUuid = '' } }
        @{ Case = '-Step'; Arguments = @{ Step = @() } }
        @{ Case = '-UserOverride'; Arguments = @{ UserOverride = '' } }
    ) {
        $err = Invoke-Captured { Get-Hyper3DGalleryCard @Arguments -ErrorAction SilentlyContinue }
        $err.FullyQualifiedErrorId | Should -BeLike 'ParameterArgumentValidationError*'
        @(Get-ApiRequest -Emulator $script:Emulator).Count | Should -Be 0
    }

    It 'Connect-Hyper3D -Credential and -Token together is refused (two parameter sets)' {
        $token = ConvertTo-SecureString 'x' -AsPlainText -Force
        $err = Invoke-Captured { Connect-Hyper3D -BaseUri $script:Emulator.BaseUri -Credential $DemoCredential -Token $token -ErrorAction SilentlyContinue }
        $err.FullyQualifiedErrorId | Should -BeLike 'AmbiguousParameterSet*'
        @(Get-ApiRequest -Emulator $script:Emulator).Count | Should -Be 0
        (Get-Hyper3DConnection).User | Should -BeExactly 'demo' -Because 'the session is unchanged'
    }
}

Describe 'Enum values bind in any case and go to the server in its exact case' {
    BeforeEach { Invoke-Hyper3DEmulatorControl -Emulator $script:Emulator -Action reset | Out-Null }

    It '-Type featured -Status all -TaskType rodin -Step modelrefine,TEXTUREREFINE' {
        Get-Hyper3DGalleryCard -Type featured -Status all -TaskType rodin -Step modelrefine, TEXTUREREFINE | Out-Null
        $requests = @(Get-ApiRequest -Emulator $script:Emulator -Path '/api/task/cards')
        $requests.Count | Should -Be 1
        $body = $requests[0].body
        $body.type | Should -BeExactly 'Featured'
        $body.user_type | Should -BeExactly 'All'
        $body.task_type | Should -BeExactly 'Rodin'
        ($body.task_step -join ',') | Should -BeExactly 'ModelRefine,TextureRefine'
    }

    It '-Type is positional: Get-Hyper3DGalleryCard Story' {
        Get-Hyper3DGalleryCard Story | Out-Null
        (Get-ApiRequest -Emulator $script:Emulator -Path '/api/task/cards')[0].body.type | Should -BeExactly 'Story'
    }
}

Describe 'Tab completion' {
    It 'Get-Hyper3DGalleryCard -<Parameter> lists exactly the <Enum> names' -TestCases @(
        @{ Parameter = 'Type'; Enum = 'Hyper3D.Model.GalleryType' }
        @{ Parameter = 'Status'; Enum = 'Hyper3D.Model.CardStatusType' }
        @{ Parameter = 'TaskType'; Enum = 'Hyper3D.Model.TaskType' }
        @{ Parameter = 'Step'; Enum = 'Hyper3D.Model.TaskStep' }
    ) {
        $names = [enum]::GetNames($Enum)
        $names.Count | Should -BeGreaterThan 3
        $completions = Get-Completion "Get-Hyper3DGalleryCard -$Parameter "
        (@($completions | Sort-Object) -join ',') | Should -BeExactly (@($names | Sort-Object) -join ',')
    }

    It 'the documented enum values are the ones the API reference names' {
        ([enum]::GetNames([Hyper3D.Model.GalleryType]) | Sort-Object) -join ',' | Should -BeExactly 'Featured,Group,Mine,Recent,Story'
        ([enum]::GetNames([Hyper3D.Model.CardStatusType]) | Sort-Object) -join ',' | Should -BeExactly 'All,Generated,Liked,Packed,Packing'
        ([enum]::GetNames([Hyper3D.Model.TaskType]) | Sort-Object) -join ',' | Should -BeExactly 'API,DreamFace,ImagineFace,Media2Face,Panorama,Rodin'
        ([enum]::GetNames([Hyper3D.Model.TaskStep]) | Sort-Object) -join ',' | Should -BeExactly 'Created,Generate,ModelGenerate,ModelRefine,Preprocess,TextureGenerate,TextureRefine'
    }

    It 'a partial value completes: -Type Fe -> Featured, -Step Texture -> the two Texture steps' {
        Get-Completion 'Get-Hyper3DGalleryCard -Type Fe' | Should -BeExactly 'Featured'
        (@(Get-Completion 'Get-Hyper3DGalleryCard -Step Texture' | Sort-Object) -join ',') | Should -BeExactly 'TextureGenerate,TextureRefine'
    }

    It 'the second -Step value completes after a comma' {
        $completions = Get-Completion 'Get-Hyper3DGalleryCard -Step ModelRefine,Tex'
        (@($completions | Sort-Object) -join ',') | Should -BeExactly 'TextureGenerate,TextureRefine'
    }

    It 'Get-Hyper3DGalleryCard -Ty completes to -Type' {
        Get-Completion 'Get-Hyper3DGalleryCard -Ty' | Should -BeExactly '-Type'
    }

    It 'Connect-Hyper3 completes the cmdlet name' {
        Get-Completion 'Connect-Hyper3' | Should -BeExactly 'Connect-Hyper3D'
    }
}
