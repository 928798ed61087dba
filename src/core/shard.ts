import { sha256 } from './canonical-json.js';
import { ZonesyncError } from './errors.js';
import { zoneName } from './name.js';

/** One of `total` CI jobs that split the zones between them; `index` counts from 1, like `--shard 2/5`. */
export interface Shard {
  index: number;
  total: number;
}

/** GitHub Actions runs at most 256 jobs per matrix; more shards than that is a typo. */
export const MAX_SHARDS = 256;

/** Parse `--shard i/n`: the i-th of n shards, 1 ≤ i ≤ n. */
export function parseShard(text: string): Shard {
  const match = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  if (!match) throw new ZonesyncError(`--shard "${text}": expected INDEX/TOTAL, e.g. 2/5 (the 2nd of 5 shards, counted from 1)`);
  const index = Number(match[1]);
  const total = Number(match[2]);
  if (total < 1 || total > MAX_SHARDS) throw new ZonesyncError(`--shard "${text}": the total must be between 1 and ${MAX_SHARDS}, got ${total}`);
  if (index < 1 || index > total) throw new ZonesyncError(`--shard "${text}": the index must be between 1 and ${total}, got ${index}`);
  return { index, total };
}

/**
 * Which shard (1..total) a zone belongs to: a hash of its canonical name, never its position,
 * so adding or removing a zone never moves another one to a different job.
 */
export function shardOf(name: string, total: number): number {
  const canonical = zoneName(name);
  const key = canonical.ok ? canonical.name : name.toLowerCase();
  return (Number.parseInt(sha256(key).slice(0, 8), 16) % total) + 1;
}

/** The items (zone names, or zone configs with `nameOf`) that fall in this shard, in their given order. */
export function selectShard<T>(items: readonly T[], shard: Shard, nameOf: (item: T) => string = String): T[] {
  return items.filter((item) => shardOf(nameOf(item), shard.total) === shard.index);
}
