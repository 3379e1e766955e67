/**
 * What a worker answers is checked against the chunk it was given before the map uses any of it: a
 * worker is another thread, process or machine, and on a shared queue it may be anybody's. The item
 * count is checked before the results are walked (an array that claims four billion items costs
 * minutes to walk), and a failure is a failure whatever else it claims.
 */
import { WorkerResultError } from '../errors';
import type { ChunkOutcome } from './chunk-protocol';

/** The longest failure message and stack a map keeps from a worker. */
const MAX_MESSAGE_LENGTH = 4_000;

function clip(text: string): string {
  return text.length > MAX_MESSAGE_LENGTH ? `${text.slice(0, MAX_MESSAGE_LENGTH)}…` : text;
}

/**
 * A worker's answer to a chunk of `itemCount` items, checked: all results (a dense array of exactly
 * that many), or a failure at an offset inside the chunk with a message.
 * @param source what answered, for the error (`job 17`, `a worker thread`).
 * @throws WorkerResultError naming `source` and what was wrong.
 */
export function checkOutcome(answer: unknown, itemCount: number, source: string): ChunkOutcome {
  const bad = (what: string) =>
    new WorkerResultError(`The answer from ${source} to a chunk of ${itemCount} items ${what}`);
  if (typeof answer !== 'object' || answer === null) throw bad(`is not a chunk outcome (got ${typeof answer})`);
  const outcome = answer as Record<string, unknown>;
  if (outcome.ok === true) {
    const { results } = outcome;
    if (!Array.isArray(results)) throw bad(`has no results array (got ${typeof results})`);
    if (results.length !== itemCount) throw bad(`holds ${results.length} results`);
    for (let i = 0; i < itemCount; i++) if (!(i in results)) throw bad(`has no result at position ${i}`);
    return { ok: true, results };
  }
  if (outcome.ok === false) {
    const { offset, message, stack } = outcome;
    if (!Number.isInteger(offset) || (offset as number) < 0 || (offset as number) >= Math.max(1, itemCount))
      throw bad(`reports a failure at position ${String(offset)}`);
    if (typeof message !== 'string') throw bad('reports a failure without a message');
    return {
      ok: false,
      offset: offset as number,
      message: clip(message),
      stack: typeof stack === 'string' ? clip(stack) : undefined,
    };
  }
  throw bad('says neither ok: true nor ok: false');
}

/**
 * A failure reported as text (a failed queue job's message): the chunk's failed outcome when the text
 * is one, else a failure at the chunk's first item carrying the text. Never a success.
 */
export function failureFrom(text: string, itemCount: number, source: string): ChunkOutcome & { ok: false } {
  try {
    const outcome = checkOutcome(JSON.parse(text), itemCount, source);
    if (!outcome.ok) return outcome;
  } catch {
    // Not one of our failure outcomes: the text itself is the message.
  }
  return { ok: false, offset: 0, message: `${source} failed: ${clip(text)}` };
}
