/**
 * What the two transports of this machine's own workers share (threads: `worker-pool.ts`; child
 * processes: `process-pool.ts`): the options checked at the boundary, the allowed task modules and
 * the workers' compiled first file found once, before any worker starts.
 */
import { checkWhole } from '../check-range';
import { compiledFile } from '../files';
import { defaultWorkerCount, LIMITS } from '../limits';
import type { PoolOptions, PoolTransport, PoolWorker } from './pool';
import type { PoolKind } from './pool-kind-names';
import { allowTaskFiles } from './task-permissions';

/** One kind of local worker: what `localTransport` needs besides the caller's options. */
export interface LocalWorkerKind {
  readonly kind: PoolKind;
  /** What `workers` counts, for its message: `threads`, `processes`. */
  readonly noun: string;
  /** The workers' first file, a lib module compiled to `dist/lib`: `cpu/chunk-runner`. */
  readonly entry: string;
  /** Start one worker on the compiled entry, allowed `taskFiles` besides the built-in tasks. */
  start(entryFile: string, taskFiles: readonly string[], onDeath: (error: Error) => void): Promise<PoolWorker>;
}

/**
 * A transport of `workers` local workers of `kind` (default: one per core, at most `LIMITS.workers.max`),
 * after checking the options.
 * @throws RangeError naming `workers` and the kind's range; `allowTaskFiles`'s error for a task module
 *   that is not a compiled file; an Error when the entry has not been built (`npm run build`).
 * @example const transport = localTransport(processKind, { workers: 2 }); const pool = await startPool(transport);
 */
export function localTransport(
  kind: LocalWorkerKind,
  { workers = defaultWorkerCount(), taskFiles: given }: PoolOptions = {},
): PoolTransport {
  checkWhole('workers', workers, LIMITS.workers, kind.noun);
  const taskFiles = allowTaskFiles(given);
  const entryFile = compiledFile(kind.entry);
  return { kind: kind.kind, taskFiles, size: workers, start: (onDeath) => kind.start(entryFile, taskFiles, onDeath) };
}
