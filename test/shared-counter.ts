import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { compareCounterModes, lockstepCounterRace, sharedCounterRace } from '../lib';
import { rejects, threadBaseline } from './helpers/assert';
import { runbook } from './helpers/cli';

// Counted when this file starts, not when uvu loads every file.
let noThreadLeft: ReturnType<typeof threadBaseline>;
test.before(() => {
  noThreadLeft = threadBaseline();
});

test('plain read → write loses one update in every round of a forced interleaving: no second core needed', async () => {
  for (const rounds of [1, 7, 50]) {
    const result = await lockstepCounterRace({ mode: 'plain', rounds });
    assert.equal([result.expected, result.actual, result.lost], [2 * rounds, rounds, rounds]);
  }
});

test('Atomics.add and the SharedMutex lose nothing over 100 runs each', async () => {
  for (const mode of ['atomics', 'mutex'] as const) {
    for (let run = 0; run < 100; run++) {
      const result = await sharedCounterRace({ workers: 2, increments: 20_000, mode });
      assert.is(result.lost, 0, `${mode} run ${run}`);
    }
  }
  const batched = await sharedCounterRace({ workers: 3, increments: 10_001, mode: 'mutex', batch: 100 });
  assert.is(batched.actual, 30_003);
});

test('runbook race --json, and its bad arguments', () => {
  const { status, stdout } = runbook('race', '--mode', 'atomics', '--increments', '5000', '--json');
  assert.is(status, 0);
  assert.equal(JSON.parse(stdout), {
    ...JSON.parse(stdout),
    mode: 'atomics',
    expected: 10_000,
    actual: 10_000,
    lost: 0,
  });
  const plainAsync = JSON.parse(
    runbook('race', '--mode', 'async', '--workers', '4', '--increments', '10', '--json').stdout,
  );
  assert.equal([plainAsync.expected, plainAsync.lost], [40, 30]);
  for (const [args, message] of [
    [['--mode', 'sloppy'], '--mode expects'],
    [['--workers', '0'], '--workers expects'],
    [['--increments', 'lots'], '--increments expects'],
  ] as Array<[string[], string]>) {
    const result = runbook('race', ...args);
    assert.is(result.status, 2);
    assert.match(result.stderr, message);
  }
});

test('compareCounterModes reports each mode over its runs: the locked modes lose nothing', async () => {
  const rows = await compareCounterModes({ workers: 2, increments: 5_000, runs: 2, modes: ['atomics', 'mutex'] });
  assert.equal(
    rows.map((row) => [row.mode, row['runs that lost updates'], row['median lost (%)']]),
    [
      ['atomics', '0 of 2', 0],
      ['mutex', '0 of 2', 0],
    ],
  );
  assert.ok(rows.every((row) => row['ns per increment'] > 0));
});

test('bad race inputs name the problem', async () => {
  await rejects(sharedCounterRace({ mode: 'sloppy' as never }), /`mode`/);
  await rejects(sharedCounterRace({ mode: 'plain', workers: 0 }), /`workers`/);
  await rejects(sharedCounterRace({ mode: 'plain', increments: 2 ** 31 }), /`increments`/);
  await rejects(sharedCounterRace({ mode: 'plain', batch: 10 }), /`batch`/);
  await rejects(lockstepCounterRace({ mode: 'atomics' as never }), /`mode`/);
  await rejects(lockstepCounterRace({ mode: 'plain', rounds: 0 }), /`rounds`/);
  await rejects(compareCounterModes({ workers: 2, increments: 10, runs: 0 }), /`runs`/);
});

test('no worker thread is left behind', async () => {
  await noThreadLeft();
});

test.run();
