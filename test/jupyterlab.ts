/**
 * The user's habits, in JupyterLab 4 (the project's .venv/) in headless Chromium:
 * - open each executed notebook without re-running it (untrusted): every plot shows;
 * - open the CPU notebook, Run All, then edit WORKER_COUNTS and run the cell and all below, twice:
 *   the plot redraws with the new counts, no cell shows an error, no thread is left behind;
 * - Kernel → Interrupt during a long map stops the cell and its pool; the next cell runs;
 * - nbconvert's HTML export keeps the plots; the same executed notebook in Notebook 7 shows them too.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { quickParameters } from '../cli/pipeline/build-site';
import { JUPYTER, jupyterEnv, setUpJupyter } from '../cli/pipeline/jupyter';
import { listNotebooks } from '../cli/pipeline/notebook-file';
import { NOTEBOOKS_DIR, PROJECT_ROOT, SITE_DIR } from '../cli/project';
import { launchChromium } from './helpers/browser';
import { kernelThreads, type NotebookServer, startNotebookServer } from './helpers/notebook-server';
import { quickSite } from './helpers/quick-site';
import { beforeAll } from './helpers/setup';

const NOTEBOOK = '03-CPU-Bound-Work.ipynb';
// Beside notebooks/ (same depth, so '../dist/lib' resolves): what the browser saves touches only copies.
const SERVED_DIR = path.join(PROJECT_ROOT, 'site-lab');
const EXECUTED = `executed-${NOTEBOOK}`;
const SCREENSHOTS = path.join(SITE_DIR, 'screenshots');
const RUN_TIMEOUT_MS = 240_000;

let lab: NotebookServer;
let browser: Browser;
let page: Page;

/** What Lab's current notebook holds, read from its own models. */
interface CellState {
  type: string;
  source: string;
  count: number | null;
  outputs: Array<{ output_type: string; name?: string; text?: string | string[]; data?: Record<string, string> }>;
}
const cells = (): Promise<CellState[]> =>
  page.evaluate(() => {
    const panel = (window as any).jupyterapp.shell.currentWidget;
    return panel.content.widgets.map((cell: any) => ({
      type: cell.model.type,
      source: cell.model.sharedModel.getSource(),
      count: cell.model.type === 'code' ? cell.model.executionCount : null,
      outputs: cell.model.type === 'code' ? cell.model.outputs.toJSON() : [],
    }));
  });

async function openInLab(file: string): Promise<void> {
  // `reset`: a fresh workspace, so the notebook opened is the only one, and the one the menus act on.
  await page.goto(`${lab.urlOf(file)}&reset`);
  await untilOpen(file);
}

/** Open `file` in the Lab page already loaded, as a double click in its file browser does. */
async function openFromFileBrowser(file: string): Promise<void> {
  await page.evaluate(async (name) => {
    await (window as any).jupyterapp.commands.execute('docmanager:open', { path: name });
  }, file);
  await untilOpen(file);
}

/** Wait until `file` is the current notebook, its cells shown and its kernel idle. */
async function untilOpen(file: string): Promise<void> {
  await page.waitForFunction(
    (name) => {
      const panel = (window as any).jupyterapp?.shell?.currentWidget;
      return (
        panel?.context?.path?.endsWith(name) &&
        panel.content.widgets.length > 0 &&
        panel.sessionContext?.session?.kernel?.status === 'idle'
      );
    },
    file,
    { timeout: 120_000, polling: 250 },
  );
}

/**
 * Select cell `from`, pick `item` from Lab's Run menu as a person would, then wait until every code
 * cell from `from` on has run and the kernel is idle.
 */
async function runAndWait(
  item: 'Run All Cells' | 'Run Selected Cell and All Below' | 'Run Selected Cell',
  from: number,
): Promise<void> {
  // Focus the notebook, as a click does.
  await page.click('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-InputPrompt >> nth=0');
  await page.evaluate((index) => {
    (window as any).jupyterapp.shell.currentWidget.content.activeCellIndex = index;
  }, from);
  await page.click('.lm-MenuBar-itemLabel:text-is("Run")');
  await page.click(`.lm-Menu-itemLabel:text-is("${item}")`);
  try {
    // Run Selected Cell on the last cell adds an empty one below it: only the selected cell is waited for.
    const end = item === 'Run Selected Cell' ? from + 1 : Number.MAX_SAFE_INTEGER;
    await page.waitForFunction(
      ([start, stop]) => {
        const panel = (window as any).jupyterapp.shell.currentWidget;
        const code = panel.content.widgets.slice(start, stop).filter((cell: any) => cell.model.type === 'code');
        return (
          panel.sessionContext.session.kernel.status === 'idle' &&
          code.every((cell: any) => typeof cell.model.executionCount === 'number')
        );
      },
      [from, end] as const,
      { timeout: RUN_TIMEOUT_MS, polling: 250 },
    );
  } catch (error) {
    await page.screenshot({ path: path.join(SCREENSHOTS, 'jupyterlab-timeout.png'), fullPage: true });
    throw new Error(
      `${(error as Error).message}\nproblems: ${problems(await cells()).join('\n')}` +
        '\n(see site/screenshots/jupyterlab-timeout.png)',
    );
  }
}

function problems(state: CellState[]): string[] {
  return state.flatMap((cell, index) =>
    cell.outputs
      .filter((output) => output.output_type === 'error' || output.name === 'stderr')
      .map((output) => `cell ${index}: ${JSON.stringify(output).slice(0, 400)}`),
  );
}

/** Every plot image in the page: loaded, with a size. */
async function plotImages(): Promise<Array<{ width: number; alt: string }>> {
  return page.locator('img[src^="data:image/svg+xml"]').evaluateAll((images) =>
    images.map((image) => ({
      width: (image as HTMLImageElement).naturalWidth,
      alt: (image as HTMLImageElement).alt,
    })),
  );
}

/** The worker counts of the speedup plot's "measured" series, read from its SVG. */
async function plottedWorkerCounts(): Promise<number[]> {
  const state = await cells();
  const plot = state.find((cell) => cell.source.includes('const speedupPlot'))!;
  const html = plot.outputs.map((output) => [output.data?.['text/html'] ?? ''].flat().join('')).join('');
  const svg = Buffer.from(/base64,([^"]+)"/.exec(html)![1], 'base64').toString('utf8');
  const labels = [...svg.matchAll(/aria-label="([^"]*series: measured[^"]*)"/g)].map((match) => match[1]);
  return [
    ...new Set(labels.map((label) => Number(/worker threads: (\d+)/.exec(label)?.[1])).filter((n) => n > 0)),
  ].sort((a, b) => a - b);
}

beforeAll(test, async () => {
  setUpJupyter();
  fs.rmSync(SERVED_DIR, { recursive: true, force: true });
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  const source = path.join(PROJECT_ROOT, 'notebooks', NOTEBOOK);
  fs.mkdirSync(SERVED_DIR, { recursive: true });
  fs.copyFileSync(source, path.join(SERVED_DIR, NOTEBOOK));
  // Executed copies of every notebook, as `npm start` writes them to site/: outputs present, not signed.
  const site = await quickSite();
  for (const entry of listNotebooks(NOTEBOOKS_DIR)) {
    const name = path.basename(entry.file);
    fs.copyFileSync(path.join(site, name), path.join(SERVED_DIR, `executed-${name}`));
  }
  // Quick sizes for the kernel, but WORKER_COUNTS from the cell: the test edits it there.
  const { WORKER_COUNTS: _edited, ...quick } = quickParameters(source);
  lab = await startNotebookServer(SERVED_DIR, quick, 'lab');
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
});

test.after(async () => {
  await browser?.close();
  await lab?.close();
});

test('every executed notebook opened without re-running shows every plot in JupyterLab', async () => {
  for (const [index, entry] of listNotebooks(NOTEBOOKS_DIR).entries()) {
    const file = `executed-${path.basename(entry.file)}`;
    // Lab loads once, as a person keeps its tab: a page load per notebook cost about 2.5 s each.
    await (index === 0 ? openInLab(file) : openFromFileBrowser(file));
    const state = await cells();
    const plotted = state.filter((cell) => /\bplot\(/.test(cell.source)).length;
    await page.waitForFunction(
      (count) => document.querySelectorAll('img[src^="data:image/svg+xml"]').length >= count,
      plotted,
      { timeout: 30_000 },
    );
    const images = await plotImages();
    assert.ok(images.length >= plotted, `${file}: ${images.length} plot images for ${plotted} plotting cells`);
    assert.ok(
      images.every((image) => image.width > 0 && image.alt.length > 0),
      `${file}: ${JSON.stringify(images.map((image) => image.width))}`,
    );
    if (file === EXECUTED) await page.screenshot({ path: path.join(SCREENSHOTS, 'jupyterlab-untrusted.png') });
    // Each opened notebook starts a kernel that outlives its panel: ten at once slowed the last ones past
    // the wait on a loaded machine. One at a time, as a person closing each notebook would; closed, its
    // plots leave the page, so the next notebook's are counted alone.
    await page.evaluate(async () => {
      const panel = (window as any).jupyterapp.shell.currentWidget;
      await panel.sessionContext.shutdown();
      panel.dispose();
    });
  }
});

test('Run All, WORKER_COUNTS edited twice, run with all below: plot redraws, no error, no thread left', async () => {
  await openInLab(NOTEBOOK);
  await runAndWait('Run All Cells', 0);
  let state = await cells();
  assert.equal(problems(state), []);
  const parameters = state.findIndex((cell) => cell.source.includes("intListParam('WORKER_COUNTS'"));
  const kernelId = await page.evaluate(
    () => (window as any).jupyterapp.shell.currentWidget.sessionContext.session.kernel.id as string,
  );
  const baseline = kernelThreads(kernelId);
  assert.ok(baseline !== null, 'the kernel process is found');
  for (const counts of [
    [1, 3],
    [2, 4],
  ]) {
    await page.evaluate(
      ([index, text]) => {
        const cell = (window as any).jupyterapp.shell.currentWidget.content.widgets[index];
        const source: string = cell.model.sharedModel.getSource();
        cell.model.sharedModel.setSource(
          source.replace(/intListParam\('WORKER_COUNTS', [^;]*\);/, `intListParam('WORKER_COUNTS', ${text});`),
        );
      },
      [parameters, JSON.stringify(counts)] as const,
    );
    await runAndWait('Run Selected Cell and All Below', parameters);
    state = await cells();
    assert.equal(problems(state), [], `after WORKER_COUNTS = ${JSON.stringify(counts)}`);
    assert.equal(await plottedWorkerCounts(), counts);
    // The screenshot shows the redrawn plot itself, for a person to look at.
    const plotAt = state.findIndex((cell) => cell.source.includes('const speedupPlot'));
    await page.evaluate(
      (index) => (window as any).jupyterapp.shell.currentWidget.content.scrollToItem(index, 'start'),
      plotAt,
    );
    await page.waitForTimeout(500);
    await page.screenshot({ path: path.join(SCREENSHOTS, `jupyterlab-workers-${counts.join('-')}.png`) });
  }
  // Terminated workers leave the process a moment after terminate() resolves.
  let threads = kernelThreads(kernelId)!;
  for (let wait = 0; wait < 40 && threads >= baseline! + 2; wait++) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    threads = kernelThreads(kernelId)!;
  }
  assert.ok(threads < baseline! + 2, `${threads} kernel threads, ${baseline} after the first run`);
});

test('Kernel → Interrupt during a long map stops the cell and its pool at once; the next cell runs', async () => {
  // Two cells at the end: a map of two ten-second items, then a cell that says it ran.
  const at = await page.evaluate(() => {
    const notebook = (window as any).jupyterapp.shell.currentWidget.content;
    const end = notebook.widgets.length;
    notebook.model.sharedModel.insertCells(end, [
      {
        cell_type: 'code',
        source:
          "import { parallelMap } from '../dist/lib';\n" +
          "const longMap = await parallelMap([10_000, 10_000], 'spin', { workers: 2 });",
      },
      { cell_type: 'code', source: "console.log('the next cell ran');" },
    ]);
    return end;
  });
  const kernelId = await page.evaluate(
    () => (window as any).jupyterapp.shell.currentWidget.sessionContext.session.kernel.id as string,
  );
  const before = kernelThreads(kernelId)!;
  // Focus the notebook, as a click does.
  await page.click('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-InputPrompt >> nth=0');
  await page.evaluate((index) => {
    (window as any).jupyterapp.shell.currentWidget.content.activeCellIndex = index;
  }, at);
  await page.click('.lm-MenuBar-itemLabel:text-is("Run")');
  await page.click('.lm-Menu-itemLabel:text-is("Run Selected Cell and All Below")');
  // Let the pool start and the workers spin.
  for (let wait = 0; wait < 100 && kernelThreads(kernelId)! < before + 2; wait++)
    await new Promise((resolve) => setTimeout(resolve, 100));
  assert.ok(kernelThreads(kernelId)! >= before + 2, "the map's workers started");
  const interruptedAt = Date.now();
  await page.click('.lm-MenuBar-itemLabel:text-is("Kernel")');
  await page.click('.lm-Menu-itemLabel:text-is("Interrupt Kernel")');
  await page.waitForFunction(
    () => (window as any).jupyterapp.shell.currentWidget.sessionContext.session.kernel.status === 'idle',
    undefined,
    { timeout: 30_000, polling: 50 },
  );
  const stoppedMs = Date.now() - interruptedAt;
  // Ten-second items: a pool left running would hold its threads for seconds more.
  let threads = kernelThreads(kernelId)!;
  for (let wait = 0; wait < 20 && threads >= before + 2; wait++) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    threads = kernelThreads(kernelId)!;
  }
  assert.ok(stoppedMs < 5_000, `the cell stopped ${stoppedMs} ms after the interrupt`);
  assert.ok(threads < before + 2, `${threads} kernel threads after the interrupt, ${before} before the map`);
  // Jupyter skips the queued cells after an interrupt, as after an error: the next cell runs when asked.
  await runAndWait('Run Selected Cell', at + 1); // the last cell: "and All Below" is greyed out there
  const next = (await cells())[at + 1];
  assert.match(JSON.stringify(next.outputs), 'the next cell ran');
  await page.screenshot({ path: path.join(SCREENSHOTS, 'jupyterlab-interrupt.png') });
});

test("nbconvert's own HTML export (File → Save and Export) keeps every plot as an image of its SVG", () => {
  const out = fs.mkdtempSync(path.join(SERVED_DIR, 'export-'));
  const result = spawnSync(
    JUPYTER,
    ['nbconvert', '--to', 'html', '--output-dir', out, path.join(SERVED_DIR, EXECUTED)],
    { encoding: 'utf8', env: jupyterEnv() },
  );
  assert.is(result.status, 0, result.stderr);
  const html = fs.readFileSync(path.join(out, EXECUTED.replace(/\.ipynb$/, '.html')), 'utf8');
  const images = [...html.matchAll(/<img alt="[^"]+" src="data:image\/svg\+xml;base64,([^"]+)"/g)];
  assert.ok(images.length >= 5, `${images.length} plot images in the export`);
  assert.ok(images.every((image) => Buffer.from(image[1], 'base64').toString('utf8').startsWith('<svg')));
});

test("Notebook 7 shows the executed notebook's plots too", async () => {
  const notebook7 = await startNotebookServer(SERVED_DIR, {}, 'notebook');
  try {
    await page.goto(notebook7.urlOf(EXECUTED));
    await page.waitForFunction(
      () => document.querySelectorAll('img[src^="data:image/svg+xml"]').length > 0,
      undefined,
      { timeout: 60_000 },
    );
    // Notebook 7 renders cells as they scroll into view: scroll to the end, as a reader would.
    for (let step = 0; step < 40; step++) {
      await page.evaluate(() => document.querySelector('.jp-WindowedPanel-outer, .jp-Notebook')?.scrollBy(0, 800));
      await page.waitForTimeout(100);
    }
    const images = await plotImages();
    assert.ok(images.length >= 5 && images.every((image) => image.width > 0), `${images.length} plot images`);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'notebook7-untrusted.png') });
  } finally {
    await notebook7.close();
  }
});

test.run();
