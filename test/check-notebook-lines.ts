import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

const ROOT = path.join(__dirname, '..');
const CHECKER = path.join(ROOT, 'cli', 'check-notebook-lines.cjs');
const FIXTURES = 'test/fixtures/notebook-lines';

/** `node cli/check-notebook-lines.cjs ...targets` from the project root, as `npm run lint` runs it. */
function check(...targets: string[]) {
  const result = spawnSync(process.execPath, [CHECKER, ...targets], { cwd: ROOT, encoding: 'utf8', timeout: 30_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

test('code lines of exactly 100 characters pass, counted in characters not bytes; markdown may run longer', () => {
  const { status, stdout, stderr } = check(`${FIXTURES}/100-characters.ipynb`);
  assert.is(stderr, '');
  assert.is(stdout, '');
  assert.is(status, 0);
});

test('a 101-character code line fails, named by file, cell and line', () => {
  const { status, stdout } = check(`${FIXTURES}/101-characters.ipynb`);
  assert.is(status, 1);
  assert.is(stdout.split('\n')[0], `${FIXTURES}/101-characters.ipynb cell 2 line 3: 101 characters`);
});

test('a folder is checked notebook by notebook: only the long line is reported', () => {
  const { status, stdout } = check(FIXTURES);
  assert.is(status, 1);
  const reported = stdout.split('\n').filter((line) => line.includes('.ipynb'));
  assert.equal(reported, [`${FIXTURES}/101-characters.ipynb cell 2 line 3: 101 characters`]);
});

test('a path with no notebook is refused with exit 2, not passed as nothing too long', () => {
  for (const [target, message] of [
    ['no-such-notebook.ipynb', '"no-such-notebook.ipynb" does not exist'],
    ['lib', 'expected notebooks (.ipynb) in the folder "lib", found none'],
    ['package.json', 'expected "package.json" to hold a "cells" list'],
  ]) {
    const { status, stderr } = check(target);
    assert.is(status, 2, target);
    assert.match(stderr, message);
  }
});

test.run();
