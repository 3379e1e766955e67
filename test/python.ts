import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { chosenPython, pythonCounterRace, pythonSumOfSquares, runPythonJson, sumOfSquares } from '../lib';
import { hasPython, subinterpreterPython, withEnv } from './helpers/python';

test("CPython's integers agree with the exact TypeScript loop", () => {
  const fromPython = pythonSumOfSquares([0, 10, 3_000_000]);
  if (!hasPython) return void assert.is(fromPython, null);
  assert.equal(
    fromPython,
    [0, 10, 3_000_000].map((n) => String(sumOfSquares(n))),
  );
});

test('the counter race reports a lost share per shape of increment, between 0 and 1', () => {
  const race = pythonCounterRace(1_000);
  if (!hasPython) return void assert.is(race, null);
  assert.equal(Object.keys(race!.lostShare).sort(), ['counter += 1', 'read, call, write']);
  assert.ok(Object.values(race!.lostShare).every((share) => share >= 0 && share <= 1));
  assert.is(race!.threads * race!.increments, 4_000);
});

test('a failing program is an error that names the interpreter and carries its stderr', () => {
  if (!hasPython) return;
  const label = chosenPython()!.label.replace(/\./g, '\\.');
  assert.throws(
    () => runPythonJson('sum_of_squares.py', ['not-a-number']),
    new RegExp(`^${label} sum_of_squares\\.py failed \\(exit 1\\).*ValueError`, 's'),
  );
});

test('every program runs on the chosen Python: RUNBOOK_PYTHON moves them all', async () => {
  const python = subinterpreterPython('every program runs on the chosen Python');
  if (!python) return;
  const version = spawnSync(python, ['-c', 'import platform; print(platform.python_version())'], {
    encoding: 'utf8',
  }).stdout.trim();
  const race = await withEnv({ RUNBOOK_PYTHON: python }, () => pythonCounterRace(1_000));
  assert.is(race!.python, version);
});

test('without a Python the comparisons are null, not errors', () => {
  const lib = path.resolve(__dirname, '..', 'dist', 'lib');
  const script =
    `const lib = require(${JSON.stringify(lib)}); ` +
    'console.log(JSON.stringify([lib.hasPython(), lib.pythonSumOfSquares([3])]))';
  const { RUNBOOK_PYTHON, ...inherited } = process.env;
  const result = spawnSync(process.execPath, ['-e', script], {
    encoding: 'utf8',
    env: { ...inherited, PATH: '/nonexistent' },
  });
  assert.equal(JSON.parse(result.stdout), [false, null]);
});

test('bad sizes name themselves before any program starts', () => {
  assert.throws(() => pythonSumOfSquares([-1]), /`numbers`/);
  assert.throws(() => pythonCounterRace(0), /`increments`/);
});

test.run();
