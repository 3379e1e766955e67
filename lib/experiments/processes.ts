/**
 * Processes or threads? Node has both: child processes, each a whole Node with its own heap and event
 * loop (what `multiprocessing` gives CPython), and worker threads, isolates inside one process.
 * Measured side by side: start-up, memory per worker, the cost of a message, a dataset per worker,
 * and what the parent sees when a worker dies.
 */
import { type ChildProcess, fork, type SerializationType } from 'node:child_process';
import { Worker } from 'node:worker_threads';
import { checkWhole } from '../check-range';
import { workerFile } from '../files';
import { LIMITS } from '../limits';
import { MIB, rssMiB } from '../measure/memory';
import { checkRuns, median, medianOf } from '../measure/timing';
import { track } from '../running';
import { createProcessPool } from '../cpu/process-pool';
import { createWorkerPool, withWorkerPool } from '../cpu/worker-pool';
import { parallelMap } from '../cpu/parallel-map';
import { checkSizesMb, measureDataPassing, type RoundTripTiming, roundTripTiming } from './data-passing';
import { checkDatasetFits } from './dataset-memory';
import { runPythonJson } from './python';

/** Probe processes (lib/workers/process-probe), started and ready; killed by `stop`, or by an interrupt. */
async function startProbes(
  count: number,
  serialization: SerializationType = 'advanced',
): Promise<{ children: ChildProcess[]; stop(): Promise<void> }> {
  const children = Array.from({ length: count }, () =>
    fork(workerFile('process-probe'), [], {
      serialization,
      execArgv: ['--expose-gc'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    }),
  );
  const stop = async () => {
    forget();
    await Promise.all(
      children.map(
        (child) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null || child.signalCode !== null) return resolve();
            child.once('exit', () => resolve());
            child.kill('SIGKILL');
          }),
      ),
    );
  };
  const forget = track(stop);
  for (const child of children) child.on('error', () => {}); // a closed channel: its exit says the rest
  try {
    await Promise.all(children.map((child) => reply(child)));
  } catch (error) {
    await stop();
    throw error;
  }
  return { children, stop };
}

/** The child's next message; rejects if it exits first. */
function reply<T>(child: ChildProcess): Promise<T> {
  return new Promise((resolve, reject) => {
    const onExit = (code: number | null) =>
      reject(new Error(`a probe process exited (code ${code}) before it answered`));
    child.once('exit', onExit);
    child.once('message', (message: T) => {
      child.off('exit', onExit);
      resolve(message);
    });
  });
}

async function childMemory(child: ChildProcess): Promise<{ rssMiB: number; pssMiB: number }> {
  child.send({ kind: 'rss' });
  const { rssBytes, pssBytes } = await reply<{ rssBytes: number; pssBytes: number }>(child);
  return { rssMiB: rssBytes / MIB, pssMiB: pssBytes / MIB };
}

async function childRssMiB(child: ChildProcess): Promise<number> {
  return (await childMemory(child)).rssMiB;
}

export interface StartupRow {
  /** What was started: worker threads, child processes, or a CPython multiprocessing.Pool. */
  kind: string;
  workers: number;
  /** Until every worker had loaded its code and could take work: median of the runs. */
  ms: number;
  /** A CPython row's start method, and whether it is what that Python's `Pool()` uses unasked. */
  startMethod?: PythonStartMethod;
  isDefaultMethod?: boolean;
}

export type PythonStartMethod = 'fork' | 'forkserver' | 'spawn';

/**
 * How long a pool of `workers` takes to start: worker threads and child processes (median of `runs`
 * pools each), and CPython's `multiprocessing.Pool` by each start method its platform has (fork,
 * forkserver, spawn) when python3 is there.
 * @example const rows = await startupTimes({ workers: 2 });
 */
export async function startupTimes({ workers = 2, runs = 3 } = {}): Promise<StartupRow[]> {
  checkWhole('workers', workers, LIMITS.workers);
  checkRuns(runs, 20);
  // The two kinds take turns, pool by pool, so that a busy moment falls on both alike.
  const times: Record<'threads' | 'processes', number[]> = { threads: [], processes: [] };
  for (let run = 0; run < runs; run++) {
    for (const [kind, create] of [
      ['threads', createWorkerPool],
      ['processes', createProcessPool],
    ] as const) {
      const pool = await create({ workers });
      times[kind].push(pool.startMs);
      await pool.terminate();
    }
  }
  const rows: StartupRow[] = [
    { kind: 'Node worker threads', workers, ms: median(times.threads) },
    { kind: 'Node child processes', workers, ms: median(times.processes) },
  ];
  const python = runPythonJson<{
    python: string;
    defaultMethod: PythonStartMethod;
    ms: Partial<Record<PythonStartMethod, number>>;
  }>('pool_startup.py', [String(workers)]);
  if (python) {
    for (const [startMethod, ms] of Object.entries(python.ms) as [PythonStartMethod, number][]) {
      const isDefaultMethod = startMethod === python.defaultMethod;
      const kind = `CPython ${python.python} Pool, ${startMethod}${isDefaultMethod ? ' (its default)' : ''}`;
      rows.push({ kind, workers, ms, startMethod, isDefaultMethod });
    }
  }
  return rows;
}

export interface WorkerMemoryRow {
  kind: 'worker thread' | 'child process';
  workers: number;
  /**
   * Resident memory each worker adds: this process's growth per thread; for a child, its proportional
   * set size (its own pages, and its share of those it shares with other Node processes).
   */
  mibPerWorker: number;
  /** A child's whole RSS, shared pages counted in full (the number `ps` shows); equal to `mibPerWorker` for threads. */
  rssMiBPerWorker: number;
}

/**
 * What one more worker costs in resident memory: a worker thread is an isolate in this process (its
 * heap and stacks), a child process a whole Node (its own copy of everything Node loads).
 * @example const rows = await memoryPerWorkerKind({ workers: 2 });
 */
export async function memoryPerWorkerKind({ workers = 2 } = {}): Promise<WorkerMemoryRow[]> {
  checkWhole('workers', workers, LIMITS.workers);
  const before = rssMiB();
  const threadMiB = await withWorkerPool({ workers }, async (pool) => {
    await parallelMap(Array(workers).fill(1000), 'sumOfSquares', { pool, chunkSize: 1 });
    return (rssMiB() - before) / workers;
  });
  const probes = await startProbes(workers);
  try {
    const sizes = await Promise.all(probes.children.map(childMemory));
    const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
    return [
      { kind: 'worker thread', workers, mibPerWorker: threadMiB, rssMiBPerWorker: threadMiB },
      {
        kind: 'child process',
        workers,
        mibPerWorker: mean(sizes.map((size) => size.pssMiB)),
        rssMiBPerWorker: mean(sizes.map((size) => size.rssMiB)),
      },
    ];
  } finally {
    await probes.stop();
  }
}

/** A round trip through one channel: a child process's IPC channel, or a worker thread's. */
export interface ChannelRow extends RoundTripTiming {
  /** How the bytes travel. */
  channel: string;
}

/**
 * The largest payload sent as a plain array of numbers: it clones element by element, a hundred
 * times slower than bytes.
 */
const PLAIN_ARRAY_MAX_MB = 1;

/**
 * A buffer of each size to a worker, which answers with its size: through a child process's IPC
 * channel as JSON (the bytes as base64 text, as JSON must carry them) and with `serialization:
 * 'advanced'` (the structured clone), beside a worker thread's clone, transfer and SharedArrayBuffer,
 * and (up to 1 MB) a plain array of numbers cloned to a thread: what pickling a list is closest to.
 * @example const rows = await channelCost({ sizesMb: [1, 10] });
 */
export async function channelCost({ sizesMb = [1, 10], runs = 5 } = {}): Promise<ChannelRow[]> {
  // Up to 256: as base64 text, not far past that a message outgrows the longest string V8 makes (2^29 characters).
  checkSizesMb(sizesMb, { min: 0, above: true, max: 256 });
  const rows: ChannelRow[] = [];
  for (const [serialization, channel] of [
    ['json', 'process, JSON (base64 text)'],
    ['advanced', 'process, advanced (clone)'],
  ] as const) {
    const {
      children: [child],
      stop,
    } = await startProbes(1, serialization);
    try {
      for (const megabytes of sizesMb) {
        const bytes = new Uint8Array(Math.round(megabytes * MIB)).fill(7);
        // JSON cannot carry bytes: encoding and decoding them is part of that channel's cost.
        const message = () => (serialization === 'json' ? Buffer.from(bytes).toString('base64') : bytes);
        const roundTrip = async () => {
          child.send({ kind: 'echo', data: message() });
          const { bytes: length } = await reply<{ bytes: number }>(child);
          if (length !== bytes.byteLength)
            throw new Error(`the process received ${length} bytes, expected ${bytes.byteLength}`);
        };
        await roundTrip();
        const sent = message();
        rows.push({
          channel,
          ...roundTripTiming(
            megabytes,
            await medianOf(runs, roundTrip),
            typeof sent === 'string' ? sent.length : sent.byteLength,
          ),
        });
      }
    } finally {
      await stop();
    }
  }
  const names = {
    clone: 'thread, clone',
    transfer: 'thread, transfer',
    shared: 'thread, SharedArrayBuffer',
    'clone-array': 'thread, plain array',
  } as const;
  const threadRows = [
    ...(await measureDataPassing({ sizesMb, modes: ['clone', 'transfer', 'shared'], runs })),
    ...(sizesMb.some((mb) => mb <= PLAIN_ARRAY_MAX_MB)
      ? await measureDataPassing({
          sizesMb: sizesMb.filter((mb) => mb <= PLAIN_ARRAY_MAX_MB),
          modes: ['clone-array'],
          runs: 3,
        })
      : []),
  ];
  for (const { mode, ...timing } of threadRows) rows.push({ channel: names[mode], ...timing });
  return rows;
}

/**
 * The guide's "a dataset per process", done with processes: a `datasetMiB` dataset sent to each of
 * `workers` child processes, which keep it; how much resident memory the children grew by.
 * @example const { rssGrowthMiB } = await datasetOnProcesses({ datasetMiB: 256, workers: 2 });
 */
export async function datasetOnProcesses({
  datasetMiB,
  workers,
}: {
  datasetMiB: number;
  workers: number;
}): Promise<{ workers: number; datasetMiB: number; rssGrowthMiB: number }> {
  checkWhole('workers', workers, LIMITS.workers);
  checkWhole('datasetMiB', datasetMiB, LIMITS.datasetMiB);
  // The main thread's copy, one per child and the copy each send serializes exist at once.
  checkDatasetFits(datasetMiB, workers + 2, '`workers` + 2');
  const probes = await startProbes(workers);
  try {
    const before = await Promise.all(probes.children.map(childRssMiB));
    const data = new Uint8Array(datasetMiB * MIB).fill(1);
    await Promise.all(
      probes.children.map(async (child) => {
        child.send({ kind: 'hold', data });
        const held = await reply<{ bytes: number }>(child);
        if (held.bytes !== data.byteLength)
          throw new Error(`a process held ${held.bytes} bytes, expected ${data.byteLength}`);
      }),
    );
    const after = await Promise.all(probes.children.map(childRssMiB));
    return { workers, datasetMiB, rssGrowthMiB: after.reduce((a, b) => a + b, 0) - before.reduce((a, b) => a + b, 0) };
  } finally {
    await probes.stop();
  }
}

export interface CrashRow {
  failure: 'out of memory' | 'process.exit(3)';
  where: 'worker thread' | 'child process';
  /** What the parent was told, in its own events. */
  parentSees: string;
  /** The parent still runs afterwards (it is the process measuring this). */
  parentAlive: boolean;
}

function threadCrash(how: 'oom' | 'exit'): Promise<string> {
  return new Promise((resolve) => {
    const seen: string[] = [];
    // A heap limit for this worker alone: reaching it ends the worker, not the process.
    const worker = new Worker(workerFile('crash-probe'), {
      workerData: how,
      resourceLimits: { maxOldGenerationSizeMb: 32 },
    });
    worker.on('error', (error: Error & { code?: string }) => seen.push(`'error' ${error.code ?? error.name}`));
    worker.on('exit', (code) => resolve([...seen, `'exit' with code ${code}`].join(', then ')));
  });
}

function processCrash(how: 'oom' | 'exit'): Promise<string> {
  return new Promise((resolve) => {
    // V8's heap limit for this process; its fatal report goes nowhere (stderr ignored).
    const child = fork(workerFile('crash-probe'), [how], {
      execArgv: ['--max-old-space-size=32'],
      stdio: ['ignore', 'ignore', 'ignore', 'ipc'],
    });
    const forget = track(async () => {
      child.kill('SIGKILL');
    });
    child.on('error', (error) => {
      forget();
      resolve(`'error' ${error.message}`);
    });
    child.on('exit', (code, signal) => {
      forget();
      resolve(`'exit' with ${signal ? `signal ${signal}` : `code ${code}`}`);
    });
  });
}

/**
 * A worker that runs out of memory and one that calls process.exit(3), as a worker thread (with a
 * 32 MB heap limit of its own, `resourceLimits`) and as a child process (`--max-old-space-size=32`):
 * what the parent sees, and that it lives on.
 * @example const rows = await crashIsolation();
 */
export async function crashIsolation(): Promise<CrashRow[]> {
  const rows: CrashRow[] = [];
  for (const [how, failure] of [
    ['oom', 'out of memory'],
    ['exit', 'process.exit(3)'],
  ] as const) {
    rows.push({ failure, where: 'worker thread', parentSees: await threadCrash(how), parentAlive: true });
    rows.push({ failure, where: 'child process', parentSees: await processCrash(how), parentAlive: true });
  }
  return rows;
}
