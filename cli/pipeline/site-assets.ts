/** The stylesheet and script every page of the HTML tutorial shares: local files, nothing from a CDN. */

export const SITE_CSS = `
:root { --ink: #1f2328; --muted: #59636e; --rule: #d1d9e0; --code-bg: #f6f8fa; --accent: #0969da; }
* { box-sizing: border-box; }
body { margin: 0; color: var(--ink); font: 16px/1.6 -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; }
header.site, footer.site { border-bottom: 1px solid var(--rule); background: #fafbfc; }
footer.site { border-top: 1px solid var(--rule); border-bottom: 0; margin-top: 3rem; }
nav.pager {
  max-width: 900px; margin: 0 auto; padding: .6rem 1rem;
  display: grid; grid-template-columns: 1fr auto 1fr; gap: 1rem; font-size: .95rem;
}
nav.pager .next { text-align: right; }
nav.pager a { color: var(--accent); text-decoration: none; }
.toolbar { max-width: 900px; margin: 0 auto; padding: 0 1rem .5rem; font-size: .85rem; color: var(--muted); }
main { max-width: 900px; margin: 0 auto; padding: 0 1rem; }
h1 { font-size: 2rem; margin-top: 1.5rem; } h2 { margin-top: 2rem; border-bottom: 1px solid var(--rule); }
a { color: var(--accent); }
code { background: var(--code-bg); padding: .1em .3em; border-radius: 4px; font-size: .9em; }
pre {
  background: var(--code-bg); padding: .7rem 1rem; overflow-x: auto;
  border-radius: 6px; font-size: .85rem; line-height: 1.45;
}
pre code { background: none; padding: 0; }
details.code { margin: .8rem 0 .2rem; }
details.code > summary { cursor: pointer; color: var(--muted); font-size: .8rem; }
.output pre { background: #fff; border-left: 3px solid var(--rule); }
.output pre.stderr, .output pre.error { border-left-color: #cf222e; color: #cf222e; }
figure.runbook-plot { margin: .5rem 0; overflow-x: auto; }
figure.runbook-plot svg, figure.runbook-plot img { max-width: 100%; height: auto; }
/* A wide table scrolls inside the column instead of widening the whole page. */
table {
  border-collapse: collapse; margin: .8rem 0; font-size: .9rem;
  display: block; max-width: 100%; overflow-x: auto;
}
th, td { border: 1px solid var(--rule); padding: .3rem .6rem; text-align: left; }
th { background: var(--code-bg); }
p.runbook-finding { border-left: 3px solid #1a7f37; padding-left: .6rem; }
p.runbook-finding-not { border-left-color: #bf8700; }
`;

/** Folds or shows every code cell; the reader's choice is kept in localStorage. */
export const SITE_JS = `
(function () {
  var key = 'runbook-show-code';
  function apply(show) {
    document.querySelectorAll('details.code').forEach(function (d) { d.open = show; });
    var box = document.getElementById('show-code');
    if (box) box.checked = show;
  }
  var stored = null;
  try { stored = localStorage.getItem(key); } catch (e) {}
  apply(stored === null ? true : stored === '1');
  var box = document.getElementById('show-code');
  if (box) box.addEventListener('change', function () {
    try { localStorage.setItem(key, box.checked ? '1' : '0'); } catch (e) {}
    apply(box.checked);
  });
})();
`;
