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
}
