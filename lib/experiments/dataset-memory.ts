/**
 * The guide's memory warning — a 2 GB dataset in 4 processes may take 8 GB — for worker threads:
 * each worker that receives a copy (structured clone) holds a dataset of its own, while workers that
 * receive a SharedArrayBuffer all read the one the main thread already has.
 */
import { totalmem } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { ProgressCallback } from '../progress';
import { workerFile } from '../files';
import { checkSomeOf } from '../check-choice';
import { checkWhole, checkWholeList } from '../check-range';
import { LIMITS } from '../limits';
import { MIB, rssMiB } from '../measure/memory';

export const DATASET_MODES = ['copy', 'share'] as const;
export type DatasetMode = (typeof DATASET_MODES)[number];

export interface DatasetMemoryRow {
  mode: DatasetMode;
  workers: number;
  datasetMiB: number;
  /**
   * Resident memory the workers hold, dataset copies and their own heaps: what the process gives back
   * when they stop. Read that way, garbage of earlier work collected meanwhile cannot hide a copy.
   */
  rssGrowthMiB: number;
  /** What one copy per worker comes to: workers × dataset. */
  copiesMiB: number;
}

/**
 * The smallest dataset whose copies show in the resident memory: smaller ones can come from memory
 * glibc kept after a free, and RSS stops showing copies (16 MiB sent to two workers read as 14 MiB).
 */
export const MIN_DATASET_MIB = 64;
/** The largest dataset `datasetMemory` makes: the lib's ceiling for a dataset copied to workers. */
export const MAX_DATASET_MIB = LIMITS.datasetMiB.max;

/** A dataset of `bytes`, every page written so that it is resident before the baseline is read. */
function makeDataset(mode: DatasetMode, bytes: number): Uint8Array {
  const data = new Uint8Array(mode === 'share' ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes));
  data.fill(1);
  return data;
}

/** Start one worker, hand it the dataset, and resolve once it holds and has read it. */
function handOver(data: Uint8Array): { worker: Worker; held: Promise<void> } {
  const worker = new Worker(workerFile('dataset-holder'));
  const held = new Promise<void>((resolve, reject) => {
    worker.once('message', (reply: { bytes: number; sum: number }) => {
      if (reply.bytes !== data.byteLength || reply.sum !== Math.ceil(data.byteLength / 4096))
        reject(new Error(`worker read ${reply.bytes} bytes (sum ${reply.sum}), expected ${data.byteLength}`));
      else resolve();
    });
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`dataset worker exited with code ${code} before it answered`)));
  });
  worker.postMessage(data);
  return { worker, held };
}

/** The most memory `datasetMemory` holds at once: the copies of the largest row, beside one dataset per mode. */
export function datasetMemoryNeedMiB(
  datasetMiB: number,
  workerCounts: readonly number[],
  modeCount: number = DATASET_MODES.length,
): number {
  return datasetMiB * (Math.max(...workerCounts) + modeCount);
}

/** What `datasetMemory` may hold at once: half of this machine's memory. */
export function datasetMemoryAllowedMiB(): number {
  return Math.floor(totalmem() / MIB / 2);
}

/**
 * Throws a RangeError unless `copies` datasets of `datasetMiB` fit in what an experiment may hold
 * (`datasetMemoryAllowedMiB`); `counted` says how the copies were counted, for the message.
 * @example checkDatasetFits(1024, 66, '`workers` + 2')
 * // Expected `datasetMiB` × (`workers` + 2) to stay within half this machine's memory (12288 MiB), …
 */
export function checkDatasetFits(datasetMiB: number, copies: number, counted: string): void {
  const needMiB = datasetMiB * copies;
  const allowedMiB = datasetMemoryAllowedMiB();
  if (needMiB > allowedMiB) {
    throw new RangeError(
      `Expected \`datasetMiB\` × (${counted}) to stay within half this machine's memory (${allowedMiB} MiB), ` +
        `got ${datasetMiB} × ${copies} = ${needMiB} MiB`,
    );
  }
}

/**
 * For each mode and worker count: with a dataset of `datasetMiB` in the main thread, start the workers,
 * hand each the dataset, read the resident memory once all hold it, stop them and read it again.
 * @example const rows = await datasetMemory({ datasetMiB: 256, workerCounts: [1, 2, 4] });
 */
export async function datasetMemory({
  datasetMiB,
  workerCounts,
  modes = [...DATASET_MODES],
  onProgress,
}: {
  datasetMiB: number;
  workerCounts: number[];
  modes?: DatasetMode[];
  onProgress?: ProgressCallback;
}): Promise<DatasetMemoryRow[]> {
  // From MIN_DATASET_MIB: smaller copies hide in memory the allocator keeps.
  checkWhole('datasetMiB', datasetMiB, { ...LIMITS.datasetMiB, min: MIN_DATASET_MIB }, 'MiB');
  checkWholeList('workerCounts', workerCounts, LIMITS.workers);
  checkSomeOf('modes', modes, DATASET_MODES);
  checkDatasetFits(
    datasetMiB,
    Math.max(...workerCounts) + modes.length,
    `most \`workerCounts\` + ${modes.length} datasets`,
  );
  // One dataset per mode, made up front and kept to the end: a dataset dropped earlier could be
  // collected in the middle of a later row and shrink its growth by a whole dataset.
  const datasets = new Map(modes.map((mode) => [mode, makeDataset(mode, datasetMiB * MIB)]));
  const rows: DatasetMemoryRow[] = [];
  for (const mode of modes) {
    for (const workers of workerCounts) {
      const data = datasets.get(mode)!;
      const started = Array.from({ length: workers }, () => handOver(data));
      let holdingMiB = 0;
      try {
        await Promise.all(started.map((handed) => handed.held));
        holdingMiB = rssMiB();
      } finally {
        await Promise.all(started.map(({ worker }) => worker.terminate()));
      }
      rows.push({ mode, workers, datasetMiB, rssGrowthMiB: holdingMiB - rssMiB(), copiesMiB: workers * datasetMiB });
      onProgress?.(rows.length, modes.length * workerCounts.length);
    }
  }
  return rows;
}
