/** `runbook notebooks`: execute every notebook in the project's kernel and export the HTML tutorial. */
import * as path from 'node:path';
import { executeNotebooks } from './execute';
import { setUpJupyter } from './jupyter';
import { listNotebooks, type NotebookEntry, readNotebook } from './notebook-file';
import { claimFolder, type OwnedFolder } from './owned-folder';
import { NOTEBOOKS_DIR, PROJECT_ROOT, SITE_DIR } from '../project';
import { writeSite } from './site';

export interface BuildSiteOptions {
  /** Shrink every experiment to test size: each notebook's `runbook.quick` parameters from its metadata. */
  quick?: boolean;
  /** Execute only the notebooks whose name contains one of these (case-insensitive). */
  only?: string[];
  /** Output folder; default `site/`. Missing, empty or one the runbook made (see `claimSiteFolder`). */
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

/** What the site holds for `entries`: each notebook's page and executed copy, the stylesheet and the script. */
export function siteFiles(entries: readonly NotebookEntry[]): Set<string> {
  return new Set([...entries.flatMap((entry) => [path.basename(entry.file), entry.page]), 'runbook.css', 'runbook.js']);
}

/** Names of the site's own files: only such files are ever listed in its marker, and so ever deleted. */
export const SITE_FILE = /^(?:index\.html|runbook\.(?:css|js)|\d\d-[^/\\]+\.(?:html|ipynb))$/;

/**
 * Check, before anything is written or run, that `siteDir` may hold the site: missing, empty, made by
 * the runbook (its marker), or holding only the site's own files by name; never the notebooks folder,
 * anything inside it, or the project's root. UI tests' `screenshots/` may stand in it.
 * @throws FolderNotOwnedError naming the folder and its first few foreign files.
 */
export function claimSiteFolder(
  siteDir: string,
  all: readonly NotebookEntry[],
  entries: readonly NotebookEntry[],
  notebooksDir: string,
): OwnedFolder {
  return claimFolder(siteDir, {
    label: '--out',
    planned: siteFiles(entries),
    known: siteFiles(all),
    listable: SITE_FILE,
    protectedFolders: [
      { dir: notebooksDir, what: 'the notebooks folder', inside: true },
      { dir: PROJECT_ROOT, what: "the project's root" },
    ],
    tolerated: ['screenshots'],
  });
}

/**
 * Execute the notebooks in reading order and write `index.html` plus one page each into a folder the
 * runbook owns (see `claimSiteFolder`); files its marker lists that the site no longer has are deleted.
 */
export async function buildSite(options: BuildSiteOptions = {}): Promise<{ siteDir: string; pages: string[] }> {
  const log = options.log ?? console.error;
  const notebooksDir = options.notebooksDir ?? NOTEBOOKS_DIR;
  const all = listNotebooks(notebooksDir);
  const wanted = options.only?.map((name) => name.toLowerCase());
  const entries = wanted ? all.filter((entry) => wanted.some((name) => entry.name.toLowerCase().includes(name))) : all;
  if (entries.length === 0)
    throw new RangeError(
      `No notebook matches --only ${options.only?.join(', ')}; there are: ${all.map((e) => e.name).join(', ')}`,
    );
  const folder = claimSiteFolder(path.resolve(options.outDir ?? SITE_DIR), all, entries, notebooksDir);
  setUpJupyter(log);
  if (folder.adopted)
    log(
      `${folder.dir} holds only the site's own files (built before the runbook marked its folders): ` +
        "marking it as the runbook's",
    );
  folder.begin();
  folder.removeStale();
  let started = Date.now();
  try {
    const executed = await executeNotebooks(
      entries.map((entry) => ({
        source: entry.file,
        target: folder.pathOf(path.basename(entry.file)),
        env: { ...(options.quick ? quickParameters(entry.file) : {}), ...options.env },
      })),
      {
        onStart: (index) => {
          started = Date.now();
          log(`executing ${entries[index].name} …`);
        },
        onDone: () => log(`  done in ${((Date.now() - started) / 1000).toFixed(1)} s`),
      },
    );
    // Pages link to every notebook in reading order, so a partial run still renders full navigation.
    const pages = await writeSite(folder.dir, entries.length === all.length ? all : entries, executed);
    return { siteDir: folder.dir, pages };
  } finally {
    folder.finish();
  }
}
