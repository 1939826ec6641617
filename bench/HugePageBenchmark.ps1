# Dot-sourced by Invoke-Benchmark.ps1 (which provides Measure-PeakWorkingSet, Write-Step, Add-Target and the emulator
# helpers): -All at the default -ThrottleLimit over pages of just under 32 MiB of the smallest valid cards (emulator
# --tiny-cards, 193 bytes a card), where a budget per page rather than per byte held ahead would cost gigabytes.

function Measure-HugePages {
    param(
        [int] $Pages = 4,
        # 173,000 tiny cards make a page of 33.4 MB, just under 32 MiB.
        [int] $PageSize = 173000,
        [double] $LimitMB = 1536
    )
    # Recent hides about 4 % of the seeded cards: seed enough for the pages wanted.
    $cards = [int][math]::Ceiling($Pages * $PageSize / 0.955)
    $seedArguments = @('--cards', "$cards", '--tiny-cards', '--latency-ms', '0')
    Write-Step "Huge pages: fresh pwsh, Get-Hyper3DGalleryCard -All over --cards $cards --page-size $PageSize --tiny-cards"
    $result = Measure-PeakWorkingSet ($seedArguments + @('--page-size', "$PageSize")) $cards
    $result | Add-Member -NotePropertyName Expected -NotePropertyValue (Get-RecentCardCount $seedArguments $cards)
    $result | Add-Member -NotePropertyName PageSize -NotePropertyValue $PageSize
    $result | Add-Member -NotePropertyName LimitMB -NotePropertyValue $LimitMB
    $result
}

# How many cards Recent holds, read from the same seed served one card a page: a binary search for the last card.
function Get-RecentCardCount([string[]] $SeedArguments, [int] $SeededCards) {
    $emulator = Start-Hyper3DEmulator -ArgumentList ($SeedArguments + @('--page-size', '1'))
    try {
        $session = Connect-Hyper3D -BaseUri $emulator.BaseUri -PassThru
        $low = 0; $high = $SeededCards
        while ($low -lt $high) {
            $middle = [int][math]::Floor(($low + $high + 1) / 2)
            if (@(Get-Hyper3DGalleryCard -Page ($middle - 1) -Session $session).Count -gt 0) { $low = $middle } else { $high = $middle - 1 }
        }
        Disconnect-Hyper3D -Session $session
        $low
    }
    finally { $emulator | Stop-Hyper3DEmulator }
}

function Add-HugePageReport($Result, $Lines) {
    $Lines.Add(('| Peak working set, -All over {0:N0} cards in pages of {1:N0} tiny cards (just under 32 MiB; {2:N0} of {3:N0} listed, {4:0.0} s) | {5} MB |' -f
            $Result.SeededCards, $Result.PageSize, $Result.Listed, $Result.Expected, $Result.Seconds, (Format-Number $Result.PeakMB '0.0')))
}

function Add-HugePageTargets($Result) {
    Add-Target ('Pages of {0:N0} tiny cards: peak working set under {1:N0} MB' -f $Result.PageSize, $Result.LimitMB) ($Result.PeakMB -lt $Result.LimitMB) ('{0} MB' -f (Format-Number $Result.PeakMB '0.0'))
    Add-Target 'Pages of tiny cards: every card listed' ($Result.Listed -eq $Result.Expected) ('{0:N0} of {1:N0}' -f $Result.Listed, $Result.Expected)
}
