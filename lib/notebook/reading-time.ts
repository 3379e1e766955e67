/**
 * How long the runbook takes to read, counted from the notebooks themselves each time it is asked:
 * the words of prose in their markdown cells — code blocks, link targets and navigation lines left
 * out, since nobody reads those at a reading pace — at a steady pace of words per minute.
 */
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { sourceFile } from '../files';

/** A common figure for reading technical prose on a screen: about 230 words a minute. */
export const WORDS_PER_MINUTE = 230;

export interface ReadingTimeRow {
  /** The notebook's file name. */
  notebook: string;
  /** Words of prose in its markdown cells. */
  words: number;
  /** words ÷ `WORDS_PER_MINUTE`. */
  minutes: number;
}

/**
 * The words of prose in a piece of markdown: fenced code blocks, HTML tags and link targets removed,
 * then every run of non-space characters holding a letter or a digit counted once.
 * @example proseWords('Run `npm start` [now](https://example.org).') // 3
 */
export function proseWords(markdown: string): number {
  const prose = markdown
    .replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, ' ')
    .replace(/<[^>\n]+>/g, ' ')
    .replace(/\]\([^)\s]*\)/g, '] ');
  return prose.split(/\s+/).filter((token) => /[\p{L}\p{N}]/u.test(token)).length;
}

interface NotebookCell {
  cell_type: string;
  source: string | string[];
  metadata?: { tags?: string[] };
}

/**
 * Words and reading minutes of every `NN-….ipynb` notebook in `folder` (default: the runbook's own
 * `notebooks/`), in file order.
 * @example const rows = readingTime(); const minutes = rows.reduce((sum, row) => sum + row.minutes, 0);
 */
export function readingTime(
  folder: string = sourceFile('../notebooks'),
  wordsPerMinute: number = WORDS_PER_MINUTE,
): ReadingTimeRow[] {
  if (!(wordsPerMinute > 0 && Number.isFinite(wordsPerMinute)))
    throw new RangeError(`Expected \`wordsPerMinute\` to be a number above 0, got ${wordsPerMinute}`);
  const files = readdirSync(folder)
    .filter((name) => /^\d\d-.*\.ipynb$/.test(name))
    .sort();
  return files.map((notebook) => {
    const { cells } = JSON.parse(readFileSync(path.join(folder, notebook), 'utf8')) as { cells: NotebookCell[] };
    const words = cells
      .filter((cell) => cell.cell_type === 'markdown' && !cell.metadata?.tags?.includes('nav'))
      .reduce((sum, cell) => sum + proseWords(Array.isArray(cell.source) ? cell.source.join('') : cell.source), 0);
    return { notebook, words, minutes: words / wordsPerMinute };
  });
}
