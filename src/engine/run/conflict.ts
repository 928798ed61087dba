import type { Change } from '../../core/change.js';
import { changeSubject } from '../../core/change.js';
import { chunkConflicts, describeRRset, type Conflict } from '../../core/conflict.js';
import { ZonesyncError } from '../../core/errors.js';
import { conflictForceHint } from '../../core/hints.js';
import type { ZonePlan } from '../../core/plan.js';
import { rrsetKey, type RRset } from '../../core/model.js';
import type { Provider, ReadBack } from '../../providers/provider.js';

/** A chunk stopped before it was sent: another writer changed its rrsets since the plan. */
export class ConflictError extends ZonesyncError {
  constructor(
    readonly zone: string,
    readonly target: string,
    readonly conflicts: Conflict[],
    chunk: string,
  ) {
    const what = conflicts.length === 1 ? (conflicts[0] as Conflict).rrset : `${conflicts.length} rrsets`;
    super(`${zone} on ${target}: conflict on ${what}: changed at the provider since the plan was made (another writer?); nothing of ${chunk} was written — make a new plan`, {
      details: conflicts.map((c) => `${c.rrset}: expected ${describeRRset(c.expected)}, found ${describeRRset(c.found)}`),
    });
    this.name = 'ConflictError';
  }
}

/** The `name TYPE` keys of what changes touch. */
export const changeKeys = (changes: readonly Change[]): Array<{ name: string; type: string }> =>
  changes.map((c) => {
    const s = changeSubject(c);
    return { name: s.name, type: s.type };
  });

/** Of `rrsets`, those at `keys`, by `name TYPE`. */
export function pickRRsets(rrsets: readonly RRset[], keys: ReadonlyArray<{ name: string; type: string }>): Map<string, RRset> {
  const wanted = new Set(keys.map(rrsetKey));
  // A whole zone comes back where the provider has no cheaper read: most of it is at other names.
  const names = new Set(keys.map((k) => k.name));
  const live = new Map<string, RRset>();
  for (const rrset of rrsets) {
    if (!names.has(rrset.name)) continue;
    const key = rrsetKey(rrset);
    if (wanted.has(key)) live.set(key, rrset);
  }
  return live;
}

/**
 * The live rrsets a chunk touches, by `name TYPE`: the provider's filtered read, or the whole zone;
 * `told` hears how they were read (`partial` unless the provider says otherwise).
 */
export async function liveRRsetsOf(provider: Provider, zone: string, changes: readonly Change[], told?: (how: ReadBack) => void): Promise<Map<string, RRset>> {
  return liveAtKeys(provider, zone, changeKeys(changes), told);
}

/** liveRRsetsOf for `name TYPE` keys. */
export async function liveAtKeys(provider: Provider, zone: string, keys: ReadonlyArray<{ name: string; type: string }>, told?: (how: ReadBack) => void): Promise<Map<string, RRset>> {
  let how: ReadBack = provider.readRRsets ? { method: 'partial' } : { method: 'whole', calls: 1 };
  const rrsets = provider.readRRsets ? await provider.readRRsets(zone, keys, (said) => (how = said)) : ((await provider.read(zone))?.rrsets ?? []);
  told?.(how);
  return pickRRsets(rrsets, keys);
}

/** The changes of a chunk its re-read before sending looks at: all but those the provider's API checks itself. */
export function conflictChecked(provider: Provider, all: readonly Change[]): Change[] {
  const conditional = provider.capabilities.conditionalKinds ?? [];
  return all.filter((c) => !(conditional as readonly string[]).includes(c.kind));
}

/**
 * Re-read what a chunk touches and stop it, unsent, when any rrset moved since the plan. `readAhead`
 * is that read made already (with the previous chunk's read-back, after that chunk was applied).
 */
export async function checkChunkConflicts(provider: Provider, zone: string, all: readonly Change[], chunk: string, readAhead?: ReadonlyMap<string, RRset>): Promise<void> {
  const changes = conflictChecked(provider, all);
  if (changes.length === 0) return;
  const live = readAhead ?? (await liveRRsetsOf(provider, zone, changes));
  const ignoreTtl = provider.capabilities.aliasHasTtl === false ? ['ALIAS'] : [];
  const conflicts = chunkConflicts(changes, live, { providerType: provider.type, ignoreTtl });
  if (conflicts.length > 0) throw new ConflictError(zone, provider.id, conflicts, chunk);
}

/** Rrsets someone else changed since the run refuse a rollback or resume; `retry` is the refused command, by run id, that `--force` completes. */
export function conflictError(zp: ZonePlan, conflicts: string[], what: string, retry?: string): ZonesyncError {
  return new ZonesyncError(`${zp.zone} on ${zp.target}: cannot ${what}: ${conflicts.length} rrset(s) were changed by someone else since the run`, {
    details: [...conflicts, conflictForceHint(retry)],
  });
}
