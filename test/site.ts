/** `runbook notebooks --quick`: every notebook executes cleanly and the exported tutorial reads in a browser. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Browser } from 'playwright-core';
import { buildSite, siteFiles } from '../cli/pipeline/build-site';
import { MARKER_NAME } from '../cli/pipeline/owned-folder';
import { updateNavigation } from '../cli/pipeline/navigation';
import { problemOutputs } from '../cli/pipeline/execute';
import { joinText, listNotebooks, readNotebook, type NotebookEntry } from '../cli/pipeline/notebook-file';
import { NOTEBOOKS_DIR } from '../cli/project';
import { launchChromium } from './helpers/browser';
import { QUICK_SITE, quickSite } from './helpers/quick-site';
import { beforeAll } from './helpers/setup';

const SITE = QUICK_SITE;
const entries: NotebookEntry[] = listNotebooks(NOTEBOOKS_DIR);
let browser: Browser;

/** The executed notebook's cells that call plot(). */
function plottingCells(entry: NotebookEntry) {
  const executed = readNotebook(path.join(SITE, path.basename(entry.file)));
  return executed.cells.filter((cell) => cell.cell_type === 'code' && /\bplot\(/.test(joinText(cell.source)));
}

beforeAll(test, async () => {
  // Built over the pages of a renamed notebook (STALE_PAGES), which the build must delete.
  await quickSite();
  browser = await launchChromium();
});

test.after(async () => {
  await browser?.close();
});

test('every notebook executed with no error or stderr output', () => {
  for (const entry of entries) {
    const executed = readNotebook(path.join(SITE, path.basename(entry.file)));
    assert.equal(problemOutputs(executed), [], entry.name);
    const codeCells = executed.cells.filter((cell) => cell.cell_type === 'code');
    assert.ok(
      codeCells.length === 0 || codeCells.some((cell) => (cell.outputs ?? []).length > 0),
      `${entry.name} has outputs`,
    );
  }
});

test('the site holds a page and an executed copy per notebook, and nothing of notebooks that are gone', () => {
  const files = fs
    .readdirSync(SITE)
    .filter((file) => /^\d\d-/.test(file))
    .sort();
  assert.equal(
    files,
    entries
      .flatMap((entry) => [path.basename(entry.file), entry.page])
      .filter((file) => /^\d\d-/.test(file))
      .sort(),
  );
});

test('every plotting cell shows an SVG with drawn marks, and each page holds them', () => {
  for (const entry of entries) {
    const executed = readNotebook(path.join(SITE, path.basename(entry.file)));
    const plotting = plottingCells(entry);
    // Every measuring notebook plots; a prose-only one (the summary) has no code at all.
    const hasCode = executed.cells.some((cell) => cell.cell_type === 'code');
    assert.ok(hasCode ? plotting.length >= 1 : plotting.length === 0, `${entry.name} has a plot`);
    for (const cell of plotting) {
      const html = (cell.outputs ?? []).map((output) => joinText(output.data?.['text/html'])).join('');
      // An <img> of the SVG: what survives an untrusted notebook's sanitizer and nbconvert's exports.
      const images = [...html.matchAll(/<img alt="[^"]+" src="data:image\/svg\+xml;base64,([^"]+)"/g)];
      assert.ok(images.length > 0, `${entry.name}: plot output is an image of an SVG, with an alt text`);
      const svg = Buffer.from(images[0][1], 'base64').toString('utf8');
      assert.match(
        svg,
        /class="mark-(line|symbol|rect) role-mark[^"]*"[^>]*>\s*<path[^>]* d="M/,
        `${entry.name}: the SVG has drawn marks`,
      );
    }
    const page = fs.readFileSync(path.join(SITE, entry.page), 'utf8');
    assert.ok(
      (page.match(/<figure class="runbook-plot"/g) ?? []).length >= plotting.length,
      `${entry.page} holds every plot`,
    );
  }
});

test("the marker lists exactly the site's files", () => {
  assert.equal(JSON.parse(fs.readFileSync(path.join(SITE, MARKER_NAME), 'utf8')).files, [...siteFiles(entries)].sort());
});

/** Each entry of `dir` with its bytes (a link as where it points). */
function snapshot(dir: string): Record<string, string> {
  return Object.fromEntries(
    fs.readdirSync(dir, { withFileTypes: true }).map((entry) => {
      const file = path.join(dir, entry.name);
      return [entry.name, entry.isSymbolicLink() ? `link → ${fs.readlinkSync(file)}` : fs.readFileSync(file, 'latin1')];
    }),
  );
}

test("runbook's folder reused: listed stale pages go; others' files, link targets, notebooks stay intact", async () => {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'site-folder-'));
  try {
    // Prose-only notebooks: executed without a kernel, so the folder's handling is what this test spends time on.
    const notebooks = path.join(scratch, 'notebooks');
    fs.mkdirSync(notebooks);
    const prose = (text: string) =>
      `${JSON.stringify(
        {
          cells: [{ cell_type: 'markdown', metadata: {}, source: text }],
          metadata: {},
          nbformat: 4,
          nbformat_minor: 5,
        },
        null,
        1,
      )}\n`;
    fs.writeFileSync(path.join(notebooks, '00-Index.ipynb'), prose('# Index\n\nThe contents.'));
    fs.writeFileSync(path.join(notebooks, '01-Fixture.ipynb'), prose('# Fixture\n\nA notebook.'));
    const sources = snapshot(notebooks);
    const outside = { page: path.join(scratch, 'outside.html'), copy: path.join(scratch, 'outside.ipynb') };
    fs.writeFileSync(outside.page, 'outside page');
    fs.writeFileSync(outside.copy, 'outside notebook');
    const site = path.join(scratch, 'site');
    fs.mkdirSync(site);
    fs.writeFileSync(
      path.join(site, MARKER_NAME),
      JSON.stringify({
        files: ['index.html', '01-Fixture.html', '01-Fixture.ipynb', '04-Old-Name.html', '04-Old-Name.ipynb'],
      }),
    );
    for (const stale of ['index.html', '04-Old-Name.html', '04-Old-Name.ipynb'])
      fs.writeFileSync(path.join(site, stale), 'stale');
    // Listed names that became links: replaced by the runbook's files, their targets untouched.
    fs.symlinkSync(outside.page, path.join(site, '01-Fixture.html'));
    fs.symlinkSync(outside.copy, path.join(site, '01-Fixture.ipynb'));
    // Not listed: someone else's, left alone.
    fs.writeFileSync(path.join(site, '01-my-notes.html'), 'my notes');
    fs.writeFileSync(path.join(site, 'notes.txt'), 'more notes');
    await buildSite({ notebooksDir: notebooks, outDir: site, log: () => {} });
    const after = snapshot(site);
    assert.equal(Object.keys(after).sort(), [
      MARKER_NAME,
      '00-Index.ipynb',
      '01-Fixture.html',
      '01-Fixture.ipynb',
      '01-my-notes.html',
      'index.html',
      'notes.txt',
      'runbook.css',
      'runbook.js',
    ]);
    assert.is(after['01-my-notes.html'], 'my notes');
    assert.is(after['notes.txt'], 'more notes');
    assert.match(after['01-Fixture.html'], '<h1>Fixture</h1>');
    assert.equal(readNotebook(path.join(site, '01-Fixture.ipynb')).cells.length, 1);
    assert.is(fs.readFileSync(outside.page, 'utf8'), 'outside page');
    assert.is(fs.readFileSync(outside.copy, 'utf8'), 'outside notebook');
    assert.equal(snapshot(notebooks), sources);
    assert.equal(JSON.parse(after[MARKER_NAME]).files, [
      '00-Index.ipynb',
      '01-Fixture.html',
      '01-Fixture.ipynb',
      'index.html',
      'runbook.css',
      'runbook.js',
    ]);
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
});

test('the navigation cells in the notebooks are current (runbook nav)', async () => {
  const copies = fs.mkdtempSync(path.join(SITE, 'nav-'));
  for (const entry of entries) fs.copyFileSync(entry.file, path.join(copies, path.basename(entry.file)));
  assert.equal(updateNavigation(listNotebooks(copies)), [], 'run `npm run nav` and commit the notebooks');
  fs.rmSync(copies, { recursive: true });
});

test('in Chromium, next links walk every page in order; plots draw; nothing fails or leaves the machine', async () => {
  const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('requestfailed', (request) => problems.push(`failed: ${request.url()}`));
  page.on('request', (request) => {
    if (!request.url().startsWith('file://')) problems.push(`left the machine: ${request.url()}`);
  });
  await page.goto(`file://${path.join(SITE, 'index.html')}`);
  const visited: string[] = [];
  for (;;) {
    visited.push(path.basename(new URL(page.url()).pathname));
    // Data marks only (legend symbols are drawn even when the data are not). On a log axis a bar counts
    // when it has an area: bars vega cannot place (0 on a log axis) keep their width but get no height.
    // On a linear axis a bar of 0 is drawn correctly with no height (a run that lost no update).
    // Each plot is an <img> of an SVG: it must have loaded with a size, and its SVG, laid out in the
    // page for a moment, must have drawn marks.
    const marks = await page.$$eval('figure.runbook-plot', (figures) =>
      figures.map((figure) => {
        const image = figure.querySelector('img')!;
        if (!image.complete || image.naturalWidth === 0) return 0;
        const bytes = Uint8Array.from(atob(image.src.split(',')[1]), (char) => char.charCodeAt(0));
        const holder = document.createElement('div');
        holder.innerHTML = new TextDecoder().decode(bytes);
        document.body.appendChild(holder);
        const svg = holder.querySelector('svg')!;
        const logY = figure.getAttribute('data-y-scale') === 'log';
        const visible = (selector: string, drawn: (box: DOMRect) => boolean) =>
          Array.from(svg.querySelectorAll(selector)).filter((p) => drawn((p as SVGGraphicsElement).getBBox())).length;
        const count =
          visible('.mark-line.role-mark path, .mark-symbol.role-mark path', (box) => box.width > 0 || box.height > 0) +
          visible('.mark-rect.role-mark path', (box) => box.width > 0 && (box.height > 0 || !logY));
        holder.remove();
        return count;
      }),
    );
    const entry = entries.find((candidate) => candidate.page === visited.at(-1));
    const expected = entry ? plottingCells(entry).length : 1; // the index page shows one plot
    assert.ok(
      marks.length >= expected && marks.every((count) => count > 0),
      `${visited.at(-1)}: every plot has visible marks (${marks})`,
    );
    const hrefs = await page.$$eval('a[href]', (links) => links.map((link) => (link as HTMLAnchorElement).href));
    for (const href of hrefs.filter((h) => h.startsWith('file://')))
      assert.ok(fs.existsSync(new URL(href).pathname), `${href} exists`);
    const next = await page.$('header nav.pager a[rel="next"]');
    if (!next) break;
    const current = page.url();
    await Promise.all([page.waitForURL((url) => url.href !== current), next.click()]);
  }
  assert.equal(
    visited,
    entries.map((entry) => entry.page),
  );
  assert.equal(problems, []);
  await page.close();
});

test.run();
