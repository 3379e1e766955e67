/** `runbook memory`: the guide's "a dataset per process" warning, measured on worker threads, headless. */
import { datasetMemory, MIN_DATASET_MIB, progressReporter } from '../../lib';
import { intListOption, intOption } from '../args';
import type { Command } from '../command';

export const memory: Command = {
  usage: `memory [--dataset-mib 256] [--workers 1,2,4] [--json]`,
  summary: 'resident memory of a dataset copied to each worker vs shared by all',
  options: { 'dataset-mib': { type: 'string' }, workers: { type: 'string' }, json: { type: 'boolean' } },
  async run(values) {
    const datasetMiB = intOption(values, 'dataset-mib', 256, MIN_DATASET_MIB);
    const workerCounts = intListOption(values, 'workers', [1, 2, 4], 1);
    const rows = await datasetMemory({ datasetMiB, workerCounts, onProgress: progressReporter('measuring') });
    if (values.json) {
      process.stdout.write(`${JSON.stringify({ datasetMiB, rows })}\n`);
      return 0;
    }
    const lines = [`a ${datasetMiB} MiB dataset handed to each worker; resident memory the workers hold:`];
    for (const row of rows) lines.push(`  ${row.mode.padEnd(5)} to ${String(row.workers).padStart(2)} workers: ${row.rssGrowthMiB.toFixed(0).padStart(6)} MiB (one copy each would be ${row.copiesMiB} MiB)`);
    process.stdout.write(`${lines.join('\n')}\n`);
    return 0;
  },
};
