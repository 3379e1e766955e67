/**
 * Ceilings on what the command line starts, checked before anything starts: a 2-core machine with
 * 24 GiB survives them (each worker thread holds a V8 isolate of some MiB; each page a socket).
 */

/** Worker threads, or CPython processes, started at once. */
export const MAX_WORKERS = 64;
/** Pages one download run fetches. */
export const MAX_PAGES = 100_000;
/** Requests in flight at once, when bounded. */
export const MAX_CONCURRENCY = 10_000;
/** The embedded server's connection limit. */
export const MAX_CONNECTIONS = 100_000;
