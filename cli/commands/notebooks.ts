/** `runbook notebooks`, `nav`, `setup` and `lab`: the notebooks themselves, executed, exported or opened. */
import { intOption, UsageError } from '../args';
import type { Command } from '../command';
import { NOTEBOOKS_DIR } from '../project';

/**
 * RUNBOOK_QUICK=1 npm start is the quick run without editing the script's arguments; anything but 1
 * or 0 is refused, not ignored.
 */
function quickFromEnvironment(): boolean {
  const text = process.env.RUNBOOK_QUICK?.trim() ?? '';
  if (text !== '' && text !== '0' && text !== '1')
    throw new UsageError(`RUNBOOK_QUICK expects 1 (quick run) or 0, got "${text}"`);
  return text === '1';
}

export const notebooks: Command = {
  usage: 'notebooks [--quick] [--only NAME] [--out DIR]',
  summary: 'execute every notebook and export the HTML tutorial',
  options: { quick: { type: 'boolean' }, only: { type: 'string', multiple: true }, out: { type: 'string' } },
  async run(values) {
    // Loaded when the command runs (see Command.run): the site's pages bring sanitize-html.
    const { buildSite } = require('../pipeline/build-site') as typeof import('../pipeline/build-site');
    const { FolderNotOwnedError } = require('../pipeline/owned-folder') as typeof import('../pipeline/owned-folder');
    let built;
    try {
      built = await buildSite({
        quick: values.quick === true || quickFromEnvironment(),
        only: values.only as string[] | undefined,
        outDir: values.out as string | undefined,
      });
    } catch (error) {
      // A folder that is not the runbook's is refused in one line, before anything ran or was written.
      if (!(error instanceof FolderNotOwnedError)) throw error;
      process.stderr.write(`runbook: ${error.message}\n`);
      return 2;
    }
    // A run of some notebooks (--only) may have written no index page: point at its first page instead.
    const start = built.pages.find((page) => page.endsWith('/index.html')) ?? built.pages[0];
    process.stdout.write(`HTML tutorial: ${built.pages.length} pages in ${built.siteDir}\nopen ${start}\n`);
    return 0;
  },
};

export const nav: Command = {
  usage: 'nav [--check]',
  summary: 'regenerate the navigation lines and the contents table',
  options: { check: { type: 'boolean' } },
  async run(values) {
    // Loaded when the command runs (see Command.run).
    const { updateNavigation } = require('../pipeline/navigation') as typeof import('../pipeline/navigation');
    const { listNotebooks } = require('../pipeline/notebook-file') as typeof import('../pipeline/notebook-file');
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
  summary:
    'install Jupyter into the project (.venv/) if missing, register the project-local tslab kernel, ' +
    "and check the system tools; --with-ray adds Ray (about 280 MB) for notebook 08's Python comparison",
  options: { 'with-ray': { type: 'boolean' } },
  async run(values) {
    // Loaded when the command runs (see Command.run).
    const { ensureExtra, setUpJupyter } = require('../pipeline/jupyter') as typeof import('../pipeline/jupyter');
    const { ensureTool, REDIS_SERVER } = require('../system-tools') as typeof import('../system-tools');
    setUpJupyter();
    process.stdout.write('Jupyter is ready in .venv/; the tslab kernel is registered in .jupyter/kernels/tslab\n');
    if (values['with-ray']) {
      ensureExtra('ray');
      process.stdout.write('Ray is installed in .venv/: notebook 08 compares it with the queue\n');
    }
    // The system's own packages are the user's to install (they need root): said, not done.
    try {
      ensureTool(REDIS_SERVER);
      process.stdout.write(
        'redis-server is installed: the queue (notebook 08, map --pool redis) can start its own Redis\n',
      );
    } catch (error) {
      process.stdout.write(`${(error as Error).message} Notebook 08 skips the queue without it.\n`);
    }
    return 0;
  },
};

/** How `runbook lab` exits when a signal stopped it: 128 + the signal's number, as a shell reports it. */
const EXIT_FOR_SIGNAL = { SIGHUP: 129, SIGTERM: 143 } as const;

export const lab: Command = {
  usage: 'lab [--port 8888]',
  summary:
    'open JupyterLab 4 on notebooks/ (127.0.0.1, with a token), the runbook kernel ready; ' +
    'SIGTERM or SIGHUP stops it and its kernels',
  // JupyterLab asks before it stops on Ctrl-C: it must see the terminal's own interrupt.
  interrupt: 'own',
  options: { port: { type: 'string' } },
  async run(values) {
    // Loaded when the command runs (see Command.run).
    const { setUpJupyter } = require('../pipeline/jupyter') as typeof import('../pipeline/jupyter');
    const { startJupyterLab } = require('../pipeline/lab-server') as typeof import('../pipeline/lab-server');
    const port = intOption(values, 'port', 8888, { min: 1, max: 65_535 });
    setUpJupyter();
    const asRoot = process.getuid?.() === 0;
    if (asRoot)
      process.stderr.write(
        'runbook: running as root: JupyterLab and every notebook it runs will run code as root ' +
          '(passing --allow-root)\n',
      );
    const server = startJupyterLab({ port, rootDir: NOTEBOOKS_DIR, allowRoot: asRoot });
    // Ctrl-C reaches JupyterLab too (same process group); it asks to confirm, a second Ctrl-C stops it.
    let interrupted = false;
    const onInterrupt = () => {
      interrupted = true;
    };
    let stoppedBy: keyof typeof EXIT_FOR_SIGNAL | undefined;
    const stopOn = (signal: keyof typeof EXIT_FOR_SIGNAL) => () => {
      stoppedBy ??= signal;
      void server.stop();
    };
    const onTerm = stopOn('SIGTERM');
    const onHangUp = stopOn('SIGHUP');
    process.on('SIGINT', onInterrupt);
    process.on('SIGTERM', onTerm);
    process.on('SIGHUP', onHangUp);
    // npx and npm run start runbook through a shell that dies of a SIGTERM meant for them, leaving this
    // process to PID 1: its parent gone, runbook lab stops as on a hang-up.
    const parentPid = process.ppid;
    const parentWatch = setInterval(() => {
      if (process.ppid !== parentPid) onHangUp();
    }, 500).unref();
    try {
      const address = await server.ready.catch((error: Error) => {
        if (interrupted) return undefined; // Ctrl-C while it started: JupyterLab's own way to end
        throw error;
      });
      if (address) {
        const moved = address.port === port ? '' : ` (port ${port} was taken, so JupyterLab took ${address.port})`;
        process.stdout.write(`JupyterLab on notebooks/${moved}:\n${address.url}\n(Ctrl-C to stop)\n`);
      }
      const code = await server.exited;
      // After a hang-up the terminal is gone: nothing more is written to it.
      if (stoppedBy === 'SIGTERM') process.stderr.write('runbook: SIGTERM: JupyterLab and its kernels are stopped\n');
      return stoppedBy ? EXIT_FOR_SIGNAL[stoppedBy] : code;
    } finally {
      clearInterval(parentWatch);
      process.off('SIGINT', onInterrupt);
      process.off('SIGTERM', onTerm);
      process.off('SIGHUP', onHangUp);
    }
  },
};
