/** `runbook notebooks`, `nav`, `setup` and `lab`: the notebooks themselves, executed, exported or opened. */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { intOption, UsageError } from '../args';
import type { Command } from '../command';
import { buildSite } from '../pipeline/build-site';
import { ensureExtra, JUPYTER, jupyterEnv, setUpJupyter } from '../pipeline/jupyter';
import { updateNavigation } from '../pipeline/navigation';
import { listNotebooks } from '../pipeline/notebook-file';
import { NOTEBOOKS_DIR } from '../project';
import { ensureTool, REDIS_SERVER } from '../system-tools';

/** RUNBOOK_QUICK=1 npm start is the quick run without editing the script's arguments; anything but 1 or 0 is refused, not ignored. */
function quickFromEnvironment(): boolean {
  const text = process.env.RUNBOOK_QUICK?.trim() ?? '';
  if (text !== '' && text !== '0' && text !== '1') throw new UsageError(`RUNBOOK_QUICK expects 1 (quick run) or 0, got "${text}"`);
  return text === '1';
}

export const notebooks: Command = {
  usage: 'notebooks [--quick] [--only NAME] [--out DIR]',
  summary: 'execute every notebook and export the HTML tutorial',
  options: { quick: { type: 'boolean' }, only: { type: 'string', multiple: true }, out: { type: 'string' } },
  async run(values) {
    const { siteDir, pages } = await buildSite({
      quick: values.quick === true || quickFromEnvironment(),
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
  usage: 'setup [--with-ray]',
  summary: 'install Jupyter into the project (.venv/) if missing, register the project-local tslab kernel, and check the system tools; --with-ray adds Ray (about 280 MB) for notebook 08\'s Python comparison',
  options: { 'with-ray': { type: 'boolean' } },
  async run(values) {
    setUpJupyter();
    process.stdout.write('Jupyter is ready in .venv/; the tslab kernel is registered in .jupyter/kernels/tslab\n');
    if (values['with-ray']) {
      ensureExtra('ray');
      process.stdout.write('Ray is installed in .venv/: notebook 08 compares it with the queue\n');
    }
    // The system's own packages are the user's to install (they need root): said, not done.
    try {
      ensureTool(REDIS_SERVER);
      process.stdout.write('redis-server is installed: the queue (notebook 08, map --pool redis) can start its own Redis\n');
    } catch (error) {
      process.stdout.write(`${(error as Error).message} Notebook 08 skips the queue without it.\n`);
    }
    return 0;
  },
};

export const lab: Command = {
  usage: 'lab [--port 8888]',
  summary: 'open JupyterLab 4 on notebooks/ (127.0.0.1, with a token), the runbook kernel ready',
  // JupyterLab asks before it stops on Ctrl-C: it must see the terminal's own interrupt.
  interrupt: 'own',
  options: { port: { type: 'string' } },
  async run(values) {
    setUpJupyter();
    const port = intOption(values, 'port', 8888, { min: 1, max: 65_535 });
    const token = randomBytes(24).toString('hex');
    const args = ['lab', '--ip=127.0.0.1', `--port=${port}`, `--IdentityProvider.token=${token}`, `--ServerApp.root_dir=${NOTEBOOKS_DIR}`, ...(process.getuid?.() === 0 ? ['--allow-root'] : [])];
    process.stdout.write(`JupyterLab on notebooks/: http://127.0.0.1:${port}/lab?token=${token}\n(Ctrl-C to stop; if the port is taken, JupyterLab picks the next free one and prints its own URL)\n`);
    const child = spawn(JUPYTER, args, { stdio: 'inherit', env: jupyterEnv() });
    // Ctrl-C reaches JupyterLab too (same process group); it asks to confirm, a second Ctrl-C stops it.
    process.on('SIGINT', () => {});
    return new Promise((resolve) => child.on('close', (code) => resolve(code ?? 0)));
  },
};
