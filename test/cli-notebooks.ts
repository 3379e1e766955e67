import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { NOTEBOOKS_DIR, PROJECT_ROOT } from '../cli/project';
import { CLI } from './helpers/cli';
import { folderSnapshot, makeForeignFolder, OUTSIDE_TEXT } from './helpers/foreign-folder';

test('RUNBOOK_QUICK other than 1 or 0 is refused by name before any notebook runs, not ignored', () => {
  const result = spawnSync(process.execPath, [CLI, 'notebooks', '--only', 'no-such-notebook'], {
    encoding: 'utf8',
    env: { ...process.env, RUNBOOK_QUICK: 'yes' },
    timeout: 60_000,
  });
  assert.is(result.status, 2);
  assert.match(result.stderr, 'RUNBOOK_QUICK expects 1 (quick run) or 0, got "yes"');
});

/** `runbook notebooks --quick ARGS` from `cwd`: it must be refused in one line, having run nothing. */
function assertRefused(args: string[], cwd: string, named: string): string {
  const result = spawnSync(process.execPath, [CLI, 'notebooks', '--quick', ...args], {
    cwd,
    encoding: 'utf8',
    timeout: 120_000,
  });
  assert.is(result.status, 2, result.stderr);
  const lines = result.stderr.trimEnd().split('\n');
  assert.is(lines.length, 1, result.stderr);
  assert.match(lines[0], `runbook: will not write into --out ${named}`);
  assert.not.match(result.stderr, 'executing');
  return lines[0];
}

test('--out notebooks, a folder in it or the project root is refused up front; notebooks stay byte for byte', () => {
  const before = folderSnapshot(NOTEBOOKS_DIR);
  assertRefused(['--out', 'notebooks'], PROJECT_ROOT, NOTEBOOKS_DIR);
  assertRefused(['--out', path.join(NOTEBOOKS_DIR, 'site')], PROJECT_ROOT, path.join(NOTEBOOKS_DIR, 'site'));
  assertRefused(['--out', '.'], PROJECT_ROOT, PROJECT_ROOT);
  assert.equal(folderSnapshot(NOTEBOOKS_DIR), before);
});

test("--out a folder of others' pages (and a link named as a page) is refused by name; all stays byte for byte", () => {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-notebooks-'));
  try {
    const { dir, outside } = makeForeignFolder(scratch, '02-The-GIL-Analogue.html');
    const before = folderSnapshot(dir);
    const line = assertRefused(['--only', '02', '--out', dir], scratch, dir);
    assert.match(line, '01-my-notes.html, 02-The-GIL-Analogue.html (a link), 99-draft.ipynb');
    assert.equal(folderSnapshot(dir), before);
    assert.is(fs.readFileSync(outside, 'utf8'), OUTSIDE_TEXT);
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
});

test.run();
