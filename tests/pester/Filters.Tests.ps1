# Every filter of Get-Hyper3DGalleryCard -All, against the emulator's data rules computed independently
# (Dataset.ps1), and the request bodies the module sent for them.

BeforeAll {
    . $PSScriptRoot/Common.ps1
    . $PSScriptRoot/Dataset.ps1
    $script:Emulator = Start-Hyper3DEmulator -ArgumentList @('--cards', '240')
    $script:Dataset = Get-TestDataset -Emulator $script:Emulator
    $script:PageSize = [int]$script:Dataset.page_size
    # The default -ThrottleLimit (pages kept in flight), from the cmdlet itself.
    $script:ThrottleLimit = [Hyper3D.Commands.GetHyper3DGalleryCardCommand]::new().ThrottleLimit
    $script:Accounts = @{
        demo  = @{ Credential = $DemoCredential; Email = 'demo@hyper3d.local' }
        alice = @{ Credential = $AliceCredential; Email = 'alice@hyper3d.local' }
    }

    # The API name and JSON shape of each filter parameter.
    $script:ApiNames = [ordered]@{
        Status       = 'user_type'
        TaskType     = 'task_type'
        Step         = 'task_step'
        GroupUuid    = 'group_uuid'
        TagId        = 'tag_ids'
        UserOverride = 'user_override'
        IsHidden     = 'is_hidden'
    }

    function Connect-As([string] $As) {
        if ($As) {
            Connect-Hyper3D -BaseUri $script:Emulator.BaseUri -Credential $script:Accounts[$As].Credential
        }
        else {
            Connect-Hyper3D -BaseUri $script:Emulator.BaseUri
        }
        # The login and the connection check are requests too: the log starts after them.
        Invoke-Hyper3DEmulatorControl -Emulator $script:Emulator -Action reset | Out-Null
    }

    function Resolve-Parameters([hashtable] $Parameters, [string] $Group) {
        $resolved = @{} + $Parameters
        if ($Group) { $resolved.GroupUuid = Get-TestGroupUuid -Dataset $script:Dataset -Name $Group }
        $resolved
    }

    function Format-Uuids($Items) {
        # One uuid a line, so a failure shows which cards differ.
        (@($Items) | ForEach-Object { [string]$_ }) -join "`n"
    }
}

AfterAll {
    try { Disconnect-Hyper3D }
    finally { $script:Emulator | Stop-Hyper3DEmulator }
}

Describe 'Get-Hyper3DGalleryCard -All equals the emulator data rules' {
    BeforeEach {
        Invoke-Hyper3DEmulatorControl -Emulator $script:Emulator -Action reset | Out-Null
    }

    It '<Name>' -TestCases @(
        # Each gallery type.
        @{ Name = '-Type Recent (anonymous)'; As = $null; Parameters = @{ Type = 'Recent' } }
        @{ Name = '-Type Featured (anonymous)'; As = $null; Parameters = @{ Type = 'Featured' } }
        @{ Name = '-Type Story (anonymous)'; As = $null; Parameters = @{ Type = 'Story' } }
        @{ Name = '-Type Mine as demo'; As = 'demo'; Parameters = @{ Type = 'Mine' } }
        @{ Name = '-Type Mine as alice'; As = 'alice'; Parameters = @{ Type = 'Mine' } }
        @{ Name = '-Type Group as demo (Sculpture Club)'; As = 'demo'; Group = 'Sculpture Club'; Parameters = @{ Type = 'Group' } }
        @{ Name = '-Type Group as alice (Studio Ghibli Fans)'; As = 'alice'; Group = 'Studio Ghibli Fans'; Parameters = @{ Type = 'Group' } }
        # Each status, as demo.
        @{ Name = '-Status All as demo'; As = 'demo'; Parameters = @{ Type = 'Recent'; Status = 'All' } }
        @{ Name = '-Status Generated as demo'; As = 'demo'; Parameters = @{ Type = 'Recent'; Status = 'Generated' } }
        @{ Name = '-Status Liked as demo'; As = 'demo'; Parameters = @{ Type = 'Recent'; Status = 'Liked' } }
        @{ Name = '-Status Packing as demo'; As = 'demo'; Parameters = @{ Type = 'Recent'; Status = 'Packing' } }
        @{ Name = '-Status Packed as demo'; As = 'demo'; Parameters = @{ Type = 'Recent'; Status = 'Packed' } }
        @{ Name = '-Status All (anonymous)'; As = $null; Parameters = @{ Type = 'Recent'; Status = 'All' } }
        @{ Name = '-Status Liked as alice'; As = 'alice'; Parameters = @{ Type = 'Recent'; Status = 'Liked' } }
        @{ Name = '-Type Mine -Status Liked as demo'; As = 'demo'; Parameters = @{ Type = 'Mine'; Status = 'Liked' } }
        @{ Name = '-Type Mine -Status Packed as demo'; As = 'demo'; Parameters = @{ Type = 'Mine'; Status = 'Packed' } }
        # Each task type (Rodin must not take in Rodin2).
        @{ Name = '-TaskType DreamFace'; As = $null; Parameters = @{ TaskType = 'DreamFace' } }
        @{ Name = '-TaskType ImagineFace'; As = $null; Parameters = @{ TaskType = 'ImagineFace' } }
        @{ Name = '-TaskType API'; As = $null; Parameters = @{ TaskType = 'API' } }
        @{ Name = '-TaskType Panorama'; As = $null; Parameters = @{ TaskType = 'Panorama' } }
        @{ Name = '-TaskType Rodin'; As = $null; Parameters = @{ TaskType = 'Rodin' } }
        @{ Name = '-TaskType Media2Face'; As = $null; Parameters = @{ TaskType = 'Media2Face' } }
        # Steps: any of.
        @{ Name = '-Step ModelRefine,TextureRefine'; As = $null; Parameters = @{ Step = @('ModelRefine', 'TextureRefine') } }
        @{ Name = '-Step Created,Preprocess'; As = $null; Parameters = @{ Step = @('Created', 'Preprocess') } }
        @{ Name = '-Step Generate,ModelGenerate'; As = $null; Parameters = @{ Step = @('Generate', 'ModelGenerate') } }
        @{ Name = '-Step TextureGenerate (one step, still an array)'; As = $null; Parameters = @{ Step = @('TextureGenerate') } }
        @{ Name = '-Step every known step (leaves out Finished, Archived)'; As = $null; Parameters = @{ Step = @('Created', 'Preprocess', 'Generate', 'ModelGenerate', 'TextureGenerate', 'ModelRefine', 'TextureRefine') } }
        # Tags: any of; ids outside 1..8 match nothing.
        @{ Name = '-TagId 1'; As = $null; Parameters = @{ TagId = @(1) } }
        @{ Name = '-TagId 1,2'; As = $null; Parameters = @{ TagId = @(1, 2) } }
        @{ Name = '-TagId 3,5,8'; As = $null; Parameters = @{ TagId = @(3, 5, 8) } }
        @{ Name = '-TagId 2,9 (9 matches nothing)'; As = $null; Parameters = @{ TagId = @(2, 9) } }
        @{ Name = '-TagId 0,9 (no card)'; As = $null; Empty = $true; Parameters = @{ TagId = @(0, 9) } }
        # Hidden cards.
        @{ Name = '-IsHidden $true'; As = $null; Parameters = @{ IsHidden = $true } }
        @{ Name = '-IsHidden $false'; As = $null; Parameters = @{ IsHidden = $false } }
        @{ Name = '-Type Mine -IsHidden $true as demo'; As = 'demo'; Parameters = @{ Type = 'Mine'; IsHidden = $true } }
        # Combinations.
        @{ Name = '-Type Featured -TaskType Panorama -TagId 1,2'; As = $null; Parameters = @{ Type = 'Featured'; TaskType = 'Panorama'; TagId = @(1, 2) } }
        @{ Name = '-Type Story -IsHidden $false -TagId 4,5,6'; As = $null; Parameters = @{ Type = 'Story'; IsHidden = $false; TagId = @(4, 5, 6) } }
        @{ Name = '-IsHidden $true -Step Preprocess,Generate,ModelGenerate'; As = $null; Parameters = @{ IsHidden = $true; Step = @('Preprocess', 'Generate', 'ModelGenerate') } }
        @{ Name = '-Type Mine -Status Packing -Step Created,Preprocess,Generate as demo'; As = 'demo'; Parameters = @{ Type = 'Mine'; Status = 'Packing'; Step = @('Created', 'Preprocess', 'Generate') } }
        @{ Name = '-Status Liked -TaskType ImagineFace as demo'; As = 'demo'; Parameters = @{ Status = 'Liked'; TaskType = 'ImagineFace' } }
        @{ Name = '-Status Generated -TagId 6,7 -Step ModelRefine,TextureRefine,Generate as alice'; As = 'alice'; Parameters = @{ Status = 'Generated'; TagId = @(6, 7); Step = @('ModelRefine', 'TextureRefine', 'Generate') } }
        @{ Name = '-TaskType Rodin -Step ModelRefine,TextureRefine -TagId 1,2'; As = $null; Parameters = @{ TaskType = 'Rodin'; Step = @('ModelRefine', 'TextureRefine'); TagId = @(1, 2) } }
        @{ Name = '-Type Group -TaskType API as demo (Sculpture Club)'; As = 'demo'; Group = 'Sculpture Club'; Parameters = @{ Type = 'Group'; TaskType = 'API' } }
        @{ Name = '-Type Group -IsHidden $true as demo (Sculpture Club)'; As = 'demo'; Group = 'Sculpture Club'; Parameters = @{ Type = 'Group'; IsHidden = $true } }
        @{ Name = '-Type Featured -UserOverride bob (no effect on the data)'; As = $null; Parameters = @{ Type = 'Featured'; UserOverride = 'bob' } }
    ) {
        $parameters = Resolve-Parameters $Parameters $Group
        $expectation = @{} + $parameters
        $expectation.Remove('UserOverride')
        $caller = if ($As) { $script:Accounts[$As].Email } else { $null }
        $expected = Get-ExpectedCard -Dataset $script:Dataset -Caller $caller @expectation

        Connect-As $As
        $actual = @(Get-Hyper3DGalleryCard @parameters -All)

        # The expectation itself is not vacuous unless the case says so.
        if ($Empty) { $expected.Count | Should -Be 0 } else { $expected.Count | Should -BeGreaterThan 0 }
        @($actual | Where-Object { $_ -isnot [Hyper3D.Model.GalleryCard] }).Count | Should -Be 0 -Because 'every result is a typed card'
        Format-Uuids $actual.TaskUuid | Should -BeExactly (Format-Uuids $expected.task_uuid)
        $actual.Count | Should -Be $expected.Count

        # The requests: every page from 0 to the first empty one, none past the fetch-ahead window
        # (-ThrottleLimit, default), each authorized only with a login, each body with the filters given
        # (API names, API shapes) and nothing else.
        # A page fetched ahead and cancelled once the end was seen may be logged with no body and no answer.
        $requests = @(Get-ApiRequest -Emulator $script:Emulator -Path '/api/task/cards' | Where-Object { $null -ne $_.body -or $null -ne $_.completed })
        $emptyPage = [int][Math]::Ceiling($expected.Count / $script:PageSize)
        $missing = @(0..$emptyPage | Where-Object { $requests.page_num -notcontains $_ })
        $missing | Should -BeNullOrEmpty -Because "pages 0..$emptyPage are all read"
        ($requests.page_num | Measure-Object -Maximum).Maximum | Should -BeLessOrEqual ($emptyPage + $script:ThrottleLimit - 1) -Because 'no page is requested past the first empty one and the pages already in flight'

        $type = if ($parameters.ContainsKey('Type')) { $parameters.Type } else { 'Recent' }
        $names = @('page_num', 'type') + @($script:ApiNames.Keys | Where-Object { $parameters.ContainsKey($_) } | ForEach-Object { $script:ApiNames[$_] })
        $expectedBody = [ordered]@{ authorized = [bool]$As; names = (@($names | Sort-Object) -join ','); type = $type }
        if ($parameters.ContainsKey('Status')) { $expectedBody.user_type = $parameters.Status }
        if ($parameters.ContainsKey('TaskType')) { $expectedBody.task_type = $parameters.TaskType }
        if ($parameters.ContainsKey('GroupUuid')) { $expectedBody.group_uuid = $parameters.GroupUuid }
        if ($parameters.ContainsKey('UserOverride')) { $expectedBody.user_override = $parameters.UserOverride }
        if ($parameters.ContainsKey('Step')) { $expectedBody.task_step = 'array:' + ($parameters.Step -join ',') }
        if ($parameters.ContainsKey('TagId')) { $expectedBody.tag_ids = 'array:' + ($parameters.TagId -join ',') }
        if ($parameters.ContainsKey('IsHidden')) { $expectedBody.is_hidden = 'bool:' + $parameters.IsHidden }
        $expectedText = ($expectedBody.GetEnumerator() | ForEach-Object { "$($_.Key)=$($_.Value)" }) -join '; '
        foreach ($request in $requests) {
            $body = $request.body
            $seen = [ordered]@{ authorized = $request.authorized; names = (@($body.PSObject.Properties.Name | Sort-Object) -join ','); type = $body.type }
            foreach ($key in @($expectedBody.Keys | Select-Object -Skip 3)) {
                $value = $body.$key
                $seen[$key] = if ($null -eq $value) { '<absent>' }
                elseif ($key -in 'task_step', 'tag_ids') { $(if ($value -is [array]) { 'array' } else { $value.GetType().Name }) + ':' + ($value -join ',') }
                elseif ($key -eq 'is_hidden') { $(if ($value -is [bool]) { 'bool' } else { $value.GetType().Name }) + ":$value" }
                else { $value }
            }
            $seenText = ($seen.GetEnumerator() | ForEach-Object { "$($_.Key)=$($_.Value)" }) -join '; '
            $seenText | Should -BeExactly $expectedText -Because "the body of the request for page $($request.page_num) is $($body | ConvertTo-Json -Compress)"
        }
    }
}

Describe 'The request body carries only the filters given, with their API names' {
    BeforeAll {
        Connect-Hyper3D -BaseUri $script:Emulator.BaseUri -Credential $DemoCredential
        $script:SculptureClub = Get-TestGroupUuid -Dataset $script:Dataset -Name 'Sculpture Club'
    }

    BeforeEach {
        Invoke-Hyper3DEmulatorControl -Emulator $script:Emulator -Action reset | Out-Null
    }

    It 'sends only page_num and type when no filter is given (no is_hidden)' {
        Get-Hyper3DGalleryCard | Out-Null
        $requests = Get-ApiRequest -Emulator $script:Emulator -Path '/api/task/cards'
        $requests.Count | Should -Be 1
        (@($requests[0].body.PSObject.Properties.Name | Sort-Object) -join ',') | Should -BeExactly 'page_num,type'
        $requests[0].body.type | Should -BeExactly 'Recent'
        $requests[0].body.page_num | Should -Be 0
    }

    It '-UserOverride bob sends user_override "bob" and no other optional field' {
        $cards = @(Get-Hyper3DGalleryCard -UserOverride bob)
        $requests = Get-ApiRequest -Emulator $script:Emulator -Path '/api/task/cards'
        $requests.Count | Should -Be 1
        (@($requests[0].body.PSObject.Properties.Name | Sort-Object) -join ',') | Should -BeExactly 'page_num,type,user_override'
        $requests[0].body.user_override | Should -BeExactly 'bob'
        # user_override has no effect on the emulator's data.
        $expected = Get-ExpectedCard -Dataset $script:Dataset -Caller 'demo@hyper3d.local' -Page 0
        ($cards.TaskUuid -join ',') | Should -BeExactly ($expected.task_uuid -join ',')
    }

    It '-IsHidden $false sends is_hidden false (a JSON boolean)' {
        Get-Hyper3DGalleryCard -IsHidden $false | Out-Null
        $requests = Get-ApiRequest -Emulator $script:Emulator -Path '/api/task/cards'
        (@($requests[0].body.PSObject.Properties.Name | Sort-Object) -join ',') | Should -BeExactly 'is_hidden,page_num,type'
        $requests[0].body.is_hidden | Should -BeOfType ([bool])
        $requests[0].body.is_hidden | Should -BeFalse
    }

    It '-IsHidden $true sends is_hidden true' {
        Get-Hyper3DGalleryCard -IsHidden $true | Out-Null
        $requests = Get-ApiRequest -Emulator $script:Emulator -Path '/api/task/cards'
        $requests[0].body.is_hidden | Should -BeOfType ([bool])
        $requests[0].body.is_hidden | Should -BeTrue
    }

    It 'sends every filter at once with the API names and shapes' {
        $parameters = @{
            Type = 'Group'; GroupUuid = $script:SculptureClub; Status = 'Liked'; TaskType = 'Rodin'
            Step = 'ModelRefine', 'TextureRefine'; TagId = 1, 2; UserOverride = 'bob'; IsHidden = $false; Page = 3
        }
        Get-Hyper3DGalleryCard @parameters | Out-Null
        $requests = Get-ApiRequest -Emulator $script:Emulator -Path '/api/task/cards'
        $requests.Count | Should -Be 1
        $body = $requests[0].body
        (@($body.PSObject.Properties.Name | Sort-Object) -join ',') |
            Should -BeExactly 'group_uuid,is_hidden,page_num,tag_ids,task_step,task_type,type,user_override,user_type'
        $body.page_num | Should -Be 3
        $body.type | Should -BeExactly 'Group'
        $body.group_uuid | Should -BeExactly $script:SculptureClub
        $body.user_type | Should -BeExactly 'Liked'
        $body.task_type | Should -BeExactly 'Rodin'
        ($body.task_step -join ',') | Should -BeExactly 'ModelRefine,TextureRefine'
        ($body.tag_ids -join ',') | Should -BeExactly '1,2'
        $body.user_override | Should -BeExactly 'bob'
        $body.is_hidden | Should -BeFalse
        $requests[0].authorized | Should -BeTrue
    }

    It 'a one-element -Step and -TagId still go as JSON arrays' {
        Get-Hyper3DGalleryCard -Step ModelRefine -TagId 3 | Out-Null
        # Read the log as text: ConvertFrom-Json would hide the difference between 3 and [3].
        $raw = (Invoke-WebRequest -Uri "$($script:Emulator.Url)/_emulator/requests").Content
        $raw | Should -Match '"task_step":\["ModelRefine"\]'
        $raw | Should -Match '"tag_ids":\[3\]'
    }
}
