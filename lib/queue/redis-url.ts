/**
 * A Redis URL holds the queue's password: it is checked once, shown only masked, and handed to child
 * processes through their environment (readable by their user alone), never on a command line.
 */

/** Where `runbook worker`, `map --pool redis` and the queue's own worker processes read the URL. */
export const REDIS_URL_ENV = 'RUNBOOK_REDIS_URL';

const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/i;

/**
 * `url` checked: redis:// or rediss:// (TLS), a host, parsable.
 * @param name where it came from, for the error (`redis`, `--redis`, `RUNBOOK_REDIS_URL`).
 */
export function checkRedisUrl(url: unknown, name = 'redis'): URL {
  let parsed: URL | undefined;
  try {
    parsed = typeof url === 'string' ? new URL(url) : undefined;
  } catch {
    parsed = undefined;
  }
  if (!parsed || !['redis:', 'rediss:'].includes(parsed.protocol) || parsed.hostname === '') {
    const shown = typeof url === 'string' ? `"${maskRedisUrl(url)}"` : String(url);
    throw new RangeError(
      `Expected \`${name}\` to be a redis:// or rediss:// URL with a host (redis://:PASSWORD@HOST:PORT), got ${shown}`,
    );
  }
  return parsed;
}

/**
 * The URL as it may be shown: its password replaced by `***`.
 * @example maskRedisUrl('redis://:s3cret@10.0.0.5:6379') // 'redis://:***@10.0.0.5:6379'
 */
export function maskRedisUrl(url: string): string {
  // By hand rather than through URL: an unparsable string must not be shown with its secret either.
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:@/]*):[^@/]*@/i, '$1:***@');
}

/** Whether the URL carries a password. */
export function hasPassword(url: URL): boolean {
  return url.password !== '';
}

/**
 * What a user should hear about a URL before it is used: a Redis off this machine reached without a
 * password lets anybody on the network add jobs (and so run tasks on every worker) or read results.
 */
export function redisUrlWarning(url: URL): string | undefined {
  if (LOOPBACK.test(url.hostname) || hasPassword(url)) return undefined;
  return (
    `Redis at ${url.host} is not on this machine and the URL has no password: ` +
    'anybody who reaches it can add jobs for the workers and read their results ' +
    '(set requirepass on that Redis and put the password in the URL)'
  );
}
