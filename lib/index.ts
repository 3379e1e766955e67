/**
 * The runbook's public surface: notebooks, CLI, benchmarks and tests import from here.
 * Grouped by layer, from the bottom up: a layer imports only the ones above it in this list.
 */
export * from './errors';
export type { ProgressCallback } from './progress';
export { runningCount, stopEverything } from './running';
export { MAX_TIMER_MS } from './timer-limit';
export { LIMITS } from './limits';
export { checkMs, checkWhole, checkWholeList, describeRange, parseWhole, type Range } from './check-range';

// Workloads: what the experiments run.
export * from './workloads/sleep';
export * from './workloads/spin';
export * from './workloads/sum-of-squares';

// Measuring: clocks, memory, the event loop's delay, this machine, Amdahl's law.
export * from './measure/timing';
export * from './measure/deadline';
export * from './measure/memory';
export * from './measure/event-loop-lag';
export * from './measure/machine';
export * from './measure/amdahl';
export * from './measure/thread-times';

// Mechanisms: locks, I/O on the event loop, CPU on worker threads, processes and a queue.
export * from './sync/mutex';
export * from './sync/shared-mutex';
export * from './sync/map-with-limit';
export * from './io/latency-server';
export * from './io/latency-server-process';
export * from './io/stalled-clients';
export * from './io/download';
export * from './cpu/pool';
export * from './cpu/worker-pool';
export * from './cpu/process-pool';
export * from './cpu/pool-kind';
export * from './cpu/parallel-map';
export { allowTaskFiles, isTaskAllowed, TASK_FILES_ENV } from './cpu/task-permissions';
export { checkOutcome } from './cpu/check-outcome';
export { killProcessGroup } from './cpu/worker-lifecycle';
export * from './queue/redis-server';
export * from './queue/queue-pool';
export { checkRedisUrl, maskRedisUrl, REDIS_URL_ENV } from './queue/redis-url';
export { QUEUE_TIMINGS, REDIS_GONE_MS } from './queue/timings';
export type { TaskName } from './cpu/tasks';
export type { TaskRef } from './cpu/chunk-protocol';
export { compiledFile } from './files';

// Notebook output: plots, tables, progress and parameters.
export * from './notebook/html';
export * from './notebook/display';
export * from './notebook/plot';
export * from './notebook/progress';
export * from './notebook/params';
export * from './notebook/reading-time';
export * from './notebook/interrupt';

// Experiments: one module per notebook section.
export * from './experiments/python';
export * from './experiments/python-interpreter';
export * from './experiments/core-conflict';
export * from './experiments/io-bound';
export * from './experiments/answer-waits';
export * from './experiments/gil-analogue';
export * from './experiments/gil-comparison';
export * from './experiments/microtask-starvation';
export * from './experiments/threadpool';
export * from './experiments/queue-costs';
export * from './experiments/queue-model';
export * from './experiments/processes';
export * from './experiments/connections';
export * from './experiments/cpu-bound';
export * from './experiments/speedup-sweep';
export * from './experiments/data-passing';
export * from './experiments/dataset-memory';
export * from './experiments/pool-comparison';
export * from './experiments/async-race';
export * from './experiments/shared-counter';
export * from './experiments/strategy-grid';
export * from './experiments/shared-state';
export * from './experiments/comparison-table';
export * from './experiments/lockstep-race';
export * from './experiments/responsiveness';
export * from './experiments/main-thread-lock';
export * from './experiments/cluster-server';
export * from './experiments/cluster';
export * from './experiments/event-loop-utilization';
