/**
 * JupyterLab from the project's .venv/, owned by the runbook: started on 127.0.0.1 with a token that
 * reaches no command line, called ready only once it answers on the port it really took, and stopped
 * together with every kernel it started.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { JUPYTER, JUPYTER_DATA_DIR, jupyterEnv } from './jupyter';
import { descendantsOf, processesMentioning, processTable, signalProcesses } from './process-tree';

export interface LabOptions {
  /** The port asked for; when it is taken, JupyterLab takes another, and `ready` says which. */
  port: number;
  /** The folder JupyterLab serves. */
  rootDir: string;
  /** Pass --allow-root (JupyterLab refuses to run as root without it). */
  allowRoot: boolean;
  /** How long JupyterLab has to answer before it is stopped and `ready` rejects. Default 60 s. */
  readyTimeoutMs?: number;
  /** How long JupyterLab has to stop on SIGTERM before it and its kernels are killed. Default 4 s. */
  graceMs?: number;
}

/** Where a ready JupyterLab answers: `url` opens it, token included. */
export interface LabAddress {
  url: string;
  port: number;
}

export interface RunningLab {
  pid: number;
  /**
   * Resolves once `GET /api/status` with the token answers 200 on the port JupyterLab itself recorded;
   * resolves `undefined` when `stop()` came first; rejects when JupyterLab exited first or did not
   * answer in time (it is then stopped).
   */
  ready: Promise<LabAddress | undefined>;
  /**
   * Resolves with JupyterLab's exit code (128 + signal number if a signal ended it) once it and its
   * kernels are gone.
   */
  exited: Promise<number>;
  /** SIGTERM (Jupyter Server shuts its kernels down), then SIGKILL for whatever is left after `graceMs`. Idempotent. */
  stop(): Promise<number>;
}

/** The server info JupyterLab writes into its runtime folder once it listens (`jpserver-<pid>.json`). */
interface ServerInfo {
  port: number;
  base_url: string;
}

function readServerInfo(runtimeDir: string, pid: number): ServerInfo | undefined {
  try {
    const info = JSON.parse(fs.readFileSync(path.join(runtimeDir, `jpserver-${pid}.json`), 'utf8'));
    return typeof info.port === 'number'
      ? { port: info.port, base_url: typeof info.base_url === 'string' ? info.base_url : '/' }
      : undefined;
  } catch {
    return undefined; // not written yet, or half written
  }
}

async function answers(port: number, token: string): Promise<boolean> {
  try {
    const response = await fetch(`http://127.0.0.1:${port}/api/status`, {
      headers: { Authorization: `token ${token}` },
      signal: AbortSignal.timeout(5_000),
    });
    await response.json();
    return response.status === 200;
  } catch {
    return false;
  }
}

/**
 * A runtime folder of this run alone, mode 0700: JupyterLab's server info, cookie secret and the
 * kernels' connection files go there, and a kernel is found by its connection file's path in it.
 */
function privateRuntimeDir(): string {
  const parent = path.join(JUPYTER_DATA_DIR, 'runtime');
  fs.mkdirSync(parent, { recursive: true, mode: 0o700 });
  return fs.mkdtempSync(path.join(parent, 'lab-'));
}

/**
 * Start JupyterLab on `rootDir`, in this process's group, so that a terminal's Ctrl-C reaches it and
 * it asks to confirm, as it does when started by hand. The token goes through a file named in its
 * environment (JUPYTER_TOKEN_FILE): JUPYTER_TOKEN itself would be copied into every kernel's environment.
 * @example const lab = startJupyterLab({ port: 8888, rootDir, allowRoot: false }); const address = await lab.ready;
 */
export function startJupyterLab(options: LabOptions): RunningLab {
  const { readyTimeoutMs = 60_000, graceMs = 4_000 } = options;
  const token = randomBytes(24).toString('hex');
  const runtimeDir = privateRuntimeDir();
  const tokenFile = path.join(runtimeDir, 'token');
  fs.writeFileSync(tokenFile, token, { mode: 0o600 }); // read as is: no newline
  const env = jupyterEnv({ JUPYTER_RUNTIME_DIR: runtimeDir, JUPYTER_TOKEN_FILE: tokenFile });
  delete env.JUPYTER_TOKEN; // it would win over the file
  const args = [
    'lab',
    '--ip=127.0.0.1',
    `--port=${options.port}`,
    `--ServerApp.root_dir=${options.rootDir}`,
    ...(options.allowRoot ? ['--allow-root'] : []),
  ];
  const child = spawn(JUPYTER, args, { stdio: 'inherit', env });
  const pid = child.pid ?? -1;
  const kernelFiles = `${runtimeDir}${path.sep}kernel-`;

  let stopping = false;
  let exitCode: number | undefined;
  const exited = new Promise<number>((resolve) => {
    const finish = (code: number) => {
      // Kernels outlive a JupyterLab that was killed (or hung up on): each is found by its connection file.
      signalProcesses(processesMentioning(kernelFiles), 'SIGKILL');
      fs.rmSync(runtimeDir, { recursive: true, force: true });
      exitCode = code;
      resolve(code);
    };
    child.once('error', () => finish(127));
    child.once('exit', (code, signal) => finish(code ?? 128 + (signal ? os.constants.signals[signal] : 0)));
  });

  function stop(): Promise<number> {
    if (stopping || exitCode !== undefined) return exited;
    stopping = true;
    child.kill('SIGTERM');
    const killer = setTimeout(() => {
      const table = processTable();
      signalProcesses([...processesMentioning(kernelFiles, table), ...descendantsOf(pid, table)], 'SIGKILL');
      child.kill('SIGKILL');
    }, graceMs);
    void exited.then(() => clearTimeout(killer));
    return exited;
  }

  async function waitUntilReady(): Promise<LabAddress | undefined> {
    const deadline = Date.now() + readyTimeoutMs;
    for (;;) {
      if (stopping) return undefined;
      if (exitCode !== undefined)
        throw new Error(
          `JupyterLab exited (code ${exitCode}) before it answered on 127.0.0.1; its own messages are above`,
        );
      const info = readServerInfo(runtimeDir, pid);
      if (info && (await answers(info.port, token))) {
        if (stopping) return undefined;
        fs.rmSync(tokenFile, { force: true }); // read once at start-up: no need to keep a second copy
        return { url: `http://127.0.0.1:${info.port}${info.base_url}lab?token=${token}`, port: info.port };
      }
      if (Date.now() > deadline) {
        await stop();
        throw new Error(
          `JupyterLab did not answer on 127.0.0.1 within ${readyTimeoutMs / 1000} s, so it was stopped; ` +
            'its own messages are above',
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }

  return { pid, ready: waitUntilReady(), exited, stop };
}
