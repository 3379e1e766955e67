/**
 * Execute notebooks headless in the project's tslab kernel: one by `jupyter nbconvert --execute`,
 * several in one Python process.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as readline from 'node:readline';
import { JUPYTER, KERNEL_NAME, VENV_PYTHON, jupyterEnv } from './jupyter';
import { PROJECT_ROOT } from '../project';
import { type Notebook, joinText, readNotebook } from './notebook-file';
import { realPath, TEMP_PREFIX } from './owned-folder';

/** Outputs that count as failures: errors, and anything written to stderr (warnings included). */
export function problemOutputs(notebook: Notebook): { cell: number; text: string }[] {
  const problems: { cell: number; text: string }[] = [];
  notebook.cells.forEach((cell, index) => {
    for (const output of cell.outputs ?? []) {
      if (output.output_type === 'error') problems.push({ cell: index, text: `${output.ename}: ${output.evalue}` });
      if (output.output_type === 'stream' && output.name === 'stderr')
        problems.push({ cell: index, text: joinText(output.text).trim() });
    }
  });
  return problems;
}

/**
 * An executed copy never replaces its source notebook. The copy is renamed over its target's entry,
 * so the entries are compared: the same folder (through whatever links lead there) and name.
 */
function refuseSameFile(source: string, target: string): void {
  const entry = (file: string) => path.join(realPath(path.dirname(file)), path.basename(file));
  if (entry(source) === entry(target))
    throw new RangeError(
      `the executed copy of ${source} would replace the notebook itself (target ${target}); write it elsewhere`,
    );
}

export interface ExecuteOptions {
  /** Extra environment for the kernel: parameters that override the notebook's cells. */
  env?: NodeJS.ProcessEnv;
  /** Seconds a single cell may run before the run fails. */
  cellTimeoutSeconds?: number;
}

/**
 * Execute `source` and write the executed copy (with outputs) to `target`, errors and all.
 * Rejects only when Jupyter itself fails; see `executeNotebooks` for runs that must be clean.
 */
export async function runNotebook(source: string, target: string, options: ExecuteOptions = {}): Promise<Notebook> {
  refuseSameFile(source, target);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  // nbconvert writes a new file beside the target, renamed over it once complete (a link there is
  // replaced, not followed).
  const temp = path.join(path.dirname(target), `${TEMP_PREFIX}${process.pid}-${randomBytes(6).toString('hex')}`);
  const args = [
    'nbconvert',
    '--to',
    'notebook',
    '--execute',
    `--ExecutePreprocessor.kernel_name=${KERNEL_NAME}`,
    `--ExecutePreprocessor.timeout=${options.cellTimeoutSeconds ?? 1800}`,
    // Keep going so the executed copy is written and its error outputs can be reported cell by cell.
    '--ExecutePreprocessor.allow_errors=True',
    '--output-dir',
    path.dirname(target),
    '--output',
    path.basename(temp),
    source,
  ];
  const log: string[] = [];
  const exitCode = await new Promise<number | null>((resolve, reject) => {
    const child = spawn(JUPYTER, args, { env: jupyterEnv(options.env), stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.on('data', (chunk) => log.push(String(chunk)));
    child.stderr.on('data', (chunk) => log.push(String(chunk)));
    child.on('error', reject);
    child.on('close', resolve);
  });
  if (exitCode !== 0 || !fs.existsSync(`${temp}.ipynb`)) {
    fs.rmSync(`${temp}.ipynb`, { force: true });
    const text = log.join('');
    // nbclient prints a Python traceback first; the failing cell and its output follow this marker.
    const marker = text.indexOf('CellExecutionError:');
    const tail = marker >= 0 ? text.slice(marker).trim() : text.split('\n').slice(-30).join('\n');
    throw new Error(`${path.basename(source)} failed to execute (exit ${exitCode}):\n${tail}`);
  }
  fs.renameSync(`${temp}.ipynb`, target);
  return readNotebook(target);
}

export interface NotebookJob {
  source: string;
  target: string;
  /** Extra environment for this notebook's kernel: parameters that override its cells. */
  env?: NodeJS.ProcessEnv;
}

/**
 * Execute `jobs` one after another in one Python process (execute_notebooks.py beside this module),
 * in one kernel that each notebook finds as if new (see that script), writing each executed copy to its
 * target (through a new file and a rename: a link at the target is replaced, never written through);
 * `onStart` is called as each begins.
 * Rejects with the first notebook that failed to execute or wrote error output, naming its cells.
 */
export async function executeNotebooks(
  jobs: readonly NotebookJob[],
  {
    onStart,
    onDone,
    cellTimeoutSeconds = 1800,
  }: { onStart?: (index: number) => void; onDone?: (index: number) => void; cellTimeoutSeconds?: number } = {},
): Promise<Notebook[]> {
  for (const job of jobs) refuseSameFile(job.source, job.target);
  // Not compiled: it stays beside this module's source.
  const script = path.join(PROJECT_ROOT, 'cli', 'pipeline', 'execute_notebooks.py');
  const child = spawn(VENV_PYTHON, [script], { env: jupyterEnv(), stdio: ['pipe', 'pipe', 'pipe'] });
  const log: string[] = [];
  child.stderr.on('data', (chunk) => log.push(String(chunk)));
  child.stdin.end(
    JSON.stringify({
      kernel: KERNEL_NAME,
      timeout: cellTimeoutSeconds,
      jobs: jobs.map((job) => ({ source: job.source, target: job.target, env: job.env ?? {} })),
    }),
  );
  const closed = new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', resolve);
  });
  const executed: Notebook[] = [];
  let failure: Error | undefined;
  for await (const line of readline.createInterface({ input: child.stdout })) {
    const event = JSON.parse(line) as { event: 'start' | 'done' | 'failed'; index: number; error?: string };
    const job = jobs[event.index];
    if (event.event === 'start') onStart?.(event.index);
    if (event.event === 'failed')
      failure ??= new Error(`${path.basename(job.source)} failed to execute: ${event.error}`);
    if (event.event === 'done') {
      const notebook = readNotebook(job.target);
      const problems = problemOutputs(notebook);
      if (problems.length > 0)
        failure ??= new Error(
          `${path.basename(job.source)} wrote error output:\n` +
            problems.map((p) => `  cell ${p.cell}: ${p.text}`).join('\n'),
        );
      executed.push(notebook);
      onDone?.(event.index);
    }
    if (failure) break;
  }
  if (failure) {
    // At once: nbclient would catch SIGINT and go on to the next notebook. The kernels see their parent
    // gone and exit (kernel-parent-watch.cjs); `closed` waits until the last of them let go of its pipes.
    child.kill('SIGKILL');
    await closed;
    throw failure;
  }
  const exitCode = await closed;
  if (exitCode !== 0 || executed.length !== jobs.length) {
    throw new Error(
      `executing the notebooks failed (exit ${exitCode}):\n${log.join('').split('\n').slice(-30).join('\n')}`,
    );
  }
  return executed;
}
