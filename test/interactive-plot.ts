/** `--plot`: the run's chart in nodeplotlib's interactive page, served on 127.0.0.1 only, offline. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import type { ChildProcess } from 'node:child_process';
import type { Browser } from 'playwright-core';
import { PROJECT_ROOT } from '../cli/project';
import { launchChromium } from './helpers/browser';
import { startRunbook } from './helpers/cli';

const SCREENSHOTS = path.join(PROJECT_ROOT, 'site', 'screenshots');
let browser: Browser | undefined;

/** The chart URL the command prints on stderr, once it serves. */
function chartUrl(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
      text += chunk;
      const match = /chart: (http:\/\/\S+)/.exec(text);
      if (match) resolve(match[1]);
    });
    child.once('close', (code) => reject(new Error(`runbook exited ${code} before serving a chart: ${text}`)));
  });
}

const exited = (child: ChildProcess) =>
  new Promise<number | null>((resolve) => {
    if (child.exitCode !== null) resolve(child.exitCode);
    else child.once('close', (code) => resolve(code));
  });

function refuses(url: string): Promise<boolean> {
  const { port } = new URL(url);
  return new Promise((resolve) => {
    const socket = net.connect(Number(port), '127.0.0.1', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(true));
  });
}

test.after(async () => {
  await browser?.close();
});

test('map --plot serves its chart on 127.0.0.1, renders offline, and closing the page ends it with 0', async () => {
  const child = startRunbook('map', '--count', '4', '--n', '100000', '--workers', '1', '--json', '--plot');
  let stdout = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
  });
  try {
    const url = await chartUrl(child);
    assert.match(url, /^http:\/\/127\.0\.0\.1:\d+\/$/);
    browser = await launchChromium();
    const page = await browser.newPage();
    const elsewhere: string[] = [];
    const errors: string[] = [];
    page.on('request', (request) => {
      if (!request.url().startsWith(url)) elsewhere.push(request.url());
    });
    page.on('pageerror', (error) => errors.push(String(error)));
    await page.goto(url);
    await page.waitForSelector('svg.main-svg g.trace.bars', { timeout: 20_000 });
    assert.is(await page.locator('g.trace.bars').count(), 1);
    assert.is(await page.locator('g.trace.bars path').count(), 3, 'three bars: sequential, start-up, parallel');
    assert.match((await page.locator('.gtitle').textContent()) ?? '', /sumOfSquares/);
    assert.equal(elsewhere, [], 'no request leaves 127.0.0.1');
    assert.equal(errors, []);
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: path.join(SCREENSHOTS, 'map-plot.png') });
    await page.close();
    assert.is(await exited(child), 0);
    assert.ok(await refuses(url), 'the chart server stopped with the command');
    // --json's stdout is the report alone: nodeplotlib's own announcements are dropped.
    assert.is(JSON.parse(stdout).workers, 1);
  } finally {
    child.kill('SIGKILL');
  }
});

test('Ctrl-C stops a command that serves its chart, with exit 0, nothing left listening', async () => {
  const child = startRunbook('race', '--mode', 'async', '--workers', '3', '--increments', '10', '--plot');
  try {
    const url = await chartUrl(child);
    child.kill('SIGINT');
    assert.is(await exited(child), 0);
    assert.ok(await refuses(url));
  } finally {
    child.kill('SIGKILL');
  }
});

test.run();
