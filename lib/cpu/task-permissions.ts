/**
 * Which tasks a worker may run: the built-in ones by name, and the exported functions of the task
 * modules its owner listed when starting it. A task reference arrives from outside the worker (over a
 * queue, from anyone who can write to it), so it is a request checked against that list, never a path
 * to `require` on trust.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { TaskNotAllowedError } from '../errors';
import type { TaskRef } from './chunk-protocol';
import { tasks } from './tasks';

/**
 * The environment variable that hands a worker process (and its BullMQ sandbox) its task modules: a
 * JSON array of paths.
 */
export const TASK_FILES_ENV = 'RUNBOOK_TASK_FILES';

/** The longest task name and module path a job may carry. */
const MAX_NAME_LENGTH = 200;
const MAX_PATH_LENGTH = 4_096;

/** What a task reference looks like in a message or an error, without trusting its contents. */
export function describeTask(task: unknown): string {
  const text = JSON.stringify(task) ?? String(task);
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}

/**
 * Check the task modules an owner allows and make them absolute: each must be an existing file.
 * @param name the parameter's name, for the error (`taskFiles`, `--tasks`).
 * @example allowTaskFiles([compiledFile('io/page-tasks')])
 */
export function allowTaskFiles(files: readonly string[] | undefined, name = 'taskFiles'): string[] {
  if (files === undefined) return [];
  if (!Array.isArray(files))
    throw new TypeError(`Expected \`${name}\` to be an array of task module paths, got ${describeTask(files)}`);
  return [
    ...new Set(
      files.map((file) => {
        if (typeof file !== 'string' || file === '' || file.length > MAX_PATH_LENGTH) {
          throw new TypeError(`Expected \`${name}\` to hold paths of compiled task modules, got ${describeTask(file)}`);
        }
        const absolute = path.resolve(file);
        if (!fs.statSync(absolute, { throwIfNoEntry: false })?.isFile()) {
          throw new RangeError(
            `Expected \`${name}\` to hold paths of compiled task modules: ${absolute} is not a file`,
          );
        }
        return absolute;
      }),
    ),
  ];
}

/** The task modules a worker process was started with (from `TASK_FILES_ENV`); none when unset. */
export function taskFilesFromEnvironment(): string[] {
  const text = process.env[TASK_FILES_ENV];
  if (!text) return [];
  const files = JSON.parse(text) as unknown;
  return allowTaskFiles(files as string[], TASK_FILES_ENV);
}

/** Whether `task` is a built-in task or an export of one of `allowed`: what an owner checks before sending it. */
export function isTaskAllowed(task: TaskRef, allowed: readonly string[]): boolean {
  if (typeof task === 'string') return Object.hasOwn(tasks, task);
  return allowed.includes(path.resolve(task.file));
}

function notAllowed(task: unknown, why: string): TaskNotAllowedError {
  return new TaskNotAllowedError(
    `Task ${describeTask(task)} is not allowed on this worker: ${why}. A worker runs the built-in tasks ` +
      `(${Object.keys(tasks).join(', ')}) and the task modules it was started with: ` +
      "list the module's compiled file in the pool's `taskFiles`, or start `runbook worker` with `--tasks FILE`",
  );
}

/**
 * The function a task reference names, if this worker allows it. Nothing is loaded for a module
 * that is not in `allowed`; a module that is gets loaded, and only its own exported functions count.
 * @throws TaskNotAllowedError naming the task and how to allow it.
 */
export function resolveTask(task: unknown, allowed: readonly string[]): (item: unknown) => unknown {
  if (typeof task === 'string') {
    if (task.length > MAX_NAME_LENGTH || !Object.hasOwn(tasks, task))
      throw notAllowed(task, 'no built-in task has that name');
    return (tasks as Record<string, (item: unknown) => unknown>)[task];
  }
  const ref = task as { file?: unknown; name?: unknown } | null;
  if (
    typeof ref !== 'object' ||
    ref === null ||
    typeof ref.file !== 'string' ||
    typeof ref.name !== 'string' ||
    ref.file.length > MAX_PATH_LENGTH ||
    ref.name.length > MAX_NAME_LENGTH
  ) {
    throw notAllowed(task, 'a task is a built-in name or { file, name } of strings');
  }
  if (!path.isAbsolute(ref.file) || !allowed.includes(ref.file))
    throw notAllowed(task, 'its module is not one this worker was started with');
  const exports = require(ref.file) as Record<string, unknown>;
  const found = Object.hasOwn(exports, ref.name) ? exports[ref.name] : undefined;
  if (typeof found !== 'function') throw notAllowed(task, `its module exports no function "${ref.name}"`);
  return found as (item: unknown) => unknown;
}
