@{
    RootModule             = 'Hyper3D.dll'
    ModuleVersion          = '0.1.0'
    GUID                   = '4b0f3c55-9a53-4d51-a3f4-1f6a3c2e7d10'
    Author                 = 'Hyper3D module team'
    CompanyName            = 'Hyper3D module team'
    Copyright              = '(c) Hyper3D module team. MIT licence.'
    Description            = 'Sign in to the Hyper3D / HyperHuman API (cloud or on-premises) and list gallery cards as typed objects: every filter, fast -All paging, retries on a flaky network.'
    PowerShellVersion      = '5.1'
    CompatiblePSEditions   = @('Desktop', 'Core')
    DotNetFrameworkVersion = '4.7.2'
    FormatsToProcess       = @('Hyper3D.Format.ps1xml')
    CmdletsToExport        = @(
        'Connect-Hyper3D'
        'Disconnect-Hyper3D'
        'Export-Hyper3DGalleryReport'
        'Get-Hyper3DConnection'
        'Get-Hyper3DGalleryCard'
        'Save-Hyper3DCardMedia'
    )
    FunctionsToExport      = @()
    AliasesToExport        = @()
    VariablesToExport      = @()
    PrivateData            = @{
        PSData = @{
            Tags         = @('Hyper3D', 'HyperHuman', 'Deemos', 'Rodin', '3D', 'Gallery', 'API', 'REST', 'PSEdition_Core', 'PSEdition_Desktop', 'Windows', 'Linux', 'MacOS')
            LicenseUri   = 'https://opensource.org/licenses/MIT'
            ProjectUri   = 'https://hyperhuman.deemos.com'
            ReleaseNotes = 'First release: Connect-Hyper3D, Get-Hyper3DGalleryCard (every filter, -All in parallel), Get-Hyper3DConnection, Disconnect-Hyper3D.'
        }
    }
}
