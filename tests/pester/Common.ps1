# Dot-sourced by every suite: where the built module and the emulator helpers are.
$script:RepoRoot = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
$script:ModuleManifest = Join-Path $script:RepoRoot 'out/Hyper3D/Hyper3D.psd1'
Import-Module (Join-Path $script:RepoRoot 'tools/Emulator.psm1') -Force
Import-Module $script:ModuleManifest -Force

$script:DemoCredential = [pscredential]::new('demo@hyper3d.local', (ConvertTo-SecureString 'demo-password' -AsPlainText -Force))
$script:AliceCredential = [pscredential]::new('alice@hyper3d.local', (ConvertTo-SecureString 'alice-password' -AsPlainText -Force))
