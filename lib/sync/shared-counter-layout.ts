/** The shared counter's buffer layout, known to the main thread and to the counter workers. */

export const SHARED_COUNTER_MODES = ['plain', 'atomics', 'mutex'] as const;
export type SharedCounterMode = (typeof SHARED_COUNTER_MODES)[number];

/** Int32 slots of the shared buffer. */
export const CELL = { counter: 0, lock: 1, ready: 2, go: 3 } as const;
export const CELL_COUNT = 4;

/** What each counter worker is given. */
export interface CounterJob {
  buffer: SharedArrayBuffer;
  increments: number;
  mode: SharedCounterMode;
  /** Increments added per atomic operation or lock; 1 = one synchronization per increment. */
  batch: number;
  /**
   * Float64 pairs, one per worker: when it started counting and when it ended, in ms since the epoch.
   * The run is timed by the workers' own clocks: a message to the main thread takes longer than some runs.
   */
  spans: SharedArrayBuffer;
  /** This worker's pair in `spans`. */
  slot: number;
}

/** Int32 slots of the lockstep race's buffer: the counter, a lock, and each side's progress (a round number). */
export const LOCKSTEP_CELL = { counter: 0, lock: 1, firstRead: 2, secondWrote: 3, firstDone: 4 } as const;
export const LOCKSTEP_CELL_COUNT = 5;

/** What each of the two lockstep workers is given. */
export interface LockstepJob {
  buffer: SharedArrayBuffer;
  /** 0 reads first and writes last; 1 reads and writes in between. */
  role: 0 | 1;
  rounds: number;
  /** `plain`: read, then write, nothing held; `mutex`: the same under a SharedMutex. */
  mode: 'plain' | 'mutex';
  /** How long the first thread waits for the second to slip in before it writes anyway. */
  slipInMs: number;
}
