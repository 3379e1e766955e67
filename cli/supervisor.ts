/**
 * Ctrl-C for every command within a second, whatever the command is doing. A signal handler in
 * Node runs only when the event loop turns, and a command may be computing on its main thread or
 * waiting in a synchronous python3: so the command runs in a child process of its own process
 * group, and this parent, whose loop is always free, handles the signal. It passes the interrupt
 * on (the child stops its pools and servers and exits 130), kills the whole group if the child
 * has not gone within `GRACE_MS` (worker threads, server processes and python3 go with it), says
 * how far the run had come, and exits 130 (143 for SIGTERM).
 */
import { spawn } from 'node:child_process';
import type { ProgressUpdate } from '../lib';
import { killProcessGroup } from '../lib/cpu/worker-lifecycle';

/** How long the child has to stop by itself before its whole process group is killed. */
const GRACE_MS = 800;

/**
 * The messages a supervised child sends its parent: its progress, and whether an interrupt is now
 * its normal way to end (while `--plot` shows its chart until closed).
 */
export type ChildMessage = { progress: ProgressUpdate } | { interruptEndsNormally: boolean };

/** Set in a supervised child's environment, so it runs the command instead of supervising again. */
export const SUPERVISED_ENV = 'RUNBOOK_SUPERVISED';

const EXIT_FOR = { SIGINT: 130, SIGTERM: 143 } as const;

/**
 * Run `runbook ARGS…` in a child process group and wait for it.
 * @param interruptIsNormalStop the command stops on Ctrl-C as its normal end (serve): its own exit code stands.
 */
export function superviseCommand(
  script: string,
  args: readonly string[],
  interruptIsNormalStop: boolean,
): Promise<number> {
  const child = spawn(process.execPath, [script, ...args], {
    stdio: ['inherit', 'inherit', 'inherit', 'ipc'],
    detached: true,
    env: { ...process.env, [SUPERVISED_ENV]: '1' },
  });
  let latest: ProgressUpdate | undefined;
  let normalStop = interruptIsNormalStop;
  let interrupted: keyof typeof EXIT_FOR | undefined;
  let killer: NodeJS.Timeout | undefined;
  child.on('message', (message: ChildMessage) => {
    if ('progress' in message) latest = message.progress;
    // Once interrupted, the answer given before the interrupt stands.
    if ('interruptEndsNormally' in message && !interrupted) normalStop = message.interruptEndsNormally;
  });
  const interrupt = (signal: keyof typeof EXIT_FOR) => {
    if (interrupted || child.pid === undefined) return;
    interrupted = signal;
    killProcessGroup(child.pid, 'SIGINT');
    killer = setTimeout(() => killProcessGroup(child.pid!, 'SIGKILL'), GRACE_MS);
  };
  const onInt = () => interrupt('SIGINT');
  const onTerm = () => interrupt('SIGTERM');
  process.on('SIGINT', onInt);
  process.on('SIGTERM', onTerm);
  return new Promise((resolve) => {
    child.on('error', (error) => {
      process.stderr.write(`runbook: could not start the command: ${error.message}\n`);
      resolve(1);
    });
    child.on('exit', (code, signal) => {
      clearTimeout(killer);
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
      // Whatever the child started and left in its group goes with it.
      if (child.pid !== undefined) killProcessGroup(child.pid, 'SIGKILL');
      if (!interrupted) return resolve(code ?? 1);
      if (normalStop && code === 0) return resolve(0);
      const reached = latest ? ` during ${latest.label} (${latest.done} of ${latest.total} done)` : '';
      const killed = signal === 'SIGKILL' ? ' (it did not stop by itself within a second, so it was killed)' : '';
      process.stderr.write(`\nrunbook: interrupted${reached}; everything it started is stopped${killed}\n`);
      resolve(EXIT_FOR[interrupted]);
    });
  });
}
