/** Reading and writing notebooks (nbformat 4) and finding them in reading order. */
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface Output {
  output_type: 'stream' | 'display_data' | 'execute_result' | 'error' | 'update_display_data';
  name?: 'stdout' | 'stderr';
  text?: string | string[];
  data?: Record<string, string | string[]>;
  ename?: string;
  evalue?: string;
  traceback?: string[];
  [key: string]: unknown;
}

export interface Cell {
  cell_type: 'markdown' | 'code' | 'raw';
  source: string | string[];
  metadata: { tags?: string[]; [key: string]: unknown };
  outputs?: Output[];
  execution_count?: number | null;
  id?: string;
}

export interface Notebook {
  cells: Cell[];
  metadata: Record<string, unknown>;
  nbformat: number;
  nbformat_minor: number;
}

/** A notebook of the runbook, with what the contents and navigation need. */
export interface NotebookEntry {
  file: string;
  /** File name without `.ipynb`, e.g. `01-IO-Bound-Work`. */
  name: string;
  title: string;
  /** The first sentence after the title: the notebook's one-line summary. */
  summary: string;
  /** The exported page's file name (`index.html` for the index notebook). */
  page: string;
}

/** Join a cell's source or an output's text, stored either as a string or as a list of lines. */
export function joinText(text: string | string[] | undefined): string {
  return Array.isArray(text) ? text.join('') : (text ?? '');
}

/** Split text into nbformat's list of lines, each keeping its newline. */
export function splitLines(text: string): string[] {
  return text.split(/(?<=\n)/).filter((line) => line !== '');
}

export function readNotebook(file: string): Notebook {
  const notebook = JSON.parse(fs.readFileSync(file, 'utf8')) as Notebook;
  if (!Array.isArray(notebook.cells)) throw new TypeError(`${file} is not a notebook: it has no cells`);
  return notebook;
}

/** Write a notebook as Jupyter does (one-space indent, trailing newline) so diffs stay clean. */
export function writeNotebook(file: string, notebook: Notebook): void {
  fs.writeFileSync(file, `${JSON.stringify(notebook, null, 1)}\n`);
}

export function hasTag(cell: Cell, tag: string): boolean {
  return cell.metadata?.tags?.includes(tag) ?? false;
}

function describe(file: string): NotebookEntry {
  const name = path.basename(file, '.ipynb');
  const intro = joinText(readNotebook(file).cells[0]?.source);
  const title = /^#\s+(.+)$/m.exec(intro)?.[1]?.trim() ?? name;
  const afterTitle = intro.replace(/^#\s+.+$/m, '').trim();
  const summary = /^[^\n]*?[.?!](?=\s|$)/.exec(afterTitle)?.[0] ?? afterTitle.split('\n')[0] ?? '';
  return { file, name, title, summary, page: name.startsWith('00-') ? 'index.html' : `${name}.html` };
}

/** The notebooks in `dir`, in reading order (by their `NN-` file names). */
export function listNotebooks(dir: string): NotebookEntry[] {
  return fs
    .readdirSync(dir)
    .filter((file) => /^\d\d-.+\.ipynb$/.test(file))
    .sort()
    .map((file) => describe(path.join(dir, file)));
}
