import type { Change } from './change.js';

/**
 * Cut ordered changes into chunks of at most `size`. Each change is one rrset's whole change, so
 * no chunk boundary can fall inside a replace; the order (targets before referrers) is kept.
 */
export function chunkChanges(changes: readonly Change[], size: number): Change[][] {
  if (!Number.isInteger(size) || size < 1) throw new RangeError(`chunk size must be a positive integer, got ${size}`);
  const chunks: Change[][] = [];
  for (let i = 0; i < changes.length; i += size) chunks.push(changes.slice(i, i + size));
  return chunks;
}

/** The chunk size a provider gets: the user's size, never above what one API call can carry. */
export function effectiveChunkSize(requested: number, providerMax: number): number {
  return Math.max(1, Math.min(requested, providerMax));
}
