import type { Change } from './change.js';
import type { RRset } from './model.js';

/**
 * `apply --lower-ttl`: first lower the TTL of every rrset about to change, wait out the old TTL,
 * then change (still at the low TTL), then restore the declared TTLs. A rollback during the
 * window is then seen by every cache within the low TTL instead of the old one.
 */
export type PhaseName = 'lower-ttl' | 'change' | 'restore-ttl';

export interface Phase {
  name: PhaseName;
  changes: Change[];
  /** Seconds to wait after this phase before the next (the old TTL, for `lower-ttl`). */
  waitSeconds: number;
}

const withTtl = (rrset: RRset, ttl: number): RRset => ({ ...rrset, ttl });

export function stagePhases(changes: Change[], lowTtl: number | undefined): Phase[] {
  if (lowTtl === undefined) return [{ name: 'change', changes, waitSeconds: 0 }];
  const lower: Change[] = [];
  let wait = 0;
  for (const c of changes) {
    if (c.kind !== 'create' && c.before.ttl > lowTtl) {
      lower.push({ kind: 'update', before: c.before, after: withTtl(c.before, lowTtl) });
      wait = Math.max(wait, c.before.ttl);
    }
  }
  const lowered = (rrset: RRset): RRset => (rrset.ttl > lowTtl ? withTtl(rrset, lowTtl) : rrset);
  const change: Change[] = changes.map((c) => {
    if (c.kind === 'create') return { kind: 'create', after: lowered(c.after) };
    if (c.kind === 'delete') return { kind: 'delete', before: lowered(c.before) };
    return { kind: 'update', before: lowered(c.before), after: lowered(c.after) };
  });
  const restore: Change[] = [];
  for (const c of changes) {
    if (c.kind !== 'delete' && c.after.ttl > lowTtl) restore.push({ kind: 'update', before: withTtl(c.after, lowTtl), after: c.after });
  }
  const phases: Phase[] = [];
  if (lower.length > 0) phases.push({ name: 'lower-ttl', changes: lower, waitSeconds: wait });
  phases.push({ name: 'change', changes: change, waitSeconds: 0 });
  if (restore.length > 0) phases.push({ name: 'restore-ttl', changes: restore, waitSeconds: 0 });
  return phases;
}

/** Intermediate states a staged run can leave an rrset in (for resume and rollback). */
export function stagedStates(change: Change, lowTtl: number | undefined): Array<RRset | undefined> {
  if (lowTtl === undefined) return [];
  const states: Array<RRset | undefined> = [];
  if (change.kind !== 'create') states.push(withTtl(change.before, Math.min(change.before.ttl, lowTtl)));
  if (change.kind !== 'delete') states.push(withTtl(change.after, Math.min(change.after.ttl, lowTtl)));
  return states;
}
