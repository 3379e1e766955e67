/** `runbook worker`: a queue worker process that any machine can run against a shared Redis. */
import { fork } from 'node:child_process';
import { SHARED_QUEUE } from '../../lib';
import { workerFile } from '../../lib/files';
import { intOption, UsageError } from '../args';
import type { Command } from '../command';

export const worker: Command = {
  usage: 'worker --redis redis://HOST:PORT [--concurrency 1]',
  summary: 'pull map chunks from the shared queue on a Redis and run them; SIGTERM or Ctrl-C drains the active jobs, then exits',
  options: { redis: { type: 'string' }, concurrency: { type: 'string' } },
  // Draining may take longer than the supervisor's second: the worker handles its own signals.
  interrupt: 'own',
  async run(values) {
    const url = values.redis;
    if (typeof url !== 'string' || !/^rediss?:\/\//.test(url)) throw new UsageError(`--redis expects a redis:// URL, got ${url === undefined ? 'none' : `"${String(url)}"`}`);
    const concurrency = intOption(values, 'concurrency', 1, { min: 1, max: 64 });
    const child = fork(workerFile('queue-worker'), [url, SHARED_QUEUE, String(concurrency)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    child.once('message', () => process.stderr.write(`worker: listening on queue "${SHARED_QUEUE}" at ${url} (${concurrency} at a time); Ctrl-C drains and stops\n`));
    const pass = (signal: NodeJS.Signals) => () => child.kill(signal);
    process.on('SIGINT', pass('SIGTERM'));
    process.on('SIGTERM', pass('SIGTERM'));
    return new Promise((resolve) => child.on('exit', (code) => resolve(code ?? 1)));
  },
};
