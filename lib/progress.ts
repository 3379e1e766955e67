/**
 * The progress callback every long call accepts. A plain type, apart from how progress is shown
 * (`progressReporter` in `notebook/`), so that mechanisms never import notebook code.
 */

/** Called as work completes: `done` of `total` items. */
export type ProgressCallback = (done: number, total: number) => void;
