/**
 * The HTML tutorial: one page per executed notebook, in reading order, with the same look,
 * navigation on every page and code cells the reader can fold. Self-contained: no request leaves the page.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { escapeHtml } from '../../lib/notebook/html';
import { navigationHtml } from './navigation';
import { Cell, Notebook, NotebookEntry, Output, hasTag, joinText } from './notebook-file';
import { SITE_CSS, SITE_JS } from './site-assets';

// Terminal colour codes in tracebacks mean nothing in HTML.
const ANSI = /\u001b\[[0-9;]*m/g;

type MarkdownRenderer = (markdown: string) => string;

/** Point links at other notebooks to their pages. */
function rewriteNotebookLinks(html: string, entries: readonly NotebookEntry[]): string {
  return html.replace(/href="([^"#]+)\.ipynb(#[^"]*)?"/g, (match, name: string, hash = '') => {
    const entry = entries.find((candidate) => candidate.name === path.basename(name));
    return entry ? `href="${entry.page}${hash}"` : match;
  });
}

function renderOutput(output: Output): string {
  if (output.output_type === 'stream') {
    return `<pre class="${output.name === 'stderr' ? 'stderr' : 'stdout'}">${escapeHtml(joinText(output.text))}</pre>`;
  }
  if (output.output_type === 'error') {
    const trace = (output.traceback ?? [`${output.ename}: ${output.evalue}`]).join('\n').replace(ANSI, '');
    return `<pre class="error">${escapeHtml(trace)}</pre>`;
  }
  const data = output.data ?? {};
  // Rich HTML comes from the runbook's own lib, which escapes any outside text it embeds.
  if (data['text/html']) return `<div class="html">${joinText(data['text/html'])}</div>`;
  if (data['image/svg+xml']) return `<div class="svg">${joinText(data['image/svg+xml'])}</div>`;
  if (data['image/png']) return `<img alt="plot" src="data:image/png;base64,${joinText(data['image/png']).trim()}">`;
  if (data['text/plain']) return `<pre class="stdout">${escapeHtml(joinText(data['text/plain']))}</pre>`;
  return '';
}

function renderCell(cell: Cell, markdown: MarkdownRenderer): string {
  const source = joinText(cell.source);
  if (cell.cell_type === 'markdown') return `<section class="markdown">${markdown(source)}</section>`;
  if (cell.cell_type !== 'code') return '';
  const outputs = (cell.outputs ?? []).map(renderOutput).join('\n');
  const code = source.trim() ? `<details class="code" open><summary>code</summary><pre><code class="language-typescript">${escapeHtml(source)}</code></pre></details>` : '';
  return `${code}${outputs ? `<div class="output">${outputs}</div>` : ''}`;
}

/** Render one executed notebook as a page of the tutorial. */
export function renderPage(notebook: Notebook, entries: readonly NotebookEntry[], index: number, markdown: MarkdownRenderer): string {
  const entry = entries[index];
  // The notebook's own navigation cells are replaced by the site's navigation bars.
  const body = notebook.cells.filter((cell) => !hasTag(cell, 'nav')).map((cell) => renderCell(cell, markdown)).join('\n');
  const pager = `<nav class="pager" aria-label="pages">${navigationHtml(entries, index)}</nav>`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(entry.title)} · concurrency-runbook</title>
<link rel="stylesheet" href="runbook.css">
</head>
<body>
<header class="site">${pager}<div class="toolbar"><label><input type="checkbox" id="show-code" checked> show code</label> · executed notebook: <a href="${escapeHtml(path.basename(entry.file))}">${escapeHtml(path.basename(entry.file))}</a></div></header>
<main>
${rewriteNotebookLinks(body, entries)}
</main>
<footer class="site">${pager}</footer>
<script src="runbook.js"></script>
</body>
</html>
`;
}

/**
 * Write the pages of executed notebooks (already in `siteDir`) plus the shared stylesheet and script.
 * @returns the written page paths, in reading order.
 */
export async function writeSite(siteDir: string, entries: readonly NotebookEntry[], executed: readonly Notebook[]): Promise<string[]> {
  const { marked } = await import('marked');
  const markdown: MarkdownRenderer = (text) => marked.parse(text, { async: false }) as string;
  fs.mkdirSync(siteDir, { recursive: true });
  fs.writeFileSync(path.join(siteDir, 'runbook.css'), SITE_CSS.trimStart());
  fs.writeFileSync(path.join(siteDir, 'runbook.js'), SITE_JS.trimStart());
  return entries.map((entry, index) => {
    const page = path.join(siteDir, entry.page);
    fs.writeFileSync(page, renderPage(executed[index], entries, index, markdown));
    return page;
  });
}
