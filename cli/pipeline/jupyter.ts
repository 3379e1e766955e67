/**
 * Jupyter for the runbook: check that it is there (installing Debian's packages when we may),
 * and register the tslab kernel inside the project, so nothing global changes.
 */
import { MissingToolError, SystemTool, ensureTool, succeeds } from '../system-tools';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PROJECT_ROOT } from '../project';

/** Debian bookworm's packages that give `jupyter nbconvert --execute` and the classic Notebook. */
export const DEBIAN_JUPYTER_PACKAGES = ['jupyter-nbconvert', 'python3-nbclient', 'jupyter-notebook', 'jupyter-client'];

/** The project-local Jupyter data folder that holds our kernel spec; it goes first on JUPYTER_PATH. */
export const JUPYTER_DATA_DIR = path.join(PROJECT_ROOT, '.jupyter');

/** The kernel name the notebooks' metadata asks for. */
export const KERNEL_NAME = 'tslab';

/** True when `jupyter nbconvert` and `jupyter kernelspec` run (nbconvert brings nbclient, the executor behind `--execute`). */
export function hasJupyter(): boolean {
  return succeeds('jupyter', ['nbconvert', '--version']) && succeeds('jupyter', ['kernelspec', '--version']);
}

function condaHint(): string {
  const conda = ['mamba', 'conda'].find((name) => succeeds(name, ['--version']));
  return conda
    ? `Create and activate the project's environment, then run again:\n  ${conda} env create -f environment.yml && ${conda} activate concurrency-runbook`
    : `Install Jupyter with nbconvert and nbclient (Debian/Ubuntu, as root: apt-get install ${DEBIAN_JUPYTER_PACKAGES.join(' ')}; with conda: conda env create -f environment.yml), then run again.`;
}

/** Jupyter with nbconvert and the classic Notebook. */
export const JUPYTER: SystemTool = {
  name: 'Jupyter',
  isPresent: hasJupyter,
  debianPackages: DEBIAN_JUPYTER_PACKAGES,
  get otherwise() { return condaHint(); },
};

/** Make sure Jupyter is installed (see `ensureTool`); with conda or mamba present, name the environment to create. */
export function ensureJupyter(log?: (line: string) => void): void {
  ensureTool(JUPYTER, log);
}

/**
 * Write the tslab kernel spec into `.jupyter/kernels/tslab/` with argv pointing at this project's own
 * Node and tslab, so `tslab` need not be on PATH. Idempotent.
 * @returns the kernel spec's folder.
 */
export function registerKernel(): string {
  const tslabBin = path.join(PROJECT_ROOT, 'node_modules', 'tslab', 'bin', 'tslab');
  if (!fs.existsSync(tslabBin)) throw new MissingToolError('tslab is not installed in node_modules: run `npm install` first');
  const kernelDir = path.join(JUPYTER_DATA_DIR, 'kernels', KERNEL_NAME);
  fs.mkdirSync(kernelDir, { recursive: true });
  const spec = {
    argv: [process.execPath, tslabBin, 'kernel', '--config-path', '{connection_file}'],
    display_name: 'TypeScript (runbook)',
    language: 'typescript',
  };
  fs.writeFileSync(path.join(kernelDir, 'kernel.json'), `${JSON.stringify(spec, null, 2)}\n`);
  return kernelDir;
}

/** The environment for any Jupyter command: the project's data folder first on JUPYTER_PATH. */
export function jupyterEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const inherited = process.env.JUPYTER_PATH;
  return {
    ...process.env,
    JUPYTER_PATH: inherited ? `${JUPYTER_DATA_DIR}${path.delimiter}${inherited}` : JUPYTER_DATA_DIR,
    ...extra,
  };
}

/** Jupyter installed and the kernel registered: what `npm start`, `npm test` and `npm run lab` need. */
export function setUpJupyter(log?: (line: string) => void): void {
  ensureJupyter(log);
  registerKernel();
}
