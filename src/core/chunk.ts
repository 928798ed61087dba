import type { Change } from './change.js';
import { changeSubject } from './change.js';
import { cnameSwaps } from './diff.js';

/**
 * Cut ordered changes into chunks of at most `size`. Each change is one rrset's whole change, so
 * no chunk boundary can fall inside a replace; the order (targets before referrers) is kept, and
 * a CNAME that takes the place of other data shares a chunk with the delete it needs.
 */
export function chunkChanges(changes: readonly Change[], size: number, share?: (change: Change) => number): Change[][] {
  if (!Number.isInteger(size) || size < 1) throw new RangeError(`chunk size must be a positive integer, got ${size}`);
  // Units: one change, or every change at a name where a CNAME swaps with other data.
  const swaps = cnameSwaps(changes);
  const units: Change[][] = [];
  for (const change of changes) {
    const name = changeSubject(change).name;
    const last = units.at(-1);
    if (last && swaps.has(name) && changeSubject(last[0] as Change).name === name) last.push(change);
    else units.push([change]);
  }
  const chunks: Change[][] = [];
  let current: Change[] = [];
  let used = 0;
  for (const unit of units) {
    const unitShare = share ? unit.reduce((sum, c) => sum + share(c), 0) : 0;
    // 1e-9: shares are sums of fractions; a batch filled exactly to its limit must still fit.
    if (current.length > 0 && (current.length + unit.length > size || used + unitShare > 1 + 1e-9)) {
      chunks.push(current);
      current = [];
      used = 0;
    }
    current.push(...unit);
    used += unitShare;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

/** The chunk size a provider gets: the user's size, never above what one API call can carry. */
export function effectiveChunkSize(requested: number, providerMax: number): number {
  return Math.max(1, Math.min(requested, providerMax));
}
