/** `runbook worker`: a queue worker process that any machine can run against a shared Redis. */
import { maskRedisUrl, REDIS_URL_ENV } from '../../lib/queue/redis-url';
import { intOption, UsageError } from '../args';
import type { Command } from '../command';
import { redisUrlOption } from '../redis-option';

export const worker: Command = {
  usage: 'worker [--redis redis://:PASSWORD@HOST:PORT] [--tasks FILE ...] [--concurrency 1]',
  summary:
    `pull map chunks from the shared queue on a Redis (--redis, or ${REDIS_URL_ENV}) and run them: ` +
    'the built-in tasks, and only the task modules given with --tasks (repeatable); ' +
    'SIGTERM or Ctrl-C drains the active jobs, then exits',
  options: { redis: { type: 'string' }, tasks: { type: 'string', multiple: true }, concurrency: { type: 'string' } },
  // Draining may take longer than the supervisor's second: the worker handles its own signals.
  interrupt: 'own',
  async run(values) {
    // Loaded when the command runs (see Command.run): queue-pool brings BullMQ and ioredis.
    const { forkQueueWorker, SHARED_QUEUE } =
      require('../../lib/queue/queue-pool') as typeof import('../../lib/queue/queue-pool');
    const { allowTaskFiles } =
      require('../../lib/cpu/task-permissions') as typeof import('../../lib/cpu/task-permissions');
    const url = redisUrlOption(values);
    if (url === undefined)
      throw new UsageError(
        `worker needs its Redis: --redis redis://:PASSWORD@HOST:PORT, or ${REDIS_URL_ENV} in the environment`,
      );
    const concurrency = intOption(values, 'concurrency', 1, { min: 1, max: 64 });
    let taskFiles: string[];
    try {
      taskFiles = allowTaskFiles(values.tasks as string[] | undefined, '--tasks');
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
    const child = forkQueueWorker(url, SHARED_QUEUE, concurrency, taskFiles);
    const modules = taskFiles.length === 0 ? 'built-in tasks only' : `built-in tasks and ${taskFiles.join(', ')}`;
    child.once('message', () =>
      process.stderr.write(
        `worker: listening on queue "${SHARED_QUEUE}" at ${maskRedisUrl(url)} ` +
          `(${concurrency} at a time; ${modules}); Ctrl-C drains and stops\n`,
      ),
    );
    const pass = (signal: NodeJS.Signals) => () => child.kill(signal);
    process.on('SIGINT', pass('SIGTERM'));
    process.on('SIGTERM', pass('SIGTERM'));
    return new Promise((resolve) => child.on('exit', (code) => resolve(code ?? 1)));
  },
};
