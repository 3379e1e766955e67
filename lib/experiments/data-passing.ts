/**
 * What it costs to hand data to a worker thread — the guide's pickling/IPC cost, the Node way:
 * structured clone copies, a transfer moves the buffer (the sender loses it), a SharedArrayBuffer
 * shares memory (nothing moves; both sides then need synchronization).
 */
import { Worker } from 'node:worker_threads';
import type { ProgressCallback } from '../progress';
import { checkRuns, median } from '../measure/timing';
import { workerFile } from '../files';
import { checkSomeOf } from '../check-choice';
import { describeRange, inRange, type Range } from '../check-range';

export const PASSING_MODES = ['clone', 'transfer', 'shared', 'clone-array'] as const;
export type PassingMode = (typeof PASSING_MODES)[number];

/** One payload size through one channel: the round trip's median and spread, what it copied, the rate. */
export interface RoundTripTiming {
  megabytes: number;
  /** Median round trip (the data there, read, and an answer back), and the fastest and slowest of the timed runs. */
  ms: number;
  minMs: number;
  maxMs: number;
  /**
   * Bytes copied or serialized into the message: the whole payload for a clone, its base64 text for
   * JSON, none for a transfer (the memory changes hands) or a SharedArrayBuffer (both sides see it).
   */
  bytesCopied: number;
  /** Payload megabytes per second at that round-trip time; null where nothing is copied, so a rate means nothing. */
  mbPerSecond: number | null;
}

/**
 * The timing of a round trip of `megabytes` that copied `bytesCopied`, from its median and spread.
 * @example roundTripTiming(10, { ms: 20, minMs: 18, maxMs: 25 }, 10 * 2 ** 20).mbPerSecond // 500
 */
export function roundTripTiming(
  megabytes: number,
  { ms, minMs, maxMs }: { ms: number; minMs: number; maxMs: number },
  bytesCopied: number,
): RoundTripTiming {
  return { megabytes, ms, minMs, maxMs, bytesCopied, mbPerSecond: bytesCopied > 0 ? megabytes / (ms / 1000) : null };
}

/** A worker thread's round trip in one passing mode. */
export interface PassingRow extends RoundTripTiming {
  mode: PassingMode;
}

/** How many bytes a mode copies to hand over `bytes` of payload. */
export function bytesCopiedBy(mode: PassingMode, bytes: number): number {
  return mode === 'transfer' || mode === 'shared' ? 0 : bytes;
}

const MB = 1024 * 1024;

/** The payload for one send; built before the clock starts (a transfer needs a fresh buffer each time). */
function payload(mode: PassingMode, bytes: number): { data: Uint8Array | number[]; transfer: ArrayBuffer[] } {
  if (mode === 'clone-array') return { data: new Array<number>(bytes / 8).fill(1.5), transfer: [] };
  const data = mode === 'shared' ? new Uint8Array(new SharedArrayBuffer(bytes)) : new Uint8Array(bytes);
  data[0] = 7;
  return { data, transfer: mode === 'transfer' ? [data.buffer as ArrayBuffer] : [] };
}

function roundTrip(worker: Worker, data: unknown, transfer: ArrayBuffer[]): Promise<{ bytes: number; first: number }> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error) => {
      worker.off('message', onMessage);
      reject(error);
    };
    const onMessage = (reply: { bytes: number; first: number }) => {
      worker.off('error', onError);
      resolve(reply);
    };
    worker.once('message', onMessage);
    worker.once('error', onError);
    worker.postMessage(data, transfer);
  });
}

/**
 * Throws a RangeError unless `sizesMb` is a non-empty list of sizes in megabytes within `range`
 * (fractions allowed: a quarter of a megabyte is a size).
 */
export function checkSizesMb(sizesMb: unknown, range: Range): asserts sizesMb is number[] {
  if (!Array.isArray(sizesMb) || sizesMb.length === 0 || !sizesMb.every((size) => inRange(size, range, false)))
    throw new RangeError(
      `Expected \`sizesMb\` to list sizes in megabytes ${describeRange(range)}, got ${JSON.stringify(sizesMb)}`,
    );
}

/**
 * Hand `sizesMb` megabytes to one worker thread in each mode and time the round trip (median of `runs`).
 * `clone-array` sends a plain array of numbers of the same size: the closest thing to pickling objects.
 * @example const rows = await measureDataPassing({ sizesMb: [1, 10, 100] });
 */
export async function measureDataPassing({
  sizesMb,
  modes = ['clone', 'transfer', 'shared'],
  runs = 5,
  onProgress,
}: {
  sizesMb: number[];
  modes?: PassingMode[];
  runs?: number;
  onProgress?: ProgressCallback;
}): Promise<PassingRow[]> {
  checkSizesMb(sizesMb, { min: 0, above: true, max: 1024 });
  checkSomeOf('modes', modes, PASSING_MODES);
  checkRuns(runs);
  const worker = new Worker(workerFile('data-echo'));
  try {
    const rows: PassingRow[] = [];
    let step = 0;
    for (const megabytes of sizesMb) {
      const bytes = Math.round((megabytes * MB) / 8) * 8;
      for (const mode of modes) {
        const times: number[] = [];
        for (let run = 0; run <= runs; run++) {
          const { data, transfer } = payload(mode, bytes);
          const started = performance.now();
          const reply = await roundTrip(worker, data, transfer);
          const ms = performance.now() - started;
          if (reply.bytes !== bytes) throw new Error(`worker received ${reply.bytes} bytes, expected ${bytes}`);
          if (run > 0) times.push(ms); // the first run warms the worker's code paths
        }
        const spread = { ms: median(times), minMs: Math.min(...times), maxMs: Math.max(...times) };
        rows.push({ mode, ...roundTripTiming(megabytes, spread, bytesCopiedBy(mode, bytes)) });
        onProgress?.(++step, sizesMb.length * modes.length);
      }
    }
    return rows;
  } finally {
    await worker.terminate();
  }
}
