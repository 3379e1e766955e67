/**
 * `--redis URL`, or `RUNBOOK_REDIS_URL`: where a queue command finds its Redis. The URL holds the
 * queue's password, so it travels to child processes through their environment, and a supervised
 * command's own command line carries only its masked form (`redis://:***@host:port`).
 */
import { checkRedisUrl, maskRedisUrl, REDIS_URL_ENV, redisUrlWarning } from '../lib/queue/redis-url';
import type { OptionValues } from './args';
import { UsageError } from './args';

/**
 * Before a command starts: a `--redis` URL goes into this process's environment (children inherit
 * it), and the arguments handed on carry it masked. A password typed on the command line is seen by
 * every user of the machine (`ps`): said once, as redis-cli says it.
 * @returns the arguments to hand on.
 */
export function handOverRedisUrl(argv: readonly string[], values: OptionValues): string[] {
  const given = values.redis;
  if (typeof given !== 'string' || given === maskRedisUrl(process.env[REDIS_URL_ENV] ?? '')) return [...argv];
  process.env[REDIS_URL_ENV] = given;
  const masked = maskRedisUrl(given);
  if (masked !== given) {
    process.stderr.write(
      'runbook: warning: a password on the command line can be seen by other users of this machine; ' +
        `set ${REDIS_URL_ENV} instead\n`,
    );
  }
  return argv.map((arg) => (arg === given ? masked : arg === `--redis=${given}` ? `--redis=${masked}` : arg));
}

/**
 * The Redis URL a queue command uses: `--redis` (or its masked form, handed on by `handOverRedisUrl`),
 * else `RUNBOOK_REDIS_URL`; undefined when neither is set. Checked, and warned about once when it
 * reaches a Redis off this machine without a password.
 */
export function redisUrlOption(values: OptionValues): string | undefined {
  const given = values.redis;
  const fromEnvironment = process.env[REDIS_URL_ENV] || undefined;
  const url =
    given === undefined || (fromEnvironment !== undefined && given === maskRedisUrl(fromEnvironment))
      ? fromEnvironment
      : given;
  if (url === undefined) return undefined;
  const name = given === undefined ? REDIS_URL_ENV : '--redis';
  let parsed: URL;
  try {
    parsed = checkRedisUrl(url, name);
  } catch {
    throw new UsageError(
      `${name} expects a redis:// or rediss:// URL with a host (redis://:PASSWORD@HOST:PORT), got ` +
        `"${typeof url === 'string' ? maskRedisUrl(url) : String(url)}"`,
    );
  }
  const warning = redisUrlWarning(parsed);
  if (warning) process.stderr.write(`runbook: warning: ${warning}\n`);
  return url as string;
}
