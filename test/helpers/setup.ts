import type { Test } from 'uvu';

/**
 * Run `setUp` once before a file's tests. uvu 0.5 reports a `before` hook that throws as zero tests
 * and still exits 0, so the error is kept and thrown again before every test, which then fails with it.
 * @example beforeAll(test, async () => { site = await buildSite(…); });
 */
export function beforeAll(suite: Test, setUp: () => unknown): void {
  let failure: unknown;
  suite.before(async () => {
    try {
      await setUp();
    } catch (error) {
      failure = error;
    }
  });
  suite.before.each(() => {
    if (failure) throw failure;
  });
}
