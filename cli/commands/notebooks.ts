/** `runbook notebooks`, `nav`, `setup` and `lab`: the notebooks themselves, executed, exported or opened. */
import { spawn } from 'node:child_process';
import type { Command } from '../command';
import { buildSite } from '../pipeline/build-site';
import { jupyterEnv, setUpJupyter } from '../pipeline/jupyter';
import { updateNavigation } from '../pipeline/navigation';
import { listNotebooks } from '../pipeline/notebook-file';
import { NOTEBOOKS_DIR } from '../project';

export const notebooks: Command = {
  usage: 'notebooks [--quick] [--only NAME] [--out DIR]',
  summary: 'execute every notebook and export the HTML tutorial',
  options: { quick: { type: 'boolean' }, only: { type: 'string', multiple: true }, out: { type: 'string' } },
  async run(values) {
    const { siteDir, pages } = await buildSite({
      quick: values.quick === true,
      only: values.only as string[] | undefined,
      outDir: values.out as string | undefined,
    });
    process.stdout.write(`HTML tutorial: ${pages.length} pages in ${siteDir}\nopen ${siteDir}/index.html\n`);
    return 0;
  },
};

export const nav: Command = {
  usage: 'nav [--check]',
  summary: 'regenerate the navigation lines and the contents table',
  options: { check: { type: 'boolean' } },
  async run(values) {
    const changed = updateNavigation(listNotebooks(NOTEBOOKS_DIR));
    for (const file of changed) process.stdout.write(`updated ${file}\n`);
    if (values.check && changed.length > 0) {
      process.stderr.write('navigation was out of date (now regenerated): commit the notebooks\n');
      return 1;
    }
    return 0;
  },
};

export const setup: Command = {
  usage: 'setup',
  summary: 'install Jupyter if missing and register the project-local tslab kernel',
  options: {},
  async run() {
    setUpJupyter();
    process.stdout.write('Jupyter is ready; tslab kernel registered in .jupyter/kernels/tslab\n');
    return 0;
  },
};

function canRun(args: string[]): Promise<boolean> {
  return new Promise((resolve) => {
    const child = spawn('jupyter', args, { stdio: 'ignore', env: jupyterEnv() });
    child.on('error', () => resolve(false));
    child.on('close', (code) => resolve(code === 0));
  });
}

export const lab: Command = {
  usage: 'lab [--port 8888]',
  summary: 'open JupyterLab (or the classic Notebook) on notebooks/ with the kernel ready',
  options: { port: { type: 'string' } },
  async run(values) {
    setUpJupyter();
    const app = (await canRun(['lab', '--version'])) ? 'lab' : 'notebook';
    if (app === 'notebook') process.stderr.write('JupyterLab is not installed: opening the classic Notebook (conda users: conda env create -f environment.yml)\n');
    const args = [app, '--ip=127.0.0.1', `--notebook-dir=${NOTEBOOKS_DIR}`, ...(values.port ? [`--port=${String(values.port)}`] : [])];
    const child = spawn('jupyter', args, { stdio: 'inherit', env: jupyterEnv() });
    return new Promise((resolve) => child.on('close', (code) => resolve(code ?? 0)));
  },
};
