/**
 * Fails on purpose, in a worker thread or a child process alike: `oom` allocates until the heap
 * limit is reached, `exit` calls process.exit(3). What the parent sees is the measurement.
 */
import { isMainThread, workerData } from 'node:worker_threads';

const how = (isMainThread ? process.argv[2] : workerData) as 'oom' | 'exit';
if (how === 'exit') process.exit(3);
const hoard: number[][] = [];
for (;;) hoard.push(Array.from({ length: 100_000 }, (_, i) => i + 0.5));
