/** Worker entry for plain `worker_threads`: `{ id, name, item }` in, `{ id, result }` out — no library between. */
import { parentPort } from 'node:worker_threads';
import { tasks } from '../cpu/tasks';

parentPort!.on('message', ({ id, name, item }: { id: number; name: keyof typeof tasks; item: never }) => {
  parentPort!.postMessage({ id, result: (tasks[name] as (value: unknown) => unknown)(item) });
});
