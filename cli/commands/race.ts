/** `runbook race`: lost updates with and without locks, on one thread (async) and across workers. */
import { SHARED_COUNTER_MODES } from '../../lib/sync/shared-counter-layout';
import { choiceOption, intOption, UsageError } from '../args';
import { LIMITS } from '../../lib/limits';
import { type Command, declareOptions } from '../command';
import { showChartUntilClosed } from '../interactive-plot';

const MODES = ['async', 'async-mutex', ...SHARED_COUNTER_MODES] as const;

export const race: Command = {
  usage:
    'race [--mode async|async-mutex|plain|atomics|mutex] [--workers 2] [--increments 5000000, async: 1000000] ' +
    '[--json] [--plot]',
  summary: 'count with racing tasks or threads: lost updates without a lock, none with one',
  options: declareOptions(['mode', 'workers', 'increments'], ['json', 'plot']),
  async run(values) {
    // Loaded when the command runs (see Command.run).
    const { asyncCounterRace } =
      require('../../lib/experiments/async-race') as typeof import('../../lib/experiments/async-race');
    const { sharedCounterRace } =
      require('../../lib/experiments/shared-counter') as typeof import('../../lib/experiments/shared-counter');
    const mode = choiceOption(values, 'mode', MODES, 'plain');
    // Async modes run tasks on the one thread, not threads: they may have many more.
    const workers = intOption(values, 'workers', 2, mode.startsWith('async') ? LIMITS.concurrency : LIMITS.workers);
    // Threads race only while their loops overlap: 5 million each keeps two threads counting together for
    // many time slices, where a million can finish before the second thread is woken. Each async round
    // is an await, so async modes keep a million.
    const increments = intOption(values, 'increments', mode.startsWith('async') ? 1_000_000 : 5_000_000, {
      min: 1,
      max: 100_000_000,
    });
    // The shared counter is an Int32; async rounds each cost an await: both products are bounded.
    const most = mode.startsWith('async') ? 100_000_000 : 2 ** 31 - 1;
    if (workers * increments > most)
      throw new UsageError(
        `--workers × --increments must stay within ${most} for --mode ${mode}, got ${workers} × ${increments} ` +
          `= ${workers * increments}`,
      );
    // Async modes: `workers` tasks on the one thread, each doing `increments` read → await → write rounds.
    const result =
      mode === 'async' || mode === 'async-mutex'
        ? await asyncCounterRace({ tasks: workers, rounds: increments, lock: mode === 'async-mutex' })
        : await sharedCounterRace({ workers, increments, mode });
    const report = { mode, expected: result.expected, actual: result.actual, lost: result.lost, ms: result.ms };
    process.stdout.write(
      values.json
        ? `${JSON.stringify(report)}\n`
        : `${mode}: expected ${report.expected}, counted ${report.actual}, lost ${report.lost} ` +
            `(${((report.lost / report.expected) * 100).toFixed(1)} %) in ${report.ms.toFixed(1)} ms\n`,
    );
    if (values.plot) {
      await showChartUntilClosed(
        [
          {
            type: 'bar',
            name: 'counter',
            x: ['expected', 'counted', 'lost'],
            y: [report.expected, report.actual, report.lost],
          },
        ],
        {
          title: `${mode}: ${((report.lost / report.expected) * 100).toFixed(1)} % of the updates lost`,
          yaxis: { title: 'increments' },
        },
      );
    }
    return 0;
  },
};
