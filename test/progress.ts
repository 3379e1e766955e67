import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { progressReporter } from '../lib';

/** Run `fn` with stderr pretending to be (or not to be) a terminal, collecting what is written. */
function capture(isTTY: boolean, fn: () => void): string {
  const stderr = process.stderr as NodeJS.WriteStream & { isTTY: boolean };
  const wasTTY = stderr.isTTY;
  const write = stderr.write;
  let written = '';
  stderr.isTTY = isTTY;
  stderr.write = ((chunk: string) => {
    written += chunk;
    return true;
  }) as typeof stderr.write;
  try {
    fn();
  } finally {
    stderr.write = write;
    stderr.isTTY = wasTTY;
  }
  return written;
}

test('on a terminal: one line redrawn in place, at most ten times a second, and the last update always shown', () => {
  const written = capture(true, () => {
    const report = progressReporter('mapping');
    for (let done = 1; done <= 100; done++) report(done, 100);
  });
  const frames = written.split('\r').filter(Boolean);
  assert.ok(frames.length >= 2 && frames.length <= 3, `${frames.length} frames`);
  assert.match(frames[0], /^mapping \[#?\.+\] 1\/100$/);
  assert.is(frames[frames.length - 1], `mapping [${'#'.repeat(30)}] 100/100\n`);
});

test('outside a terminal and outside the kernel, progress writes nothing (pipes, CI, --json)', () => {
  assert.is(
    capture(false, () => {
      const report = progressReporter('x');
      report(1, 2);
      report(2, 2);
    }),
    '',
  );
});

test.run();
