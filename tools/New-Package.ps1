#!/usr/bin/env pwsh
<#
.SYNOPSIS
    Packs the built module into <RepositoryPath>/<Name>.<Version>.nupkg with PSResourceGet, offline.
.DESCRIPTION
    Registers a local folder as a PSResourceGet repository under a unique temporary name, publishes the
    module folder to it with Publish-PSResource, and unregisters the repository again whatever happens.
    Nothing goes to the network: the only repository named is the local one, and the dependency check
    (which looks dependencies up in that repository) is skipped, since a staging folder never holds them.
    The module is published from a private copy in a folder named after the manifest (Publish-PSResource
    wants the folder name to match the module name), so a rebuild of the source folder meanwhile cannot
    change the package halfway through. Writes the full path of the .nupkg to the pipeline.
.EXAMPLE
    dotnet pwsh ./tools/New-Package.ps1 -ModulePath ./out/Hyper3D -RepositoryPath ./out/repository
    Then: Register-PSResourceRepository -Name Hyper3DLocal -Uri ./out/repository -Trusted;
          Install-PSResource -Name Hyper3D -Repository Hyper3DLocal
#>
[CmdletBinding()]
[OutputType([string])]
param(
    # The built module: its folder (out/Hyper3D) or its manifest (out/Hyper3D/Hyper3D.psd1).
    [Parameter(Mandatory)] [string] $ModulePath,

    # The folder the .nupkg goes to; created if missing. A package of the same name and version is replaced.
    [Parameter(Mandatory)] [string] $RepositoryPath
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

# Only the PSResourceGet that ships with pwsh 7.4+ (or a newer one installed by the user) is needed.
Import-Module Microsoft.PowerShell.PSResourceGet -ErrorAction Stop -Verbose:$false

$path = $PSCmdlet.GetUnresolvedProviderPathFromPSPath($ModulePath)
if (Test-Path -LiteralPath $path -PathType Leaf) {
    $manifest = $path
}
elseif (Test-Path -LiteralPath $path -PathType Container) {
    $named = Join-Path $path ((Split-Path -Leaf $path) + '.psd1')
    $manifests = @(Get-ChildItem -LiteralPath $path -Filter '*.psd1' -File)
    $manifest = if (Test-Path -LiteralPath $named) { $named }
    elseif ($manifests.Count -eq 1) { $manifests[0].FullName }
    else { throw "Found $($manifests.Count) module manifests in '$path'; pass the manifest itself as -ModulePath." }
}
else {
    throw "The module '$path' does not exist. Build it first: dotnet pwsh ./build.ps1 -Task Build"
}
if ([IO.Path]::GetExtension($manifest) -ne '.psd1') { throw "'$manifest' is not a module manifest (.psd1)." }

$moduleFolder = Split-Path -Parent $manifest
$moduleName = [IO.Path]::GetFileNameWithoutExtension($manifest)
# Fails with the reason (a missing RootModule, a bad field) before anything is packed.
$info = Test-ModuleManifest -Path $manifest -ErrorAction Stop -WarningAction SilentlyContinue
# NuGet's normalized form, which names the file: at least three parts, a fourth only when it is not 0.
$v = $info.Version
$version = if ($v.Revision -gt 0) { '{0}.{1}.{2}.{3}' -f $v.Major, $v.Minor, [Math]::Max($v.Build, 0), $v.Revision }
else { '{0}.{1}.{2}' -f $v.Major, $v.Minor, [Math]::Max($v.Build, 0) }
$prerelease = if ($info.PrivateData -and $info.PrivateData['PSData'] -and $info.PrivateData['PSData']['Prerelease']) { "-$($info.PrivateData['PSData']['Prerelease'])" } else { '' }

$repository = $PSCmdlet.GetUnresolvedProviderPathFromPSPath($RepositoryPath)
New-Item -ItemType Directory -Force -Path $repository | Out-Null
$nupkg = Join-Path $repository "$moduleName.$version$prerelease.nupkg"
Remove-Item -LiteralPath $nupkg -Force -ErrorAction SilentlyContinue

$staging = Join-Path ([IO.Path]::GetTempPath()) ("hyper3d-package-" + [guid]::NewGuid().ToString('n'))
$repositoryName = "$moduleName-Package-" + [guid]::NewGuid().ToString('n')
$registered = $false
try {
    $stagedModule = Join-Path $staging $moduleName
    New-Item -ItemType Directory -Force -Path $stagedModule | Out-Null
    # Build leftovers that are no part of a binary module's payload.
    Get-ChildItem -LiteralPath $moduleFolder -Force |
        Where-Object { $_.Name -notlike '*.deps.json' -and $_.Name -notlike '*.nupkg' } |
        Copy-Item -Destination $stagedModule -Recurse -Force

    Register-PSResourceRepository -Name $repositoryName -Uri $repository -Trusted -ErrorAction Stop
    $registered = $true
    Write-Verbose "Registered the temporary repository '$repositoryName' at '$repository'."

    Publish-PSResource -Path $stagedModule -Repository $repositoryName -SkipDependenciesCheck -ErrorAction Stop
}
finally {
    if ($registered) {
        Unregister-PSResourceRepository -Name $repositoryName -ErrorAction Continue
        Write-Verbose "Unregistered the temporary repository '$repositoryName'."
    }
    Remove-Item -LiteralPath $staging -Recurse -Force -ErrorAction SilentlyContinue
}

if (-not (Test-Path -LiteralPath $nupkg)) {
    $found = (Get-ChildItem -LiteralPath $repository -Filter '*.nupkg' | ForEach-Object Name) -join ', '
    throw "Publish-PSResource reported success but '$nupkg' is not there (found: $found)."
}
Write-Verbose "Packed $moduleName $version$prerelease from '$moduleFolder'."
$nupkg
