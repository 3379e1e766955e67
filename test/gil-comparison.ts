import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { chosenPython, freeThreadedPython, type GilRow, gilComparison, pythonGilRun, pythonHashRun } from '../lib';
import { rejects, threadBaseline } from './helpers/assert';
import { hasPython, olderPython, subinterpreterPython, withEnv } from './helpers/python';

let noThreadLeft: ReturnType<typeof threadBaseline>;
test.before(() => {
  noThreadLeft = threadBaseline();
});

const SMALL = { n: 300_000, count: 4, workers: 2, taskMs: 30, hashMiB: 8 };

/**
 * Every measured row: a finite speedup over its own sequential run, within its runs' spread, no
 * more than the workers.
 */
function assertSpeedups(rows: readonly GilRow[], workers: number): void {
  for (const row of rows) {
    const where = `${row.runtime}, ${row.how}`;
    assert.ok(
      Number.isFinite(row.speedup) && row.speedup > 0 && Math.abs(row.speedup - row.sequentialMs / row.ms) < 1e-9,
      where,
    );
    assert.ok(
      row.slowestSpeedup <= row.speedup + 1e-9 && row.speedup <= row.fastestSpeedup + 1e-9,
      `${where}: the median gain lies within the runs' gains`,
    );
    // Side by side on `workers` threads, nothing can beat `workers` × one after another (a little noise aside).
    assert.ok(row.speedup <= workers + 0.5, `${where}: ${row.speedup.toFixed(2)}× with ${workers} workers`);
  }
}

test("gilComparison: CPython rows name their Python, Node's always; each a speedup vs its sequential run", async () => {
  const { python, rows, notMeasured } = await gilComparison(SMALL);
  assertSpeedups(rows, SMALL.workers);
  const node = rows.filter((r) => r.runtime.startsWith('Node'));
  assert.equal(
    node.map((r) => r.kind),
    ['threads ↔ one JS thread', 'subinterpreters ↔ worker threads'],
  );
  assert.equal(
    node.map((r) => r.how),
    ['Promise.all on the main thread', '2 worker threads'],
  );
  assert.is(python, chosenPython()?.label ?? null);
  const cpython = rows.filter((r) => !r.runtime.startsWith('Node'));
  assert.is(cpython.length > 0, hasPython);
  if (!hasPython) return;
  assert.ok(
    cpython.every((r) => r.runtime.startsWith('CPython ')),
    'every CPython row names its interpreter and version',
  );
  for (const kind of [
    'threads ↔ one JS thread',
    'processes ↔ child processes',
    'C code off the GIL ↔ libuv pool',
  ] as const) {
    assert.ok(
      cpython.some((r) => r.kind === kind && r.runtime.startsWith(python!)),
      `a ${kind} row on ${python}`,
    );
  }
  // Subinterpreters: measured, or listed as not measured with the reason; never both, never neither.
  const subinterpreters = [rows, notMeasured].map(
    (list) =>
      list.filter((r) => r.kind === 'subinterpreters ↔ worker threads' && r.runtime.startsWith('CPython')).length,
  );
  assert.equal(subinterpreters.sort(), [0, 1]);
  const freeThreaded = notMeasured.find((r) => r.kind === 'threads without a GIL');
  assert.is(freeThreaded === undefined, freeThreadedPython() !== null);
  if (freeThreaded) assert.match(freeThreaded.published!, /^published, not measured here: .*PEP 779/);
  await noThreadLeft();
});

test('with RUNBOOK_PYTHON at 3.12+, subinterpreters get their own row, naming the module that ran them', async () => {
  const python = subinterpreterPython('subinterpreters get a row of their own');
  if (!python) return;
  const { python: label, rows, notMeasured } = await withEnv({ RUNBOOK_PYTHON: python }, () => gilComparison(SMALL));
  assert.match(label!, /^CPython 3\.(1[2-9]|[2-9]\d)\./);
  const row = rows.find((r) => r.kind === 'subinterpreters ↔ worker threads' && r.runtime.startsWith('CPython'));
  assert.ok(row, 'a subinterpreter row');
  assert.is(row!.runtime, label);
  assert.match(
    row!.how,
    new RegExp(
      /^2 subinterpreters, one per thread \(/.source +
        /(concurrent\.interpreters|_interpreters, private in 3\.13|_xxsubinterpreters, private in 3\.12)/.source +
        /\)$/.source,
    ),
  );
  assert.ok(
    rows.some((r) => r.kind === 'threads ↔ one JS thread' && r.runtime === label),
    'the threads row beside it, from the same run',
  );
  assert.not.ok(notMeasured.some((r) => r.kind === 'subinterpreters ↔ worker threads'));
  assertSpeedups(rows, SMALL.workers);
});

test('on a Python before 3.12 the subinterpreter row is listed as not measured, saying why', async () => {
  const python = olderPython('the subinterpreter row is listed as not measured');
  if (!python) return;
  const run = await withEnv({ RUNBOOK_PYTHON: python }, () => pythonGilRun({ n: 1000, count: 2, workers: 2 }));
  assert.is(run!.subinterpreters, null, 'no subinterpreters with a GIL of their own');
  assert.equal(Object.keys(run!.medianMs).sort(), ['processes', 'sequential', 'threads']);
  const { notMeasured } = await withEnv({ RUNBOOK_PYTHON: python }, () =>
    gilComparison({ ...SMALL, n: 1000, taskMs: 5, hashMiB: 1 }),
  );
  const missing = notMeasured.find((r) => r.kind === 'subinterpreters ↔ worker threads');
  assert.match(missing!.why, /has no subinterpreters with a GIL of their own \(3\.12 and later, PEP 684\)/);
});

test('pythonGilRun runs the modes asked for, each round checked against the sequential answers', () => {
  const run = pythonGilRun({ n: 1000, count: 3, workers: 2, modes: ['threads'] });
  if (!hasPython) return void assert.is(run, null);
  assert.equal(Object.keys(run!.medianMs), ['sequential', 'threads']);
  assert.is(run!.rounds.length, 3);
  assert.is(run!.subinterpreters, null, 'not asked for');
});

test('CPython threads gain nothing in pure Python: the best threaded round does not beat the best sequential', () => {
  const run = pythonGilRun({ n: 300_000, count: 4, workers: 2, modes: ['threads'] });
  if (!hasPython) return void assert.is(run, null);
  if (!run!.gilEnabled) return; // a free-threaded build without its GIL may well gain
  // Minima: load only ever adds time, so the fastest rounds are what the interpreter can do.
  const fastest = (mode: 'sequential' | 'threads') => Math.min(...run!.rounds.map((round) => round[mode]!));
  assert.ok(
    fastest('threads') >= fastest('sequential') / 1.5,
    `threads ${fastest('threads')} ms vs sequential ${fastest('sequential')} ms`,
  );
});

test('pythonHashRun: sha256 one after another and on threads, three rounds, the same digests', () => {
  const run = pythonHashRun({ mib: 2, count: 4, workers: 2 });
  if (!hasPython) return void assert.is(run, null);
  assert.is(run!.rounds.length, 3);
  assert.ok(run!.rounds.every((round) => round.sequential > 0 && round.threads > 0));
  assert.is(run!.medianMs.threads, [...run!.rounds.map((round) => round.threads)].sort((a, b) => a - b)[1]);
});

test('bad sizes name themselves before any program starts', async () => {
  assert.throws(() => pythonGilRun({ n: 0, count: 1, workers: 1 }), /`n`/);
  assert.throws(() => pythonGilRun({ n: 1, count: 1.5, workers: 1 }), /`count`/);
  assert.throws(() => pythonGilRun({ n: 1, count: 1, workers: -2 }), /`workers`/);
  assert.throws(
    () => pythonGilRun({ n: 1, count: 1, workers: 1, modes: ['fibers' as 'threads'] }),
    /`modes` to list some of "threads", "processes", "subinterpreters", got "fibers"/,
  );
  assert.throws(() => pythonHashRun({ mib: 2048, count: 1, workers: 2 }), /`mib` to be a whole number from 1 to 1024/);
  assert.throws(() => pythonHashRun({ mib: 1024, count: 8, workers: 2 }), /`mib` × `count` to stay within 4096 MiB/);
  const started = performance.now();
  await rejects(gilComparison({ ...SMALL, hashMiB: 0 }), /`hashMiB`/);
  await rejects(gilComparison({ ...SMALL, taskMs: 0 }), /`taskMs`/);
  assert.ok(performance.now() - started < 1000, 'refused before any Python ran');
});

test.run();
