/**
 * Generated navigation: the `< previous | Contents | next >` lines in every notebook and the
 * contents table of the index notebook. Cells are found by their tags (`nav`, `toc`), never typed by hand.
 */
import * as path from 'node:path';
import { escapeHtml } from '../../lib/notebook/html';
import { type Cell, type NotebookEntry, hasTag, readNotebook, splitLines, writeNotebook } from './notebook-file';

const NAV_TAG = 'nav';
const TOC_TAG = 'toc';

/** The markdown navigation line of notebook `index` in `entries`, linking `.ipynb` files. */
export function navigationLine(entries: readonly NotebookEntry[], index: number): string {
  const previous = entries[index - 1];
  const next = entries[index + 1];
  const parts = [
    previous ? `[< ${previous.title}](${path.basename(previous.file)})` : '',
    index === 0 ? '' : `[Contents](${path.basename(entries[0].file)})`,
    next ? `[${next.title} >](${path.basename(next.file)})` : '',
  ];
  return parts.filter(Boolean).join(' | ');
}

/** The markdown contents table: one line per notebook after the index, with its summary. */
export function contentsTable(entries: readonly NotebookEntry[]): string {
  const lines = entries
    .slice(1)
    .map((entry) => `${entry.name.slice(0, 2)}. [${entry.title}](${path.basename(entry.file)}) — ${entry.summary}`);
  return `## Contents\n\n${lines.join('\n')}\n`;
}

/** The navigation cells above and below a notebook's body; nbformat 4.5 gives every cell an id. */
export function navigationCells(line: string): [top: Cell, bottom: Cell] {
  const cell = (id: string): Cell => ({
    cell_type: 'markdown',
    id,
    metadata: { tags: [NAV_TAG] },
    source: splitLines(line),
  });
  return [cell('nav-top'), cell('nav-bottom')];
}

/**
 * Rewrite the navigation cells (after the intro and at the end) and the index's contents cell.
 * @returns the files whose content changed.
 */
export function updateNavigation(entries: readonly NotebookEntry[]): string[] {
  const changed: string[] = [];
  entries.forEach((entry, index) => {
    const notebook = readNotebook(entry.file);
    const before = JSON.stringify(notebook.cells);
    const body = notebook.cells.filter((cell) => !hasTag(cell, NAV_TAG));
    const line = navigationLine(entries, index);
    const [top, bottom] = navigationCells(line);
    notebook.cells = [body[0], top, ...body.slice(1), bottom];
    if (index === 0) {
      const toc = notebook.cells.find((cell) => hasTag(cell, TOC_TAG));
      if (!toc) throw new Error(`${entry.file} needs a markdown cell tagged "${TOC_TAG}" for the contents`);
      toc.source = splitLines(contentsTable(entries));
    }
    if (JSON.stringify(notebook.cells) !== before) {
      writeNotebook(entry.file, notebook);
      changed.push(entry.file);
    }
  });
  return changed;
}

/** The site's navigation bar for page `index`, linking the exported HTML pages. */
export function navigationHtml(entries: readonly NotebookEntry[], index: number): string {
  const previous = entries[index - 1];
  const next = entries[index + 1];
  const link = (entry: NotebookEntry, label: string, rel: string) =>
    `<a href="${escapeHtml(entry.page)}" rel="${rel}">${escapeHtml(label)}</a>`;
  return [
    `<span class="prev">${previous ? link(previous, `← ${previous.title}`, 'prev') : ''}</span>`,
    `<span class="contents">${index === 0 ? '' : link(entries[0], 'Contents', 'contents')}</span>`,
    `<span class="next">${next ? link(next, `${next.title} →`, 'next') : ''}</span>`,
  ].join('');
}
