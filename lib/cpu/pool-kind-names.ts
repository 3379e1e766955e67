/**
 * The kinds of pool and the names they answer to: light, so that the pool contract (`pool.ts`), the
 * transports and the CLI's options name a kind without loading any pool. `pool-kind.ts` starts them.
 */

export const POOL_KINDS = ['threads', 'processes', 'queue'] as const;
export type PoolKind = (typeof POOL_KINDS)[number];

/** Other names a kind answers to: `redis`, the CLI's `--pool redis` from before the kinds had one name each. */
export const POOL_KIND_ALIASES = { redis: 'queue' } as const satisfies Record<string, PoolKind>;

/** A kind, or an alias of one. */
export type PoolKindName = PoolKind | keyof typeof POOL_KIND_ALIASES;

/** Every name `poolKind` accepts: the kinds, then their aliases. */
export const POOL_KIND_NAMES: readonly PoolKindName[] = [
  ...POOL_KINDS,
  ...(Object.keys(POOL_KIND_ALIASES) as (keyof typeof POOL_KIND_ALIASES)[]),
];

/** What each kind's workers are, for tables and messages. */
export const POOL_KIND_LABELS = {
  threads: 'worker threads',
  processes: 'child processes',
  queue: 'Redis queue',
} as const satisfies Record<PoolKind, string>;

/**
 * The kind a name stands for: a kind itself, or an alias of one (`redis` → `queue`).
 * @throws RangeError naming `kind` and the names it accepts.
 * @example poolKind('redis') // 'queue'
 */
export function poolKind(name: unknown): PoolKind {
  if (typeof name === 'string' && (POOL_KINDS as readonly string[]).includes(name)) return name as PoolKind;
  if (typeof name === 'string' && Object.hasOwn(POOL_KIND_ALIASES, name))
    return POOL_KIND_ALIASES[name as keyof typeof POOL_KIND_ALIASES];
  throw new RangeError(
    `Expected \`kind\` to be a pool kind of ${POOL_KINDS.join(', ')} ` +
      `(or ${Object.keys(POOL_KIND_ALIASES).join(', ')}), got ${String(name)}`,
  );
}
