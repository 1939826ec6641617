using System;
using System.Security.Cryptography;
using System.Text;

namespace Hyper3D.Reports
{
    /// <summary>The fixed parts of the report page: its style, its one script and the policy that allows only that script.</summary>
    internal static class ReportPage
    {
        /// <summary>
        /// Laid out as a column whose parts are placed by <c>order</c>: the summary is written after the cards
        /// (it needs all of them counted) yet shows above them.
        /// </summary>
        public const string Style = @"
*{box-sizing:border-box}
html{background:#eef1f5;color:#1d2433;font:14px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,'Noto Sans','Noto Sans CJK JP',sans-serif}
body{margin:0}
.page{display:flex;flex-direction:column;max-width:1360px;margin:0 auto;padding:0 24px 40px}
.head{order:0;margin:0 -24px;padding:28px 32px 24px;background:linear-gradient(120deg,#1f2a5a,#3b4fc4 60%,#6a5bd6);color:#fff;border-radius:0 0 18px 18px}
.head h1{margin:0 0 6px;font-size:28px;font-weight:650;letter-spacing:-.01em;white-space:pre-wrap}
.head p{margin:2px 0;color:#dfe4ff}
.head .scope{color:#fff;font-weight:500}
.summary{order:1;margin-top:-1px}
.totals{display:grid;grid-template-columns:repeat(auto-fit,minmax(170px,1fr));gap:14px;margin:20px 0 14px}
.total{background:#fff;border-radius:14px;padding:14px 18px;box-shadow:0 1px 3px rgba(20,30,60,.08)}
.total b{display:block;font-size:30px;font-weight:700;color:#24306b;font-variant-numeric:tabular-nums}
.total span{color:#5b6478;font-size:13px;text-transform:uppercase;letter-spacing:.06em}
.charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(260px,1fr));gap:14px}
.panel{background:#fff;border-radius:14px;padding:14px 16px 10px;box-shadow:0 1px 3px rgba(20,30,60,.08);margin:0}
.panel.wide{grid-column:1/-1}
.panel figcaption{font-weight:600;color:#24306b;margin-bottom:6px}
.panel figcaption small{font-weight:400;color:#6b7385;margin-left:6px}
.chart{width:100%;height:auto;display:block;overflow:visible}
.chart .bar{fill:#4c63d9}.chart .bar:hover{fill:#2b3fae}
.chart .grid{stroke:#e3e7ef;stroke-dasharray:3 3}.chart .base{stroke:#b8c0d2}
.chart text{font-size:11px;fill:#5b6478}.chart .label{font-size:12px;fill:#2a3142}.chart .value{font-size:11.5px;fill:#2a3142;font-variant-numeric:tabular-nums}
.chart .hbar{fill:#7b8ef0}
.chart .count{fill:#fff;font-size:12px;font-weight:600;pointer-events:none}.chart .count.out{fill:#2a3142}
.types .hbar{fill:#36a3a0}.steps .hbar{fill:#e39b3a}.likes .hbar{fill:#e0607e}
.tools{order:2;position:sticky;top:0;z-index:2;display:flex;flex-wrap:wrap;gap:10px;align-items:center;margin:18px -8px 10px;padding:10px 8px;background:rgba(238,241,245,.94);backdrop-filter:blur(6px)}
.tools input,.tools select{font:inherit;padding:8px 12px;border:1px solid #c9d0de;border-radius:10px;background:#fff}
.tools input{flex:1 1 260px;max-width:460px}
.tools output{color:#5b6478}
.grid{order:3;display:grid;grid-template-columns:repeat(auto-fill,minmax(188px,1fr));gap:14px}
.c{display:flex;flex-direction:column;position:relative;background:#fff;border-radius:12px;overflow:hidden;box-shadow:0 1px 3px rgba(20,30,60,.1);content-visibility:auto;contain-intrinsic-size:188px 300px}
.c[hidden]{display:none}
.p{display:block;position:relative;aspect-ratio:1/1;background:linear-gradient(135deg,hsl(var(--h) 55% 62%),hsl(calc(var(--h) + 50) 60% 42%));overflow:hidden}
.p::before{content:attr(data-type);position:absolute;inset:0;display:flex;align-items:center;justify-content:center;color:rgba(255,255,255,.9);font-size:20px;font-weight:650;letter-spacing:.04em;text-align:center;padding:12px}
.p img{position:relative;width:100%;height:100%;object-fit:cover;display:block;color:transparent}
.p img.broken{visibility:hidden}
.v{position:absolute;top:8px;right:8px;z-index:1;background:rgba(15,20,40,.78);color:#fff;border-radius:999px;padding:2px 9px;font-size:12px;text-decoration:none}
.c h3{margin:8px 10px 2px;font-size:14px;font-weight:600;line-height:1.3;display:-webkit-box;-webkit-line-clamp:2;-webkit-box-orient:vertical;overflow:hidden;white-space:pre-line;overflow-wrap:anywhere}
.c h3.none{color:#8a92a6;font-weight:400;font-style:italic}
.c p{margin:0 10px;color:#5b6478;font-size:12.5px;overflow-wrap:anywhere}
.c .by{display:flex;justify-content:space-between;gap:6px}
.c .by b{color:#2a3142;font-weight:500}
.c .likes{color:#d0435f;white-space:nowrap}
.c .when{margin-bottom:10px}
.empty{order:3;text-align:center;color:#5b6478;padding:40px}
.foot{order:4;margin-top:28px;color:#7a8296;font-size:12px;text-align:center}
@media print{.tools{display:none}.c{break-inside:avoid;content-visibility:visible}}
";

        /// <summary>
        /// Search, sort, loading pictures as they near the screen and the fallback for those that do not load;
        /// everything it reads is already in the page.
        /// </summary>
        public const string Script = @"
(function () {
  var grid = document.getElementById('grid'), tools = document.getElementById('tools');
  var search = document.getElementById('search'), order = document.getElementById('order'), shown = document.getElementById('shown');
  var cards = grid.getElementsByClassName('c'), total = cards.length, rows = null;
  // Read the cards only when the reader first searches or sorts, so opening a large report costs nothing here.
  function load() {
    if (!rows) {
      rows = Array.prototype.map.call(cards, function (c, i) {
        return { card: c, index: i, text: (c.textContent + ' ' + c.title + ' ' + c.firstElementChild.getAttribute('data-type')).toLowerCase(), time: +c.getAttribute('data-t') || 0,
          likes: +c.getAttribute('data-l') || 0, author: (c.getAttribute('data-a') || '').toLowerCase() };
      });
    }
    return rows;
  }
  function newest(a, b) { return b.time - a.time || a.index - b.index; }
  var orders = {
    listed: function (a, b) { return a.index - b.index; },
    newest: newest,
    likes: function (a, b) { return b.likes - a.likes || newest(a, b); },
    author: function (a, b) { return a.author < b.author ? -1 : a.author > b.author ? 1 : newest(a, b); }
  };
  function count(n) {
    shown.value = n === total ? total.toLocaleString('en') + (total === 1 ? ' card' : ' cards') : n.toLocaleString('en') + ' of ' + total.toLocaleString('en') + ' cards';
  }
  function filter() {
    var words = search.value.toLowerCase().split(/\s+/).filter(Boolean), n = 0;
    load().forEach(function (r) {
      var match = words.every(function (w) { return r.text.indexOf(w) >= 0; });
      if (r.card.hidden === match) { r.card.hidden = !match; }
      if (match) { n++; }
    });
    count(n);
  }
  function sort() {
    var fragment = document.createDocumentFragment();
    load().slice().sort(orders[order.value] || orders.listed).forEach(function (r) { fragment.appendChild(r.card); });
    grid.appendChild(fragment);
  }
  function broken(img) { img.classList.add('broken'); }
  document.addEventListener('error', function (e) { if (e.target && e.target.tagName === 'IMG') { broken(e.target); } }, true);
  Array.prototype.forEach.call(grid.querySelectorAll('img[src]'), function (img) { if (img.complete && img.naturalWidth === 0) { broken(img); } });
  function show(img) { img.src = img.getAttribute('data-src'); img.removeAttribute('data-src'); }
  function waiting() { return grid.querySelectorAll('img[data-src]'); }
  if ('oncontentvisibilityautostatechange' in grid) {
    // The browser already tracks which cards are near the screen (content-visibility): no observer per card.
    grid.addEventListener('contentvisibilityautostatechange', function (e) {
      var img = !e.skipped && e.target.querySelector('img[data-src]');
      if (img) { show(img); }
    }, true);
  } else if (window.IntersectionObserver) {
    var watcher = new IntersectionObserver(function (entries) {
      entries.forEach(function (e) {
        if (e.isIntersecting) { watcher.unobserve(e.target); show(e.target.querySelector('img[data-src]')); }
      });
    }, { rootMargin: '800px 0px' });
    Array.prototype.forEach.call(waiting(), function (img) { watcher.observe(img.parentNode.parentNode); });
  } else {
    Array.prototype.forEach.call(waiting(), show);
  }
  search.addEventListener('input', filter);
  order.addEventListener('change', sort);
  count(total);
  tools.hidden = false;
})();
";

        /// <summary>
        /// Nothing but the page's own script runs (its hash, no inline handlers, nothing from elsewhere), it may
        /// fetch nothing, and pictures and videos come from the web or from files beside the report.
        /// </summary>
        public static readonly string ContentSecurityPolicy =
            "default-src 'none'; script-src 'sha256-" + Hash(Script) + "'; style-src 'unsafe-inline'; " +
            "img-src https: http: data: file: 'self'; media-src https: http: file: 'self'; " +
            "connect-src 'none'; base-uri 'none'; form-action 'none'; object-src 'none'";

        private static string Hash(string text)
        {
            using var sha = SHA256.Create();
            return Convert.ToBase64String(sha.ComputeHash(Encoding.UTF8.GetBytes(text)));
        }
    }
}
