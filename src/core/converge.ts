import type { Change } from './change.js';
import { changeSubject } from './change.js';
import { sameRRset } from './diff.js';
import type { RRset, Zone } from './model.js';
import { rrsetKey } from './model.js';
import { orderChanges } from './diff.js';

/**
 * Where one rrset should end up, and every state a run may have left it in. Resume converges to
 * the plan's `after`; rollback to the snapshot's `before`. A live state outside `known` is someone
 * else's edit: a conflict, never overwritten silently.
 */
export interface RRsetGoal {
  name: string;
  type: RRset['type'];
  goal: RRset | undefined;
  known: Array<RRset | undefined>;
}

export interface Convergence {
  changes: Change[];
  /** Keys already at their goal. */
  done: string[];
  /** `name TYPE: why` for rrsets in a state the run cannot have left. */
  conflicts: string[];
}

/** `state` is one the run knows (declared settings only); `live` may carry settings nobody declared. */
function same(state: RRset | undefined, live: RRset | undefined, providerType: string | undefined): boolean {
  if (!state || !live) return state === live;
  return sameRRset(state, live, providerType);
}

/** `overwrite` (--force): a conflict is still reported, and also brought to its goal. */
export function converge(goals: RRsetGoal[], live: Zone | undefined, providerType?: string, options: { overwrite?: boolean } = {}): Convergence {
  const byKey = new Map<string, RRset>((live?.rrsets ?? []).map((r) => [rrsetKey(r), r]));
  const result: Convergence = { changes: [], done: [], conflicts: [] };
  for (const goal of goals) {
    const key = rrsetKey(goal);
    const current = byKey.get(key);
    if (same(goal.goal, current, providerType)) {
      result.done.push(key);
      continue;
    }
    if (!goal.known.some((state) => same(state, current, providerType))) {
      result.conflicts.push(`${key}: live state ${current ? `${current.ttl} ${current.values.join(' | ')}` : 'absent'} is not one this run could have left (changed by someone else)`);
      if (!options.overwrite) continue;
    }
    if (!current && goal.goal) result.changes.push({ kind: 'create', after: goal.goal });
    else if (current && !goal.goal) result.changes.push({ kind: 'delete', before: current });
    else if (current && goal.goal) result.changes.push({ kind: 'update', before: current, after: goal.goal });
  }
  result.changes = orderChanges(result.changes);
  return result;
}

/** Goals that finish a plan's changes (resume). `extra` are other states the run passes through (staged TTLs). */
export function forwardGoals(changes: Change[], extra: (change: Change) => Array<RRset | undefined> = () => []): RRsetGoal[] {
  return changes.map((c) => {
    const s = changeSubject(c);
    const before = c.kind === 'create' ? undefined : c.before;
    const after = c.kind === 'delete' ? undefined : c.after;
    return { name: s.name, type: s.type, goal: after, known: [before, after, ...extra(c)] };
  });
}

/** Goals that restore the snapshot the plan was made from (rollback). */
export function backwardGoals(changes: Change[], extra: (change: Change) => Array<RRset | undefined> = () => []): RRsetGoal[] {
  return forwardGoals(changes, extra).map((g, i) => {
    const c = changes[i] as Change;
    return { ...g, goal: c.kind === 'create' ? undefined : c.before };
  });
}
