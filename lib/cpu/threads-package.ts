/**
 * The `threads` package, loaded once without the signal handlers it installs on load.
 */

// threads.js installs SIGINT/SIGTERM handlers that exit the whole process (with 0) when it is first
// loaded. In a kernel SIGINT means "interrupt the cell", and in the CLI Ctrl-C must be able to stop
// work and report: remove them; pools are stopped by their owners, and by `stopEverything`.
function withoutThreadsSignalHandlers<T>(load: () => T): T {
  const before = { SIGINT: process.listeners('SIGINT'), SIGTERM: process.listeners('SIGTERM') };
  const loaded = load();
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    for (const listener of process.listeners(signal)) {
      if (!before[signal].includes(listener)) process.removeListener(signal, listener);
    }
  }
  return loaded;
}

/** `require('threads')`, minus its exit-on-SIGINT/SIGTERM handlers. */
export const threadsPackage = withoutThreadsSignalHandlers(() => require('threads') as typeof import('threads'));
