/** Execute a notebook headless in the project's tslab kernel through `jupyter nbconvert --execute`. */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { JUPYTER, KERNEL_NAME, jupyterEnv } from './jupyter';
import { Notebook, joinText, readNotebook } from './notebook-file';

/** Outputs that count as failures: errors, and anything written to stderr (warnings included). */
export function problemOutputs(notebook: Notebook): { cell: number; text: string }[] {
  const problems: { cell: number; text: string }[] = [];
  notebook.cells.forEach((cell, index) => {
    for (const output of cell.outputs ?? []) {
      if (output.output_type === 'error') problems.push({ cell: index, text: `${output.ename}: ${output.evalue}` });
      if (output.output_type === 'stream' && output.name === 'stderr') problems.push({ cell: index, text: joinText(output.text).trim() });
    }
  });
  return problems;
}

export interface ExecuteOptions {
  /** Extra environment for the kernel: parameters that override the notebook's cells. */
  env?: NodeJS.ProcessEnv;
  /** Seconds a single cell may run before the run fails. */
  cellTimeoutSeconds?: number;
}

/**
 * Execute `source` and write the executed copy (with outputs) to `target`, errors and all.
 * Rejects only when Jupyter itself fails; see `executeNotebook` for a run that must be clean.
 */
export async function runNotebook(source: string, target: string, options: ExecuteOptions = {}): Promise<Notebook> {
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.rmSync(target, { force: true });
  const args = [
    'nbconvert', '--to', 'notebook', '--execute',
    `--ExecutePreprocessor.kernel_name=${KERNEL_NAME}`,
    `--ExecutePreprocessor.timeout=${options.cellTimeoutSeconds ?? 1800}`,
    // Keep going so the executed copy is written and its error outputs can be reported cell by cell.
    '--ExecutePreprocessor.allow_errors=True',
    '--output-dir', path.dirname(target),
    '--output', path.basename(target, '.ipynb'),
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
  if (exitCode !== 0 || !fs.existsSync(target)) {
    const text = log.join('');
    // nbclient prints a Python traceback first; the failing cell and its output follow this marker.
    const marker = text.indexOf('CellExecutionError:');
    const tail = marker >= 0 ? text.slice(marker).trim() : text.split('\n').slice(-30).join('\n');
    throw new Error(`${path.basename(source)} failed to execute (exit ${exitCode}):\n${tail}`);
  }
  return readNotebook(target);
}

/**
 * Execute `source` and write the executed copy (with outputs) to `target`.
 * Rejects with the kernel's messages when a cell fails or writes to stderr.
 */
export async function executeNotebook(source: string, target: string, options: ExecuteOptions = {}): Promise<Notebook> {
  const executed = await runNotebook(source, target, options);
  const problems = problemOutputs(executed);
  if (problems.length > 0) {
    throw new Error(`${path.basename(source)} wrote error output:\n${problems.map((p) => `  cell ${p.cell}: ${p.text}`).join('\n')}`);
  }
  return executed;
}

