# Dot-sourced by the benchmarks: the statistics and machine facts they all report the same way.

function Get-Median([double[]] $Values) {
    $sorted = @($Values | Sort-Object)
    $n = $sorted.Count
    if ($n -eq 0) { return [double]::NaN }
    if ($n % 2) { return [double]$sorted[($n - 1) / 2] }
    return ([double]$sorted[$n / 2 - 1] + [double]$sorted[$n / 2]) / 2
}

function Get-LoadAverage {
    if (Test-Path /proc/loadavg) { return ((Get-Content -Raw /proc/loadavg).Split(' ')[0..2] -join ' ') }
    return 'n/a'
}
