/**
 * Preloaded into the tslab kernel (`node --require`, from the kernel spec), beside
 * kernel-parent-watch.cjs: lets the headless executor run one notebook after another in one kernel,
 * each as if the kernel were new. Starting tslab costs about 2.3 s of one core (TypeScript's
 * compiler and Node's declarations); a switch costs milliseconds.
 *
 * The executor starts the kernel with RUNBOOK_KERNEL_SWITCH set to a random token and sends one
 * request as a cell: `//runbook-kernel TOKEN` and a JSON line, before and after each notebook.
 * - after ({"end": true}): whatever the lib still has running is stopped, and named on stderr: a
 *   notebook leaves nothing behind, and the executor fails the notebook that did; then the garbage
 *   of its cells is collected, so the next notebook starts on a heap like a new kernel's;
 * - before ({"env": {…}}): tslab forgets every earlier declaration and value (its executor's
 *   reset), so a name from an earlier notebook is an error, as in a fresh kernel; the environment
 *   becomes exactly the notebook's and the working folder the notebooks' again; cells are numbered
 *   from 1 again.
 * A kernel started without the token (JupyterLab's) is left as tslab made it.
 * Plain CommonJS, like build.cjs: it needs no build.
 */
const path = require('node:path');
const v8 = require('node:v8');
const vm = require('node:vm');
const { isMainThread } = require('node:worker_threads');

const TOKEN = process.env.RUNBOOK_KERNEL_SWITCH;
/** The lib's registry of running work, as the notebooks load it (`../dist/lib`). */
const RUNNING = path.join(__dirname, '..', '..', 'dist', 'lib', 'running.js');
/** Printed on stdout once a request is done: the executor's proof that this kernel can switch. */
const DONE = 'runbook-kernel: done';

function parseRequest(code) {
  const [first, ...rest] = code.split('\n');
  if (first.trim() !== `//runbook-kernel ${TOKEN}`) return null;
  return JSON.parse(rest.join('\n'));
}

/** Stop what the lib still runs; how many pools and server processes were left (0: none). */
async function stopLeftovers() {
  const running = require.cache[RUNNING]?.exports;
  const count = running ? running.runningCount() : 0;
  if (count > 0) await running.stopEverything();
  return count;
}

/**
 * V8's full collection, reached without exposing `gc` to the notebooks: a flag set after start-up
 * applies to contexts made later, so a new context gets it and the flag is cleared again. Without it
 * the next notebook would start on the last one's garbage: on the quick run the kernel's heap grew
 * from 125 to 348 MB over four notebooks, and collected it went back to about 120 MB each time.
 */
function fullCollector() {
  v8.setFlagsFromString('--expose-gc');
  const gc = vm.runInNewContext('gc');
  v8.setFlagsFromString('--no-expose-gc');
  return gc;
}

/** Make process.env exactly `env`, keeping what Jupyter told this kernel about itself (JPY_*). */
function replaceEnvironment(env) {
  for (const name of Object.keys(process.env)) if (!name.startsWith('JPY_')) delete process.env[name];
  for (const [name, value] of Object.entries(env)) if (!name.startsWith('JPY_')) process.env[name] = String(value);
}

/**
 * tslab's request handlers: those of a tslab the notebook's folder reaches, which tslab's own start
 * prefers, and those of the tslab this kernel was started as (`node --require … tslab/bin/tslab`).
 */
function tslabHandlers() {
  const files = [path.join(path.dirname(process.argv[1]), '..', 'dist', 'jupyter.js')];
  try {
    files.unshift(require.resolve('tslab/dist/jupyter', { paths: [process.cwd()] }));
  } catch {} // no tslab of the folder's own: the one started runs
  return [...new Set(files)].map((file) => require(file).JupyterHandlerImpl.prototype);
}

function installSwitch() {
  const collectGarbage = fullCollector();
  const folder = process.cwd(); // the notebooks' folder: the executor reuses a kernel only within it
  for (const handler of tslabHandlers()) patchHandler(handler, collectGarbage, folder);
}

function patchHandler(handler, collectGarbage, folder) {
  const execute = handler.handleExecuteImpl;
  handler.handleExecuteImpl = async function (req, writeStream, writeDisplayData) {
    const request = parseRequest(req.code);
    if (request === null) return execute.call(this, req, writeStream, writeDisplayData);
    if (request.end) {
      const left = await stopLeftovers();
      if (left > 0)
        writeStream('stderr', `left ${left} worker pool(s) or server process(es) running after its last cell\n`);
      collectGarbage();
    }
    if (request.env) {
      this.executor.reset();
      replaceEnvironment(request.env);
      process.chdir(folder);
    }
    // An empty cell through tslab's own path sets this request's output streams; then numbering restarts.
    const count = await execute.call(this, { ...req, code: '' }, writeStream, writeDisplayData);
    if (request.env) this.execCount = 0;
    writeStream('stdout', `${DONE}\n`);
    return count;
  };
}

if (isMainThread && TOKEN) {
  delete process.env.RUNBOOK_KERNEL_SWITCH; // the notebooks never see it
  installSwitch();
}
