/**
 * The user's habit, in a real browser: open the parallel-map notebook in Debian's Jupyter Notebook,
 * run all cells, then edit the worker-count parameter and re-run the cells below it, twice per value.
 * Each time: the plot redraws with the new counts, no cell shows an error, no thread is left behind.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { setUpJupyter } from '../cli/pipeline/jupyter';
import { PROJECT_ROOT, SITE_DIR } from '../cli/project';
import { launchChromium } from './helpers/browser';
import { beforeAll } from './helpers/setup';
import { kernelThreads, NotebookServer, startNotebookServer } from './helpers/notebook-server';

const NOTEBOOK = '03-CPU-Bound-Work.ipynb';
// A copy beside notebooks/ (same depth, so '../dist/lib' resolves): the browser's saves touch only the copy.
const SERVED_DIR = path.join(PROJECT_ROOT, 'site-ui');
const SCREENSHOTS = path.join(SITE_DIR, 'screenshots');
const CELL_TIMEOUT_MS = Number(process.env.UI_CELL_TIMEOUT_MS ?? 240_000);

let server: NotebookServer;
let browser: Browser;
let page: Page;
let kernelId: string;
let baselineThreads: number;


/** What the classic Notebook's page knows about its cells (its own `Jupyter` object). */
interface CellState { type: string; text: string; prompt: unknown; outputs: Array<{ output_type: string; name?: string; text?: string; data?: Record<string, string> }> }
const cells = (): Promise<CellState[]> => page.evaluate(() => (window as any).Jupyter.notebook.get_cells().map((cell: any) => ({
  type: cell.cell_type,
  text: cell.get_text(),
  prompt: cell.input_prompt_number,
  outputs: cell.output_area ? cell.output_area.outputs : [],
})));

/** Wait until every code cell from `from` on has a finished prompt number and the kernel is idle. */
async function waitForRun(from: number): Promise<void> {
  try {
    await waitForPrompts(from);
  } catch (error) {
    await page.screenshot({ path: path.join(SCREENSHOTS, 'notebook-ui-timeout.png'), fullPage: true });
    const state = await cells();
    const prompts = state.map((cell, index) => `${index}:${cell.type === 'code' ? String(cell.prompt) : '-'}`).join(' ');
    throw new Error(`${(error as Error).message}\nprompts: ${prompts}\nproblems: ${problems(state).join('\n')}\n(see site/screenshots/notebook-ui-timeout.png)`);
  }
}

async function waitForPrompts(from: number): Promise<void> {
  await page.waitForFunction((start) => {
    const notebook = (window as any).Jupyter.notebook;
    const codeCells = notebook.get_cells().slice(start).filter((cell: any) => cell.cell_type === 'code');
    const finished = codeCells.every((cell: any) => typeof cell.input_prompt_number === 'number');
    return finished && document.querySelector('#kernel_indicator_icon.kernel_idle_icon') !== null;
  }, from, { timeout: CELL_TIMEOUT_MS, polling: 250 });
}

function problems(state: CellState[]): string[] {
  return state.flatMap((cell, index) => cell.outputs
    .filter((output) => output.output_type === 'error' || output.name === 'stderr')
    .map((output) => `cell ${index}: ${output.text ?? JSON.stringify(output).slice(0, 400)}`));
}

/** The worker counts the speedup plot draws for its "measured" series, read from the SVG's labels. */
async function plottedWorkerCounts(): Promise<number[]> {
  const state = await cells();
  const plotCell = state.findIndex((cell) => cell.text.includes('const speedupPlot'));
  const labels = await page.locator('.cell').nth(plotCell).locator('svg [aria-label*="series: measured"]').evaluateAll((nodes) => nodes.map((node) => node.getAttribute('aria-label') ?? ''));
  return [...new Set(labels.map((label) => Number(/worker threads: (\d+)/.exec(label)?.[1])).filter((n) => n > 0))].sort((a, b) => a - b);
}

async function threadsSettle(): Promise<number> {
  // Terminated workers leave the process a moment after `terminate()` resolves.
  let threads = kernelThreads(kernelId) ?? NaN;
  for (let wait = 0; wait < 20 && threads >= baselineThreads + 2; wait++) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    threads = kernelThreads(kernelId) ?? NaN;
  }
  return threads;
}

async function clickMenu(menu: string, item: string): Promise<void> {
  await page.click(menu);
  await page.click(item);
}

/** Set-up runs inside the first test: uvu reports a failing `before` hook as zero tests, not as a failure. */
async function setUp(): Promise<void> {
  setUpJupyter();
  fs.rmSync(SERVED_DIR, { recursive: true, force: true });
  fs.mkdirSync(SERVED_DIR, { recursive: true });
  fs.copyFileSync(path.join(PROJECT_ROOT, 'notebooks', NOTEBOOK), path.join(SERVED_DIR, NOTEBOOK));
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  server = await startNotebookServer(SERVED_DIR, { RUNBOOK_QUICK: '1' });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
}

test.after(async () => {
  await browser?.close();
  await server?.close();
});

beforeAll(test, setUp);

test('run all: every cell runs without an error and the plot shows the default worker counts', async () => {
  await page.goto(server.urlOf(NOTEBOOK));
  await page.waitForFunction(() => (window as any).Jupyter?.notebook?.kernel?.is_connected?.() === true, undefined, { timeout: 60_000 });
  await clickMenu('#celllink', '#run_all_cells');
  await waitForRun(0);
  const state = await cells();
  assert.equal(problems(state), []);
  assert.equal(await plottedWorkerCounts(), [1, 2]);
  const sessions = await server.api<Array<{ path: string; kernel: { id: string } }>>('sessions');
  kernelId = sessions.find((session) => session.path.endsWith(NOTEBOOK))!.kernel.id;
  baselineThreads = (await threadsSettle()) || kernelThreads(kernelId)!;
  assert.ok(baselineThreads > 0, 'found the kernel process');
});

for (const counts of [[1, 3], [2, 4]]) {
  test(`WORKER_COUNTS = [${counts}]: re-running the cells below twice redraws the plot, no error, no leaked thread`, async () => {
    const parameterCell = (await cells()).findIndex((cell) => cell.text.includes('const WORKER_COUNTS'));
    await page.evaluate(({ index, counts: values }) => {
      const notebook = (window as any).Jupyter.notebook;
      const cell = notebook.get_cell(index);
      cell.set_text(cell.get_text().replace(/const WORKER_COUNTS = .*;/, `const WORKER_COUNTS = [${values.join(', ')}];`));
      notebook.select(index);
    }, { index: parameterCell, counts });
    for (let run = 0; run < 2; run++) {
      // A re-run from here: clear the prompts first so the wait sees this run finish, not the last one.
      await page.evaluate((index) => (window as any).Jupyter.notebook.get_cells().slice(index).forEach((cell: any) => cell.cell_type === 'code' && cell.set_input_prompt('*')), parameterCell);
      await page.evaluate((index) => (window as any).Jupyter.notebook.select(index), parameterCell);
      await clickMenu('#celllink', '#run_all_cells_below');
      await waitForRun(parameterCell);
      assert.equal(problems(await cells()), [], `run ${run + 1}`);
      assert.equal(await plottedWorkerCounts(), counts, `run ${run + 1}`);
      const threads = await threadsSettle();
      assert.ok(threads < baselineThreads + 2, `run ${run + 1}: kernel has ${threads} threads, baseline ${baselineThreads}`);
    }
    const plotCell = (await cells()).findIndex((cell) => cell.text.includes('const speedupPlot'));
    const plotArea = page.locator('.cell').nth(plotCell);
    await plotArea.scrollIntoViewIfNeeded();
    await plotArea.screenshot({ path: path.join(SCREENSHOTS, `notebook-ui-workers-${counts.join('-')}.png`) });
  });
}

test('screenshots of the final state: the speedup plot and the whole notebook', async () => {
  const state = await cells();
  const plotCell = state.findIndex((cell) => cell.text.includes('const speedupPlot'));
  const plot = page.locator('.cell').nth(plotCell).locator('.output_area svg').first();
  await plot.scrollIntoViewIfNeeded();
  await plot.screenshot({ path: path.join(SCREENSHOTS, 'notebook-ui-speedup-plot.png') });
  await page.screenshot({ path: path.join(SCREENSHOTS, 'notebook-ui-final.png'), fullPage: true });
  assert.ok(fs.statSync(path.join(SCREENSHOTS, 'notebook-ui-speedup-plot.png')).size > 5_000);
});

test.run();
