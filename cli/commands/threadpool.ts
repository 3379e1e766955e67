/** `runbook threadpool`: libuv's hidden thread pool, measured at several sizes. */
import { progressReporter } from '../../lib/notebook/progress';
import { intListOption, intOption } from '../args';
import type { Command } from '../command';

export const threadpool: Command = {
  usage: 'threadpool [--sizes 1,2,4,8] [--tasks 8] [--json]',
  summary:
    "crypto.pbkdf2 hashes at once on libuv's thread pool of each UV_THREADPOOL_SIZE, " +
    'and a dns.lookup waiting behind them',
  options: { sizes: { type: 'string' }, tasks: { type: 'string' }, json: { type: 'boolean' } },
  async run(values) {
    // Loaded when the command runs (see Command.run).
    const { MAX_THREADPOOL_SIZE, threadpoolSweep } =
      require('../../lib/experiments/threadpool') as typeof import('../../lib/experiments/threadpool');
    const sizes = intListOption(values, 'sizes', [1, 2, 4, 8], { min: 1, max: MAX_THREADPOOL_SIZE, maxLength: 16 });
    const tasks = intOption(values, 'tasks', 8, { min: 1, max: 1_000 });
    const rows = await threadpoolSweep({ sizes, tasks, onProgress: progressReporter('pool sizes') });
    if (values.json) {
      process.stdout.write(`${JSON.stringify({ rows })}\n`);
    } else {
      const lines = [`${tasks} pbkdf2 hashes at once (one alone takes ${rows[0].oneHashMs.toFixed(0)} ms):`];
      for (const row of rows) {
        const threads = row.threadsUsed === null ? '' : ` on ${row.threadsUsed} thread(s)`;
        lines.push(
          `  UV_THREADPOOL_SIZE=${String(row.size).padEnd(3)} ${row.wallMs.toFixed(0).padStart(6)} ms${threads}; ` +
            `a dns.lookup asked meanwhile ended at ${row.lookupWhileBusyMs.toFixed(0)} ms, ` +
            `the first hash at ${Math.min(...row.hashEndMs).toFixed(0)} ms (idle: ${row.lookupIdleMs.toFixed(1)} ms)`,
        );
      }
      process.stdout.write(`${lines.join('\n')}\n`);
    }
    return 0;
  },
};
