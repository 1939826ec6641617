# Export-Hyper3DGalleryReport, checked in a real browser: headless Chromium renders the reports (of the
# emulator's gallery, of pictures saved beside the report, of hostile cards) and the checks read what a person
# would see from the rendered page. Without Chromium this suite fails: it does not skip.

BeforeAll {
    . $PSScriptRoot/Common.ps1
    Import-Module (Join-Path $script:RepoRoot 'tools/Chromium.psm1') -Force
    $script:Chromium = Get-ChromiumPath

    $script:Emulator = Start-Hyper3DEmulator -ArgumentList @('--cards', '240')
    Connect-Hyper3D -BaseUri $script:Emulator.BaseUri
    $script:Cards = @(Get-Hyper3DGalleryCard -All)
    $script:Work = Join-Path ([IO.Path]::GetTempPath()) ('hyper3d-report-test-' + [guid]::NewGuid().ToString('n'))
    New-Item -ItemType Directory -Path $script:Work | Out-Null

    # An 8 x 8 PNG, a real picture a browser decodes.
    $script:PngBytes = [Convert]::FromBase64String('iVBORw0KGgoAAAANSUhEUgAAAAgAAAAICAIAAABLbSncAAAAEUlEQVR4nGM4YROFFTEMLQkATEZXgWfmY7oAAAAASUVORK5CYII=')

    # A card made here, as a script would build one; the author is set in whichever shape the card has.
    function New-ReportCard {
        param([string] $TaskUuid, [string] $Title, [string] $Author = 'tester', [string] $Prompt, [string] $ImageUrl,
            [string] $VideoUrl, [string] $Type = 'Rodin', [string] $Step = 'ModelRefine', [int] $NumLike)
        $card = [Hyper3D.Model.GalleryCard]::new()
        $card.TaskUuid = $TaskUuid
        $card.Title = $Title
        $card.Prompt = $Prompt
        $card.ImageUrl = $ImageUrl
        $card.VideoUrl = $VideoUrl
        $card.Type = $Type
        $card.Step = $Step
        $card.NumLike = $NumLike
        $card.AuthorInfo = [Hyper3D.Model.GalleryUser]@{ Username = $Author }
        $card
    }

    # What a reader's search for these words should leave: cards whose title, author or prompt hold every word.
    function Get-ExpectedMatch([object[]] $Cards, [string] $Query) {
        $words = @($Query.ToLowerInvariant() -split '\s+' | Where-Object { $_ })
        @($Cards | Where-Object {
                $text = "$($_.Title) $($_.Author) $($_.Prompt)".ToLowerInvariant()
                -not ($words | Where-Object { -not $text.Contains($_) })
            })
    }

    function N([double] $Number) { $Number.ToString('N0', [cultureinfo]::InvariantCulture) }

    $script:Report = Join-Path $script:Work 'gallery/report.html'
    New-Item -ItemType Directory -Path (Split-Path $script:Report) | Out-Null
    $script:File = $script:Cards | Export-Hyper3DGalleryReport -Path $script:Report -Title 'Emulator gallery' -Description 'Recent, every page' -PassThru
    $script:Html = Get-Content -Raw -LiteralPath $script:Report

    # What the page shows once loaded, and what its search box and sort order do.
    $script:Rendered = Invoke-ChromiumFrameProbe -PagePath $script:Report -Probe @'
        function text(selector) { var e = doc.querySelector(selector); return e ? e.textContent : null; }
        function visible() { return Array.prototype.filter.call(doc.querySelectorAll('#grid .c'), function (c) { return !c.hidden && win.getComputedStyle(c).display !== 'none'; }); }
        function search(words) {
            var box = doc.getElementById('search');
            box.value = words;
            box.dispatchEvent(new win.Event('input', { bubbles: true }));
            return { shown: visible().length, counter: doc.getElementById('shown').value };
        }
        function sortBy(value) {
            var select = doc.getElementById('order');
            select.value = value;
            select.dispatchEvent(new win.Event('change', { bubbles: true }));
            return Array.prototype.map.call(doc.querySelectorAll('#grid .c'), function (c) {
                return { likes: +c.getAttribute('data-l'), time: +c.getAttribute('data-t'), author: c.getAttribute('data-a') };
            });
        }
        var result = {
            title: doc.title,
            heading: text('.head h1'),
            scope: text('.head .scope'),
            cards: doc.querySelectorAll('#grid .c').length,
            visibleCards: visible().length,
            counter: doc.getElementById('shown').value,
            toolsShown: !doc.getElementById('tools').hidden,
            summaryAboveGrid: doc.getElementById('summary').getBoundingClientRect().top < doc.getElementById('grid').getBoundingClientRect().top,
            activityBars: doc.querySelectorAll('#activity svg rect.bar').length,
            typeRows: doc.querySelectorAll('#types svg rect.hbar').length,
            stepRows: doc.querySelectorAll('#steps svg rect.hbar').length,
            authorRows: doc.querySelectorAll('#authors svg rect.hbar').length,
            likeRows: doc.querySelectorAll('#likes svg rect.hbar').length,
            totals: { cards: text('#total-cards b'), authors: text('#total-authors b'), likes: text('#total-likes b'), videos: text('#total-videos b') },
            titles: Array.prototype.map.call(doc.querySelectorAll('#grid .c h3'), function (h) { return h.textContent; }),
            videoBadges: doc.querySelectorAll('#grid .c a.v').length,
            scripts: doc.scripts.length,
            firstCardHeight: doc.querySelector('#grid .c').getBoundingClientRect().height
        };
        // Pictures far down the sheet are asked for only when they come near the screen.
        var pictures = doc.querySelectorAll('#grid .c img'), last = pictures[pictures.length - 1];
        function source(img) { return { src: img.getAttribute('src'), waiting: img.getAttribute('data-src') }; }
        result.pictures = pictures.length;
        result.firstPicture = source(pictures[0]);
        result.lastPictureAtFirst = source(last);
        last.scrollIntoView();
        win.setTimeout(function () {
            result.lastPictureScrolledTo = source(last);
            result.dragon = search('\u30c9\u30e9\u30b4\u30f3');
            result.stoneGolem = search('STONE golem');
            result.nothing = search('no-card-says-this');
            result.cleared = search('');
            result.byLikes = sortBy('likes');
            result.byAuthor = sortBy('author');
            result.byNewest = sortBy('newest');
            done(result);
        }, 500);
'@
}

AfterAll {
    try { Disconnect-Hyper3D }
    finally {
        $script:Emulator | Stop-Hyper3DEmulator
        Remove-Item -Recurse -Force -ErrorAction SilentlyContinue $script:Work
    }
}

Describe 'A report of the emulator''s gallery' {
    It 'is one .html file, written with -PassThru as its FileInfo' {
        $script:Cards.Count | Should -BeGreaterThan 200
        $script:File | Should -BeOfType ([IO.FileInfo])
        $script:File.FullName | Should -Be (Get-Item -LiteralPath $script:Report).FullName
        @(Get-ChildItem -LiteralPath (Split-Path $script:Report) -Force).Name | Should -Be @('report.html')
    }

    It 'shows the title, the description and every card in the grid, in the order they came' {
        $script:Rendered.title | Should -BeExactly 'Emulator gallery'
        $script:Rendered.heading | Should -BeExactly 'Emulator gallery'
        $script:Rendered.scope | Should -BeExactly 'Recent, every page'
        $script:Rendered.cards | Should -Be $script:Cards.Count
        $script:Rendered.visibleCards | Should -Be $script:Cards.Count
        $script:Rendered.counter | Should -BeExactly "$(N $script:Cards.Count) cards"
        $script:Rendered.toolsShown | Should -BeTrue
        $script:Rendered.firstCardHeight | Should -BeGreaterThan 150
        $expected = @($script:Cards | ForEach-Object { if ([string]::IsNullOrWhiteSpace($_.Title)) { 'Untitled' } else { $_.Title.Trim() } })
        $script:Rendered.titles | Should -Be $expected
        $script:Rendered.titles | Should -Contain "Caf$([char]0xE9) `"Rodin`", v2`nline two"
        $script:Rendered.videoBadges | Should -Be @($script:Cards | Where-Object VideoUrl).Count
    }

    It 'shows the pictures at the top at once and asks for the others only as they come near the screen' {
        $withPicture = @($script:Cards | Where-Object { $_.ImageUrl -match '^https?://' })
        $script:Rendered.pictures | Should -Be $withPicture.Count
        $script:Rendered.firstPicture.src | Should -BeExactly $withPicture[0].ImageUrl
        $script:Rendered.lastPictureAtFirst.src | Should -BeNullOrEmpty
        $script:Rendered.lastPictureAtFirst.waiting | Should -BeExactly $withPicture[-1].ImageUrl
        $script:Rendered.lastPictureScrolledTo.src | Should -BeExactly $withPicture[-1].ImageUrl
        $script:Rendered.lastPictureScrolledTo.waiting | Should -BeNullOrEmpty
    }

    It 'puts the totals and charts above the grid, with a bar per day from the first card''s day to the last''s' {
        $script:Rendered.summaryAboveGrid | Should -BeTrue
        $days = @($script:Cards | ForEach-Object { ([datetimeoffset]$_.Time).LocalDateTime.Date } | Sort-Object -Unique)
        $days.Count | Should -BeGreaterThan 0
        $script:Rendered.activityBars | Should -Be ((($days[-1] - $days[0]).Days) + 1)
        $script:Rendered.totals.cards | Should -BeExactly (N $script:Cards.Count)
        $script:Rendered.totals.authors | Should -BeExactly (N @($script:Cards | ForEach-Object { "$($_.Author)" } | Sort-Object -Unique -CaseSensitive).Count)
        $script:Rendered.totals.likes | Should -BeExactly (N ($script:Cards | Measure-Object NumLike -Sum).Sum)
        $script:Rendered.totals.videos | Should -BeExactly (N @($script:Cards | Where-Object VideoUrl).Count)
        $script:Rendered.typeRows | Should -Be ([Math]::Min(8, @($script:Cards.Type | Sort-Object -Unique -CaseSensitive).Count))
        $script:Rendered.stepRows | Should -Be ([Math]::Min(8, @($script:Cards.Step | Sort-Object -Unique -CaseSensitive).Count))
        $script:Rendered.authorRows | Should -Be $script:Rendered.likeRows
        $script:Rendered.authorRows | Should -BeGreaterThan 1
    }

    It 'filters the grid as words are typed into the search box, every word matching, and shows all again when cleared' {
        $dragon = Get-ExpectedMatch $script:Cards ([string]::new([char[]](0x30C9, 0x30E9, 0x30B4, 0x30F3)))
        $dragon.Count | Should -BeGreaterThan 0
        $script:Rendered.dragon.shown | Should -Be $dragon.Count
        $golem = Get-ExpectedMatch $script:Cards 'stone golem'
        $golem.Count | Should -BeGreaterThan 1
        $golem.Count | Should -BeLessThan $script:Cards.Count
        $script:Rendered.stoneGolem.shown | Should -Be $golem.Count
        $script:Rendered.stoneGolem.counter | Should -BeExactly "$(N $golem.Count) of $(N $script:Cards.Count) cards"
        $script:Rendered.nothing.shown | Should -Be 0
        $script:Rendered.cleared.shown | Should -Be $script:Cards.Count
    }

    It 'sorts by likes, by author and by time, keeping every card' {
        $likes = @($script:Rendered.byLikes.likes)
        $likes.Count | Should -Be $script:Cards.Count
        $likes | Should -Be @($script:Cards.NumLike | Sort-Object -Descending)
        $authors = @($script:Rendered.byAuthor.author | ForEach-Object { $_.ToLowerInvariant() })
        $sorted = [string[]]$authors.Clone()
        [Array]::Sort($sorted, [StringComparer]::Ordinal)
        $authors | Should -Be $sorted
        $times = @($script:Rendered.byNewest.time)
        $times | Should -Be @($times | Sort-Object -Descending)
        $times[0] | Should -Be (([datetimeoffset]($script:Cards | Sort-Object Time -Descending | Select-Object -First 1).Time).ToUnixTimeMilliseconds())
    }

    It 'renders a picture that is not blank' {
        $shot = Join-Path $script:Work 'shot/report.png'
        New-Item -ItemType Directory -Path (Split-Path $shot) | Out-Null
        Invoke-Chromium -Url ([Uri]::new($script:Report).AbsoluteUri) -ScreenshotPath $shot -Width 1280 -Height 1000 | Out-Null
        $shot | Should -Exist
        # The browser decodes its own screenshot and counts its colours and the pixels that are not background.
        $pixels = Invoke-ChromiumFrameProbe -PagePath $shot -Probe @'
            var img = doc.images[0], canvas = doc.createElement('canvas');
            canvas.width = img.naturalWidth; canvas.height = img.naturalHeight;
            var g = canvas.getContext('2d'); g.drawImage(img, 0, 0);
            var data = g.getImageData(0, 0, canvas.width, canvas.height).data, colours = {}, ink = 0, n = 0;
            for (var i = 0; i < data.length; i += 16) {
                colours[(data[i] << 16) | (data[i + 1] << 8) | data[i + 2]] = 1;
                if (Math.abs(data[i] - data[0]) + Math.abs(data[i + 1] - data[1]) + Math.abs(data[i + 2] - data[2]) > 30) { ink++; }
                n++;
            }
            done({ width: canvas.width, height: canvas.height, colours: Object.keys(colours).length, inkShare: ink / n });
'@
        $pixels.width | Should -Be 1280
        $pixels.colours | Should -BeGreaterThan 100
        $pixels.inkShare | Should -BeGreaterThan 0.2
    }

    It 'needs nothing from the internet: no stylesheet, script or font from elsewhere, only the cards'' own pictures and videos' {
        $script:Html | Should -Not -Match '<link\b|<script\b[^>]*\bsrc=|@import|url\('
        $allowed = @($script:Cards | ForEach-Object { $_.ImageUrl; $_.VideoUrl } | Where-Object { $_ })
        $addresses = @([regex]::Matches($script:Html, '\b(?:src|href)="([^"]*)"') | ForEach-Object { [Net.WebUtility]::HtmlDecode($_.Groups[1].Value) })
        $addresses.Count | Should -BeGreaterThan 0
        $addresses | Where-Object { $_ -notin $allowed } | Should -BeNullOrEmpty
        $script:Rendered.scripts | Should -Be 1
    }
}

Describe 'Pictures saved beside the report (-MediaPath)' {
    BeforeAll {
        $folder = Join-Path $script:Work 'zip me'
        $media = Join-Path $folder 'saved media'
        New-Item -ItemType Directory -Path $media -Force | Out-Null
        [IO.File]::WriteAllBytes((Join-Path $media 'aaaa-1111-image.png'), $script:PngBytes)
        # A TaskUuid unsafe as a file name: Save-Hyper3DCardMedia writes it with _ for the unsafe characters and the
        # first four bytes of its SHA-256, so that two such ids never share a file.
        $hash = [Security.Cryptography.SHA256]::HashData([Text.Encoding]::UTF8.GetBytes('bbbb:2/2'))
        $script:UnsafeStem = 'bbbb_2_2-' + (-join ($hash[0..3] | ForEach-Object { $_.ToString('x2') }))
        [IO.File]::WriteAllBytes((Join-Path $media "$script:UnsafeStem-image.png"), $script:PngBytes)
        [IO.File]::WriteAllBytes((Join-Path $media "$script:UnsafeStem-video.mp4"), [byte[]](0, 0, 0, 24))
        $cards = @(
            New-ReportCard -TaskUuid 'aaaa-1111' -Title 'Saved picture' -ImageUrl 'https://assets.example/aaaa.webp'
            New-ReportCard -TaskUuid 'bbbb:2/2' -Title 'Saved picture and video' -ImageUrl 'https://assets.example/bbbb.webp' -VideoUrl 'https://assets.example/bbbb.mp4'
            New-ReportCard -TaskUuid 'cccc-3333' -Title 'Not saved' -ImageUrl 'https://assets.example/cccc.webp'
        )
        $null = $cards | Export-Hyper3DGalleryReport -Path (Join-Path $folder 'report.html') -MediaPath $media

        # Zipped and unpacked elsewhere: the report and its folder move together.
        $script:Moved = Join-Path $script:Work 'unpacked'
        New-Item -ItemType Directory -Path $script:Moved | Out-Null
        Move-Item -LiteralPath $folder -Destination $script:Moved
        $script:Media = Invoke-ChromiumFrameProbe -PagePath (Join-Path $script:Moved 'zip me/report.html') -Probe @'
            var cards = Array.prototype.slice.call(doc.querySelectorAll('#grid .c')), tries = 0;
            function report() {
                return cards.map(function (c) {
                    var img = c.querySelector('.p img'), video = c.querySelector('a.v');
                    return { title: c.querySelector('h3').textContent, src: img && img.getAttribute('src'), lazy: img && img.getAttribute('loading'),
                        naturalWidth: img ? img.naturalWidth : -1, link: c.querySelector('a.p') && c.querySelector('a.p').getAttribute('href'),
                        video: video && video.getAttribute('href') };
                });
            }
            (function wait() {
                var pending = cards.slice(0, 2).some(function (c) { var img = c.querySelector('img'); return !img.complete; });
                if (pending && ++tries < 100) { win.setTimeout(wait, 50); } else { done(report()); }
            })();
'@
    }

    It 'shows the saved files through links relative to the report, lazy-loaded, and the pictures load' {
        $script:Media[0].src | Should -BeExactly 'saved%20media/aaaa-1111-image.png'
        $script:Media[0].link | Should -BeExactly 'saved%20media/aaaa-1111-image.png'
        $script:Media[0].lazy | Should -BeExactly 'lazy'
        $script:Media[0].naturalWidth | Should -Be 8
    }

    It 'finds the files of a TaskUuid that is unsafe as a file name, the video too' {
        $script:Media[1].src | Should -BeExactly "saved%20media/$script:UnsafeStem-image.png"
        $script:Media[1].naturalWidth | Should -Be 8
        $script:Media[1].video | Should -BeExactly "saved%20media/$script:UnsafeStem-video.mp4"
    }

    It 'falls back to the card''s ImageUrl when no file was saved' {
        $script:Media[2].title | Should -BeExactly 'Not saved'
        $script:Media[2].src | Should -BeExactly 'https://assets.example/cccc.webp'
        $script:Media[2].video | Should -BeNullOrEmpty
    }

    It 'stops with MediaPathNotFound when the folder does not exist' {
        $target = Join-Path $script:Work 'no-media.html'
        { New-ReportCard -TaskUuid 'x' -Title 'x' | Export-Hyper3DGalleryReport -Path $target -MediaPath (Join-Path $script:Work 'missing') -ErrorAction Stop } |
            Should -Throw -ErrorId 'MediaPathNotFound,Hyper3D.Commands.ExportHyper3DGalleryReportCommand'
        $target | Should -Not -Exist
    }
}

Describe 'The archive and the report together' {
    It 'links each picture Save-Hyper3DCardMedia saved, under the name it gave the file' {
        $folder = Join-Path $script:Work 'together'
        $cards = @(Get-Hyper3DGalleryCard | Where-Object ImageUrl)
        $cards.Count | Should -BeGreaterThan 10
        $saved = @($cards | Save-Hyper3DCardMedia -Path (Join-Path $folder 'archive') -Kind Image -PassThru)
        $saved.Count | Should -Be $cards.Count
        $cards | Export-Hyper3DGalleryReport -Path (Join-Path $folder 'report.html') -MediaPath (Join-Path $folder 'archive')
        $html = Get-Content -Raw -LiteralPath (Join-Path $folder 'report.html')
        $linked = @($saved | Where-Object { $html.Contains("archive/$([uri]::EscapeDataString($_.Name))") })
        $linked.Count | Should -Be $saved.Count
        $html | Should -Not -Match ([regex]::Escape($cards[0].ImageUrl))
    }
}

Describe 'Text from the server stays text' {
    BeforeAll {
        $attacker = "$($script:Emulator.Url)/api"
        $script:Hostile = @(
            New-ReportCard -TaskUuid 'x1' -Title '<img src=x onerror=alert(1)>' -Prompt "</script><script>fetch('$attacker/xss-prompt')</script>"
            New-ReportCard -TaskUuid 'x2' -Title "<script>fetch('$attacker/xss-title')</script>" -Author "`"><img src=$attacker/xss-author>" -Type "<svg onload=fetch('$attacker/xss-type')>"
            New-ReportCard -TaskUuid 'x3' -Title "`"'><img src=`"$attacker/xss-quote`">" -Step "</h3><img src=$attacker/xss-step>" -ImageUrl 'javascript:alert(1)' -VideoUrl "javascript:fetch('$attacker/xss-video')"
            New-ReportCard -TaskUuid 'x4' -Title 'Address with markup' -ImageUrl "https://assets.example/a.png`"><img src=$attacker/xss-image-url>"
        )
        Invoke-Hyper3DEmulatorControl -Emulator $script:Emulator -Action reset | Out-Null
        $script:HostileReport = Join-Path $script:Work 'hostile/report.html'
        New-Item -ItemType Directory -Path (Split-Path $script:HostileReport) | Out-Null
        $script:Hostile | Export-Hyper3DGalleryReport -Path $script:HostileReport -Title '<script>alert(1)</script>'
        $script:Seen = Invoke-ChromiumFrameProbe -PagePath $script:HostileReport -Probe @'
            win.setTimeout(function () {
                var grid = doc.getElementById('grid');
                done({
                    title: doc.title,
                    heading: doc.querySelector('.head h1').textContent,
                    titles: Array.prototype.map.call(grid.querySelectorAll('.c h3'), function (h) { return h.textContent; }),
                    prompt: grid.querySelector('.c').getAttribute('title'),
                    authors: Array.prototype.map.call(grid.querySelectorAll('.c .by b'), function (b) { return b.textContent; }),
                    injected: grid.querySelectorAll('h3 *, .by b *, .by span *, .when *:not(time), script, svg, iframe').length,
                    images: Array.prototype.map.call(grid.querySelectorAll('img'), function (i) { return i.getAttribute('src'); }),
                    scripts: doc.scripts.length,
                    javascriptLinks: doc.querySelectorAll('[href^="javascript:" i], [src^="javascript:" i]').length,
                    cards: grid.querySelectorAll('.c').length
                });
            }, 1000);
'@
    }

    It 'shows the markup in titles, authors and prompts as the characters it is' {
        $script:Seen.cards | Should -Be 4
        $script:Seen.title | Should -BeExactly '<script>alert(1)</script>'
        $script:Seen.heading | Should -BeExactly '<script>alert(1)</script>'
        $script:Seen.titles | Should -Be @($script:Hostile.Title)
        $script:Seen.prompt | Should -BeExactly $script:Hostile[0].Prompt
        $script:Seen.authors | Should -Contain "$($script:Hostile[1].Author)"
    }

    It 'runs nothing and asks for nothing: one script (the page''s own), no element made from the text, no request to the attacker' {
        $script:Seen.scripts | Should -Be 1
        $script:Seen.injected | Should -Be 0
        $script:Seen.javascriptLinks | Should -Be 0
        $script:Seen.images | Should -Not -Contain 'javascript:alert(1)'
        @(Invoke-Hyper3DEmulatorControl -Emulator $script:Emulator -Action requests | Where-Object path -Match 'xss') | Should -BeNullOrEmpty
    }

    It 'carries a Content-Security-Policy that lets only its own script run and fetch nothing' {
        $html = Get-Content -Raw -LiteralPath $script:HostileReport
        $found = $html -match '<meta http-equiv="Content-Security-Policy" content="([^"]+)"'
        $found | Should -BeTrue
        $policy = $Matches[1]
        $policy | Should -Match "default-src 'none'"
        $policy | Should -Match "script-src 'sha256-[A-Za-z0-9+/=]+';"
        $policy | Should -Match "connect-src 'none'"
        $policy | Should -Not -Match "script-src[^;]*(unsafe|https?:|\*|data:|file:)"
        $html.IndexOf('<meta http-equiv="Content-Security-Policy"') | Should -BeLessThan $html.IndexOf('<title>')
    }
}

Describe 'Writing the file' {
    BeforeAll {
        $script:Folder = Join-Path $script:Work 'writing'
        New-Item -ItemType Directory -Path $script:Folder | Out-Null
        $script:Card = New-ReportCard -TaskUuid 'w1' -Title 'A card'
    }

    It 'refuses to overwrite an existing file without -Force, and leaves it as it was' {
        $target = Join-Path $script:Folder 'exists.html'
        Set-Content -LiteralPath $target -Value 'earlier report'
        { $script:Card | Export-Hyper3DGalleryReport -Path $target -ErrorAction Stop } |
            Should -Throw -ErrorId 'ReportFileExists,Hyper3D.Commands.ExportHyper3DGalleryReportCommand'
        Get-Content -Raw -LiteralPath $target | Should -BeExactly "earlier report$([Environment]::NewLine)"
    }

    It 'overwrites it with -Force' {
        $target = Join-Path $script:Folder 'forced.html'
        Set-Content -LiteralPath $target -Value 'earlier report'
        $script:Card | Export-Hyper3DGalleryReport -Path $target -Force
        Get-Content -Raw -LiteralPath $target | Should -Match '<h3>A card</h3>'
    }

    It 'writes nothing with -WhatIf' {
        $target = Join-Path $script:Folder 'whatif.html'
        $script:Card | Export-Hyper3DGalleryReport -Path $target -WhatIf
        $target | Should -Not -Exist
    }

    It 'keeps the earlier report, and leaves no partial file, when the listing fails half-way' {
        $target = Join-Path $script:Folder 'kept.html'
        Set-Content -LiteralPath $target -Value 'earlier report'
        { & { $script:Card; throw 'The listing failed.' } | Export-Hyper3DGalleryReport -Path $target -Force } | Should -Throw 'The listing failed.'
        Get-Content -Raw -LiteralPath $target | Should -BeExactly "earlier report$([Environment]::NewLine)"
        @(Get-ChildItem -LiteralPath $script:Folder -Force -Filter '*.partial') | Should -BeNullOrEmpty
    }

    It 'writes a page that says so when no card came' {
        $target = Join-Path $script:Folder 'empty.html'
        @() | Export-Hyper3DGalleryReport -Path $target
        $target | Should -Exist
        Get-Content -Raw -LiteralPath $target | Should -Match 'No cards were given to this report'
    }

    It 'stops with ReportFolderNotFound when the folder does not exist' {
        { $script:Card | Export-Hyper3DGalleryReport -Path (Join-Path $script:Folder 'missing/report.html') -ErrorAction Stop } |
            Should -Throw -ErrorId 'ReportFolderNotFound,Hyper3D.Commands.ExportHyper3DGalleryReportCommand'
    }

    It '-Open hands the written file to the system''s opener, and warns where there is none' -Skip:(-not $IsLinux) {
        $bin = Join-Path $script:Work 'bin'
        New-Item -ItemType Directory -Path $bin | Out-Null
        $opened = Join-Path $script:Work 'opened.txt'
        Set-Content -LiteralPath (Join-Path $bin 'xdg-open') -Value "#!/bin/sh`nprintf '%s' `"`$1`" > '$opened'"
        chmod +x (Join-Path $bin 'xdg-open')
        $target = Join-Path $script:Folder 'open me.html'
        $savedPath = $env:PATH
        try {
            $env:PATH = "$bin$([IO.Path]::PathSeparator)$savedPath"
            $script:Card | Export-Hyper3DGalleryReport -Path $target -Open -WarningVariable opening -WarningAction SilentlyContinue
            $opening | Should -BeNullOrEmpty
            Wait-Until { Test-Path $opened } -Because 'the opener to run'
            Get-Content -Raw -LiteralPath $opened | Should -BeExactly $target

            $env:PATH = Join-Path $script:Work 'no-such-folder'
            $script:Card | Export-Hyper3DGalleryReport -Path $target -Force -Open -WarningVariable none -WarningAction SilentlyContinue
            "$none" | Should -Match 'no program to open'
        }
        finally { $env:PATH = $savedPath }
    }
}
