/**
 * Preloaded into the tslab kernel (`node --require`, from the kernel spec): a kernel whose launcher
 * died exits, as ipykernel's does. Jupyter starts a kernel in a session of its own and names its own
 * pid in JPY_PARENT_PID; tslab ignores it, so a kernel whose Jupyter server or notebook executor was
 * killed (SIGKILL, out of memory) ran on for ever, with whatever its cells had started.
 * A thread of its own checks once a second whether the kernel has been handed to another parent; if
 * so, the main thread stops what the lib started (stopEverything, if a cell loaded the lib) and
 * exits. A main thread that cannot answer (a cell in Atomics.wait or a long loop) is killed.
 * Plain CommonJS, like build.cjs: it needs no build.
 */
const path = require('node:path');
const { isMainThread, Worker } = require('node:worker_threads');

const POLL_MS = 1000;
/** How long the lib's pools and servers get to stop before the kernel exits anyway. */
const STOP_GRACE_MS = 3000;
/** After this long the watching thread kills the process: its main thread did not exit. */
const KILL_AFTER_MS = STOP_GRACE_MS + 2000;
/** The lib's registry of running work, as the notebooks load it (`../dist/lib`). */
const RUNNING = path.join(__dirname, '..', '..', 'dist', 'lib', 'running.js');

const WATCH = `
const { parentPort, workerData: { parentPid, pollMs, killAfterMs } } = require('node:worker_threads');
const poll = setInterval(() => {
  if (process.ppid === parentPid) return;
  clearInterval(poll);
  parentPort.postMessage('orphaned');
  setTimeout(() => process.kill(process.pid, 'SIGKILL'), killAfterMs);
}, pollMs);
`;

function exitOrphaned() {
  const running = require.cache[RUNNING]?.exports;
  const stopped = running ? Promise.resolve(running.stopEverything()).catch(() => {}) : Promise.resolve();
  const grace = new Promise((resolve) => setTimeout(resolve, STOP_GRACE_MS));
  Promise.race([stopped, grace]).then(() => process.exit(0));
}

const parentPid = Number(process.env.JPY_PARENT_PID);
// Only in the kernel's main thread (a preload runs in every worker thread too), and only under the
// launcher that named itself: a kernel started some other way is left alone.
if (isMainThread && Number.isInteger(parentPid) && parentPid > 1 && process.ppid === parentPid) {
  const watcher = new Worker(WATCH, {
    eval: true,
    execArgv: [],
    workerData: { parentPid, pollMs: POLL_MS, killAfterMs: KILL_AFTER_MS },
  });
  watcher.once('message', exitOrphaned);
  // The watch alone must not keep a kernel alive that would otherwise end.
  watcher.unref();
}
