import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { comparisonTable, GridCell, STRATEGIES } from '../lib';

const cells: GridCell[] = (['I/O', 'CPU'] as const).flatMap((workload) => STRATEGIES.map((strategy) => ({
  workload,
  strategy,
  // I/O: the event loop 8× faster than sequential; CPU: worker threads 2×.
  wallMs: { sequential: 800, 'event loop': workload === 'I/O' ? 100 : 800, 'worker threads': workload === 'I/O' ? 400 : 400, both: 100 }[strategy],
  memoryMiB: strategy === 'worker threads' ? 12.34 : 1.5,
})));

test('the guide\'s rows in order, each figure from the grid', () => {
  const rows = comparisonTable(cells, { workers: 2, cores: 2 });
  assert.equal(rows.map((row) => row.feature), ['what overlaps', 'best for', 'the other workload', 'memory', 'global lock', 'complexity']);
  assert.match(rows[1]['event loop (≈ threading)'], 'I/O: 8.0× faster');
  assert.match(rows[1]['worker threads (≈ multiprocessing)'], 'CPU: 2.00× faster than sequential here (2 cores)');
  assert.match(rows[2]['event loop (≈ threading)'], 'CPU: 1.00×');
  assert.match(rows[3]['worker threads (≈ multiprocessing)'], '+12.3 MiB for 2 workers');
});

test('a grid missing a cell is refused by name', () => {
  assert.throws(() => comparisonTable(cells.filter((cell) => cell.strategy !== 'event loop'), { workers: 2, cores: 2 }), /I\/O cell for "event loop"/);
});

test.run();
