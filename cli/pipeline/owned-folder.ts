/**
 * A folder the runbook owns: it writes only into a folder that is missing, empty or one it made
 * (a marker file lists what it wrote there), replaces files without following links, and deletes
 * only what its marker lists. Everything is checked before anything is written.
 */
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

/** The marker: which files of this folder the runbook wrote. */
export const MARKER_NAME = '.runbook-site.json';

/** Every write goes through a file of this prefix in the same folder, renamed over the real name. */
export const TEMP_PREFIX = '.runbook-tmp-';

/** The runbook will not write into a folder: the message names the folder and why. */
export class FolderNotOwnedError extends Error {
  override name = 'FolderNotOwnedError';
}

export interface FolderRules {
  /** Files this run writes. */
  planned: ReadonlySet<string>;
  /** Files the runbook writes there on a full run today: a folder holding only these is taken as its own. */
  known: ReadonlySet<string>;
  /** What a marker may list (and so what may ever be deleted). */
  listable: RegExp;
  /** Folders the runbook never writes into (`inside`: nor into any folder inside them), with what each is. */
  protectedFolders?: ReadonlyArray<{ dir: string; what: string; inside?: boolean }>;
  /** Folder names a folder without a marker may hold (left alone), besides the known files. */
  tolerated?: readonly string[];
  /** How the folder was named to the user, e.g. `--out`, for the message. */
  label?: string;
}

/** The real path of `dir` (links resolved), or of its nearest existing ancestor with the rest appended. */
export function realPath(dir: string): string {
  const missing: string[] = [];
  let existing = path.resolve(dir);
  while (!fs.existsSync(existing) && path.dirname(existing) !== existing) {
    missing.unshift(path.basename(existing));
    existing = path.dirname(existing);
  }
  return path.join(fs.realpathSync(existing), ...missing);
}

function isInside(child: string, parent: string): boolean {
  const relative = path.relative(parent, child);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

/** The marker's file list, or a reason it is not one the runbook wrote. */
function readMarker(file: string, listable: RegExp): string[] | string {
  const stat = fs.lstatSync(file);
  if (!stat.isFile()) return `its ${MARKER_NAME} is not a plain file`;
  let files: unknown;
  try {
    files = (JSON.parse(fs.readFileSync(file, 'utf8')) as { files?: unknown }).files;
  } catch {
    return `its ${MARKER_NAME} is not JSON`;
  }
  const valid =
    Array.isArray(files) &&
    files.every((name) => typeof name === 'string' && name === path.basename(name) && listable.test(name));
  return valid ? (files as string[]) : `its ${MARKER_NAME} lists files the runbook does not write`;
}

function fewNames(names: readonly string[]): string {
  const shown = names.slice(0, 4).join(', ');
  return names.length > 4 ? `${shown} and ${names.length - 4} more` : shown;
}

/**
 * Write `content` to `dir/name` through a new file in the same folder and a rename: a reader never
 * sees half a file, and a link at `name` is replaced, never written through (its target stays as it was).
 */
export function replaceFile(dir: string, name: string, content: string | Uint8Array): void {
  if (name !== path.basename(name) || name === '..' || name === '.')
    throw new RangeError(`replaceFile expects a plain file name, got "${name}"`);
  const temp = path.join(dir, `${TEMP_PREFIX}${process.pid}-${randomBytes(6).toString('hex')}`);
  try {
    // 'wx' creates a new file and fails on anything already there, a link included.
    fs.writeFileSync(temp, content, { flag: 'wx' });
    fs.renameSync(temp, path.join(dir, name));
  } catch (error) {
    fs.rmSync(temp, { force: true });
    throw error;
  }
}

/**
 * A folder the runbook may write into; `claimFolder` makes one only after every check passed. Its files
 * are written with `replaceFile`; `begin` lists them in the marker before they exist, so a run stopped
 * half-way leaves a folder the next run still takes as its own.
 */
export class OwnedFolder {
  private readonly listed: Set<string>;

  /**
   * @param adopted the folder had no marker but only the runbook's files by name (built before markers).
   */
  constructor(
    readonly dir: string,
    listed: Iterable<string>,
    private readonly rules: FolderRules,
    readonly adopted = false,
  ) {
    this.listed = new Set(listed);
  }

  /** Where `name` goes in the folder. */
  pathOf(name: string): string {
    return path.join(this.dir, name);
  }

  /** Create the folder and mark it as the runbook's before anything else is written into it. */
  begin(): void {
    fs.mkdirSync(this.dir, { recursive: true });
    for (const name of this.rules.planned) this.listed.add(name);
    this.writeMarker();
  }

  /** Delete the files the marker lists that the runbook no longer writes (a notebook renamed or removed). */
  removeStale(): string[] {
    const stale = [...this.listed].filter((name) => !this.rules.known.has(name));
    for (const name of stale) {
      const stat = fs.lstatSync(this.pathOf(name), { throwIfNoEntry: false });
      // A link is removed itself (never what it points to); a folder by that name is not the runbook's.
      if (stat && !stat.isDirectory()) fs.unlinkSync(this.pathOf(name));
      this.listed.delete(name);
    }
    this.writeMarker();
    return stale;
  }

  /** List in the marker exactly the runbook's files that are there now. */
  finish(): void {
    for (const name of this.listed)
      if (!fs.lstatSync(this.pathOf(name), { throwIfNoEntry: false })) this.listed.delete(name);
    this.writeMarker();
  }

  private writeMarker(): void {
    const marker = {
      madeBy: 'runbook notebooks',
      note: 'the files the runbook wrote here; it deletes none but these',
      files: [...this.listed].sort(),
    };
    replaceFile(this.dir, MARKER_NAME, `${JSON.stringify(marker, null, 1)}\n`);
  }
}

/**
 * Check that the runbook may write into `dir`, writing nothing: the folder is missing, empty, marked
 * by the runbook (and none of the planned files is someone else's), or holds only the runbook's own
 * files by name (a folder built before markers existed). Never one of the protected folders.
 * @throws FolderNotOwnedError naming the folder and its first few foreign files.
 */
export function claimFolder(dir: string, rules: FolderRules): OwnedFolder {
  const label = rules.label ? `${rules.label} ` : '';
  const real = realPath(dir);
  const refuse = (why: string) => new FolderNotOwnedError(`will not write into ${label}${dir}: ${why}`);
  for (const { dir: folder, what, inside } of rules.protectedFolders ?? []) {
    const protectedReal = realPath(folder);
    if (real === protectedReal) throw refuse(`it is ${what} (${folder}); choose another folder`);
    if (inside && isInside(real, protectedReal))
      throw refuse(`it is inside ${what} (${folder}); choose another folder`);
  }
  const stat = fs.lstatSync(real, { throwIfNoEntry: false });
  if (!stat) return new OwnedFolder(real, [], rules);
  if (!stat.isDirectory()) throw refuse('it is not a folder');
  const entries = fs.readdirSync(real, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name));
  const describe = (entry: fs.Dirent) =>
    `${entry.name}${entry.isSymbolicLink() ? ' (a link)' : entry.isDirectory() ? '/' : ''}`;
  if (entries.some((entry) => entry.name === MARKER_NAME)) {
    const listed = readMarker(path.join(real, MARKER_NAME), rules.listable);
    if (typeof listed === 'string') throw refuse(listed);
    const mine = new Set(listed);
    // A file the runbook did not write stays untouched: refuse rather than write over it.
    const inTheWay = entries.filter(
      (entry) => rules.planned.has(entry.name) && (!mine.has(entry.name) || entry.isDirectory()),
    );
    if (inTheWay.length > 0)
      throw refuse(
        `files the runbook would write are not its own (not listed in ${MARKER_NAME}): ` +
          fewNames(inTheWay.map(describe)),
      );
    return new OwnedFolder(real, listed, rules);
  }
  const tolerated = new Set(rules.tolerated ?? []);
  const foreign = entries.filter(
    (entry) => !(entry.isFile() && rules.known.has(entry.name)) && !(entry.isDirectory() && tolerated.has(entry.name)),
  );
  if (foreign.length > 0) {
    throw refuse(
      `the runbook did not make this folder (it has no ${MARKER_NAME}) ` +
        `and it holds other files: ${fewNames(foreign.map(describe))}; choose a new or empty folder`,
    );
  }
  // Built before markers existed: every file is one the runbook writes, so they are listed as its own.
  const files = entries.filter((entry) => entry.isFile()).map((entry) => entry.name);
  return new OwnedFolder(real, files, rules, files.length > 0);
}
