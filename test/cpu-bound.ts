import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  coldAndWarmMaps,
  granularitySweep,
  guideNumbers,
  mapOnEachKind,
  sumOfSquaresClosedForm,
  timeOnStartedPool,
  timeSequential,
} from '../lib';
import { childProcesses, rejects, threadBaseline, until } from './helpers/assert';

let noThreadLeft: ReturnType<typeof threadBaseline>;
test.before(() => {
  noThreadLeft = threadBaseline();
});

test("guideNumbers are the guide's consecutive numbers", () => {
  assert.equal(guideNumbers(3, 10_000_000), [10_000_000, 10_000_001, 10_000_002]);
  assert.is(guideNumbers().length, 20);
});

test('the sequential loop and the started pool give the same exact results, the pool its start-up time', async () => {
  const numbers = guideNumbers(4, 100_000);
  const sequential = await timeSequential(numbers);
  const parallel = await timeOnStartedPool(numbers, { workers: 2 });
  assert.equal(parallel.results, sequential.results);
  assert.equal(sequential.results, numbers.map(sumOfSquaresClosedForm));
  assert.ok(parallel.startMs > 0 && parallel.ms > 0);
  await noThreadLeft();
});

test('mapOnEachKind: same exact results on threads and processes, spread about each median, nothing left', async () => {
  const numbers = guideNumbers(4, 100_000);
  const rows = await mapOnEachKind(numbers, { workers: 2, runs: 3 });
  assert.equal(
    rows.map((row) => row.kind),
    ['threads', 'processes'],
  );
  for (const row of rows) {
    assert.equal(row.results, numbers.map(sumOfSquaresClosedForm));
    assert.ok(row.startMs > 0 && row.minMs <= row.ms && row.ms <= row.maxMs);
  }
  await rejects(mapOnEachKind(numbers, { workers: 2, runs: 0 }), /`runs`/);
  assert.ok(await until(() => childProcesses().length === 0), 'no process left');
  await noThreadLeft();
});

test('coldAndWarmMaps: the phases of one pool, its warm maps exact', async () => {
  const numbers = guideNumbers(4, 100_000);
  const phases = await coldAndWarmMaps({ numbers, workers: 2, runs: 1 });
  assert.equal(phases.results, numbers.map(sumOfSquaresClosedForm));
  assert.ok(
    [phases.sequentialMs, phases.startMs, phases.firstMapMs, phases.warmMapMs, phases.overheadMs].every((ms) => ms > 0),
  );
  await noThreadLeft();
});

test("granularitySweep: a row per size; each speedup is its rounds' median, between slowest and fastest", async () => {
  const rows = await granularitySweep({ sizes: [1_000, 200_000], itemCount: 4, workers: 2, runs: 3 });
  assert.equal(
    rows.map((row) => row.n),
    [1_000, 200_000],
  );
  for (const row of rows) {
    assert.ok(
      row.slowestSpeedupOnStartedPool <= row.speedupOnStartedPool &&
        row.speedupOnStartedPool <= row.fastestSpeedupOnStartedPool,
    );
    assert.ok(
      row.slowestSpeedupWithStart <= row.speedupWithStart && row.speedupWithStart <= row.fastestSpeedupWithStart,
    );
    // Starting a pool is never free: the same map with the start-up counted is slower.
    assert.ok(
      row.withStartMs > row.onStartedPoolMs,
      `with start ${row.withStartMs} ms, on a started pool ${row.onStartedPoolMs} ms`,
    );
  }
  await rejects(granularitySweep({ sizes: [1_000], runs: 0 }), /`runs`/);
  await noThreadLeft();
});

test.run();
