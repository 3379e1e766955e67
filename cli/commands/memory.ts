/** `runbook memory`: the guide's "a dataset per process" warning, measured on worker threads, headless. */
import { progressReporter } from '../../lib/notebook/progress';
import { LIMITS } from '../../lib/limits';
import { intListOption, intOption, UsageError } from '../args';
import { type Command, declareOptions } from '../command';
import { showChartUntilClosed } from '../interactive-plot';

export const memory: Command = {
  usage: `memory [--dataset-mib 256] [--workers 1,2,4] [--json] [--plot]`,
  summary: 'resident memory of a dataset copied to each worker vs shared by all',
  options: declareOptions(['dataset-mib', 'workers'], ['json', 'plot']),
  async run(values) {
    // Loaded when the command runs (see Command.run).
    const { datasetMemory, datasetMemoryAllowedMiB, datasetMemoryNeedMiB, MAX_DATASET_MIB, MIN_DATASET_MIB } =
      require('../../lib/experiments/dataset-memory') as typeof import('../../lib/experiments/dataset-memory');
    const datasetMiB = intOption(values, 'dataset-mib', 256, { min: MIN_DATASET_MIB, max: MAX_DATASET_MIB });
    const workerCounts = intListOption(values, 'workers', [1, 2, 4], { ...LIMITS.workers, maxLength: 8 });
    const needMiB = datasetMemoryNeedMiB(datasetMiB, workerCounts);
    if (needMiB > datasetMemoryAllowedMiB()) {
      throw new UsageError(
        "--dataset-mib × (largest --workers + 2 datasets) must stay within half this machine's memory " +
          `(${datasetMemoryAllowedMiB()} MiB), got ${needMiB} MiB`,
      );
    }
    const rows = await datasetMemory({ datasetMiB, workerCounts, onProgress: progressReporter('measuring') });
    if (values.json) {
      process.stdout.write(`${JSON.stringify({ datasetMiB, rows })}\n`);
    } else {
      const lines = [`a ${datasetMiB} MiB dataset handed to each worker; resident memory the workers hold:`];
      for (const row of rows)
        lines.push(
          `  ${row.mode.padEnd(5)} to ${String(row.workers).padStart(2)} workers: ` +
            `${row.rssGrowthMiB.toFixed(0).padStart(6)} MiB (one copy each would be ${row.copiesMiB} MiB)`,
        );
      process.stdout.write(`${lines.join('\n')}\n`);
    }
    if (values.plot) {
      await showChartUntilClosed(
        ['copy', 'share'].map((mode) => ({
          type: 'bar',
          name: mode === 'copy' ? 'copied to each worker' : 'shared by all',
          x: rows.filter((row) => row.mode === mode).map((row) => `${row.workers} workers`),
          y: rows.filter((row) => row.mode === mode).map((row) => row.rssGrowthMiB),
        })),
        {
          title: `A ${datasetMiB} MiB dataset handed to each worker`,
          yaxis: { title: 'resident memory the workers hold (MiB)' },
        },
      );
    }
    return 0;
  },
};
