/**
 * Ctrl-C on every command: the run stops within about a second whatever it is doing (computing on
 * its main thread, waiting for python3, downloading), says how far it came, exits 130 (143 on
 * SIGTERM), and leaves no process behind.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { startRunbook } from './helpers/cli';
import { until } from './helpers/assert';

/** The supervised child of a `runbook` process: it leads the process group the command runs in. */
function childOf(pid: number): number | undefined {
  // ps exits 1 when nothing matches yet.
  const out = spawnSync('ps', ['-o', 'pid=', '--ppid', String(pid)], { encoding: 'utf8' }).stdout.trim();
  return out ? Number(out.split('\n')[0]) : undefined;
}

/** How many processes the command's group holds now: the command, and the servers and workers it started. */
function groupSize(pgid: number): number {
  const out = spawnSync('ps', ['-o', 'pid=', '-g', String(pgid)], { encoding: 'utf8' }).stdout.trim();
  return out ? out.split('\n').length : 0;
}

function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Start `runbook ARGS…`, interrupt it `afterMs` after it began its work, and wait for it to end.
 * @param startedWith how many processes its group holds once the work began (a server process of its
 *   own, say): counted from then, not from the start, which a loaded machine can stretch by seconds.
 */
async function interrupt(
  args: string[],
  { afterMs, signal = 'SIGINT', startedWith = 1 }: { afterMs: number; signal?: NodeJS.Signals; startedWith?: number },
) {
  const child = startRunbook(...args);
  let stderr = '';
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  try {
    let group: number | undefined;
    assert.ok(await until(() => (group = childOf(child.pid!)) !== undefined), 'the command starts in a child process');
    assert.ok(
      await until(() => groupSize(group!) >= startedWith, 30_000),
      `the command's group reaches ${startedWith} processes`,
    );
    await new Promise((resolve) => setTimeout(resolve, afterMs));
    child.kill(signal);
    const code = await exited;
    // Give the group's last members a moment to be reaped.
    assert.ok(await until(() => !groupAlive(group!), 2_000), 'nothing of the command is left running');
    return { code, stderr };
  } finally {
    child.kill('SIGKILL');
  }
}

test('map while its main thread computes: stopped, exit 130, nothing left', async () => {
  // One number at n = 10^9 takes about half a second on this thread, twenty of them ten seconds.
  const { code, stderr } = await interrupt(['map', '--n', '1000000000', '--count', '20'], { afterMs: 800 });
  assert.is(code, 130);
  assert.match(stderr, 'runbook: interrupted');
});

test('download: says how far it came, stops its server process, exit 130', async () => {
  // Interrupted 1.5 s after its server process started: five rounds of four pages at least.
  const { code, stderr } = await interrupt(['download', '--n', '2000', '--concurrency', '4', '--latency-ms', '300'], {
    afterMs: 1_500,
    startedWith: 2,
  });
  assert.is(code, 130);
  assert.match(stderr, /interrupted during downloading \([1-9]\d* of 2000 done\)/);
});

test('SIGTERM stops a run the same way, exit 143', async () => {
  const { code, stderr } = await interrupt(['race', '--mode', 'async', '--workers', '4', '--increments', '25000000'], {
    afterMs: 500,
    signal: 'SIGTERM',
  });
  assert.is(code, 143);
  assert.match(stderr, 'runbook: interrupted');
});

test.run();
