/**
 * Rich output when the code runs inside the tslab Jupyter kernel, and silence elsewhere,
 * so the same lib call works in a notebook cell, the CLI and a test.
 */

interface TslabDisplay {
  html(html: string): void;
  text(text: string): void;
}
interface Tslab {
  display: TslabDisplay;
  newDisplay(): TslabDisplay;
}

let tslab: Tslab | null | undefined;

function loadTslab(): Tslab | null {
  if (tslab !== undefined) return tslab;
  // The kernel process is `node …/tslab kernel …`; only there does the `tslab` module carry a live display.
  const isKernel = /tslab/.test(process.argv[1] ?? '') && process.argv.includes('kernel');
  tslab = isKernel ? (require('tslab') as Tslab) : null;
  return tslab;
}

/** True inside the tslab kernel (a notebook cell), false in the CLI, tests and benchmarks. */
export function inKernel(): boolean {
  return loadTslab() !== null;
}

/** Show HTML as the output of the running cell; does nothing outside the kernel. */
export function showHtml(html: string): void {
  loadTslab()?.display.html(html);
}

/** An output area that each call replaces in place (tslab's `newDisplay`). */
export interface LiveOutput {
  /** Replace the area's content with `html`. */
  update(html: string): void;
}

/**
 * Create an output area that updates in place, for progress and running totals.
 * Outside the kernel, updates are dropped.
 */
export function liveOutput(): LiveOutput {
  const kernel = loadTslab();
  if (!kernel) return { update() {} };
  const display = kernel.newDisplay();
  return { update: (html) => display.html(html) };
}
