/**
 * Races on one thread: N async tasks each read a shared counter, await (as any I/O would), and write
 * back the value plus one. Every task reads before any writes, so without a lock all but one update
 * is lost — by construction, on every run. With a Mutex around the section none is.
 */
import { checkWhole } from '../check-range';
import { LIMITS } from '../limits';
import { Mutex } from '../sync/mutex';

export interface RaceResult {
  expected: number;
  actual: number;
  lost: number;
  ms: number;
}

/** Let every other ready task run, as an awaited network call would. */
const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * @example await asyncCounterRace({ tasks: 100, lock: false }) // { expected: 100, actual: 1, lost: 99, … }
 */
export async function asyncCounterRace({
  tasks,
  lock,
  rounds = 1,
}: {
  tasks: number;
  lock: boolean;
  rounds?: number;
}): Promise<RaceResult> {
  checkWhole('tasks', tasks, LIMITS.tasks);
  // Read → await → write rounds of each task (the race's increments), not timed rounds.
  checkWhole('rounds', rounds, { min: 1 });
  const mutex = new Mutex('counter');
  let counter = 0;
  const increment = async () => {
    const value = counter; // read
    await yieldToLoop(); // …others run here…
    counter = value + 1; // write: overwrites whatever they wrote
  };
  const started = performance.now();
  await Promise.all(
    Array.from({ length: tasks }, async () => {
      for (let round = 0; round < rounds; round++) await (lock ? mutex.runExclusive(increment) : increment());
    }),
  );
  const ms = performance.now() - started;
  const expected = tasks * rounds;
  return { expected, actual: counter, lost: expected - counter, ms };
}

/**
 * Two tasks take two locks in opposite order: each holds one and waits for the other forever —
 * unless the acquire has a timeout, which turns the hang into a LockTimeoutError.
 * @example await deadlockDemo({ timeoutMs: 200 }) // rejects with LockTimeoutError
 */
export async function deadlockDemo({ timeoutMs = 200 }: { timeoutMs?: number } = {}): Promise<never> {
  const accounts = new Mutex('accounts');
  const ledger = new Mutex('ledger');
  const transfer = async (first: Mutex, second: Mutex) => {
    const releaseFirst = await first.acquire({ timeoutMs });
    try {
      await yieldToLoop(); // the other task takes its first lock meanwhile
      const releaseSecond = await second.acquire({ timeoutMs });
      releaseSecond();
    } finally {
      releaseFirst();
    }
  };
  const outcomes = await Promise.allSettled([transfer(accounts, ledger), transfer(ledger, accounts)]);
  const failure = outcomes.find((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
  if (failure) throw failure.reason;
  throw new Error('no deadlock happened: both tasks finished');
}
