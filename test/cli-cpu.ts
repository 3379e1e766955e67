import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { startRedisServer, sumOfSquaresClosedForm } from '../lib';
import { assertUsageErrors, runbook, startRunbook } from './helpers/cli';
import { until, within } from './helpers/assert';
import { hasPython } from './helpers/python';
import { runbookJson, runbookLine } from './helpers/cli-words';

test("map --json: the issue's fields, exact results as decimal strings in input order", () => {
  const { status, stdout, stderr } = runbook('map', '--workers', '2', '--count', '6', '--n', '94906264', '--json');
  assert.is(status, 0, stderr);
  const report = JSON.parse(stdout);
  for (const key of ['workers', 'sequentialMs', 'startMs', 'parallelMs', 'results']) assert.ok(key in report, key);
  assert.is(report.workers, 2);
  assert.ok(report.startMs > 0 && report.parallelMs > 0 && report.sequentialMs > 0);
  assert.equal(
    report.results,
    Array.from({ length: 6 }, (_, i) => String(sumOfSquaresClosedForm(94_906_264 + i))),
  );
});

/** `map --pool NAME --json` on four small numbers: it succeeds, names its pool's kind and returns exact results. */
function assertMapOn(name: string, kind = name): void {
  const report = runbookJson(`map --pool ${name} --workers 2 --count 4 --n 1000`);
  assert.is(report.pool, kind);
  assert.equal(
    report.results,
    Array.from({ length: 4 }, (_, i) => String(sumOfSquaresClosedForm(1000 + i))),
  );
}

test('map --pool processes: the same report on child processes, pool named', () => {
  assertMapOn('processes');
  assert.is(JSON.parse(runbook('map', '--count', '1', '--n', '10', '--json').stdout).pool, 'threads');
  assertUsageErrors([
    [['map', '--pool', 'forks'], '--pool expects one of threads, processes, queue, redis, got "forks"'],
  ]);
});

test('map --pool queue (or redis): the same report via a queue on a Redis the command starts and stops itself', () => {
  assertMapOn('queue');
  assertMapOn('redis', 'queue');
  assertUsageErrors([
    [['map', '--pool', 'redis', '--workers', '0'], '--workers 0 needs --redis URL'],
    [['map', '--redis', 'redis://127.0.0.1:1'], '--redis goes with --pool queue, not --pool threads'],
    [['map', '--pool', 'redis', '--redis', 'localhost:6379'], '--redis expects a redis:// or rediss:// URL'],
    [['worker'], 'worker needs its Redis: --redis redis://:PASSWORD@HOST:PORT, or RUNBOOK_REDIS_URL'],
    [
      ['worker', '--redis', 'redis://127.0.0.1:6379', '--tasks', '/no/such/tasks.js'],
      '--tasks` to hold paths of compiled task modules: /no/such/tasks.js is not a file',
    ],
    [
      ['worker', '--redis', 'redis://127.0.0.1:6379', '--concurrency', '0'],
      '--concurrency expects a whole number from 1 to 64',
    ],
  ]);
  // Unreachable: a clear error within seconds, exit 1, no hang.
  const unreachable = runbookLine('map --pool redis --redis redis://127.0.0.1:1 --workers 0 --count 1 --n 10');
  assert.is(unreachable.status, 1);
  assert.match(unreachable.stderr, 'Redis at redis://127.0.0.1:1 did not answer');
});

test('map without --json prints a readable summary', () => {
  const { status, stdout } = runbook('map', '--count', '2', '--n', '1000', '--chunk-size', '1');
  assert.is(status, 0);
  assert.match(stdout, 'pool start-up');
  assert.match(stdout, 'speedup');
});

test('map: bad arguments exit 2 naming the option', () => {
  assertUsageErrors([
    [['map', '--workers', '0'], '--workers expects'],
    [['map', '--count', 'x'], '--count expects'],
    [['map', '--n=-5'], '--n expects'],
    [['map', '--n', '-5'], '--n expects a value; for one that starts with "-", write --n=VALUE'],
    [['map', '--chunk-size', '0'], '--chunk-size expects'],
    [['map', '--n', '4294967297'], '--n expects a whole number from 0 to 4294967296, got "4294967297"'],
    [['map', '--n', '1e10'], '--n expects a whole number'],
    [['map', '--count', '0x10'], '--count expects a whole number from 1 to 100000, got "0x10"'],
    [['map', '--workers', '400'], '--workers expects a whole number from 1 to 64, got "400"'],
    [['map', '--workers'], '--workers expects a value, got none'],
    [['map', '--json=yes'], '--json is a switch'],
    [['map', '--wrokers', '2'], 'unknown option --wrokers'],
  ]);
});

test('gil --json: Node rows always, CPython rows when python3 is there, each with its speedup', () => {
  const { rows } = runbookJson('gil --workers 2 --n 100000 --count 4 --task-ms 20') as {
    rows: Array<{ runtime: string; how: string; speedup: number }>;
  };
  const node = rows.filter((row) => row.runtime.startsWith('Node'));
  assert.equal(
    node.map((row) => row.how),
    ['Promise.all on the main thread', '2 worker threads'],
  );
  assert.ok(rows.every((row) => row.speedup > 0));
  assert.is(
    rows.some((row) => row.runtime.startsWith('CPython')),
    hasPython,
  );
});

test('gil: bad arguments exit 2 naming the option', () => {
  assertUsageErrors([
    [['gil', '--task-ms', '0'], '--task-ms expects'],
    [['gil', '--workers', 'many'], '--workers expects'],
    [['gil', '--task-ms', '3000000000'], '--task-ms expects a whole number from 1 to 60000'],
    // Refused while the options are read, before the first python3 process or worker starts.
    [['gil', '--workers', '400'], '--workers expects a whole number from 1 to 64, got "400"'],
  ]);
});

test('worker: stopped while its Redis is gone, it stops draining after ~5 s and says why (not for ever)', async () => {
  const redis = await startRedisServer();
  const child = startRunbook('worker', '--redis', redis.url);
  let stderr = '';
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  try {
    assert.ok(await until(() => stderr.includes('listening'), 10_000), `the worker did not start: ${stderr}`);
    await redis.stop();
    const began = performance.now();
    child.kill('SIGTERM');
    // A worker that waited for the Redis that was gone fails here instead of hanging the suite.
    await within(exited, 15_000, 'the worker stopped while its Redis was gone');
    assert.ok(performance.now() - began < 12_000);
    assert.match(
      stderr,
      /Redis at redis:\/\/:\*\*\*@127\.0\.0\.1:\d+ has not answered for 5 s; stopping without draining/,
    );
  } finally {
    child.kill('SIGKILL');
    // A worker left behind would hold these pipes open, and the test would wait on them instead of failing.
    child.stdout.destroy();
    child.stderr.destroy();
    await redis.stop();
  }
});

test.run();
