/**
 * One chunk through its task, as every pool's worker runs it: results in order, or the first
 * failure and where it was.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { ChunkOutcome } from '../lib/cpu/chunk-protocol';
import { runChunk } from '../lib/cpu/run-chunk';

/** The failure an outcome reports; a success fails the test. */
function failure(outcome: ChunkOutcome): Extract<ChunkOutcome, { ok: false }> {
  assert.is(outcome.ok, false, 'the chunk failed');
  return outcome as Extract<ChunkOutcome, { ok: false }>;
}

/**
 * A task module on disk, as a pool's owner lists it: each item's start and end are recorded, so the
 * test sees what overlapped.
 */
function taskModule(): { file: string; log: () => string[]; remove: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'runbook-run-chunk-'));
  const file = path.join(dir, 'tasks.js');
  fs.writeFileSync(
    file,
    [
      'exports.events = [];',
      // Items would finish in reverse order if nothing waited for each: 30 ms for item 0, 20 for 1, 10 for 2.
      'exports.slow = async (item) => { exports.events.push(`start ${item}`); ' +
        'await new Promise((r) => setTimeout(r, 30 - 10 * item)); ' +
        'exports.events.push(`end ${item}`); return item * 2; };',
      'exports.failAt = (item) => { exports.events.push(`run ${item}`); ' +
        'if (item === 2) throw new RangeError(`item ${item} is bad`); return item; };',
      'exports.rejectAt = async (item) => { if (item === 1) throw new Error(`async ${item}`); return item; };',
      "exports.throwText = () => { throw 'plain text'; };",
      '',
    ].join('\n'),
  );
  return {
    file,
    log: () => (require(file) as { events: string[] }).events.splice(0),
    remove: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}

test('every result in item order; an async task is awaited before the next item starts', async () => {
  assert.equal(await runChunk('sumOfSquares', [1, 2, 3, 4], []), { ok: true, results: [0n, 1n, 5n, 14n] });
  assert.equal(await runChunk('echo', [], []), { ok: true, results: [] });
  const tasks = taskModule();
  try {
    assert.equal(await runChunk({ file: tasks.file, name: 'slow' }, [0, 1, 2], [tasks.file]), {
      ok: true,
      results: [0, 2, 4],
    });
    assert.equal(tasks.log(), ['start 0', 'end 0', 'start 1', 'end 1', 'start 2', 'end 2']);
  } finally {
    tasks.remove();
  }
});

test('the first failure ends the chunk: its position and message come back, and no later item runs', async () => {
  const tasks = taskModule();
  try {
    const failed = failure(await runChunk({ file: tasks.file, name: 'failAt' }, [0, 1, 2, 3], [tasks.file]));
    assert.equal([failed.offset, failed.message], [2, 'item 2 is bad']);
    assert.match(failed.stack ?? '', /^RangeError: item 2 is bad\n\s+at /);
    assert.equal(tasks.log(), ['run 0', 'run 1', 'run 2']);
    // A rejected promise is the item's failure too; a thrown string is its own message.
    const rejected = failure(await runChunk({ file: tasks.file, name: 'rejectAt' }, [0, 1, 2], [tasks.file]));
    assert.equal([rejected.offset, rejected.message], [1, 'async 1']);
    assert.equal(failure(await runChunk({ file: tasks.file, name: 'throwText' }, [5], [tasks.file])), {
      ok: false,
      offset: 0,
      message: 'plain text',
      stack: undefined,
    });
  } finally {
    tasks.remove();
  }
});

test('a task this worker may not run fails the chunk at position 0, having run nothing', async () => {
  const tasks = taskModule();
  try {
    const refused = failure(await runChunk({ file: tasks.file, name: 'failAt' }, [0, 1], []));
    assert.is(refused.offset, 0);
    assert.match(refused.message, /is not allowed on this worker: its module is not one this worker was started with/);
    assert.is(require.cache[tasks.file], undefined, 'the module was not loaded');
    const unknown = failure(await runChunk('noSuchTask', [1], []));
    assert.equal(
      [unknown.offset, unknown.message.split(':')[0]],
      [0, 'Task "noSuchTask" is not allowed on this worker'],
    );
  } finally {
    tasks.remove();
  }
});

test.run();
