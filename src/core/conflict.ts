import type { Change } from './change.js';
import { changeSubject } from './change.js';
import { sameRRset } from './diff.js';
import { rrsetKey, type RRset } from './model.js';

/** One rrset that moved at the provider since the plan was made: what the plan expected, what is there now. */
export interface Conflict {
  change: Change;
  /** `name TYPE` of the rrset. */
  rrset: string;
  expected: RRset | undefined;
  found: RRset | undefined;
}

export interface ConflictOptions {
  /** Provider type whose settings the zone file manages (as in the diff). */
  providerType?: string;
  /** Types compared without TTL (as in the diff). */
  ignoreTtl?: readonly string[];
}

function same(a: RRset | undefined, b: RRset | undefined, options: ConflictOptions): boolean {
  if (!a || !b) return a === b;
  return sameRRset(a, b, options.providerType, options.ignoreTtl);
}

/**
 * The changes of a chunk whose rrset no longer holds the plan's `before` (optimistic concurrency).
 * An rrset that already holds the change's `after` is no conflict: writing it again changes nothing.
 */
export function chunkConflicts(changes: readonly Change[], live: ReadonlyMap<string, RRset>, options: ConflictOptions = {}): Conflict[] {
  const conflicts: Conflict[] = [];
  for (const change of changes) {
    const key = rrsetKey(changeSubject(change));
    const found = live.get(key);
    const expected = change.kind === 'create' ? undefined : change.before;
    const after = change.kind === 'delete' ? undefined : change.after;
    if (same(expected, found, options) || same(after, found, options)) continue;
    conflicts.push({ change, rrset: key, expected, found });
  }
  return conflicts;
}

/** An rrset as a conflict message shows it. */
export function describeRRset(rrset: RRset | undefined): string {
  return rrset ? `ttl ${rrset.ttl} [${rrset.values.join(', ')}]` : 'absent';
}
