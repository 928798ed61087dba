import type { RRset } from './model.js';

/**
 * One change to one rrset. A replace is a single `update` (UPSERT / PUT / REPLACE), never a
 * delete and a create, so no chunk boundary can fall between the two halves.
 */
export type Change =
  | { kind: 'create'; after: RRset }
  | { kind: 'update'; before: RRset; after: RRset }
  | { kind: 'delete'; before: RRset };

export type ChangeKind = Change['kind'];

/** The rrset a change is about (its name and type). */
export function changeSubject(change: Change): RRset {
  return change.kind === 'delete' ? change.before : change.after;
}

/** The inverse change: what undoes it. */
export function invertChange(change: Change): Change {
  switch (change.kind) {
    case 'create':
      return { kind: 'delete', before: change.after };
    case 'delete':
      return { kind: 'create', after: change.before };
    case 'update':
      return { kind: 'update', before: change.after, after: change.before };
  }
}
