/**
 * What it costs to hand data to a worker thread — the guide's pickling/IPC cost, the Node way:
 * structured clone copies, a transfer moves the buffer (the sender loses it), a SharedArrayBuffer
 * shares memory (nothing moves; both sides then need synchronization).
 */
import { Worker } from 'node:worker_threads';
import type { ProgressCallback } from '../progress';
import { median } from '../measure/timing';
import { workerFile } from '../files';

export const PASSING_MODES = ['clone', 'transfer', 'shared', 'clone-array'] as const;
export type PassingMode = (typeof PASSING_MODES)[number];

export interface PassingRow {
  mode: PassingMode;
  megabytes: number;
  /** Median round trip (post the data, the worker reads it and answers), and the fastest and slowest of the timed runs. */
  ms: number;
  minMs: number;
  maxMs: number;
  /**
   * Bytes copied into the message: the whole payload for a clone, none for a transfer (the memory
   * changes hands) or a SharedArrayBuffer (both sides see the same memory).
   */
  bytesCopied: number;
  /** Megabytes copied per second at that round-trip time; null where nothing is copied, so a rate means nothing. */
  mbPerSecond: number | null;
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
    const onError = (error: Error) => { worker.off('message', onMessage); reject(error); };
    const onMessage = (reply: { bytes: number; first: number }) => { worker.off('error', onError); resolve(reply); };
    worker.once('message', onMessage);
    worker.once('error', onError);
    worker.postMessage(data, transfer);
  });
}

/**
 * Hand `sizesMb` megabytes to one worker thread in each mode and time the round trip (median of `runs`).
 * `clone-array` sends a plain array of numbers of the same size: the closest thing to pickling objects.
 * @example const rows = await measureDataPassing({ sizesMb: [1, 10, 100] });
 */
export async function measureDataPassing({ sizesMb, modes = ['clone', 'transfer', 'shared'], runs = 5, onProgress }: { sizesMb: number[]; modes?: PassingMode[]; runs?: number; onProgress?: ProgressCallback }): Promise<PassingRow[]> {
  if (!Array.isArray(sizesMb) || sizesMb.length === 0 || !sizesMb.every((size) => size > 0 && size <= 1024 && Number.isFinite(size))) {
    throw new RangeError('Expected `sizesMb` to list sizes from above 0 to 1024 megabytes');
  }
  const unknown = modes.filter((mode) => !PASSING_MODES.includes(mode));
  if (unknown.length > 0) throw new RangeError(`Unknown passing mode ${unknown.join(', ')}: expected ${PASSING_MODES.join(', ')}`);
  if (!Number.isInteger(runs) || runs < 1) throw new RangeError('Expected `runs` to be a whole number from 1 up');
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
        const ms = median(times);
        const bytesCopied = bytesCopiedBy(mode, bytes);
        rows.push({ mode, megabytes, ms, minMs: Math.min(...times), maxMs: Math.max(...times), bytesCopied, mbPerSecond: bytesCopied > 0 ? megabytes / (ms / 1000) : null });
        onProgress?.(++step, sizesMb.length * modes.length);
      }
    }
    return rows;
  } finally {
    await worker.terminate();
  }
}
