/**
 * How fast the queue notices a dead worker. A job's lock lasts `lockDuration` and is renewed while its
 * worker lives; a worker that dies stops renewing, and the next stalled-job check (every
 * `stalledInterval`) puts the job back for another worker. Short here, for the demonstration: a lost
 * worker costs about one lock period. Production queues use BullMQ's 30 s defaults.
 */
export const QUEUE_TIMINGS = { lockDuration: 2_000, stalledInterval: 1_000, maxStalledCount: 5 } as const;

/** How long a map, or a worker stopping, waits for a Redis that went away before giving up on it. */
export const REDIS_GONE_MS = 5_000;
