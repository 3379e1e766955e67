/**
 * Notebook HTML on the site: scripts, handlers, javascript: links, frames and forms go; the
 * runbook's own output stays.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { finding, htmlTable, plotHtml } from '../lib';
import { sanitizeNotebookHtml } from '../cli/pipeline/sanitize';

const SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><path d="M0,0L10,10"/></svg>';

test('scripts, event handlers and javascript: URLs go, however they are spelled', () => {
  const html = sanitizeNotebookHtml(
    [
      '<p onclick="steal()">text<script>steal()</script></p>',
      '<img src="x.png" onerror="steal()"><a href="javascript:steal()">a</a><a href="java&#x09;script:steal()">b</a>',
      '<a href="JaVaScRiPt:steal()">c</a><svg onload="steal()"><script>steal()</script></svg>',
      '<details ontoggle="steal()" open><summary>s</summary></details>',
    ].join(''),
  );
  assert.not.match(html, /script|steal|onerror|onclick|onload|ontoggle|<svg/i);
  assert.match(html, '<p>text</p>');
  assert.match(html, '<a>a</a><a>b</a><a>c</a>');
});

test('frames, forms, styles that load, remote and non-image data images go', () => {
  const html = sanitizeNotebookHtml(
    [
      '<iframe src="https://example.org"></iframe><form action="/x"><input name="a"><button>go</button></form>',
      '<object data="x.swf"></object><embed src="x"><base href="https://example.org"><meta http-equiv="refresh" ' +
        'content="0">',
      '<style>body { display: none }</style><p style="background: url(https://example.org/x.png); color: red">p</p>',
      '<img src="https://example.org/beacon.png"><img src="data:text/html;base64,PHNjcmlwdD4=">',
      '<a href="//example.org/x">protocol-relative</a>',
    ].join(''),
  );
  assert.not.match(html, /<iframe|<form|<input|<object|<embed|<base|<meta|<style|url\(|example\.org|text\/html/);
  assert.match(html, '<p style="color:red">p</p>');
});

test("the runbook's own output stays: plots, tables, findings, details, headings, code and links", () => {
  const own = [
    plotHtml(SVG, 'Wall time', { logY: true, summary: 'a: 2 points' }),
    htmlTable([{ workers: 2, ms: 41.5, note: '<b>' }]),
    finding('Waiting overlapped: 7.9× faster.', true),
    finding('Faster', false, 'slower here'),
    '<details open><summary>Expected outcome</summary><p>It <em>halves</em>.</p></details>',
    '<h2 id="speedup">Speedup <a href="#speedup">¶</a></h2>',
    '<pre><code class="language-typescript">const a = b &lt; c;</code></pre>',
    '<p><a href="https://nodejs.org/api/worker_threads.html" rel="noopener">docs</a> and <a ' +
      'href="03-CPU-Bound-Work.ipynb#speedup">03</a></p>',
    '<table><tr><th colspan="2" style="text-align:right">h</th></tr></table>',
  ];
  for (const html of own) {
    // sanitize-html writes void elements as <img … />; the markup is otherwise unchanged.
    assert.is(sanitizeNotebookHtml(html), html.replace(/<img ([^>]*[^/])>/g, '<img $1 />'), html.slice(0, 60));
  }
});

test.run();
