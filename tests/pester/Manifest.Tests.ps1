# The built manifest (out/Hyper3D/Hyper3D.psd1): valid, explicit about what it exports, ready for a gallery,
# in step with the assembly; and the module it describes loads cleanly in a fresh pwsh: every assembly it
# brought in stays resolvable, System.Text.Json is the runtime's own, and it survives -Force and Remove-Module.

BeforeDiscovery {
    $exportKeys = @('CmdletsToExport', 'FunctionsToExport', 'AliasesToExport', 'VariablesToExport') | ForEach-Object { @{ Key = $_ } }
}

BeforeAll {
    . $PSScriptRoot/Common.ps1

    $script:ExpectedCmdlets = @('Connect-Hyper3D', 'Disconnect-Hyper3D', 'Export-Hyper3DGalleryReport', 'Get-Hyper3DConnection', 'Get-Hyper3DGalleryCard', 'Save-Hyper3DCardMedia')
    $script:ModuleFolder = Split-Path -Parent $script:ModuleManifest
    $script:ModuleDll = Join-Path $script:ModuleFolder 'Hyper3D.dll'
    $script:ManifestText = Get-Content -Raw $script:ModuleManifest
    $script:Data = Import-PowerShellDataFile $script:ModuleManifest
    # The manifest's top-level hashtable, as written.
    $script:ManifestAst = [System.Management.Automation.Language.Parser]::ParseFile($script:ModuleManifest, [ref]$null, [ref]$null).
        Find({ param($node) $node -is [System.Management.Automation.Language.HashtableAst] }, $false)

    . $PSScriptRoot/ChildPwsh.ps1

    # Runs a child script given -ModuleManifest, -BaseUri and -ResultPath; returns the JSON it wrote there.
    function Invoke-ImportProbe {
        param([string] $Name, [string] $Script)
        $scriptPath = Join-Path $script:Work "$Name.ps1"
        $resultPath = Join-Path $script:Work "$Name.json"
        Set-Content -Path $scriptPath -Value $Script
        $run = Invoke-ChildPwsh -ScriptPath $scriptPath -ArgumentList @(
            '-ModuleManifest', $script:ModuleManifest, '-BaseUri', $script:Emulator.BaseUri, '-ResultPath', $resultPath)
        if ($run.ExitCode -ne 0 -or -not (Test-Path $resultPath)) {
            throw "The '$Name' probe failed (exit code $($run.ExitCode)).`nstderr: $($run.StdErr)`nstdout: $($run.StdOut)"
        }
        Get-Content -Raw $resultPath | ConvertFrom-Json
    }

    $script:Work = Join-Path ([IO.Path]::GetTempPath()) ('hyper3d-manifest-test-' + [guid]::NewGuid().ToString('n'))
    New-Item -ItemType Directory -Path $script:Work | Out-Null
    $script:Emulator = Start-Hyper3DEmulator
}

AfterAll {
    if ($script:Emulator) { $script:Emulator | Stop-Hyper3DEmulator }
    if ($script:Work) { Remove-Item -Recurse -Force -ErrorAction SilentlyContinue $script:Work }
}

Describe 'The built manifest' {
    It 'passes Test-ModuleManifest without errors or warnings' {
        $info = Test-ModuleManifest -Path $script:ModuleManifest -ErrorVariable problems -WarningVariable warnings -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
        $problems | Should -BeNullOrEmpty
        $warnings | Should -BeNullOrEmpty
        $info.Name | Should -Be 'Hyper3D'
    }

    It 'has the dll as its RootModule' {
        $script:Data.RootModule | Should -Be 'Hyper3D.dll'
        $script:ModuleDll | Should -Exist
    }

    It 'declares ModuleVersion equal to the assembly version (major.minor.build)' {
        $manifestVersion = [version]$script:Data.ModuleVersion
        $assemblyVersion = [Reflection.AssemblyName]::GetAssemblyName($script:ModuleDll).Version
        '{0}.{1}.{2}' -f $assemblyVersion.Major, $assemblyVersion.Minor, $assemblyVersion.Build |
            Should -Be ('{0}.{1}.{2}' -f $manifestVersion.Major, $manifestVersion.Minor, [Math]::Max($manifestVersion.Build, 0))
    }

    It 'is compatible with both editions, Desktop and Core' {
        @($script:Data.CompatiblePSEditions | Sort-Object) | Should -Be @('Core', 'Desktop')
    }

    It 'requires PowerShell 5.1' {
        [version]$script:Data.PowerShellVersion | Should -Be ([version]'5.1')
    }

    It 'lists every cmdlet in CmdletsToExport, by name' {
        @($script:Data.CmdletsToExport | Sort-Object) | Should -Be $script:ExpectedCmdlets
        foreach ($name in $script:ExpectedCmdlets) {
            $script:ManifestText | Should -Match "['`"]$([regex]::Escape($name))['`"]"
        }
    }

    It 'exports no functions, aliases or variables' {
        @($script:Data.FunctionsToExport) | Should -BeNullOrEmpty
        @($script:Data.AliasesToExport) | Should -BeNullOrEmpty
        @($script:Data.VariablesToExport) | Should -BeNullOrEmpty
    }

    It 'spells out <Key> (present, no wildcard)' -ForEach $exportKeys {
        $script:Data.ContainsKey($Key) | Should -BeTrue -Because 'a missing key exports everything'
        $script:Data[$Key] | Where-Object { $_ -match '[*?]' } | Should -BeNullOrEmpty
        # In the file as written: the key is there and every name in its value is a literal with no wildcard.
        $pair = $script:ManifestAst.KeyValuePairs | Where-Object { $_.Item1.Value -eq $Key }
        $pair | Should -Not -BeNullOrEmpty
        $literals = @($pair.Item2.FindAll({ param($node) $node -is [System.Management.Automation.Language.StringConstantExpressionAst] }, $true) | ForEach-Object Value)
        $literals | Where-Object { $_ -match '[*?\[]' } | Should -BeNullOrEmpty
        $literals | Should -Be @($script:Data[$Key])
    }

    Context 'PrivateData.PSData' {
        BeforeAll {
            $script:PSData = $script:Data.PrivateData.PSData
        }

        It 'has Tags, each one word' {
            @($script:PSData.Tags) | Should -Not -BeNullOrEmpty
            @($script:PSData.Tags) | Where-Object { $_ -match '\s' -or -not $_ } | Should -BeNullOrEmpty
        }

        It 'has <_> as an absolute http(s) address' -ForEach @('ProjectUri', 'LicenseUri') {
            $uri = $null
            [uri]::TryCreate([string]$script:PSData[$_], [UriKind]::Absolute, [ref]$uri) | Should -BeTrue
            $uri.Scheme | Should -BeIn @('http', 'https')
        }

        It 'has ReleaseNotes' {
            "$($script:PSData.ReleaseNotes)".Trim() | Should -Not -BeNullOrEmpty
        }
    }
}

Describe 'The imported module' {
    It 'exports exactly its cmdlets and nothing else' {
        @(Get-Command -Module Hyper3D | Sort-Object Name | ForEach-Object Name) | Should -Be $script:ExpectedCmdlets
        @(Get-Command -Module Hyper3D | Where-Object CommandType -ne 'Cmdlet') | Should -BeNullOrEmpty
        $module = Get-Module Hyper3D
        $module.ExportedFunctions.Count | Should -Be 0
        $module.ExportedAliases.Count | Should -Be 0
        $module.ExportedVariables.Count | Should -Be 0
    }
}

Describe 'Importing in a fresh pwsh: assemblies' {
    BeforeAll {
        $script:Probe = Invoke-ImportProbe -Name 'assemblies' -Script @'
param($ModuleManifest, $BaseUri, $ResultPath)
$ErrorActionPreference = 'Stop'
Import-Module $ModuleManifest
Connect-Hyper3D -BaseUri $BaseUri
$cards = @(Get-Hyper3DGalleryCard -Type Featured)

$moduleFolder = (Split-Path -Parent (Resolve-Path $ModuleManifest).Path).TrimEnd([IO.Path]::DirectorySeparatorChar) + [IO.Path]::DirectorySeparatorChar
$references = [Reflection.Assembly]::LoadFrom((Join-Path $moduleFolder 'Hyper3D.dll')).GetReferencedAssemblies()
$loaded = [AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { -not $_.IsDynamic }
$fromModule = @($loaded | Where-Object { $_.Location -and $_.Location.StartsWith($moduleFolder) })
$names = @(@($fromModule | ForEach-Object { $_.GetName() }) + @($references)) | Sort-Object FullName -Unique

$checks = foreach ($name in $names) {
    try {
        $assembly = [Reflection.Assembly]::Load($name)
        [ordered]@{ Name = $name.FullName; Resolved = $true; Version = "$($assembly.GetName().Version)"; Location = $assembly.Location }
    }
    catch {
        [ordered]@{ Name = $name.FullName; Resolved = $false; Error = $_.Exception.GetBaseException().Message }
    }
}
[ordered]@{
    PSVersion         = "$($PSVersionTable.PSVersion)"
    PSHome            = $PSHOME
    RuntimeDirectory  = [Runtime.InteropServices.RuntimeEnvironment]::GetRuntimeDirectory()
    ModuleFolder      = $moduleFolder
    CardCount         = $cards.Count
    LoadedFromModule  = @($fromModule | ForEach-Object { $_.GetName().Name })
    Checks            = @($checks)
    SystemTextJson    = @($loaded | Where-Object { $_.GetName().Name -eq 'System.Text.Json' } |
        ForEach-Object { [ordered]@{ Version = "$($_.GetName().Version)"; Location = $_.Location } })
    JsonReference     = @($references | Where-Object Name -eq 'System.Text.Json' | ForEach-Object { "$($_.Version)" })
} | ConvertTo-Json -Depth 5 | Set-Content -Path $ResultPath
'@
    }

    It 'runs a cmdlet against the emulator' {
        $script:Probe.CardCount | Should -BeGreaterThan 0
        $script:Probe.LoadedFromModule | Should -Contain 'Hyper3D'
    }

    It 'can resolve by name every assembly it loaded from its folder or references' {
        $script:Probe.Checks.Count | Should -BeGreaterThan 1
        $failed = @($script:Probe.Checks | Where-Object { -not $_.Resolved } | ForEach-Object { "$($_.Name): $($_.Error)" })
        $failed | Should -BeNullOrEmpty
    }

    It 'uses the runtime''s own System.Text.Json, version 8.0.0.0 or later' {
        @($script:Probe.SystemTextJson).Count | Should -Be 1
        $json = $script:Probe.SystemTextJson[0]
        [version]$json.Version | Should -BeGreaterOrEqual ([version]'8.0.0.0')
        $json.Location | Should -Not -BeLike "$($script:Probe.ModuleFolder)*"
        ($json.Location.StartsWith($script:Probe.RuntimeDirectory) -or $json.Location.StartsWith($script:Probe.PSHome)) |
            Should -BeTrue -Because "System.Text.Json came from $($json.Location)"
    }

    It 'references System.Text.Json 8.0.0.0 exactly' {
        @($script:Probe.JsonReference) | Should -Be @('8.0.0.0')
    }
}

Describe 'Importing in a fresh pwsh: again and again' {
    BeforeAll {
        $script:Steps = Invoke-ImportProbe -Name 'reimport' -Script @'
param($ModuleManifest, $BaseUri, $ResultPath)
$ErrorActionPreference = 'Stop'
$results = [ordered]@{}
# Each step is recorded on its own, so one failure does not hide what the others did.
function Step([string] $Name, [scriptblock] $Body) {
    try { $results[$Name] = [ordered]@{ Ok = $true; Value = (& $Body) } }
    catch { $results[$Name] = [ordered]@{ Ok = $false; Error = "$_" } }
}
function Get-CardCount {
    Connect-Hyper3D -BaseUri $BaseUri
    @(Get-Hyper3DGalleryCard -Type Featured).Count
}
Step 'Import' { Import-Module $ModuleManifest; Get-CardCount }
Step 'ForceImport' { Import-Module $ModuleManifest -Force; Get-CardCount }
Step 'ForceCommands' { @(Get-Command -Module Hyper3D | ForEach-Object Name | Sort-Object) }
Step 'Remove' {
    Remove-Module Hyper3D
    @(Get-Module Hyper3D).Count + @(Get-Command -Module Hyper3D -ErrorAction SilentlyContinue).Count
}
Step 'ImportAfterRemove' { Import-Module $ModuleManifest; Get-CardCount }
Step 'Assemblies' { @([AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -eq 'Hyper3D' }).Count }
$results | ConvertTo-Json -Depth 5 | Set-Content -Path $ResultPath
'@
    }

    It 'imports and runs a cmdlet' {
        $script:Steps.Import.Error | Should -BeNullOrEmpty
        $script:Steps.Import.Value | Should -BeGreaterThan 0
    }

    It 'imports again with -Force in the same session and still runs a cmdlet' {
        $script:Steps.ForceImport.Error | Should -BeNullOrEmpty
        $script:Steps.ForceImport.Value | Should -BeGreaterThan 0
        @($script:Steps.ForceCommands.Value) | Should -Be $script:ExpectedCmdlets
    }

    It 'removes the module and its cmdlets with Remove-Module' {
        $script:Steps.Remove.Error | Should -BeNullOrEmpty
        $script:Steps.Remove.Value | Should -Be 0
    }

    It 'imports after Remove-Module and runs a cmdlet' {
        $script:Steps.ImportAfterRemove.Error | Should -BeNullOrEmpty
        $script:Steps.ImportAfterRemove.Value | Should -BeGreaterThan 0
    }

    It 'loaded Hyper3D.dll once through it all' {
        $script:Steps.Assemblies.Value | Should -Be 1
    }
}
