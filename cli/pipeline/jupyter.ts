/**
 * Jupyter for the runbook, inside the project: a virtual environment in `.venv/` with the pinned
 * `requirements-jupyter.txt` (JupyterLab 4, Notebook 7, nbconvert 7, nbclient), created the first
 * time a command needs it, and the tslab kernel registered in `.jupyter/`. Nothing global changes.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PROJECT_ROOT } from '../project';
import { MissingToolError } from '../system-tools';

/** The project-local Jupyter data folder that holds our kernel spec; it goes first on JUPYTER_PATH. */
export const JUPYTER_DATA_DIR = path.join(PROJECT_ROOT, '.jupyter');

/** The project's own Python environment for Jupyter. */
export const VENV_DIR = path.join(PROJECT_ROOT, '.venv');
const REQUIREMENTS = path.join(PROJECT_ROOT, 'requirements-jupyter.txt');
const VENV_BIN = path.join(VENV_DIR, process.platform === 'win32' ? 'Scripts' : 'bin');

/** The kernel name the notebooks' metadata asks for. */
export const KERNEL_NAME = 'tslab';

/** The `jupyter` command of the project's environment. */
export const JUPYTER = path.join(VENV_BIN, 'jupyter');

/** The Python of the project's environment. */
export const VENV_PYTHON = path.join(VENV_BIN, 'python');

/** True when the project's environment has every pinned package (a stamp written after a complete install). */
function venvIsComplete(): boolean {
  const stamp = path.join(VENV_DIR, '.requirements');
  return (
    fs.existsSync(JUPYTER) &&
    fs.existsSync(stamp) &&
    fs.readFileSync(stamp, 'utf8') === fs.readFileSync(REQUIREMENTS, 'utf8')
  );
}

function run(command: string, args: string[], log: (line: string) => void): void {
  // PIP_RETRIES=0: where PyPI itself is unreachable, pip would retry it before every mirror lookup.
  const result = spawnSync(command, args, {
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { PIP_RETRIES: '0', ...process.env },
  });
  if (result.error || result.status !== 0) {
    throw new MissingToolError(
      `\`${path.basename(command)} ${args.join(' ')}\` failed ` +
        `(${result.error?.message ?? `exit ${result.status}`}).\n` +
        'The runbook needs python3 with the venv module (Debian/Ubuntu: apt-get install python3-venv) ' +
        'and access to PyPI or a pip mirror; conda users: conda env create -f environment.yml, then run again.',
    );
  }
  log(`  ${path.basename(command)} ${args.slice(0, 2).join(' ')} done`);
}

/**
 * Make sure the project's Jupyter is installed: create `.venv/` with `python3 -m venv` and install the
 * pinned requirements when they are not all there. Idempotent; throws one message naming what the
 * system lacks.
 */
export function ensureJupyter(log: (line: string) => void = console.error): void {
  if (venvIsComplete()) return;
  log(`installing Jupyter (${REQUIREMENTS}) into ${VENV_DIR} …`);
  if (!fs.existsSync(path.join(VENV_BIN, 'python'))) run('python3', ['-m', 'venv', VENV_DIR], log);
  run(path.join(VENV_BIN, 'python'), ['-m', 'pip', 'install', '--quiet', '-r', REQUIREMENTS], log);
  fs.writeFileSync(path.join(VENV_DIR, '.requirements'), fs.readFileSync(REQUIREMENTS, 'utf8'));
}

/** Optional extras pinned beside Jupyter's requirements, installed into the same `.venv/`. */
const EXTRAS = { ray: path.join(PROJECT_ROOT, 'requirements-ray.txt') } as const;

/**
 * Install an optional extra (Ray, for notebook 08's comparison) into the project's environment.
 * Idempotent: a stamp records a complete install, as for Jupyter.
 */
export function ensureExtra(name: keyof typeof EXTRAS, log: (line: string) => void = console.error): void {
  const stamp = path.join(VENV_DIR, `.requirements-${name}`);
  const wanted = fs.readFileSync(EXTRAS[name], 'utf8');
  if (fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8') === wanted) return;
  ensureJupyter(log);
  log(`installing ${name} (${EXTRAS[name]}) into ${VENV_DIR} …`);
  run(VENV_PYTHON, ['-m', 'pip', 'install', '--quiet', '-r', EXTRAS[name]], log);
  fs.writeFileSync(stamp, wanted);
}

/** Preloaded into the kernel: it exits when its launcher dies (see the file). */
const PARENT_WATCH = path.join(PROJECT_ROOT, 'cli', 'pipeline', 'kernel-parent-watch.cjs');
/** Preloaded into the kernel: the headless executor can run notebook after notebook in it (see the file). */
const NOTEBOOK_SWITCH = path.join(PROJECT_ROOT, 'cli', 'pipeline', 'kernel-notebook-switch.cjs');

/**
 * Write the tslab kernel spec into `.jupyter/kernels/tslab/` with argv pointing at this project's own
 * Node and tslab, so `tslab` need not be on PATH, preloading `kernel-parent-watch.cjs`, so that a
 * kernel whose Jupyter was killed exits instead of running on, and `kernel-notebook-switch.cjs`, so that
 * the headless executor can reuse a kernel. Idempotent.
 * @returns the kernel spec's folder.
 */
export function registerKernel(): string {
  const tslabBin = path.join(PROJECT_ROOT, 'node_modules', 'tslab', 'bin', 'tslab');
  if (!fs.existsSync(tslabBin))
    throw new MissingToolError('tslab is not installed in node_modules: run `npm install` first');
  const kernelDir = path.join(JUPYTER_DATA_DIR, 'kernels', KERNEL_NAME);
  fs.mkdirSync(kernelDir, { recursive: true });
  const spec = {
    argv: [
      process.execPath,
      ...['--require', PARENT_WATCH, '--require', NOTEBOOK_SWITCH],
      ...[tslabBin, 'kernel', '--config-path', '{connection_file}'],
    ],
    display_name: 'TypeScript (runbook)',
    language: 'typescript',
  };
  fs.writeFileSync(path.join(kernelDir, 'kernel.json'), `${JSON.stringify(spec, null, 2)}\n`);
  return kernelDir;
}

/**
 * The environment for any Jupyter command: the project's data folder first on JUPYTER_PATH, and the
 * project's environment first on PATH (nbclient starts kernels and helpers by name).
 */
export function jupyterEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const inherited = process.env.JUPYTER_PATH;
  return {
    ...process.env,
    JUPYTER_PATH: inherited ? `${JUPYTER_DATA_DIR}${path.delimiter}${inherited}` : JUPYTER_DATA_DIR,
    PATH: `${VENV_BIN}${path.delimiter}${process.env.PATH ?? ''}`,
    ...extra,
  };
}

/** Jupyter installed, the kernel registered, news off: what `npm start`, `npm test` and `npm run lab` need. */
export function setUpJupyter(log?: (line: string) => void): void {
  ensureJupyter(log);
  registerKernel();
  // Whichever way the environment's JupyterLab is opened later (`npm run lab`, or its own command).
  turnOffJupyterNews();
}

/**
 * JupyterLab's application settings folder in the project's environment: `overrides.json` there sets
 * the defaults of every JupyterLab setting (documented under "overrides.json" in JupyterLab's Advanced Usage).
 */
export const LAB_APP_SETTINGS_DIR = path.join(VENV_DIR, 'share', 'jupyter', 'lab', 'settings');

/**
 * The project's JupyterLab neither asks to fetch Jupyter's news nor checks for updates: the runbook runs
 * offline, and the question is a pop-up on first open. Sets `fetchNews: "false"` and
 * `checkForUpdates: false` of `@jupyterlab/apputils-extension:notification` in the environment's
 * `overrides.json`, keeping any other override there. They are defaults: a choice made in
 * Settings → Notifications still wins. Idempotent.
 */
export function turnOffJupyterNews(): void {
  const file = path.join(LAB_APP_SETTINGS_DIR, 'overrides.json');
  const plugin = '@jupyterlab/apputils-extension:notification';
  let overrides: Record<string, Record<string, unknown>> = {};
  if (fs.existsSync(file)) {
    try {
      overrides = JSON.parse(fs.readFileSync(file, 'utf8'));
    } catch {
      return; // someone's own file that is not JSON: theirs to mend, not ours to overwrite
    }
  }
  const wanted = { ...overrides[plugin], fetchNews: 'false', checkForUpdates: false };
  if (JSON.stringify(wanted) === JSON.stringify(overrides[plugin])) return;
  overrides[plugin] = wanted;
  fs.mkdirSync(LAB_APP_SETTINGS_DIR, { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify(overrides, null, 2)}\n`);
}
