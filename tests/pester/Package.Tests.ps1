# The module as a user gets it: packed by tools/New-Package.ps1 through PSResourceGet, installed from a
# local repository with Install-PSResource, imported BY NAME in a fresh pwsh that sees only the installed
# copy, and run against the emulator.
#
# Isolation: packing and installing run in a child pwsh whose HOME and XDG_* folders are a temp folder,
# so PSResourceGet's repository store (LocalApplicationData/PSResourceGet) and the CurrentUser module path
# ($HOME/.local/share/powershell/Modules) are both inside it; nothing is registered or installed for the
# real user. The only repositories named are local folders, and the children get a dead proxy
# (127.0.0.1:9, loopback exempt) so an accidental trip to PSGallery fails at once instead of hanging.
# On Windows the CurrentUser path (Documents) cannot be redirected: there the install step is
# Save-PSResource -Path into the temp folder instead.

BeforeAll {
    . $PSScriptRoot/Common.ps1

    . $PSScriptRoot/ChildPwsh.ps1

    # Runs a child script that writes its findings as JSON to the path given as -ResultPath.
    function Invoke-ChildStep {
        param([string] $Name, [string] $Script, [hashtable] $Parameters)
        $scriptPath = Join-Path $script:Work "$Name.ps1"
        $resultPath = Join-Path $script:Work "$Name.json"
        Set-Content -Path $scriptPath -Value $Script
        $arguments = foreach ($key in $Parameters.Keys) { "-$key"; [string]$Parameters[$key] }
        $run = Invoke-ChildPwsh -ScriptPath $scriptPath -ArgumentList (@($arguments) + @('-ResultPath', $resultPath)) -Environment $script:ChildEnvironment -WorkingDirectory $script:Work
        if ($run.ExitCode -ne 0 -or -not (Test-Path $resultPath)) {
            throw "The '$Name' step failed (exit code $($run.ExitCode)).`nstderr: $($run.StdErr)`nstdout: $($run.StdOut)"
        }
        Get-Content -Raw $resultPath | ConvertFrom-Json
    }

    $script:ModuleFolder = Split-Path -Parent $script:ModuleManifest
    $script:Version = (Import-PowerShellDataFile $script:ModuleManifest).ModuleVersion

    $script:Work = Join-Path ([IO.Path]::GetTempPath()) ('hyper3d-package-test-' + [guid]::NewGuid().ToString('n'))
    $script:ChildHome = Join-Path $script:Work 'home'
    $script:Repository = Join-Path $script:Work 'repository'
    # Where the CurrentUser scope lands once HOME/XDG_DATA_HOME point into the temp folder (Save-PSResource target on Windows).
    $script:Modules = if ($IsWindows) { Join-Path $script:Work 'Modules' } else { Join-Path $script:ChildHome '.local/share/powershell/Modules' }
    New-Item -ItemType Directory -Force -Path $script:ChildHome, $script:Repository | Out-Null

    # Case-sensitive: Linux has both http_proxy and HTTP_PROXY, and .NET reads either.
    $script:ChildEnvironment = [System.Collections.Generic.Dictionary[string, string]]::new([StringComparer]::Ordinal)
    $script:ChildEnvironment['HOME'] = $script:ChildHome
    $script:ChildEnvironment['XDG_DATA_HOME'] = Join-Path $script:ChildHome '.local/share'
    $script:ChildEnvironment['XDG_CONFIG_HOME'] = Join-Path $script:ChildHome '.config'
    $script:ChildEnvironment['XDG_CACHE_HOME'] = Join-Path $script:ChildHome '.cache'
    $script:ChildEnvironment['PSModulePath'] = $script:Modules
    $script:ChildEnvironment['HYPER3D_TEST_MODULES'] = $script:Modules
    # They must exist: .NET answers '' for a special folder that does not, and PSResourceGet and NuGet then
    # write their settings relative to the current directory.
    New-Item -ItemType Directory -Force -Path $script:ChildEnvironment['XDG_DATA_HOME'], $script:ChildEnvironment['XDG_CONFIG_HOME'], $script:ChildEnvironment['XDG_CACHE_HOME'] | Out-Null
    $script:ChildEnvironment['POWERSHELL_TELEMETRY_OPTOUT'] = '1'
    $script:ChildEnvironment['POWERSHELL_UPDATECHECK'] = 'Off'
    foreach ($name in 'HTTP_PROXY', 'HTTPS_PROXY', 'ALL_PROXY') {
        $script:ChildEnvironment[$name] = $script:ChildEnvironment[$name.ToLowerInvariant()] = 'http://127.0.0.1:9'
    }
    $script:ChildEnvironment['NO_PROXY'] = $script:ChildEnvironment['no_proxy'] = '127.0.0.1,localhost,::1'

    # The real user's state, to show afterwards that the test left it alone.
    $script:RealStore = Join-Path ([Environment]::GetFolderPath('LocalApplicationData')) 'PSResourceGet/PSResourceRepository.xml'
    $script:RealStoreBefore = if (Test-Path $script:RealStore) { (Get-FileHash $script:RealStore).Hash } else { 'missing' }
    $script:RealUserModule = Join-Path (($env:PSModulePath -split [IO.Path]::PathSeparator)[0]) 'Hyper3D'
    $script:RealUserModuleBefore = Test-Path $script:RealUserModule

    $script:Emulator = Start-Hyper3DEmulator
}

AfterAll {
    if ($script:Emulator) { $script:Emulator | Stop-Hyper3DEmulator }
    if ($script:Work) { Remove-Item -Recurse -Force -ErrorAction SilentlyContinue $script:Work }
}

Describe 'tools/New-Package.ps1 and Install-PSResource' {
    BeforeAll {
        $script:Install = Invoke-ChildStep -Name 'package-and-install' -Parameters @{
            NewPackage     = Join-Path $script:RepoRoot 'tools/New-Package.ps1'
            ModulePath     = $script:ModuleFolder
            RepositoryPath = $script:Repository
        } -Script @'
param($NewPackage, $ModulePath, $RepositoryPath, $ResultPath)
$ErrorActionPreference = 'Stop'
$before = @(Get-PSResourceRepository | ForEach-Object Name)
$nupkg = @(& $NewPackage -ModulePath $ModulePath -RepositoryPath $RepositoryPath)
$afterPackage = @(Get-PSResourceRepository | ForEach-Object Name)

$name = 'Hyper3D-Test-' + [guid]::NewGuid().ToString('n')
Register-PSResourceRepository -Name $name -Uri $RepositoryPath -Trusted
try {
    $found = Find-PSResource -Name Hyper3D -Repository $name
    $installed = if ($IsWindows) {
        Save-PSResource -Name Hyper3D -Repository $name -TrustRepository -Path $env:HYPER3D_TEST_MODULES -PassThru
    }
    else {
        Install-PSResource -Name Hyper3D -Repository $name -TrustRepository -Scope CurrentUser -PassThru
    }
}
finally {
    Unregister-PSResourceRepository -Name $name
}
[ordered]@{
    Output               = $nupkg
    RepositoriesBefore   = $before
    RepositoriesPackaged = $afterPackage
    RepositoriesAfter    = @(Get-PSResourceRepository | ForEach-Object Name)
    FoundVersion         = "$($found.Version)"
    InstalledVersion     = "$($installed.Version)"
    InstalledLocation    = $installed.InstalledLocation
    UserModulePath       = ($env:PSModulePath -split [IO.Path]::PathSeparator)[0]
} | ConvertTo-Json -Depth 4 | Set-Content -Path $ResultPath
'@
        $script:Nupkg = Join-Path $script:Repository "Hyper3D.$script:Version.nupkg"
    }

    It 'writes Hyper3D.<version>.nupkg to the repository folder and prints its path' {
        $script:Nupkg | Should -Exist
        @($script:Install.Output) | Should -Be @($script:Nupkg)
        @(Get-ChildItem $script:Repository -Filter *.nupkg).Name | Should -Be @("Hyper3D.$script:Version.nupkg")
    }

    It 'packs the whole module: manifest, assemblies, format file, help, licence and changelog' {
        Add-Type -AssemblyName System.IO.Compression.FileSystem
        $zip = [IO.Compression.ZipFile]::OpenRead($script:Nupkg)
        try { $entries = @($zip.Entries.FullName) } finally { $zip.Dispose() }
        foreach ($file in 'Hyper3D.psd1', 'Hyper3D.dll', 'Hyper3D.Format.ps1xml', 'System.Text.Json.dll', 'en-US/Hyper3D.dll-Help.xml', 'LICENSE', 'CHANGELOG.md') {
            $entries | Should -Contain $file
        }
        $entries | Should -Not -Contain 'Hyper3D.deps.json'
    }

    It 'carries the gallery metadata from the manifest in the nuspec' {
        $zip = [IO.Compression.ZipFile]::OpenRead($script:Nupkg)
        try {
            $reader = [IO.StreamReader]::new($zip.GetEntry('Hyper3D.nuspec').Open())
            try { $nuspec = [xml]$reader.ReadToEnd() } finally { $reader.Dispose() }
        }
        finally { $zip.Dispose() }
        $metadata = $nuspec.package.metadata
        $metadata.id | Should -Be 'Hyper3D'
        $metadata.version | Should -Be $script:Version
        $metadata.projectUrl | Should -Not -BeNullOrEmpty
        $metadata.licenseUrl | Should -Not -BeNullOrEmpty
        $metadata.releaseNotes | Should -Not -BeNullOrEmpty
        $metadata.tags -split ' ' | Should -Contain 'PSModule'
    }

    It 'keeps its repositories in the temp folder''s PSResourceGet store' -Skip:$IsWindows {
        Join-Path $script:ChildEnvironment['XDG_DATA_HOME'] 'PSResourceGet/PSResourceRepository.xml' | Should -Exist
        # Nothing fell back to the current directory (a missing special folder makes .NET answer '').
        Join-Path $script:Work 'PSResourceGet' | Should -Not -Exist
        Join-Path $script:Work 'NuGet' | Should -Not -Exist
    }

    It 'unregisters its temporary repository' {
        $script:Install.RepositoriesPackaged | Should -Be $script:Install.RepositoriesBefore
        $script:Install.RepositoriesBefore | Where-Object { $_ -like 'Hyper3D-*' } | Should -BeNullOrEmpty
    }

    It 'is found and installed from the local repository, which the test then unregisters' {
        $script:Install.FoundVersion | Should -Be $script:Version
        $script:Install.InstalledVersion | Should -Be $script:Version
        $script:Install.RepositoriesAfter | Should -Be $script:Install.RepositoriesBefore
    }

    It 'installs into the temp folder, which is the child pwsh''s CurrentUser module path' -Skip:$IsWindows {
        $script:Install.InstalledLocation | Should -Be $script:Modules
        $script:Install.UserModulePath | Should -Be $script:Modules
        Join-Path $script:Modules "Hyper3D/$script:Version/Hyper3D.psd1" | Should -Exist
        Join-Path $script:Modules "Hyper3D/$script:Version/Hyper3D.dll" | Should -Exist
    }
}

Describe 'The installed module, imported by name in a fresh pwsh' {
    BeforeAll {
        $script:Imported = Invoke-ChildStep -Name 'import' -Parameters @{
            Modules = $script:Modules
            BaseUri = $script:Emulator.BaseUri
        } -Script @'
param($Modules, $BaseUri, $ResultPath)
$ErrorActionPreference = 'Stop'
$startup = $env:PSModulePath
# Only the install folder, plus pwsh's own modules (Measure-Object and friends live there).
$env:PSModulePath = $Modules + [IO.Path]::PathSeparator + (Join-Path $PSHOME 'Modules')
$available = @(Get-Module -ListAvailable -Name Hyper3D | ForEach-Object Path)
Import-Module Hyper3D
$module = Get-Module Hyper3D
$assembly = [AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -eq 'Hyper3D' }
Connect-Hyper3D -BaseUri $BaseUri
$count = (Get-Hyper3DGalleryCard -Type Featured | Measure-Object).Count
[ordered]@{
    StartupModulePath = $startup
    Available         = $available
    ModuleBase        = $module.ModuleBase
    Version           = "$($module.Version)"
    AssemblyLocations = @($assembly | ForEach-Object Location)
    Commands          = @(Get-Command -Module Hyper3D | ForEach-Object Name | Sort-Object)
    FeaturedCount     = $count
} | ConvertTo-Json -Depth 4 | Set-Content -Path $ResultPath
'@
        $script:InstalledBase = Join-Path $script:Modules "Hyper3D/$script:Version"
    }

    It 'sees one Hyper3D on its module path: the installed copy' {
        @($script:Imported.Available) | Should -Be @((Join-Path $script:InstalledBase 'Hyper3D.psd1'))
    }

    It 'starts with the temp folder as the user module path and no repository folder on it' {
        $paths = $script:Imported.StartupModulePath -split [IO.Path]::PathSeparator
        $paths[0] | Should -Be $script:Modules
        $paths | Where-Object { $_ -like "$($script:RepoRoot)*" } | Should -BeNullOrEmpty
    }

    It 'imports Hyper3D by name from the installed copy, assembly included' {
        $script:Imported.ModuleBase | Should -Be $script:InstalledBase
        $script:Imported.Version | Should -Be $script:Version
        @($script:Imported.AssemblyLocations) | Should -Be @((Join-Path $script:InstalledBase 'Hyper3D.dll'))
    }

    It 'exports every cmdlet' {
        @($script:Imported.Commands) | Should -Be @('Connect-Hyper3D', 'Disconnect-Hyper3D', 'Export-Hyper3DGalleryReport', 'Get-Hyper3DConnection', 'Get-Hyper3DGalleryCard', 'Save-Hyper3DCardMedia')
    }

    It 'connects to the emulator and lists Featured cards' {
        $script:Imported.FeaturedCount | Should -BeGreaterThan 0
    }
}

Describe 'The real user environment' {
    It 'has no repository registered or changed by the test' {
        $after = if (Test-Path $script:RealStore) { (Get-FileHash $script:RealStore).Hash } else { 'missing' }
        $after | Should -Be $script:RealStoreBefore
    }

    It 'has no Hyper3D installed into the user module path by the test' {
        Test-Path $script:RealUserModule | Should -Be $script:RealUserModuleBefore
    }
}
