/** Showing progress where the caller can see it: in the notebook, on a terminal, or nowhere. */
import type { ProgressCallback } from '../progress';
import { escapeHtml } from './html';
import { inKernel, liveOutput } from './display';

const BAR_WIDTH = 30;
const MIN_INTERVAL_MS = 100;

function bar(done: number, total: number): string {
  const filled = total === 0 ? BAR_WIDTH : Math.round((done / total) * BAR_WIDTH);
  return `[${'#'.repeat(filled)}${'.'.repeat(BAR_WIDTH - filled)}] ${done}/${total}`;
}

/**
 * A progress reporter that updates one line in place: a live output area in a notebook,
 * a carriage-return bar on an interactive terminal, and nothing otherwise (pipes, CI, tests).
 * Updates are throttled to ten a second; the last one always shows.
 * @param label what is progressing, e.g. `'downloading'`.
 * @example const onProgress = progressReporter('sweep'); onProgress(3, 10);
 */
export function progressReporter(label: string): ProgressCallback {
  let lastShownMs = 0;
  if (inKernel()) {
    const output = liveOutput();
    return (done, total) => {
      const now = Date.now();
      if (done < total && now - lastShownMs < MIN_INTERVAL_MS) return;
      lastShownMs = now;
      output.update(`<pre class="runbook-progress">${escapeHtml(`${label} ${bar(done, total)}`)}</pre>`);
    };
  }
  if (!process.stderr.isTTY) return () => {};
  return (done, total) => {
    const now = Date.now();
    if (done < total && now - lastShownMs < MIN_INTERVAL_MS) return;
    lastShownMs = now;
    process.stderr.write(`\r${label} ${bar(done, total)}${done >= total ? '\n' : ''}`);
  };
}
