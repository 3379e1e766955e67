/** `runbook notebooks`: execute every notebook in the project's kernel and export the HTML tutorial. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { executeNotebooks } from './execute';
import { setUpJupyter } from './jupyter';
import { listNotebooks, NotebookEntry, readNotebook } from './notebook-file';
import { NOTEBOOKS_DIR, SITE_DIR } from '../project';
import { writeSite } from './site';

export interface BuildSiteOptions {
  /** Shrink every experiment to test size: each notebook's `runbook.quick` parameters from its metadata. */
  quick?: boolean;
  /** Execute only the notebooks whose name contains one of these (case-insensitive). */
  only?: string[];
  /** Output folder; default `site/`. */
  outDir?: string;
  notebooksDir?: string;
  /** Extra environment for the kernel (parameter overrides). */
  env?: NodeJS.ProcessEnv;
  log?: (line: string) => void;
}

/**
 * Quick mode's smaller parameters, kept in the notebook's metadata (`runbook.quick`) rather than in its
 * parameters cell, so that the value a person reads in the cell is the value that runs. A variable the
 * caller already set wins.
 */
export function quickParameters(file: string): Record<string, string> {
  const quick = (readNotebook(file).metadata.runbook as { quick?: Record<string, string> } | undefined)?.quick ?? {};
  return Object.fromEntries(Object.entries(quick).filter(([name]) => process.env[name] === undefined));
}

/** Pages and executed copies of notebooks that no longer exist (renamed or removed) go, so the site holds only what its contents link to. */
function removeStalePages(siteDir: string, entries: readonly NotebookEntry[]): void {
  if (!fs.existsSync(siteDir)) return;
  const current = new Set(entries.flatMap((entry) => [path.basename(entry.file), entry.page]));
  for (const file of fs.readdirSync(siteDir)) {
    if (/^\d\d-.+\.(ipynb|html)$/.test(file) && !current.has(file)) fs.rmSync(path.join(siteDir, file));
  }
}

/** Execute the notebooks in reading order and write `index.html` plus one page each. */
export async function buildSite(options: BuildSiteOptions = {}): Promise<{ siteDir: string; pages: string[] }> {
  const log = options.log ?? console.error;
  const siteDir = path.resolve(options.outDir ?? SITE_DIR);
  const all = listNotebooks(options.notebooksDir ?? NOTEBOOKS_DIR);
  const wanted = options.only?.map((name) => name.toLowerCase());
  const entries = wanted ? all.filter((entry) => wanted.some((name) => entry.name.toLowerCase().includes(name))) : all;
  if (entries.length === 0) throw new RangeError(`No notebook matches --only ${options.only?.join(', ')}; there are: ${all.map((e) => e.name).join(', ')}`);
  setUpJupyter(log);
  if (entries.length === all.length) removeStalePages(siteDir, all);
  let started = Date.now();
  const executed = await executeNotebooks(entries.map((entry) => ({
    source: entry.file,
    target: path.join(siteDir, path.basename(entry.file)),
    env: { ...(options.quick ? quickParameters(entry.file) : {}), ...options.env },
  })), {
    onStart: (index) => { started = Date.now(); log(`executing ${entries[index].name} …`); },
    onDone: () => log(`  done in ${((Date.now() - started) / 1000).toFixed(1)} s`),
  });
  // Pages link to every notebook in reading order, so a partial run still renders full navigation.
  const pages = await writeSite(siteDir, entries.length === all.length ? all : entries, executed);
  return { siteDir, pages };
}
