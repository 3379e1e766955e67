import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describeTraces, spreadBars, plot, plotHtml, renderSvg, vegaLiteSpec } from '../lib';
import { loadVegaLite, VEGA_LITE_PACKAGE } from '../lib/notebook/plot';

/** The `d` attributes of the paths inside vega's mark groups of one kind (line, symbol, rect). */
function markPaths(svg: string, kind: string): string[] {
  const groups = svg.split(`class="mark-${kind} role-mark`).slice(1);
  return groups.flatMap((group) =>
    [...group.split('</g>')[0].matchAll(/<path[^>]* d="([^"]+)"/g)].map((match) => match[1]),
  );
}

test('line traces draw a line path and a point per value, with a legend', async () => {
  const svg = await renderSvg(
    [
      { x: [1, 2, 4], y: [900, 460, 240], name: 'measured' },
      { x: [1, 2, 4], y: [900, 450, 225], name: 'ideal', mode: 'lines', line: { dash: 'dash' } },
    ],
    { xaxis: { title: 'workers' }, yaxis: { title: 'wall time (ms)' } },
  );
  const lines = markPaths(svg, 'line');
  assert.is(lines.length, 2);
  for (const d of lines) assert.ok(d.split(/[LM]/).filter(Boolean).length >= 3, `a line through three points: ${d}`);
  assert.ok(markPaths(svg, 'symbol').length >= 3, 'points of the measured series (and legend symbols)');
  assert.match(svg, 'wall time (ms)');
  assert.match(svg, '>measured<');
  assert.match(svg, 'stroke-dasharray');
});

test('bar traces draw one rect per value, horizontal bars start at their base', async () => {
  const bars = await renderSvg([{ type: 'bar', x: ['a', 'b', 'c'], y: [1, 2, 3], name: 'n' }]);
  assert.is(markPaths(bars, 'rect').length, 3);
  const timeline = await renderSvg([
    { type: 'bar', orientation: 'h', y: ['r0', 'r1'], base: [0, 50], x: [100, 100], name: 'request' },
  ]);
  const widths = markPaths(timeline, 'rect').map((d) => Number(/h(-?[\d.]+)/.exec(d)?.[1]));
  assert.is(widths.length, 2);
  assert.ok(Math.abs(widths[0] - widths[1]) < 0.5, 'equal durations draw equal widths');
});

test('bars on a log y axis start at the power of ten below the smallest value, taller for larger values', async () => {
  const svg = await renderSvg(
    [
      { type: 'bar', x: ['10', '∞'], y: [20_000, 2_000], name: 'ms' },
      { type: 'bar', x: ['10', '∞'], y: [10, 1200], name: 'connections' },
    ],
    { yaxis: { type: 'log' } },
  );
  const heights = markPaths(svg, 'rect').map((d) => Number(/v(-?[\d.]+)/.exec(d)?.[1]));
  assert.is(heights.length, 4);
  assert.ok(
    heights.every((h) => h > 0),
    `every bar has a height: ${heights}`,
  );
  assert.ok(heights[0] > heights[1] && heights[3] > heights[2], `heights follow the values: ${heights}`);
});

test('category labels get their share of the width: two long ones are shown whole', async () => {
  const svg = await renderSvg([
    { type: 'bar', x: ['threads ↔ one JS thread', 'processes ↔ worker threads'], y: [1, 2] },
  ]);
  assert.match(svg, '>processes ↔ worker threads<');
  assert.not.match(svg, '…<');
});

test('a category label breaks into lines at each comma', async () => {
  const svg = await renderSvg([
    {
      type: 'bar',
      x: [
        'piscina, one task per item',
        'worker_threads, one message per item',
        'threads.js Pool, via parallelMap, chunked',
        'plain',
      ],
      y: [1, 2, 3, 4],
    },
  ]);
  assert.match(svg, '<tspan>piscina</tspan><tspan x="0" dy="13">one task per item</tspan>');
  assert.match(
    svg,
    '<tspan>threads.js Pool</tspan><tspan x="0" dy="13">via parallelMap</tspan><tspan x="0" dy="13">chunked</tspan>',
  );
  assert.not.match(svg, '…<');
});

test('log axes put ticks at powers of ten', async () => {
  const svg = await renderSvg([{ x: [1, 10, 100, 1000], y: [1, 2, 3, 4] }], { xaxis: { type: 'log', title: 'items' } });
  for (const tick of ['>1<', '>10<', '>100<', '>1,000<']) assert.match(svg, tick);
});

test('whole-number data get whole-number ticks only', async () => {
  const svg = await renderSvg([{ x: [1, 2, 3], y: [1, 1.9, 2.7] }], { xaxis: { title: 'workers' } });
  assert.match(svg, '>2<');
  assert.not.match(svg, '>1.5<');
  assert.not.match(svg, '>2.5<');
});

test('an ideal line of whole numbers does not force whole-number ticks on the measured values beside it', async () => {
  const svg = await renderSvg([
    { x: [1, 2], y: [1, 1.6] },
    { x: [1, 2], y: [1, 2] },
  ]);
  assert.match(svg, />1\.5</);
});

test('yaxis.zero starts a linear axis at 0; without it the axis spans the values', async () => {
  const traces = [{ x: [2, 3, 4], y: [1.4, 1.5, 1.6] }];
  const fromZero = vegaLiteSpec(traces, { yaxis: { title: 'speedup (×)', zero: true } });
  assert.match(JSON.stringify(fromZero), '"zero":true');
  assert.match(await renderSvg(traces, { yaxis: { zero: true } }), />0\.0</);
  assert.not.match(await renderSvg(traces), />0\.0</);
});

test('error_y draws a rule per value from y − arrayminus to y + array, and is checked', async () => {
  const spec = vegaLiteSpec([{ x: [1, 2], y: [1, 1.8], error_y: { array: [0.1, 0.2], arrayminus: [0.1, 0.3] } }]);
  const layer = (
    spec.layer as Array<{
      layer: Array<{ data: { values: Array<{ low: number; high: number }> }; mark: { type: string } }>;
    }>
  )[0].layer[1];
  assert.is(layer.mark.type, 'rule');
  assert.equal(
    layer.data.values.map((v) => [v.low, v.high].map((n) => Math.round(n * 10) / 10)),
    [
      [0.9, 1.1],
      [1.5, 2],
    ],
  );
  const svg = await renderSvg([{ x: [1, 2], y: [1, 1.8], error_y: { array: [0.1, 0.2] } }]);
  assert.match(svg, /role-mark[^"]*"[^>]*>\s*<line|mark-rule/);
  assert.throws(() => vegaLiteSpec([{ x: [1, 2], y: [1, 2], error_y: { array: [0.1] } }]), /`error_y`/);
  assert.throws(
    () => vegaLiteSpec([{ type: 'bar', orientation: 'h', x: [1], y: ['a'], error_y: { array: [0.1] } }]),
    /upright/,
  );
  assert.throws(() => vegaLiteSpec([{ x: [1], y: ['a'], error_y: { array: [0.1] } }]), /numeric y/);
});

test('error_y on grouped bars: a rule over each bar, offset as its bar is', async () => {
  const traces = [
    {
      type: 'bar' as const,
      name: 'a',
      x: ['p', 'q'],
      y: [10, 20],
      error_y: spreadBars([
        { ms: 10, minMs: 9, maxMs: 12 },
        { ms: 20, minMs: 15, maxMs: 21 },
      ]),
    },
    { type: 'bar' as const, name: 'b', x: ['p', 'q'], y: [5, 6] },
  ];
  const spec = vegaLiteSpec(traces);
  const [bars, rules] = (
    spec.layer as Array<{
      layer: Array<{
        mark: { type: string };
        data: { values: Array<{ low: number; high: number }> };
        encoding: Record<string, unknown>;
      }>;
    }>
  )[0].layer;
  assert.is(bars.mark.type, 'bar');
  assert.is(rules.mark.type, 'rule');
  assert.ok(rules.encoding.xOffset, 'the rule sits over its own bar of the group');
  assert.equal(
    rules.data.values.map((v) => [v.low, v.high]),
    [
      [9, 12],
      [15, 21],
    ],
  );
  // Drawn: one rule per value of the first series.
  const svg = await renderSvg(traces);
  const rulesDrawn = (svg.match(/aria-roledescription="rule mark"/g) ?? []).length;
  assert.is(rulesDrawn, 2);
});

test('plot returns the SVG and shows nothing outside a kernel; plotHtml wraps it for HTML outputs', async () => {
  const svg = await plot([{ x: [1, 2], y: [1, 2] }]);
  assert.match(svg, /^<svg/);
  const html = plotHtml(svg, '<title>', { summary: 'ms: 2 points' });
  assert.match(
    html,
    new RegExp(
      /^<figure class="runbook-plot" aria-label="&lt;title&gt;">/.source +
        /<img alt="&lt;title&gt; — ms: 2 points" src="data:image\/svg\+xml;base64,/.source,
    ),
  );
  // The image is the SVG itself: an untrusted notebook's sanitizer keeps <img src="data:…">, not <svg>.
  assert.is(Buffer.from(/base64,([^"]+)"/.exec(html)![1], 'base64').toString('utf8'), svg);
  assert.match(
    plotHtml(svg, 'log', { logY: true }),
    /^<figure class="runbook-plot" aria-label="log" data-y-scale="log"><img/,
  );
  assert.is(
    describeTraces([
      { name: 'measured', x: [1, 2, 4], y: [1, 1.9, 2.05] },
      { x: ['a'], y: [3] },
    ]),
    'measured: 3 points, from 1 to 2.05; trace 1: 1 point, from 3 to 3',
  );
});

test('bad traces are refused with the reason', () => {
  assert.throws(() => vegaLiteSpec([]), /non-empty array/);
  assert.throws(() => vegaLiteSpec([{ x: [1, 2], y: [1] }]), /as many `x` as `y`/);
  assert.throws(() => vegaLiteSpec([{ x: 1 as never, y: [1] }]), /arrays `x` and `y`/);
});

test('the current vega-lite draws where the Node allows it (22 or later), the 6.4 line on Node 20', async () => {
  const major = Number(process.versions.node.split('.')[0]);
  const current = path.join(__dirname, '..', 'node_modules', 'vega-lite-current', 'package.json');
  const { version } = await loadVegaLite();
  if (major >= 22) {
    assert.is(VEGA_LITE_PACKAGE, 'vega-lite-current');
    // npm installs the optional package on this Node: without it, the install left it out.
    assert.ok(fs.existsSync(current), 'npm install on this Node installs vega-lite-current');
    assert.ok(Number(version.split('.')[1]) >= 5, `vega-lite ${version} drew`);
  } else {
    assert.is(VEGA_LITE_PACKAGE, 'vega-lite');
    assert.match(version, /^6\.4\./);
  }
});

test.run();
