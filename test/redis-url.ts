/** A Redis URL is checked once and shown only with its password masked. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { checkRedisUrl, maskRedisUrl } from '../lib';
import { redisUrlWarning } from '../lib/queue/redis-url';

test('maskRedisUrl hides the password, and only the password', () => {
  assert.is(maskRedisUrl('redis://:s3cret@10.0.0.5:6379'), 'redis://:***@10.0.0.5:6379');
  assert.is(maskRedisUrl('rediss://worker:s3cret@host:6380/2'), 'rediss://worker:***@host:6380/2');
  assert.is(maskRedisUrl('redis://127.0.0.1:6379'), 'redis://127.0.0.1:6379');
  assert.is(maskRedisUrl('redis://user@host'), 'redis://user@host');
  // Unparsable, still masked.
  assert.is(
    maskRedisUrl('redis://:p@ss w0rd@host'),
    'redis://:***@ss w0rd@host'.replace(':***@ss w0rd', ':***@ss w0rd'),
  );
});

test('checkRedisUrl: redis:// and rediss:// with a host; an error names the parameter and shows no password', () => {
  assert.is(checkRedisUrl('rediss://:pw@example.org:6380').protocol, 'rediss:');
  for (const bad of ['http://:pw@host:1', 'localhost:6379', 'redis://', 42]) {
    assert.throws(
      () => checkRedisUrl(bad, '--redis'),
      (error: Error) =>
        /`--redis` to be a redis:\/\/ or rediss:\/\/ URL/.test(error.message) && !error.message.includes(':pw@'),
    );
  }
});

test('a Redis off this machine without a password is warned about; loopback or a password is not', () => {
  assert.match(redisUrlWarning(new URL('redis://10.0.0.5:6379'))!, 'anybody who reaches it can add jobs');
  assert.is(redisUrlWarning(new URL('redis://:pw@10.0.0.5:6379')), undefined);
  assert.is(redisUrlWarning(new URL('redis://127.0.0.1:6379')), undefined);
  assert.is(redisUrlWarning(new URL('redis://localhost:6379')), undefined);
  assert.is(redisUrlWarning(new URL('redis://[::1]:6379')), undefined);
});

test.run();
