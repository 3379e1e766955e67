/**
 * A page of the HTML tutorial rendered from a notebook someone else wrote: nothing of it runs in
 * the reader's browser.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { renderPage } from '../cli/pipeline/site';
import type { Notebook, NotebookEntry } from '../cli/pipeline/notebook-file';
import { htmlTable, plotHtml } from '../lib';

const SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><path d="M0,0L10,10"/></svg>';
const entries: NotebookEntry[] = [
  {
    file: '/n/01-Hostile.ipynb',
    name: '01-Hostile',
    title: 'Hostile',
    summary: 'A notebook.',
    page: '01-Hostile.html',
  },
];

function page(notebook: Notebook): string {
  // marked is ESM-only and its default renderer passes raw HTML through: the page must clean it.
  const markdown = (text: string) => text.replace(/^# (.*)$/m, '<h1>$1</h1>');
  return renderPage(notebook, entries, 0, markdown);
}

/** The page's `<main>`: the notebook's part (the site's own runbook.js is loaded after it). */
const mainOf = (html: string) => html.slice(html.indexOf('<main>'), html.indexOf('</main>'));

test('notebook <script>, onerror= and javascript: in markdown or HTML outputs are dropped; plots, tables stay', () => {
  const hostile = '<script>steal()</script><img src="x.png" onerror="steal()"><a href="javascript:steal()">link</a>';
  const notebook: Notebook = {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: {},
    cells: [
      { cell_type: 'markdown', metadata: {}, source: `# Hostile\n\n${hostile}\n` },
      {
        cell_type: 'code',
        metadata: {},
        source: 'show()',
        outputs: [
          { output_type: 'display_data', data: { 'text/html': `<div>${hostile}</div>` } },
          { output_type: 'display_data', data: { 'text/html': plotHtml(SVG, 'Wall time') } },
          { output_type: 'display_data', data: { 'text/html': htmlTable([{ workers: 2, ms: 41.5 }]) } },
          {
            output_type: 'display_data',
            data: { 'image/svg+xml': SVG.replace('<path', '<script>steal()</script><path') },
          },
          { output_type: 'display_data', data: { 'image/png': 'iVBORw0K"><script>steal()</script>' } },
        ],
      },
    ],
  };
  const html = mainOf(page(notebook));
  assert.not.match(html, /<script|steal\(|onerror|javascript:/i);
  assert.match(html, '<h1>Hostile</h1>');
  assert.match(
    html,
    new RegExp(
      /<figure class="runbook-plot" aria-label="Wall time">/.source +
        /<img alt="Wall time" src="data:image\/svg\+xml;base64,[A-Za-z0-9+/=]+" \/><\/figure>/.source,
    ),
  );
  assert.match(html, '<table class="runbook-table"><thead><tr><th>workers</th><th>ms</th></tr></thead>');
  // An SVG output is shown as an image of itself, where its script cannot run.
  assert.match(html, /<div class="svg"><img alt="plot" src="data:image\/svg\+xml;base64,/);
  // A PNG output's data cannot leave its attribute.
  assert.match(html, /<img alt="plot" src="data:image\/png;base64,[A-Za-z0-9+/=]*">/);
  assert.match(page(notebook), '<script src="runbook.js"></script>', "the site's own script stays");
});

test.run();
