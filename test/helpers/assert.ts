import * as assert from 'uvu/assert';

/** Assert that `promise` rejects with an error matching `check` (a class, or a RegExp on the message); returns the error. */
export async function rejects(promise: Promise<unknown>, check: RegExp | (new (...args: never[]) => Error)): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    const err = error as Error;
    if (check instanceof RegExp) assert.match(err.message, check);
    else assert.instance(err, check);
    return err;
  }
  assert.unreachable('expected a rejection');
  throw new Error('unreachable');
}

/** What keeps the event loop alive now (sockets, servers, timers…), as Node names them. */
export function activeResources(): string[] {
  // The runner's own stdio is not ours to close.
  return process.getActiveResourcesInfo().filter((name) => !['TTYWrap', 'PipeWrap', 'FSReqCallback'].includes(name));
}
