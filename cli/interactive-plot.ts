/**
 * `--plot`: a run's chart in nodeplotlib's interactive page (zoom, hover, toggle series), served on
 * 127.0.0.1 only and working offline.
 *
 * nodeplotlib 1.1.2 has neither a host option nor an offline mode: it calls `listen(port)` on a NestJS
 * app, which binds every interface, and its page loads Plotly from cdn.plot.ly. So, for its one
 * `listen` call only, we pass the host and put a middleware first that serves Plotly from
 * `plotly.js-dist-min` (the version its page asks for) and the page without its CDN links.
 */
import type { ChildMessage } from './supervisor';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import type { Layout, Plot } from 'nodeplotlib';

export type { Layout as PlotlyLayout, Plot as PlotlyTrace } from 'nodeplotlib';

const HOST = '127.0.0.1';
const LOCAL_PLOTLY = '/runbook/plotly.min.js';

/** A chart being served; it stops when `close()` is called or when its last page goes away. */
export interface PlotServer {
  /** `http://127.0.0.1:<port>/` */
  readonly url: string;
  /** Resolves once the server has stopped, whichever way. */
  readonly closed: Promise<void>;
  /** Stop through nodeplotlib's own shutdown; safe to call twice. */
  close(): Promise<void>;
}

interface NestApp {
  use(
    handler: (request: { method: string; path: string }, response: ExpressResponse, next: () => void) => void,
  ): unknown;
  getHttpServer(): Server;
  get<T>(token: new (...args: never[]) => T): T;
}
interface ExpressResponse {
  type(mime: string): ExpressResponse;
  sendFile(file: string): void;
  send(body: string): void;
}

const nodeplotlibDir = () => path.dirname(require.resolve('nodeplotlib/package.json'));
// nodeplotlib's own copy of NestJS, whichever version npm placed beside it.
const fromNodeplotlib = <T>(id: string): T => require(require.resolve(id, { paths: [nodeplotlibDir()] })) as T;

let waitingForListen: { resolve(app: NestApp): void; reject(error: unknown): void } | null = null;
let patched = false;
let serving = false;

function patchListen(): void {
  if (patched) return;
  patched = true;
  const { NestApplication } = fromNodeplotlib<{
    NestApplication: { prototype: { listen(...args: unknown[]): Promise<Server> } };
  }>('@nestjs/core');
  const listen = NestApplication.prototype.listen;
  NestApplication.prototype.listen = function (this: NestApp, port: unknown, ...rest: unknown[]) {
    const waiter = waitingForListen;
    if (!waiter) return listen.call(this, port, ...rest); // another NestJS app: leave it alone
    waitingForListen = null;
    serveOffline(this);
    return listen.call(this, port, HOST).then(
      (server) => {
        // nodeplotlib subscribes to its shutdown signal only after listen resolves: hand the app out after that.
        setImmediate(() => waiter.resolve(this));
        return server;
      },
      (error: unknown) => {
        waiter.reject(error);
        return new Promise<never>(() => {}); // nodeplotlib never awaits its start-up: keep the rejection ours
      },
    );
  };
}

/** Plotly from node_modules, and the page without its CDN script and font links. */
function serveOffline(app: NestApp): void {
  const plotly = require.resolve('plotly.js-dist-min/plotly.min.js');
  const page = fs
    .readFileSync(path.join(nodeplotlibDir(), 'src/lib/server/web/index.html'), 'utf8')
    .replace(/https:\/\/cdn\.plot\.ly\/plotly-[\d.]+(?:\.min)?\.js/, LOCAL_PLOTLY)
    .replace(/<link rel="preconnect" href="https:\/\/fonts\.gstatic\.com">/, '')
    .replace(/@font-face\{[^}]*fonts\.gstatic\.com[^}]*\}/g, '');
  app.use((request, response, next) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return next();
    if (request.path === LOCAL_PLOTLY) return response.type('application/javascript').sendFile(plotly);
    // The page itself, at / and at the Angular app's routes (paths without an extension).
    if (request.path === '/index.html' || !path.extname(request.path)) return response.type('html').send(page);
    return next();
  });
}

/**
 * nodeplotlib announces itself on stdout ("Server running at http://localhost:…", which is not where it
 * listens here): stdout is the command's report, `--json` included, so those lines are dropped.
 */
let quieted = false;
function quietNodeplotlibLog(): void {
  if (quieted) return;
  quieted = true;
  const log = console.log;
  console.log = (...args: unknown[]) => {
    if (typeof args[0] === 'string' && args[0].startsWith('[Nodeplotlib]')) return;
    log(...args);
  };
}

/**
 * Serve `traces` in nodeplotlib's page on 127.0.0.1 (a free port); opens no browser. One chart per
 * process: nodeplotlib keeps every plot of a process on its one page.
 * @example const chart = await servePlot([{ x: [1, 2], y: [3, 4], type: 'bar' }], { title: 'run' });
 *   console.log(chart.url); await chart.closed;
 */
export async function servePlot(traces: Plot[], layout?: Layout): Promise<PlotServer> {
  if (serving) throw new Error('a chart is already served by this process');
  // nodeplotlib reads its port once, when first loaded; any value also stops it running xdg-open.
  if (!require.cache[require.resolve('nodeplotlib')]) process.env.NODEPLOTLIB_PORT = '0';
  patchListen();
  const { Logger } = fromNodeplotlib<{ Logger: { overrideLogger(levels: string[]): void } }>('@nestjs/common');
  Logger.overrideLogger(['error', 'warn']); // NestJS's start-up log is noise on our terminal
  quietNodeplotlibLog();
  const { plot } = require('nodeplotlib') as typeof import('nodeplotlib');
  serving = true;
  const app = await new Promise<NestApp>((resolve, reject) => {
    waitingForListen = { resolve, reject };
    plot(traces, layout);
  }).catch((error: unknown) => {
    serving = false;
    throw error;
  });
  const server = app.getHttpServer();
  const closed = new Promise<void>((resolve) =>
    server.once('close', () => {
      serving = false;
      resolve();
    }),
  );
  const { BridgeService } = fromNodeplotlib<{ BridgeService: new () => { shutdown(): void } }>(
    path.join(nodeplotlibDir(), 'src/lib/server/services/bridge.service'),
  );
  return {
    url: `http://${HOST}:${(server.address() as AddressInfo).port}/`,
    closed,
    async close() {
      // The same path as "the last page went away", which also lets nodeplotlib start again.
      if (server.listening) app.get(BridgeService).shutdown();
      await closed;
    },
  };
}

/** Open `url` in the desktop's browser when there is a desktop; never fails the command. */
function openInBrowser(url: string): void {
  const opener =
    process.platform === 'darwin'
      ? 'open'
      : process.platform === 'win32'
        ? 'explorer'
        : process.env.DISPLAY || process.env.WAYLAND_DISPLAY
          ? 'xdg-open'
          : null;
  if (!opener) return;
  const child = spawn(opener, [url], { stdio: 'ignore', detached: true });
  child.on('error', () => {});
  child.unref();
}

/**
 * `--plot`: serve the run's chart, say where on stderr (stdout stays the report), open it when a
 * desktop exists, and wait until the page is closed or the user presses Ctrl-C.
 */
export async function showChartUntilClosed(
  traces: Plot[],
  layout: Layout,
  log: (line: string) => void = (line) => process.stderr.write(`${line}\n`),
): Promise<void> {
  const chart = await servePlot(traces, layout);
  const stop = () => {
    void chart.close();
  };
  // Listening before the URL is announced: whoever reads it may press Ctrl-C at once.
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  // Under the supervisor (see supervisor.ts), Ctrl-C now ends the command normally: exit 0.
  process.send?.({ interruptEndsNormally: true } satisfies ChildMessage);
  log(`chart: ${chart.url} (interactive; close the page or press Ctrl-C to stop)`);
  openInBrowser(chart.url);
  try {
    await chart.closed;
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
    process.send?.({ interruptEndsNormally: false } satisfies ChildMessage);
  }
}
