# Dot-sourced by the suites that compare the module's output with what the emulator should answer.
# The expectations are computed here, in PowerShell, from GET /_emulator/dataset and the data rules of
# src/Hyper3D.Emulator/README.md ("Data"), independently of both the module and the emulator's own code.

function Get-TestDataset {
    # The whole seeded dataset. Read as text and parsed with -DateKind String so `time` stays exactly what
    # the server sends (Invoke-RestMethod would turn it into a DateTime).
    param([Parameter(Mandatory)] $Emulator)
    $response = Invoke-WebRequest -Uri "$($Emulator.Url)/_emulator/dataset" -SkipCertificateCheck
    $response.Content | ConvertFrom-Json -DateKind String
}

function Get-TestGroupUuid {
    param([Parameter(Mandatory)] $Dataset, [Parameter(Mandatory)] [string] $Name)
    $group = @($Dataset.groups | Where-Object { $_.name -ceq $Name })
    if ($group.Count -ne 1) { throw "The dataset has $($group.Count) groups named '$Name'." }
    $group[0].uuid
}

function Get-ExpectedCard {
    # Every card a listing should yield, in Recent order (the dataset's order), by the README's rules;
    # add -Page for one page. $Caller is the signed-in account's email (none: anonymous).
    # Returns the array as one object: $expected = Get-ExpectedCard ...; $expected.Count.
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)] $Dataset,
        [string] $Caller,
        [ValidateSet('Recent', 'Featured', 'Story', 'Mine', 'Group')] [string] $Type = 'Recent',
        [ValidateSet('', 'All', 'Generated', 'Liked', 'Packing', 'Packed')] [string] $Status,
        [string] $TaskType,
        [string[]] $Step = @(),
        [string] $GroupUuid,
        [int[]] $TagId = @(),
        [Nullable[bool]] $IsHidden,
        [Nullable[int]] $Page
    )
    $liked = [System.Collections.Generic.HashSet[string]]::new([StringComparer]::Ordinal)
    if ($Caller) {
        $user = @($Dataset.users | Where-Object { $_.email -eq $Caller })
        if ($user.Count -ne 1) { throw "The dataset has no user '$Caller'." }
        foreach ($uuid in @($user[0].liked)) { [void]$liked.Add($uuid) }
    }
    # Tag ids outside 1..8 match nothing; an empty list is no filter.
    $tags = @($TagId | Where-Object { $_ -ge 1 -and $_ -le 8 })
    $all = [System.Collections.Generic.List[object]]::new()
    foreach ($card in $Dataset.cards) {
        $owned = [bool]$Caller -and ($card._owner_email -eq $Caller)
        # The gallery.
        if ($Type -eq 'Featured' -and $card._featured -ne $true) { continue }
        if ($Type -eq 'Story' -and $card._story -ne $true) { continue }
        if ($Type -eq 'Mine' -and -not $owned) { continue }
        if ($Type -eq 'Group' -and -not ($GroupUuid -and $card._group_uuid -ceq $GroupUuid)) { continue }
        # Hidden cards are left out unless is_hidden is sent; with it, only cards whose is_hidden equals it.
        $hidden = $card.is_hidden -eq $true
        if ($null -eq $IsHidden) { if ($hidden) { continue } }
        elseif ($hidden -ne [bool]$IsHidden) { continue }
        # user_type.
        if ($Status -eq 'Generated' -and -not $owned) { continue }
        if ($Status -eq 'Liked' -and -not $liked.Contains([string]$card.task_uuid)) { continue }
        if ($Status -eq 'Packing' -and -not ($owned -and $card._pack_state -ceq 'packing')) { continue }
        if ($Status -eq 'Packed' -and -not ($owned -and $card._pack_state -ceq 'packed')) { continue }
        # task_type, task_step (any of), tag_ids (any of).
        if ($TaskType -and -not ($card.type -ceq $TaskType)) { continue }
        if ($Step.Count -gt 0 -and -not ($Step -ccontains $card.step)) { continue }
        if ($TagId.Count -gt 0) {
            $match = $false
            foreach ($id in @($card._tag_ids)) { if ($tags -contains $id) { $match = $true; break } }
            if (-not $match) { continue }
        }
        $all.Add($card)
    }
    $all = $all.ToArray()
    if ($null -ne $Page) {
        $size = [int]$Dataset.page_size
        $start = [int]$Page * $size
        if ($start -ge $all.Count) { return , @() }
        return , @($all[$start..([Math]::Min($all.Count, $start + $size) - 1)])
    }
    return , $all
}

function Get-ApiRequest {
    # The /api requests the emulator logged since its last reset, in arrival order, optionally one path only.
    # Wrap calls in @(...): like any command it writes the requests one by one.
    param([Parameter(Mandatory)] $Emulator, [string] $Path)
    # ForEach-Object unrolls the log whether the control helper hands it over as one array or item by item.
    $log = @(Invoke-Hyper3DEmulatorControl -Emulator $Emulator -Action requests | ForEach-Object { $_ })
    $log = @($log | Where-Object { $_ -and $_.path -like '/api/*' } | Sort-Object n)
    if ($Path) { $log = @($log | Where-Object path -eq $Path) }
    $log
}

function Get-SessionSecret {
    # The token a session really holds (internal state, read by reflection) so tests can prove it is never shown.
    param([Parameter(Mandatory)] $Session)
    $flags = [Reflection.BindingFlags]'Instance, NonPublic, Public'
    $client = $Session.GetType().GetProperty('Client', $flags).GetValue($Session)
    $client.GetType().GetField('_token', $flags).GetValue($client)
}
