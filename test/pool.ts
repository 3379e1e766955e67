/**
 * The one dispatcher behind every pool, driven through a transport of the test's own: each worker is
 * an object whose chunks wait until the test answers them, so every interleaving is chosen here.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { AbortError, runningCount, startPool, WorkerCrashError, WorkerResultError } from '../lib';
import type { ChunkRequest } from '../lib/cpu/chunk-protocol';
import type { PoolTransport, PoolWorker } from '../lib/cpu/pool';
import { rejects, within } from './helpers/assert';

/** A worker of the test's: it holds what it was sent until `answer` or `die`. */
class FakeWorker implements PoolWorker {
  readonly pids: readonly number[] = [];
  readonly sent: Array<{ request: ChunkRequest; resolve(value: unknown): void }> = [];
  killCount = 0;
  /** The most chunks it held unanswered at once. */
  mostHeld = 0;
  withdraw?: (id: number) => boolean;

  constructor(
    readonly capacity: number,
    private readonly onDeath: (error: Error) => void,
    readonly lookahead = 0,
    readonly lookaheadBelowMs?: number,
  ) {}

  send(request: ChunkRequest): Promise<unknown> {
    return new Promise((resolve) => {
      this.sent.push({ request, resolve });
      this.mostHeld = Math.max(this.mostHeld, this.held().length);
    });
  }

  held(): ChunkRequest[] {
    return this.sent.filter((entry) => entry.resolve !== answered).map((entry) => entry.request);
  }

  /** Answer its oldest unanswered chunk with its own items (an echo), or with `answer`. */
  answer(answer?: unknown): void {
    const entry = this.sent.find((candidate) => candidate.resolve !== answered)!;
    const { resolve } = entry;
    entry.resolve = answered;
    resolve(answer ?? { ok: true, results: entry.request.items });
  }

  die(): void {
    this.onDeath(new WorkerCrashError('the fake worker died'));
  }
  async kill(): Promise<void> {
    this.killCount++;
  }
}
const answered = () => {};

/** A transport of FakeWorkers; `starts` decides each start's fate, in order (default: it starts). */
function fakeTransport({
  size = 2,
  capacity = 1,
  lookahead = 0,
  lookaheadBelowMs = undefined as number | undefined,
  starts = [] as Array<'fails' | Promise<void>>,
} = {}) {
  const workers: FakeWorker[] = [];
  const transport: PoolTransport = {
    kind: 'threads',
    taskFiles: [],
    size,
    async start(onDeath) {
      const fate = starts.shift();
      if (fate === 'fails') throw new Error('it did not start');
      await fate;
      const worker = new FakeWorker(capacity, onDeath, lookahead, lookaheadBelowMs);
      workers.push(worker);
      return worker;
    },
  };
  return { transport, workers };
}

/**
 * Start a pool on a fake transport of `options`, run `body` with it and its workers, and terminate
 * it whatever happens.
 */
async function withPool(
  options: Parameters<typeof fakeTransport>[0],
  body: (pool: Awaited<ReturnType<typeof startPool>>, workers: FakeWorker[]) => Promise<void>,
): Promise<void> {
  const { transport, workers } = fakeTransport(options);
  const pool = await startPool(transport);
  try {
    await body(pool, workers);
  } finally {
    await pool.terminate();
  }
}

/** Let every pending promise callback run. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

/** The first item of each chunk a fake worker holds unanswered, oldest first. */
const heldItems = (worker: { held(): Array<{ items: unknown[] }> }) => worker.held().map((request) => request.items[0]);

test('each waiting chunk goes to a free worker in order, never more at once than its capacity', async () => {
  await withPool({ size: 2 }, async (pool, workers) => {
    const tasks = [1, 2, 3, 4, 5].map((item) => pool.run('echo', [item]));
    assert.equal(
      workers.map((worker) => worker.held().map((request) => request.items[0])),
      [[1], [2]],
    );
    assert.equal([pool.activeCount, pool.pendingCount], [2, 3]);
    // The second worker answers first: it takes the next chunk in line, not the first worker.
    workers[1].answer();
    await settle();
    assert.equal(
      workers.map((worker) => worker.held().map((request) => request.items[0])),
      [[1], [3]],
    );
    while (pool.activeCount > 0) {
      for (const worker of workers) if (worker.held().length > 0) worker.answer();
      await settle();
    }
    assert.equal(
      await Promise.all(tasks.map((task) => task.promise)),
      [1, 2, 3, 4, 5].map((item) => ({ ok: true, results: [item] })),
    );
    assert.equal(
      workers.map((worker) => worker.mostHeld),
      [1, 1],
    );
    assert.equal([pool.activeCount, pool.pendingCount], [0, 0]);
  });
});

test('a short-chunk worker gets next before it answers; dying, fails what it ran, returns what it held', async () => {
  // Every chunk counts as short here: the test decides when "short" is, not the machine's speed.
  await withPool({ size: 1, lookahead: 1, lookaheadBelowMs: Infinity }, async (pool, workers) => {
    const tasks = [1, 2, 3, 4].map((item) => pool.run('echo', [item]));
    // Nothing is sent ahead before the worker has answered once: how long its chunks take is not known yet.
    assert.equal(heldItems(workers[0]), [1]);
    workers[0].answer();
    await settle();
    assert.equal(heldItems(workers[0]), [2, 3]);
    assert.equal([pool.activeCount, pool.pendingCount], [2, 1]);
    workers[0].die();
    await rejects(tasks[1].promise, WorkerCrashError);
    await settle();
    // Chunk 3 never ran: it goes back to the front of the queue, before chunk 4, to the replacement.
    assert.equal(heldItems(workers[1]), [3]);
    assert.is(pool.pendingCount, 1);
    workers[1].answer();
    await settle();
    assert.equal(heldItems(workers[1]), [4]);
    workers[1].answer();
    assert.equal(
      await Promise.all([tasks[0], tasks[2], tasks[3]].map((task) => task.promise)),
      [1, 3, 4].map((item) => ({ ok: true, results: [item] })),
    );
  });
});

test('a worker whose last chunk took > lookaheadBelowMs gets none ahead: the next waits for a free one', async () => {
  await withPool({ size: 1, lookahead: 1, lookaheadBelowMs: 1 }, async (pool, workers) => {
    const tasks = [1, 2, 3].map((item) => pool.run('echo', [item]));
    // Its first chunk keeps it busy at least 5 ms, more than the 1 ms below which it would be sent one ahead.
    await new Promise((resolve) => setTimeout(resolve, 5));
    workers[0].answer();
    await settle();
    assert.equal(heldItems(workers[0]), [2]);
    assert.equal([pool.activeCount, pool.pendingCount], [1, 1]);
    workers[0].answer();
    await settle();
    workers[0].answer();
    assert.equal((await Promise.all(tasks.map((task) => task.promise))).length, 3);
  });
});

test("an answer that doesn't fit its chunk rejects with WorkerResultError; the worker takes the next one", async () => {
  await withPool({ size: 1 }, async (pool, workers) => {
    const wrong = pool.run('echo', [1, 2]);
    const next = pool.run('echo', [3]);
    workers[0].answer({ ok: true, results: [1] });
    await rejects(wrong.promise, /The answer from a threads worker to a chunk of 2 items holds 1 results/);
    await rejects(wrong.promise, WorkerResultError);
    await settle();
    workers[0].answer();
    assert.equal(await next.promise, { ok: true, results: [3] });
  });
});

test('a worker that dies fails only what it ran; chunks waiting go to the others and to its replacement', async () => {
  await withPool({ size: 2 }, async (pool, workers) => {
    const tasks = [1, 2, 3, 4].map((item) => pool.run('echo', [item]));
    workers[0].die();
    await rejects(tasks[0].promise, WorkerCrashError);
    await settle();
    assert.is(workers.length, 3, 'a replacement was started');
    assert.equal([pool.lostWorkerCount, pool.liveWorkerCount], [1, 2]);
    assert.equal(heldItems(workers[2]), [3]);
    for (const worker of [workers[1], workers[2]]) worker.answer();
    await settle();
    for (const worker of [workers[1], workers[2]]) if (worker.held().length > 0) worker.answer();
    assert.equal(
      await Promise.all(tasks.slice(1).map((task) => task.promise)),
      [2, 3, 4].map((item) => ({ ok: true, results: [item] })),
    );
    // A death reported twice, or after its worker was replaced, counts once.
    workers[0].die();
    assert.is(pool.lostWorkerCount, 1);
  });
});

test('a failed replacement leaves the pool one short; with none left, what waits or comes fails at once', async () => {
  await withPool(
    {
      size: 2,
      starts: [Promise.resolve(), Promise.resolve(), 'fails', 'fails'],
    },
    async (pool, workers) => {
      const tasks = [1, 2, 3].map((item) => pool.run('echo', [item]));
      workers[0].die();
      await settle();
      assert.equal([pool.liveWorkerCount, pool.lostWorkerCount], [1, 1]);
      workers[1].answer();
      await settle();
      assert.equal(heldItems(workers[1]), [3], 'the survivor takes the waiting chunk');
      const waiting = pool.run('echo', [4]);
      workers[1].die();
      await settle();
      await rejects(tasks[2].promise, WorkerCrashError);
      await rejects(
        within(waiting.promise, 2_000, 'the chunk waiting for a worker'),
        /Every worker of this pool died and a replacement did not start \(it did not start\); create a new pool/,
      );
      await rejects(pool.run('echo', [5]).promise, /create a new pool/);
    },
  );
});

test('cancel drops a waiting chunk; a running one keeps its worker till it answers, unless it can let go', async () => {
  await withPool({ size: 1 }, async (pool, workers) => {
    const [running, waiting, last] = [1, 2, 3].map((item) => pool.run('echo', [item]));
    waiting.cancel();
    await rejects(waiting.promise, AbortError);
    assert.equal([pool.activeCount, pool.pendingCount], [1, 1]);
    running.cancel();
    await rejects(running.promise, AbortError);
    // A thread cannot be stopped mid-chunk: the next chunk waits for the cancelled one's answer.
    assert.equal(heldItems(workers[0]), [1]);
    workers[0].answer();
    await settle();
    assert.equal(heldItems(workers[0]), [3], 'the cancelled waiting chunk was skipped');
    // A worker that can let go (the queue's) is free at once.
    workers[0].withdraw = () => true;
    last.cancel();
    const after = pool.run('echo', [4]);
    assert.equal(heldItems(workers[0]), [3, 4]);
    assert.is(pool.activeCount, 1);
    workers[0].answer();
    workers[0].answer();
    assert.equal(await after.promise, { ok: true, results: [4] });
  });
});

test('terminate fails what waits and runs, kills each worker once, even one starting; tracked until then', async () => {
  let finishStart = () => {};
  const late = new Promise<void>((resolve) => {
    finishStart = resolve;
  });
  const { transport, workers } = fakeTransport({ size: 1, starts: [Promise.resolve(), late] });
  const before = runningCount();
  const pool = await startPool(transport);
  assert.is(runningCount(), before + 1);
  const [running, waiting] = [1, 2].map((item) => pool.run('echo', [item]));
  workers[0].die(); // its replacement hangs in `late`
  await rejects(running.promise, WorkerCrashError);
  const terminating = pool.terminate();
  assert.is(pool.terminate(), terminating);
  await rejects(waiting.promise, /This pool has been terminated/);
  let done = false;
  void terminating.then(() => {
    done = true;
  });
  await settle();
  assert.not.ok(done, 'terminate waits for the worker still starting');
  finishStart();
  await terminating;
  assert.equal(
    workers.map((worker) => worker.killCount),
    [0, 1],
    'the dead worker is not killed, the late one is',
  );
  assert.is(runningCount(), before);
  await rejects(pool.run('echo', [3]).promise, /terminated/);
});

test('a pool whose worker fails to start stops the ones that did and throws that failure', async () => {
  const { transport, workers } = fakeTransport({ size: 3, starts: [Promise.resolve(), 'fails', Promise.resolve()] });
  const before = runningCount();
  await rejects(startPool(transport), /it did not start/);
  assert.equal(
    workers.map((worker) => worker.killCount),
    [1, 1],
  );
  assert.is(runningCount(), before);
});

test.run();
