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

/** The latest progress of a reporter, as `watchProgress` hands it on. */
export interface ProgressUpdate {
  label: string;
  done: number;
  total: number;
}

const watchers = new Set<(update: ProgressUpdate) => void>();

/**
 * Hear every reporter's updates (throttled as they are shown), e.g. to say how far a run had come
 * when it was interrupted. Returns a function that stops listening.
 * @example const stop = watchProgress(({ label, done, total }) => { latest = `${label} ${done}/${total}`; });
 */
export function watchProgress(listener: (update: ProgressUpdate) => void): () => void {
  watchers.add(listener);
  return () => {
    watchers.delete(listener);
  };
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
  const show = inKernel() ? kernelLine() : process.stderr.isTTY ? terminalLine() : null;
  return (done, total) => {
    const now = Date.now();
    if (done < total && now - lastShownMs < MIN_INTERVAL_MS) return;
    lastShownMs = now;
    for (const watcher of watchers) watcher({ label, done, total });
    show?.(`${label} ${bar(done, total)}`, done >= total);
  };
}

function kernelLine(): (text: string, last: boolean) => void {
  const output = liveOutput();
  return (text) => output.update(`<pre class="runbook-progress">${escapeHtml(text)}</pre>`);
}

function terminalLine(): (text: string, last: boolean) => void {
  return (text, last) => {
    process.stderr.write(`\r${text}${last ? '\n' : ''}`);
  };
}
