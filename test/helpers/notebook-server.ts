/**
 * A Jupyter server of the project's .venv/ (JupyterLab 4 or Notebook 7), started for a test on
 * 127.0.0.1 with a token and the project's kernel.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as net from 'node:net';
import { JUPYTER, jupyterEnv } from '../../cli/pipeline/jupyter';

export interface NotebookServer {
  origin: string;
  token: string;
  /** The URL that opens `file` (relative to the served folder) with the token. */
  urlOf(file: string): string;
  api<T>(route: string, method?: string): Promise<T>;
  /** Shut down every kernel, then the server. */
  close(): Promise<void>;
}

/**
 * A port nothing listens on now (the OS's pick); JupyterLab may still find it taken and move on,
 * which the URL then says.
 */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net
      .createServer()
      .once('error', reject)
      .listen(0, '127.0.0.1', () => {
        const { port } = probe.address() as net.AddressInfo;
        probe.close(() => resolve(port));
      });
  });
}

export async function startNotebookServer(
  folder: string,
  env: NodeJS.ProcessEnv = {},
  app: 'lab' | 'notebook' = 'lab',
): Promise<NotebookServer> {
  const port = await freePort();
  const token = randomBytes(16).toString('hex');
  const log: string[] = [];
  // expose_app_in_browser: the test drives Lab through its own command registry, as its menus do.
  const appFlags = app === 'lab' ? ['--LabApp.expose_app_in_browser=True'] : [];
  const child = spawn(
    JUPYTER,
    [
      app,
      '--no-browser',
      '--ip=127.0.0.1',
      `--port=${port}`,
      '--port-retries=0',
      `--IdentityProvider.token=${token}`,
      `--ServerApp.root_dir=${folder}`,
      ...appFlags,
      ...(process.getuid?.() === 0 ? ['--allow-root'] : []),
    ],
    {
      env: jupyterEnv(env),
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  child.stdout.on('data', (chunk) => log.push(String(chunk)));
  child.stderr.on('data', (chunk) => log.push(String(chunk)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const origin = `http://127.0.0.1:${port}`;
  const api = async <T>(route: string, method = 'GET'): Promise<T> => {
    const response = await fetch(`${origin}/api/${route}`, { method, headers: { Authorization: `token ${token}` } });
    if (!response.ok) throw new Error(`${method} /api/${route}: HTTP ${response.status}`);
    return (response.status === 204 ? undefined : await response.json()) as T;
  };
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`jupyter ${app} exited early:\n${log.join('')}`);
    try {
      await api('status');
      break;
    } catch {
      if (Date.now() > deadline) {
        child.kill('SIGKILL');
        throw new Error(`jupyter ${app} did not answer within 60 s:\n${log.join('')}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  return {
    origin,
    token,
    urlOf: (file) =>
      app === 'lab'
        ? `${origin}/lab/tree/${encodeURI(file)}?token=${token}`
        : `${origin}/notebooks/${encodeURI(file)}?token=${token}`,
    api,
    async close() {
      try {
        const kernels = await api<Array<{ id: string }>>('kernels');
        await Promise.all(kernels.map((kernel) => api(`kernels/${kernel.id}`, 'DELETE')));
      } finally {
        child.kill('SIGTERM');
        const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(killer);
      }
    },
  };
}

/** The OS thread count of the kernel process running `kernelId` (from /proc), or null if not found. */
export function kernelThreads(kernelId: string): number | null {
  for (const pid of fs.readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      const cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (!cmdline.includes('tslab') || !cmdline.includes(`kernel-${kernelId}.json`)) continue;
      const threads = /^Threads:\s+(\d+)/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
      return threads ? Number(threads[1]) : null;
    } catch {
      // the process ended while we looked
    }
  }
  return null;
}
