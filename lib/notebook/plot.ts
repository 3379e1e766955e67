/**
 * Plots with nodeplotlib's call shape — `plot(traces, layout)` with Plotly-style traces — drawn as SVG
 * on the server by vega-lite and vega: no browser, no network. In a notebook the SVG is shown as HTML,
 * because Debian's nbconvert empties `image/svg+xml` outputs when it exports HTML.
 */
import { escapeHtml } from './html';
import { showHtml } from './display';

/** One series, as in Plotly/nodeplotlib. */
export interface Trace {
  x: ReadonlyArray<number | string>;
  y: ReadonlyArray<number | string>;
  name?: string;
  /** `'scatter'` draws lines and/or points (see `mode`), `'bar'` draws bars. Default `'scatter'`. */
  type?: 'scatter' | 'bar';
  /** For scatter traces. Default `'lines+markers'`. */
  mode?: 'lines' | 'markers' | 'lines+markers';
  /** For bars: `'h'` draws horizontal bars from `base` to `base + x` at category `y`. */
  orientation?: 'v' | 'h';
  /** For horizontal bars: where each bar starts on the x axis. */
  base?: ReadonlyArray<number>;
  /** For scatter lines: `'dash'` draws a dashed line (ideal curves, references). */
  line?: { dash?: 'solid' | 'dash' };
  /**
   * The spread around each value, as Plotly has it: `array` above and `arrayminus` below (the same
   * as `array` when left out), drawn as a vertical bar from `y − arrayminus` to `y + array`, on
   * points and on vertical bars alike: e.g. the slowest and fastest of several runs (see `spreadBars`).
   */
  error_y?: { array: ReadonlyArray<number>; arrayminus?: ReadonlyArray<number> };
}

/** An axis of the layout. Put the unit in the title: `'wall time (ms)'`. */
export interface Axis {
  title?: string;
  type?: 'linear' | 'log';
  /**
   * Start a linear axis at 0 (default: the range of the values). For ratios such as a speedup, so
   * that 1.4× against 1.6× looks like the small difference it is.
   */
  zero?: boolean;
}

/** Plot-wide settings, as in Plotly/nodeplotlib. */
export interface Layout {
  title?: string;
  xaxis?: Axis;
  yaxis?: Axis;
  /** Drawing size in pixels; default 560 × 300. */
  width?: number;
  height?: number;
}

type Row = { series: string; x: number | string; y: number | string; x2?: number; order: number };

function checkTrace(trace: Trace, index: number): void {
  if (!trace || !Array.isArray(trace.x) || !Array.isArray(trace.y)) {
    throw new TypeError(`Expected trace ${index} to have arrays \`x\` and \`y\``);
  }
  if (trace.x.length !== trace.y.length) {
    throw new RangeError(
      `Expected trace ${index} to have as many \`x\` as \`y\` values (${trace.x.length} vs ${trace.y.length})`,
    );
  }
  if (trace.base && trace.base.length !== trace.x.length) {
    throw new RangeError(`Expected trace ${index} to have one \`base\` per value`);
  }
  const spread = trace.error_y;
  if (
    spread &&
    (spread.array.length !== trace.y.length || (spread.arrayminus && spread.arrayminus.length !== trace.y.length))
  ) {
    throw new RangeError(`Expected trace ${index} to have one \`error_y\` value per y value`);
  }
  if (spread && (trace.orientation === 'h' || !trace.y.every((y) => typeof y === 'number'))) {
    throw new RangeError(`Expected trace ${index}'s \`error_y\` on a trace with numeric y values, drawn upright`);
  }
}

function fieldType(values: ReadonlyArray<unknown>): 'quantitative' | 'nominal' {
  return values.every((value) => typeof value === 'number') ? 'quantitative' : 'nominal';
}

function axisScale(axis: Axis | undefined, type: string, counts: boolean) {
  if (type !== 'quantitative') return {};
  if (axis?.type === 'log') return { scale: { type: 'log' } };
  // Counts (workers, concurrency) get whole-number ticks, never "1.5 workers".
  return { scale: { zero: axis?.zero === true }, ...(counts ? { axis: { tickMinStep: 1, format: 'd' } } : {}) };
}

/**
 * Whether an axis shows counts: every trace's values on it are whole numbers. Decided for the whole
 * plot, since the layers share the axis: an ideal line of whole numbers must not force whole-number
 * ticks on measured speedups beside it.
 */
function wholeNumbers(columns: ReadonlyArray<ReadonlyArray<unknown>>): boolean {
  return (
    columns.some((values) => values.length > 0) &&
    columns.every((values) => values.every((value) => Number.isInteger(value)))
  );
}

/**
 * Where vertical bars start on a log y axis: the power of ten below the smallest value. Bars
 * start at 0 otherwise, which a log scale cannot place, and vega then draws none of them.
 */
function logBarBase(traces: readonly Trace[]): number {
  const values = traces.flatMap((trace) => trace.y).filter((y): y is number => typeof y === 'number' && y > 0);
  return values.length > 0 ? 10 ** (Math.ceil(Math.log10(Math.min(...values))) - 1) : 1;
}

/**
 * How wide a category label on the x axis may be: its share of the plot's width, and never less than
 * vega's default of 180 px, which cut "processes ↔ worker threads" short with room to spare. Longer
 * labels break into lines at each ", " (see `layerFor`).
 */
function bandLabelLimit(layout: Layout, categoryCount: number): number {
  return Math.max(180, Math.floor((layout.width ?? 560) / Math.max(1, categoryCount)) - 8);
}

/** A category label such as "piscina, one task per item" is drawn on one line per comma-separated part. */
const LINES_AT_COMMAS = "split(datum.label, ', ')";

/** One vega-lite layer for a trace; every layer shares the `series` colour scale, hence one legend. */
function layerFor(
  trace: Trace,
  index: number,
  layout: Layout,
  barBase: number | undefined,
  counts: { x: boolean; y: boolean; categories: number },
): Record<string, unknown> {
  const series = trace.name ?? `trace ${index}`;
  const horizontal = trace.type === 'bar' && trace.orientation === 'h';
  const values: Row[] = trace.x.map((x, i) =>
    horizontal
      ? { series, x: trace.base?.[i] ?? 0, x2: (trace.base?.[i] ?? 0) + Number(x), y: trace.y[i], order: i }
      : { series, x, y: trace.y[i], order: i },
  );
  const xType = horizontal ? 'quantitative' : fieldType(trace.x);
  const yType = horizontal ? 'nominal' : fieldType(trace.y);
  const x = {
    field: 'x',
    type: xType,
    title: layout.xaxis?.title ?? null,
    ...axisScale(layout.xaxis, xType, !horizontal && counts.x),
    ...(xType === 'nominal'
      ? {
          sort: null,
          axis: { labelAngle: 0, labelLimit: bandLabelLimit(layout, counts.categories), labelExpr: LINES_AT_COMMAS },
        }
      : {}),
  };
  const y = {
    field: 'y',
    type: yType,
    title: layout.yaxis?.title ?? null,
    ...axisScale(layout.yaxis, yType, counts.y),
    ...(yType === 'nominal' ? { sort: null } : {}),
  };
  const color = { field: 'series', type: 'nominal', title: null, sort: null };
  if (trace.type === 'bar') {
    const encoding: Record<string, unknown> = { x, y, color };
    if (horizontal) encoding.x2 = { field: 'x2' };
    else encoding.xOffset = { field: 'series', sort: null };
    if (!horizontal && barBase !== undefined) encoding.y2 = { datum: barBase };
    const bars = { data: { values }, mark: { type: 'bar', tooltip: true }, encoding };
    // The spread over each bar, in black: the bar's own colour would hide it.
    return trace.error_y
      ? {
          layer: [
            bars,
            spreadLayer(trace, values, x, layout, counts, { xOffset: encoding.xOffset, color: { value: 'black' } }),
          ],
        }
      : bars;
  }
  const mode = trace.mode ?? 'lines+markers';
  const mark =
    mode === 'markers'
      ? { type: 'point', filled: true, size: 40 }
      : {
          type: 'line',
          point: mode === 'lines+markers' ? { filled: true, size: 30 } : false,
          strokeDash: trace.line?.dash === 'dash' ? [6, 4] : undefined,
        };
  const line = { data: { values }, mark, encoding: { x, y, color, order: { field: 'order', type: 'quantitative' } } };
  if (!trace.error_y) return line;
  return { layer: [line, spreadLayer(trace, values, x, layout, counts, { color })] };
}

/** A trace's `error_y` as a rule per value from `y − arrayminus` to `y + array`: a layer of its own over the same x. */
function spreadLayer(
  trace: Trace,
  values: Row[],
  x: Record<string, unknown>,
  layout: Layout,
  counts: { y: boolean },
  extra: Record<string, unknown>,
): Record<string, unknown> {
  const { array, arrayminus = array } = trace.error_y!;
  const spreadValues = values.map((row, i) => ({
    series: row.series,
    x: row.x,
    low: Number(row.y) - arrayminus[i],
    high: Number(row.y) + array[i],
  }));
  const low = {
    field: 'low',
    type: 'quantitative',
    title: layout.yaxis?.title ?? null,
    ...axisScale(layout.yaxis, 'quantitative', counts.y),
  };
  return {
    data: { values: spreadValues },
    mark: { type: 'rule', strokeWidth: 1.5 },
    encoding: { x, y: low, y2: { field: 'high' }, ...extra },
  };
}

/**
 * A median of runs (`ms`, as `medianOf` has it, or `wallMs`, as experiment rows do) with its
 * fastest and slowest run.
 */
export type RunSpread = { minMs: number; maxMs: number } & ({ ms: number } | { wallMs: number });

/**
 * `error_y` from medians and the fastest and slowest runs beside them: what a plot of median-of-runs draws.
 * @example spreadBars([{ ms: 10, minMs: 9, maxMs: 12 }]) // { array: [2], arrayminus: [1] }
 */
export function spreadBars(rows: ReadonlyArray<RunSpread>): NonNullable<Trace['error_y']> {
  const middle = (row: RunSpread) => ('ms' in row ? row.ms : row.wallMs);
  return { array: rows.map((row) => row.maxMs - middle(row)), arrayminus: rows.map((row) => middle(row) - row.minMs) };
}

/** Build the vega-lite specification for traces and a layout (pure; exported for tests). */
export function vegaLiteSpec(traces: readonly Trace[], layout: Layout = {}): Record<string, unknown> {
  if (!Array.isArray(traces) || traces.length === 0) throw new TypeError('Expected `traces` to be a non-empty array');
  traces.forEach(checkTrace);
  const barBase = layout.yaxis?.type === 'log' ? logBarBase(traces) : undefined;
  const counts = {
    x: wholeNumbers(traces.map((trace) => trace.x)),
    y: wholeNumbers(traces.map((trace) => [...trace.y, ...(trace.error_y?.array ?? [])])),
    // Every layer shares the x axis: one label width from all categories, or vega warns of a conflict.
    categories: new Set(traces.flatMap((trace) => trace.x)).size,
  };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    width: layout.width ?? 560,
    height: layout.height ?? 300,
    ...(layout.title ? { title: layout.title } : {}),
    config: {
      font: 'Helvetica, Arial, sans-serif',
      legend: { orient: 'right', labelLimit: 320 },
      axis: { labelFontSize: 11, titleFontSize: 12 },
    },
    layer: traces.map((trace, index) => layerFor(trace, index, layout, barBase, counts)),
  };
}

/**
 * vega-lite from 6.5 on declares Node 22 or later. Where the Node allows it, npm installs the current
 * line as the optional `vega-lite-current` (an alias in package.json) and it draws; on Node 20 npm skips
 * it, and the 6.4 line, which declares Node 20, draws.
 */
export const VEGA_LITE_PACKAGE = Number(process.versions.node.split('.')[0]) >= 22 ? 'vega-lite-current' : 'vega-lite';

const importVegaLite = () => import('vega-lite');

/** The vega-lite that draws here (see `VEGA_LITE_PACKAGE`); the 6.4 line when the current one was not installed. */
export async function loadVegaLite(): ReturnType<typeof importVegaLite> {
  if (VEGA_LITE_PACKAGE === 'vega-lite') return importVegaLite();
  try {
    return (await import(VEGA_LITE_PACKAGE)) as Awaited<ReturnType<typeof importVegaLite>>;
  } catch (error) {
    // Installed with the optional dependencies left out (or on an older Node): the 6.4 line draws.
    if ((error as NodeJS.ErrnoException).code !== 'ERR_MODULE_NOT_FOUND') throw error;
    return importVegaLite();
  }
}

/**
 * Render traces to an SVG string, without showing it anywhere.
 * @example const svg = await renderSvg([{ x: [1, 2], y: [3, 4], name: 'ms' }]);
 */
export async function renderSvg(traces: readonly Trace[], layout: Layout = {}): Promise<string> {
  const spec = vegaLiteSpec(traces, layout);
  // vega 6 and vega-lite 6 are ES modules with top-level await: load them with import(), not require.
  const [vega, vegaLite] = await Promise.all([import('vega'), loadVegaLite()]);
  const compiled = vegaLite.compile(spec as never).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/**
 * A plot's data in a sentence, for an image's `alt`: each series with its number of points and the
 * range of its values.
 * @example describeTraces([{ name: 'measured', x: [1, 2], y: [1, 1.9] }]) // 'measured: 2 points, y from 1 to 1.9'
 */
export function describeTraces(traces: readonly Trace[]): string {
  const describe = (trace: Trace, index: number) => {
    const values = (trace.orientation === 'h' ? trace.x : trace.y).filter(
      (value): value is number => typeof value === 'number',
    );
    const range =
      values.length > 0
        ? `, from ${+Math.min(...values).toPrecision(3)} to ${+Math.max(...values).toPrecision(3)}`
        : '';
    return `${trace.name ?? `trace ${index}`}: ${trace.x.length} ${trace.x.length === 1 ? 'point' : 'points'}${range}`;
  };
  return traces.map(describe).join('; ');
}

/**
 * Wrap an SVG for display as HTML: an `<img>` with the SVG as a data URI, which survives what inline
 * `<svg>` does not — JupyterLab's and Notebook 7's sanitizer on a notebook opened untrusted, and
 * nbconvert's exports. Its `alt` says the caption and the data. `logY` marks a log y axis
 * (`data-y-scale="log"`), where a bar of 0 cannot be drawn: a reader of the page (or a test) can
 * tell a zero bar on a linear axis, which is a correct drawing, from a lost one.
 */
export function plotHtml(svg: string, caption?: string, { logY = false, summary = '' } = {}): string {
  const label = caption ? ` aria-label="${escapeHtml(caption)}"` : '';
  const alt = escapeHtml([caption, summary].filter(Boolean).join(' — ') || 'plot');
  const uri = `data:image/svg+xml;base64,${Buffer.from(svg, 'utf8').toString('base64')}`;
  return (
    `<figure class="runbook-plot"${label}${logY ? ' data-y-scale="log"' : ''}><img alt="${alt}" ` +
    `src="${uri}"></figure>`
  );
}

/**
 * Draw traces as an SVG plot; in a notebook it is shown inline under the cell.
 * @param traces Plotly-style traces: `{ x, y, name, type: 'scatter' | 'bar', mode }`.
 * @param layout titles (with units), `xaxis.type: 'log'`, size.
 * @returns the SVG markup, so callers can save or test it.
 * @example await plot([{ x: [1, 2, 4], y: [900, 460, 240], name: 'wall time' }],
 *   { xaxis: { title: 'workers' }, yaxis: { title: 'wall time (ms)' } });
 */
export async function plot(traces: readonly Trace[], layout: Layout = {}): Promise<string> {
  const svg = await renderSvg(traces, layout);
  showHtml(plotHtml(svg, layout.title, { logY: layout.yaxis?.type === 'log', summary: describeTraces(traces) }));
  return svg;
}
