/**
 * A queue worker process: pulls chunks from one BullMQ queue on a Redis that any machine can reach,
 * and runs each in a sandboxed child process (CPU work never runs on this event loop, which must
 * keep renewing the job's lock). usage: RUNBOOK_REDIS_URL=… RUNBOOK_TASK_FILES='[…]' node
 * queue-worker.js QUEUE CONCURRENCY (the URL holds a password: it comes through the environment,
 * never the command line; the sandboxes inherit the task modules they may run, not the URL).
 * SIGTERM or SIGINT: finish the active jobs, then exit.
 */
import { Worker } from 'bullmq';
import IORedis from 'ioredis';
import { maskRedisUrl, REDIS_URL_ENV } from './redis-url';
import { QUEUE_TIMINGS, REDIS_GONE_MS } from './timings';
import { compiledFile } from '../files';

const [queueName, concurrencyText] = process.argv.slice(2);
const url = process.env[REDIS_URL_ENV] ?? '';
delete process.env[REDIS_URL_ENV];
const connection = new IORedis(url, { maxRetriesPerRequest: null });
connection.on('error', () => {}); // the worker's own 'error' below says what matters
const worker = new Worker(queueName, compiledFile('queue/queue-processor'), {
  connection,
  concurrency: Number(concurrencyText),
  ...QUEUE_TIMINGS,
});
// Said once per distinct message: a Redis that is down fails every reconnection the same way.
const said = new Set<string>();
worker.on('error', (error) => {
  if (said.has(error.message)) return;
  said.add(error.message);
  process.stderr.write(`queue worker: ${error.message}\n`);
});
void worker.waitUntilReady().then(() => process.send?.('ready'));

let stopping = false;
const drainAndExit = () => {
  if (stopping) return;
  stopping = true;
  void worker.close().finally(() => {
    connection.disconnect();
    process.exit(0);
  });
  // Draining needs Redis: a worker whose Redis is gone would wait for it for ever, orphaned.
  let downMs = 0;
  setInterval(() => {
    downMs = connection.status === 'ready' ? 0 : downMs + 500;
    if (downMs < REDIS_GONE_MS) return;
    process.stderr.write(
      `queue worker: Redis at ${maskRedisUrl(url)} has not answered for ${REDIS_GONE_MS / 1000} s; ` +
        'stopping without draining (the queue gives its jobs to other workers)\n',
    );
    process.exit(1);
  }, 500);
};
process.on('SIGTERM', drainAndExit);
process.on('SIGINT', drainAndExit);
// Started by a pool that is gone: stop too.
process.on('disconnect', drainAndExit);
