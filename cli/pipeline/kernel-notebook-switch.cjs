/**
 * Preloaded into the tslab kernel (`node --require`, from the kernel spec), beside
 * kernel-parent-watch.cjs: lets the headless executor run one notebook after another in one kernel,
 * each as if the kernel were new. Starting tslab costs about 2.3 s of one core (TypeScript's
 * compiler and Node's declarations); a switch costs about 0.1 s.
 *
 * The executor starts the kernel with RUNBOOK_KERNEL_SWITCH set to a random token and sends one
 * request as a cell: `//runbook-kernel TOKEN` and a JSON line, before and after each notebook. The
 * kernel answers on stdout with `runbook-kernel: ` and a JSON line; a failure goes to stderr instead.
 * - after ({"end": true}): whatever the lib still has running is stopped and counted ({"left": N}),
 *   and the executor fails the notebook that left it; tslab forgets every declaration and value of
 *   the notebook's cells (its executor's reset) and the garbage is collected, so the next notebook
 *   starts on a heap like a new kernel's;
 * - before ({"begin": ENV}): the environment becomes exactly ENV and the working folder the
 *   notebooks' again.
 * So a name from an earlier notebook is an error in the next one, as in a new kernel.
 * What stays is what no notebook can name: the modules already loaded (the lib, warm in V8's JIT) and
 * the memory the process keeps. A kernel started without the token (JupyterLab's) is left as tslab
 * made it.
 * Plain CommonJS, like build.cjs: it needs no build.
 */
const path = require('node:path');
const v8 = require('node:v8');
const vm = require('node:vm');
const { isMainThread } = require('node:worker_threads');

const TOKEN = process.env.RUNBOOK_KERNEL_SWITCH;
/** The lib's registry of running work, as the notebooks load it (`../dist/lib`). */
const RUNNING = path.join(__dirname, '..', '..', 'dist', 'lib', 'running.js');
/** Starts the answer to a request, on stdout: the executor's proof that this kernel can switch. */
const REPLY = 'runbook-kernel: ';

/** The JSON text of a switch request, or null when `code` is a cell like any other. */
function switchRequest(code) {
  const [first, ...rest] = code.split('\n');
  return first.trim() === `//runbook-kernel ${TOKEN}` ? rest.join('\n') : null;
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
 * the next notebook would start on the last one's garbage: on the quick run the heap grew from 125 to
 * 348 MB over four notebooks; with it each notebook starts at 110–131 MB (a new kernel: about 125).
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
    const request = switchRequest(req.code);
    if (request === null) return execute.call(this, req, writeStream, writeDisplayData);
    // An empty cell through tslab's own path sets this request's output streams.
    const count = await execute.call(this, { ...req, code: '' }, writeStream, writeDisplayData);
    try {
      const answer = await switchNotebooks(JSON.parse(request), this.executor, collectGarbage, folder);
      writeStream('stdout', `${REPLY}${JSON.stringify(answer)}\n`);
    } catch (error) {
      writeStream('stderr', `${error?.stack ?? error}\n`);
    }
    return count;
  };
}

async function switchNotebooks(request, executor, collectGarbage, folder) {
  if (request.end) {
    const left = await stopLeftovers();
    executor.reset();
    collectGarbage();
    return { left };
  }
  if (request.begin) {
    replaceEnvironment(request.begin);
    process.chdir(folder);
    return {};
  }
  throw new RangeError(`unknown switch request: ${Object.keys(request)}`);
}

if (isMainThread && TOKEN) {
  // Out of process.env (the kernel's /proc/PID/environ keeps it: code in the kernel could read it, but
  // code in the kernel can do anything a switch does anyway).
  delete process.env.RUNBOOK_KERNEL_SWITCH;
  installSwitch();
}
