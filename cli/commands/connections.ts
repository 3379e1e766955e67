/** `runbook connections`: thousands of connections at once, Node's event loop beside CPython's asyncio and threads. */
import { progressReporter } from '../../lib/notebook/progress';
import { intListOption } from '../args';
import type { Command } from '../command';

export const connections: Command = {
  usage: 'connections [--counts 1000,5000] [--json]',
  summary:
    "N connections at once against the embedded server: Node's event loop, CPython asyncio and a thread per connection",
  options: { counts: { type: 'string' }, json: { type: 'boolean' } },
  async run(values) {
    // Loaded when the command runs (see Command.run).
    const { connectionsComparison, MAX_CONNECTIONS_AT_ONCE } =
      require('../../lib/experiments/connections') as typeof import('../../lib/experiments/connections');
    const counts = intListOption(values, 'counts', [1000, 5000], {
      min: 1,
      max: MAX_CONNECTIONS_AT_ONCE,
      maxLength: 8,
    });
    const rows = await connectionsComparison({ counts, onProgress: progressReporter('clients') });
    if (values.json) {
      process.stdout.write(`${JSON.stringify({ rows })}\n`);
    } else {
      const lines = rows.map(
        (row) =>
          `${String(row.connections).padStart(6)}  ${row.runtime.padEnd(34)} ` +
          `${row.wallMs.toFixed(0).padStart(6)} ms  ${row.cpuMsPerRequest.toFixed(3)} ms CPU/request  ` +
          `${row.peakRssMiB.toFixed(0).padStart(4)} MiB peak  ` +
          `${row.failed} failed${row.firstError ? ` (${row.firstError})` : ''}`,
      );
      if (!rows.some((row) => row.runtime.startsWith('CPython')))
        lines.push('python3 was not found: only the Node rows are measured');
      process.stdout.write(`${lines.join('\n')}\n`);
    }
    return 0;
  },
};
