/**
 * timed_rounds.py, the timing gil_run.py and hash_threads.py share: interleaved rounds, answers
 * checked, medians; and the programs find it beside them wherever they run from.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { chosenPython } from '../lib';
import { sourceFile } from '../lib/files';

const python = chosenPython();
const folder = sourceFile('experiments');

/**
 * Run `code` on the chosen Python with timed_rounds importable (no __pycache__ written); its exit,
 * stdout and stderr.
 */
function runPython(code: string): { status: number | null; stdout: string; stderr: string } {
  return spawnSync(python!.executable, ['-B', '-c', code], { cwd: folder, encoding: 'utf8' });
}

test("rounds interleave the runs, the median is each run's middle round, and one JSON line says which Python", () => {
  if (!python) return console.log('  skipped: no Python here');
  const result = runPython(
    [
      'import itertools, timed_rounds',
      'calls = []',
      'runs = {"a": lambda: calls.append("a") or [1], "b": lambda: calls.append("b") or [1]}',
      'timings = timed_rounds.timed_rounds(runs, [1], "sums", rounds=3)',
      'assert calls == ["a", "b"] * 3, calls',
      'assert len(timings["rounds"]) == 3',
      'assert all(sorted(r[n] for r in timings["rounds"])[1] == timings["medianMs"][n] for n in runs)',
      'timed_rounds.print_result(timings, subinterpreters=None)',
    ].join('\n'),
  );
  assert.is(result.status, 0, result.stderr);
  const printed = JSON.parse(result.stdout);
  assert.equal(Object.keys(printed), ['python', 'gilEnabled', 'subinterpreters', 'medianMs', 'rounds']);
  assert.is(printed.python, python.version);
});

test('a run whose answers differ from the reference fails, naming the run and what it computed', () => {
  if (!python) return;
  const result = runPython('import timed_rounds\ntimed_rounds.timed_rounds({"threads": lambda: [2]}, [1], "digests")');
  assert.is.not(result.status, 0);
  assert.match(result.stderr, /AssertionError: threads computed other digests/);
});

test('hash_threads.py, gil_run.py find timed_rounds.py from elsewhere, with PYTHONSAFEPATH too; no __pycache__', () => {
  if (!python) return;
  // Bytecode as Python writes it by default (this environment may say otherwise), the script's folder off sys.path.
  const { PYTHONDONTWRITEBYTECODE: _, ...inherited } = process.env;
  const env = { ...inherited, PYTHONSAFEPATH: '1' };
  for (const [script, args] of [
    ['hash_threads.py', ['1', '2', '2']],
    ['gil_run.py', ['1000', '2', '2', 'threads']],
  ] as const) {
    const result = spawnSync(python.executable, [sourceFile(`experiments/${script}`), ...args], {
      cwd: os.tmpdir(),
      encoding: 'utf8',
      env,
    });
    assert.is(result.status, 0, `${script}: ${result.stderr}`);
    assert.equal(Object.keys(JSON.parse(result.stdout).medianMs), ['sequential', 'threads']);
  }
  const cache = sourceFile('experiments/__pycache__');
  const written = fs.existsSync(cache) ? fs.readdirSync(cache).filter((name) => name.startsWith('timed_rounds.')) : [];
  assert.equal(written, [], "no bytecode written into the lib's sources");
});

test.run();
