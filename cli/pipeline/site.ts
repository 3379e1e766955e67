/**
 * The HTML tutorial: one page per executed notebook, in reading order, with the same look,
 * navigation on every page and code cells the reader can fold. Self-contained: no request leaves the page.
 */
import * as path from 'node:path';
import { escapeHtml } from '../../lib/notebook/html';
import { navigationHtml } from './navigation';
import { type Cell, type Notebook, type NotebookEntry, type Output, hasTag, joinText } from './notebook-file';
import { replaceFile } from './owned-folder';
import { sanitizeNotebookHtml } from './sanitize';
import { SITE_CSS, SITE_JS } from './site-assets';

// Terminal colour codes in tracebacks mean nothing in HTML.
// biome-ignore lint/suspicious/noControlCharactersInRegex: ESC is the character that starts every colour code.
const ANSI = /\u001b\[[0-9;]*m/g;

export type MarkdownRenderer = (markdown: string) => string;

/** Point links at other notebooks to their pages. */
function rewriteNotebookLinks(html: string, entries: readonly NotebookEntry[]): string {
  return html.replace(/href="([^"#]+)\.ipynb(#[^"]*)?"/g, (match, name: string, hash = '') => {
    const entry = entries.find((candidate) => candidate.name === path.basename(name));
    return entry ? `href="${entry.page}${hash}"` : match;
  });
}

/** An `<img>` of base64 image data; anything but base64 letters is dropped so it cannot leave the attribute. */
function imageHtml(type: string, base64: string): string {
  return `<img alt="plot" src="data:${type};base64,${base64.replace(/[^A-Za-z0-9+/=]/g, '')}">`;
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
  // A notebook's HTML is anyone's: only the allow-listed markup reaches the page (the lib's plots
  // and tables are in it).
  if (data['text/html']) return `<div class="html">${sanitizeNotebookHtml(joinText(data['text/html']))}</div>`;
  // An SVG shown as an image runs none of the script it may hold; inline, it would.
  if (data['image/svg+xml']) {
    const base64 = Buffer.from(joinText(data['image/svg+xml'])).toString('base64');
    return `<div class="svg">${imageHtml('image/svg+xml', base64)}</div>`;
  }
  if (data['image/png']) return imageHtml('image/png', joinText(data['image/png']));
  if (data['text/plain']) return `<pre class="stdout">${escapeHtml(joinText(data['text/plain']))}</pre>`;
  return '';
}

function renderCell(cell: Cell, markdown: MarkdownRenderer): string {
  const source = joinText(cell.source);
  if (cell.cell_type === 'markdown')
    return `<section class="markdown">${sanitizeNotebookHtml(markdown(source))}</section>`;
  if (cell.cell_type !== 'code') return '';
  const outputs = (cell.outputs ?? []).map(renderOutput).join('\n');
  const code = source.trim()
    ? '<details class="code" open><summary>code</summary>' +
      `<pre><code class="language-typescript">${escapeHtml(source)}</code></pre></details>`
    : '';
  return `${code}${outputs ? `<div class="output">${outputs}</div>` : ''}`;
}

/** Render one executed notebook as a page of the tutorial. */
export function renderPage(
  notebook: Notebook,
  entries: readonly NotebookEntry[],
  index: number,
  markdown: MarkdownRenderer,
): string {
  const entry = entries[index];
  // The notebook's own navigation cells are replaced by the site's navigation bars.
  const body = notebook.cells
    .filter((cell) => !hasTag(cell, 'nav'))
    .map((cell) => renderCell(cell, markdown))
    .join('\n');
  const pager = `<nav class="pager" aria-label="pages">${navigationHtml(entries, index)}</nav>`;
  const file = escapeHtml(path.basename(entry.file));
  const toolbar =
    '<div class="toolbar"><label><input type="checkbox" id="show-code" checked> show code</label> · ' +
    `executed notebook: <a href="${file}">${file}</a></div>`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(entry.title)} · concurrency-runbook</title>
<link rel="stylesheet" href="runbook.css">
</head>
<body>
<header class="site">${pager}${toolbar}</header>
<main>
${rewriteNotebookLinks(body, entries)}
</main>
<footer class="site">${pager}</footer>
<script src="runbook.js"></script>
</body>
</html>
`;
}

/** The markdown renderer the site uses (marked, GitHub-flavoured); its HTML is sanitized by `renderPage`. */
export async function markdownRenderer(): Promise<MarkdownRenderer> {
  const { marked } = await import('marked');
  return (text) => marked.parse(text, { async: false }) as string;
}

/**
 * Write the pages of executed notebooks (already in `siteDir`) plus the shared stylesheet and script,
 * each through a new file and a rename (a link in `siteDir` is replaced, never written through).
 * `siteDir` must exist and be the runbook's (see `claimFolder`).
 * @returns the written page paths, in reading order.
 */
export async function writeSite(
  siteDir: string,
  entries: readonly NotebookEntry[],
  executed: readonly Notebook[],
): Promise<string[]> {
  const markdown = await markdownRenderer();
  replaceFile(siteDir, 'runbook.css', SITE_CSS.trimStart());
  replaceFile(siteDir, 'runbook.js', SITE_JS.trimStart());
  return entries.map((entry, index) => {
    replaceFile(siteDir, entry.page, renderPage(executed[index], entries, index, markdown));
    return path.join(siteDir, entry.page);
  });
}
