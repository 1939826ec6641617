# Headless Chromium for the report's browser tests and the README screenshot: one way to find and start it.

Set-StrictMode -Version Latest

function Get-ChromiumPath {
    [CmdletBinding()]
    param()
    foreach ($name in 'chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable') {
        $found = Get-Command $name -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1
        if ($found) { return $found.Source }
    }
    throw 'Chromium is not installed (looked for chromium, chromium-browser, google-chrome on PATH). On Debian: apt-get install chromium (.ci/run does this).'
}

# Runs headless Chromium once on a page and returns what it printed on stdout (the DOM with -DumpDom).
function Invoke-Chromium {
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)] [string] $Url,
        [switch] $DumpDom,
        [string] $ScreenshotPath,
        [int] $Width = 1280,
        [int] $Height = 900,
        # Lets a wrapper page in a file:// folder read a report it loads in an iframe.
        [switch] $AllowFileAccess,
        # Virtual time the page may run (timers, lazy loads) before the DOM is dumped; 0 dumps at the load event
        # with the real clock (for timing).
        [int] $BudgetMs = 5000,
        [int] $TimeoutSec = 120
    )
    $profile = Join-Path ([IO.Path]::GetTempPath()) ('hyper3d-chromium-' + [guid]::NewGuid().ToString('n'))
    New-Item -ItemType Directory -Path $profile | Out-Null
    # Without the background-networking flags Chromium waits on services it cannot reach from a machine offline;
    # no host name resolves, so pages reach loopback addresses only and a page never waits on a DNS timeout. The rule
    # would map the IP literal 127.0.0.1 too, where the emulator serves the pictures a report shows: it is excepted.
    $arguments = @('--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
        '--disable-background-networking', '--disable-component-update', '--disable-sync', '--hide-scrollbars',
        '--disable-dev-shm-usage', '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1', "--user-data-dir=$profile",
        "--window-size=$Width,$Height")
    if ($BudgetMs -gt 0) { $arguments += "--virtual-time-budget=$BudgetMs" }
    if ($AllowFileAccess) { $arguments += '--allow-file-access-from-files' }
    if ($DumpDom) { $arguments += '--dump-dom' }
    if ($ScreenshotPath) { $arguments += "--screenshot=$ScreenshotPath" }
    $arguments += $Url

    $start = [Diagnostics.ProcessStartInfo]::new((Get-ChromiumPath))
    foreach ($argument in $arguments) { $start.ArgumentList.Add($argument) }
    $start.RedirectStandardOutput = $true
    $start.RedirectStandardError = $true
    $start.UseShellExecute = $false
    $process = [Diagnostics.Process]::Start($start)
    try {
        $stdout = $process.StandardOutput.ReadToEndAsync()
        $stderr = $process.StandardError.ReadToEndAsync()
        if (-not $process.WaitForExit($TimeoutSec * 1000)) {
            $process.Kill($true)
            throw "Chromium did not finish within $TimeoutSec s on $Url."
        }
        $process.WaitForExit()
        if ($process.ExitCode -ne 0) {
            throw "Chromium exited with code $($process.ExitCode) on ${Url}: $($stderr.Result)"
        }
        $stdout.Result
    }
    finally {
        $process.Dispose()
        Remove-Item -Recurse -Force -ErrorAction SilentlyContinue $profile
    }
}

# Loads a page in an iframe of a wrapper page written beside it (same folder, so same origin under
# --allow-file-access-from-files) and runs $Probe there once the frame has loaded: a JavaScript function body
# that sees doc, win (the frame's document and window), loadedMs (from frame creation to its load event) and
# calls done(result). Returns the result, parsed from the wrapper's dumped DOM.
function Invoke-ChromiumFrameProbe {
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)] [string] $PagePath,
        [Parameter(Mandatory)] [string] $Probe,
        [int] $Width = 1280,
        [int] $Height = 1600,
        [int] $BudgetMs = 5000
    )
    $page = Get-Item -LiteralPath $PagePath
    $wrapper = Join-Path $page.DirectoryName ('probe-' + [guid]::NewGuid().ToString('n') + '.html')
    $source = [Uri]::EscapeDataString($page.Name)
    Set-Content -LiteralPath $wrapper -Encoding utf8NoBOM -Value @"
<!DOCTYPE html><html><head><meta charset="utf-8"></head><body><pre id="result">no result</pre>
<iframe id="frame" style="width:${Width}px;height:${Height}px;border:0"></iframe>
<script>
var frame = document.getElementById('frame'), started = performance.now();
function done(result) { document.getElementById('result').textContent = JSON.stringify(result); }
frame.addEventListener('load', function () {
  var loadedMs = performance.now() - started;
  try { (function (doc, win, loadedMs, done) { $Probe
  })(frame.contentDocument, frame.contentWindow, loadedMs, done); }
  catch (e) { done({ probeError: String(e) }); }
});
frame.src = '$source';
</script></body></html>
"@
    try {
        $dom = Invoke-Chromium -Url ([Uri]::new($wrapper).AbsoluteUri) -DumpDom -AllowFileAccess -Width ($Width + 40) -Height ($Height + 80) -BudgetMs $BudgetMs
        if ($dom -notmatch '(?s)<pre id="result">(.*?)</pre>') { throw "The probe page was not rendered: $dom" }
        $text = [Net.WebUtility]::HtmlDecode($Matches[1])
        if ($text -eq 'no result') { throw "The probe never called done() (the frame did not load, or the probe is still waiting)." }
        $result = $text | ConvertFrom-Json
        if ($result.PSObject.Properties['probeError']) { throw "The probe failed in the page: $($result.probeError)" }
        $result
    }
    finally {
        Remove-Item -LiteralPath $wrapper -ErrorAction SilentlyContinue
    }
}

Export-ModuleMember -Function Get-ChromiumPath, Invoke-Chromium, Invoke-ChromiumFrameProbe
