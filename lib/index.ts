/** The runbook's public surface: notebooks, CLI, benchmarks and tests import from here. */
export * from './errors';
export * from './html';
export * from './kernel';
export * from './machine';
export * from './params';
export * from './plot';
export * from './progress';
export * from './timing';
export * from './core-conflict';
export * from './sum-of-squares';
export * from './worker-pool';
export * from './parallel-map';
export type { TaskName } from './workers/tasks';
export type { TaskRef } from './workers/chunk-runner';
export * from './latency-server';
export * from './download';
