import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { pythonCounterRace, pythonSumOfSquares, runPythonJson, sumOfSquares } from '../lib';
import { hasPython } from './helpers/python';

test('CPython\'s integers agree with the exact TypeScript loop', () => {
  const fromPython = pythonSumOfSquares([0, 10, 3_000_000]);
  if (!hasPython) return void assert.is(fromPython, null);
  assert.equal(fromPython, [0, 10, 3_000_000].map((n) => String(sumOfSquares(n))));
});

test('the counter race reports a lost share per shape of increment, between 0 and 1', () => {
  const race = pythonCounterRace(1_000);
  if (!hasPython) return void assert.is(race, null);
  assert.equal(Object.keys(race!.lostShare).sort(), ['counter += 1', 'read, call, write']);
  assert.ok(Object.values(race!.lostShare).every((share) => share >= 0 && share <= 1));
  assert.is(race!.threads * race!.increments, 4_000);
});

test('a failing program is an error that carries its stderr', () => {
  if (!hasPython) return;
  assert.throws(() => runPythonJson('sum_of_squares.py', ['not-a-number']), /sum_of_squares\.py failed \(exit 1\).*ValueError/s);
});

test('without python3 the comparisons are null, not errors', () => {
  const lib = path.resolve(__dirname, '..', 'dist', 'lib');
  const script = `const lib = require(${JSON.stringify(lib)}); console.log(JSON.stringify([lib.hasPython(), lib.pythonSumOfSquares([3])]))`;
  const result = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', env: { ...process.env, PATH: '/nonexistent' } });
  assert.equal(JSON.parse(result.stdout), [false, null]);
});

test('bad sizes name themselves before any program starts', () => {
  assert.throws(() => pythonSumOfSquares([-1]), /`numbers`/);
  assert.throws(() => pythonCounterRace(0), /`increments`/);
});

test.run();
