/** A worker runs the built-in tasks and the task modules its owner listed: nothing else is loaded. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  allowTaskFiles,
  compiledFile,
  isTaskAllowed,
  parallelMap,
  TaskError,
  TaskNotAllowedError,
  withPool,
} from '../lib';
import { resolveTask } from '../lib/cpu/task-permissions';
import { runChunk } from '../lib/cpu/run-chunk';
import { rejects } from './helpers/assert';

const SUMS = compiledFile('workloads/sum-of-squares');

/** A module that leaves a file behind when it is loaded: proof that nothing of a refused module ran. */
function tripwireModule(): { file: string; marker: string; cleanup(): void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'runbook-tripwire-'));
  const marker = path.join(dir, 'loaded');
  const file = path.join(dir, 'tripwire.js');
  fs.writeFileSync(file, `require('node:fs').writeFileSync(${JSON.stringify(marker)}, 'x'); exports.run = (x) => x;\n`);
  return { file, marker, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

test('resolveTask: built-in names by own property only; modules only from the allowed list', () => {
  assert.type(resolveTask('sumOfSquares', []), 'function');
  for (const name of ['constructor', '__proto__', 'toString', 'hasOwnProperty']) {
    assert.throws(
      () => resolveTask(name, []),
      (error: Error) => error instanceof TaskNotAllowedError && /no built-in task/.test(error.message),
    );
  }
  assert.throws(
    () => resolveTask({ file: 'child_process', name: 'execSync' }, []),
    /not allowed on this worker: its module is not one this worker was started with.*--tasks FILE/s,
  );
  assert.throws(
    () => resolveTask({ file: SUMS, name: 'sumOfSquares' }, []),
    (error: Error) => error instanceof TaskNotAllowedError,
  );
  assert.type(resolveTask({ file: SUMS, name: 'sumOfSquares' }, [SUMS]), 'function');
  // Allowed module, but only its own exported functions.
  assert.throws(() => resolveTask({ file: SUMS, name: '__proto__' }, [SUMS]), /exports no function/);
  for (const bad of [null, 7, { file: SUMS }, { file: 1, name: 'x' }, { file: SUMS, name: 'x'.repeat(201) }]) {
    assert.throws(
      () => resolveTask(bad, [SUMS]),
      (error: Error) => error instanceof TaskNotAllowedError,
    );
  }
});

test('a refused module never loads, in a worker thread or child process; the pool then serves a real map', async () => {
  const tripwire = tripwireModule();
  try {
    // What a worker does when a job names it: a failed outcome, nothing loaded.
    const outcome = await runChunk({ file: tripwire.file, name: 'run' }, [1], []);
    assert.is(outcome.ok, false);
    assert.ok(!fs.existsSync(tripwire.marker), 'the refused module was loaded');
    for (const kind of ['threads', 'processes'] as const) {
      await withPool(kind, { workers: 1 }, async (pool) => {
        assert.equal(pool.taskFiles, []);
        await rejects(parallelMap([1], { file: tripwire.file, name: 'run' }, { pool }), TaskNotAllowedError);
        // The worker's own check, past the owner's: a reference sent to it directly.
        const answer = await pool.run({ file: tripwire.file, name: 'run' }, [1]).promise;
        assert.is(answer.ok, false);
        assert.match((answer as { message: string }).message, 'not allowed on this worker');
        assert.ok(!fs.existsSync(tripwire.marker), `${kind}: the refused module was loaded`);
        assert.equal(await parallelMap([3, 4], 'sumOfSquares', { pool }), [5n, 14n]);
      });
    }
    // Listed by its owner, it runs.
    await withPool('processes', { workers: 1, taskFiles: [tripwire.file] }, async (pool) => {
      assert.equal(pool.taskFiles, [tripwire.file]);
      assert.equal(await parallelMap(['a'], { file: tripwire.file, name: 'run' }, { pool }), ['a']);
    });
    assert.ok(fs.existsSync(tripwire.marker), 'an allowed module runs');
  } finally {
    tripwire.cleanup();
  }
});

test('parallelMap on a pool of its own allows the one module it was asked to run', async () => {
  assert.equal(await parallelMap([10, 20], { file: SUMS, name: 'sumOfSquares' }, { workers: 1 }), [285n, 2470n]);
  const error = (await rejects(
    parallelMap([1], { file: SUMS, name: 'noSuchTask' }, { workers: 1 }),
    TaskError,
  )) as TaskError;
  assert.match(error.message, 'exports no function "noSuchTask"');
  await rejects(parallelMap([1], 'noSuchTask', { workers: 1 }), /Task "noSuchTask" is not allowed on this pool/);
});

test('allowTaskFiles and isTaskAllowed: paths checked and made absolute, by name', () => {
  assert.equal(allowTaskFiles(undefined), []);
  assert.equal(allowTaskFiles([path.relative(process.cwd(), SUMS), SUMS]), [SUMS]);
  assert.throws(
    () => allowTaskFiles(['/no/such/module.js']),
    /`taskFiles` to hold paths of compiled task modules: \/no\/such\/module\.js is not a file/,
  );
  assert.throws(() => allowTaskFiles('x' as never), /`taskFiles` to be an array/);
  assert.throws(() => allowTaskFiles([42 as never], '--tasks'), /`--tasks` to hold paths/);
  assert.ok(isTaskAllowed('echo', []));
  assert.not.ok(isTaskAllowed('constructor', []));
  assert.ok(isTaskAllowed({ file: SUMS, name: 'x' }, [SUMS]));
  assert.not.ok(isTaskAllowed({ file: 'child_process', name: 'execSync' }, [SUMS]));
});

test.run();
