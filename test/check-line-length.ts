import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const ROOT = path.join(__dirname, '..');
const CHECKER = path.join(ROOT, 'cli', 'check-line-length.cjs');

/** `node cli/check-line-length.cjs ...targets` from `cwd` (default: the project root, as `npm run lint` runs it). */
function check(cwd: string, ...targets: string[]) {
  const result = spawnSync(process.execPath, [CHECKER, ...targets], { cwd, encoding: 'utf8', timeout: 30_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** A scratch folder holding `files` (name → text), removed after `body`. */
function withFiles(files: Record<string, string>, body: (dir: string) => void): void {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'runbook-line-length-'));
  try {
    for (const [name, text] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
      fs.writeFileSync(path.join(dir, name), text);
    }
    body(dir);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** A line of `n` characters that takes more bytes and more UTF-16 units than characters. */
function line(n: number): string {
  const wide = '× → 𝑥 ';
  return `// ${wide}${'x'.repeat(n - 3 - [...wide].length)}`;
}

test('lines of exactly 120 characters pass, counted in characters not bytes, also before a CRLF', () => {
  assert.is([...line(120)].length, 120);
  assert.ok(Buffer.byteLength(line(120)) > 120);
  withFiles({ 'ok.ts': `${line(120)}\n${line(120)}\r\nconst x = 1;\n` }, (dir) => {
    const { status, stdout, stderr } = check(dir, 'ok.ts');
    assert.is(stderr, '');
    assert.is(stdout, '');
    assert.is(status, 0);
  });
});

test('a 121-character line fails, named by file and line, with how to fix it', () => {
  withFiles({ 'long.ts': `const x = 1;\n\n${line(121)}\n` }, (dir) => {
    const { status, stdout } = check(dir, 'long.ts');
    assert.is(status, 1);
    assert.equal(stdout.trimEnd().split('\n'), [
      'long.ts:3: 121 characters',
      '1 line over 120 characters: re-wrap the comment, split the string with +, or shorten the test name.',
    ]);
  });
});

test('a folder is walked: .ts, .cjs, .mjs and .js files, not node_modules/, dist/ or other files', () => {
  const long = `${line(130)}\n`;
  const files = {
    'a.ts': long,
    'b.cjs': long,
    'sub/c.mjs': long,
    'sub/d.js': long,
    'notes.md': long,
    'node_modules/e.js': long,
    'dist/f.js': long,
    'sub/dist/g.js': long,
  };
  withFiles(files, (dir) => {
    const { status, stdout } = check(dir, '.');
    assert.is(status, 1);
    const reported = stdout.split('\n').filter((text) => text.endsWith(': 130 characters'));
    assert.equal(reported, [
      'a.ts:1: 130 characters',
      'b.cjs:1: 130 characters',
      'sub/c.mjs:1: 130 characters',
      'sub/d.js:1: 130 characters',
    ]);
  });
});

test('with no argument, lib/, cli/, bench/ and test/ are checked; the exit code says if a line is long', () => {
  const { status, stdout, stderr } = check(ROOT);
  assert.is(stderr, '');
  const reported = stdout.split('\n').filter((text) => text.endsWith(' characters'));
  for (const text of reported) assert.match(text, /^(lib|cli|bench|test)\/.+\.(ts|cjs|mjs|js):\d+: \d+ characters$/);
  assert.is(status, reported.length > 0 ? 1 : 0);
});

test('a path with no code is refused with exit 2, not passed as nothing too long', () => {
  for (const [target, message] of [
    ['no-such-file.ts', '"no-such-file.ts" does not exist'],
    ['notebooks', 'expected code files (.ts, .cjs, .mjs, .js) in the folder "notebooks", found none'],
  ]) {
    const { status, stderr } = check(ROOT, target);
    assert.is(status, 2, target);
    assert.match(stderr, message);
  }
});

test.run();
