/**
 * Preloaded into the tslab kernel (`node --require`, from the kernel spec): a kernel whose launcher
 * died exits, as ipykernel's does. Jupyter starts a kernel in a session of its own and names its own
 * pid in JPY_PARENT_PID; tslab ignores it, so a kernel whose Jupyter server or notebook executor was
 * killed (SIGKILL, out of memory) ran on for ever, with whatever its cells had started. Once a second
 * this checks whether the kernel has been handed to another parent; if so, it stops what the lib
 * started (stopEverything, if a cell loaded the lib) and exits.
 * Plain CommonJS, like build.cjs: it needs no build.
 */
const path = require('node:path');

const POLL_MS = 1000;
/** How long the lib's pools and servers get to stop before the kernel exits anyway. */
const STOP_GRACE_MS = 3000;
/** The lib's registry of running work, as the notebooks load it (`../dist/lib`). */
const RUNNING = path.join(__dirname, '..', '..', 'dist', 'lib', 'running.js');

function exitOrphaned(poll) {
  clearInterval(poll);
  const running = require.cache[RUNNING]?.exports;
  const stopped = running ? Promise.resolve(running.stopEverything()).catch(() => {}) : Promise.resolve();
  const grace = new Promise((resolve) => setTimeout(resolve, STOP_GRACE_MS));
  Promise.race([stopped, grace]).then(() => process.exit(0));
}

const parentPid = Number(process.env.JPY_PARENT_PID);
// Only under the launcher that named itself: a kernel started some other way is left alone.
if (Number.isInteger(parentPid) && parentPid > 1 && process.ppid === parentPid) {
  const poll = setInterval(() => {
    if (process.ppid !== parentPid) exitOrphaned(poll);
  }, POLL_MS);
  // The watch alone must not keep a kernel alive that would otherwise end.
  poll.unref();
}
