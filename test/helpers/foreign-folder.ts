/** The folder of someone else's files that `--out` must refuse, and a snapshot to show it stayed byte for byte. */
import * as fs from 'node:fs';
import * as path from 'node:path';

/** What the file outside the folder holds: still there, unchanged, after the refusal. */
export const OUTSIDE_TEXT = "<p>not the runbook's</p>";

/**
 * `scratch/mine` holding a page of notes, a draft notebook, an index, and a link named `linkName` (a name
 * the runbook writes) that leads to `scratch/outside.html`.
 */
export function makeForeignFolder(scratch: string, linkName: string): { dir: string; outside: string } {
  const outside = path.join(scratch, 'outside.html');
  fs.writeFileSync(outside, OUTSIDE_TEXT);
  const dir = path.join(scratch, 'mine');
  fs.mkdirSync(dir);
  fs.writeFileSync(path.join(dir, '01-my-notes.html'), '<p>my notes</p>');
  fs.writeFileSync(path.join(dir, '99-draft.ipynb'), '{"cells": []}');
  fs.writeFileSync(path.join(dir, 'index.html'), '<p>my index</p>');
  fs.symlinkSync(outside, path.join(dir, linkName));
  return { dir, outside };
}

/** Each entry of `dir` with its bytes (a link as where it points), to compare before and after. */
export function folderSnapshot(dir: string): Record<string, string> {
  return Object.fromEntries(
    fs.readdirSync(dir, { withFileTypes: true }).map((entry) => {
      const file = path.join(dir, entry.name);
      return [
        entry.name,
        entry.isSymbolicLink()
          ? `link → ${fs.readlinkSync(file)}`
          : entry.isDirectory()
            ? 'folder'
            : fs.readFileSync(file, 'latin1'),
      ];
    }),
  );
}
