import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { comparisonTable, type GridCell, STRATEGIES } from '../lib';

const cells: GridCell[] = (['I/O', 'CPU'] as const).flatMap((workload) =>
  STRATEGIES.map((strategy) => ({
    workload,
    strategy,
    // I/O: the event loop 8× faster than sequential; CPU: worker threads 2×.
    wallMs: {
      sequential: 800,
      'event loop': workload === 'I/O' ? 100 : 800,
      'worker threads': 400,
      'child processes': 500,
      both: 100,
    }[strategy],
    memoryMiB:
      strategy === 'worker threads' ? (workload === 'CPU' ? 12.34 : 9.5) : strategy === 'child processes' ? 80 : 1.5,
  })),
);

test("measured rows carry this run's figures, memory compared per workload; the others name their notebook", () => {
  const rows = comparisonTable(cells, { workers: 2, cores: 2 });
  assert.equal(
    rows.map((row) => row.feature),
    [
      'best for',
      'the other workload',
      'peak memory added',
      'what overlaps',
      'data',
      'global lock',
      'a worker dies',
      'complexity',
    ],
  );
  assert.match(rows[0]['event loop (≈ threading)'], 'I/O: 8.0× faster');
  assert.match(
    rows[0]['worker threads (≈ multiprocessing, in one process)'],
    'CPU: 2.00× faster than sequential (2 workers, 2 cores)',
  );
  assert.match(rows[1]['event loop (≈ threading)'], 'CPU: 1.00×');
  assert.match(
    rows[1]['worker threads (≈ multiprocessing, in one process)'],
    "8.0× with the event loop's concurrency split",
  );
  assert.match(rows[2]['worker threads (≈ multiprocessing, in one process)'], 'I/O +9.5 MiB, CPU +12.3 MiB');
  assert.match(rows[0]['child processes (= multiprocessing)'], 'CPU: 1.60× faster than sequential');
  assert.match(rows[2]['child processes (= multiprocessing)'], 'I/O +80.0 MiB, CPU +80.0 MiB');
  assert.equal(
    rows.map((row) => row.evidence.startsWith('notebook') || row.evidence === 'this run'),
    rows.map(() => true),
  );
});

test('a grid missing a cell is refused by name', () => {
  assert.throws(
    () =>
      comparisonTable(
        cells.filter((cell) => cell.strategy !== 'event loop'),
        { workers: 2, cores: 2 },
      ),
    /I\/O cell for "event loop"/,
  );
});

test.run();
