import type { Change } from './change.js';
import { isSignerType, PARENT_SIGNAL_TYPES } from './dnssec.js';
import { changeSubject } from './change.js';
import type { RecordType, RRset, Zone } from './model.js';
import { NameTypeIndex } from './rrset-index.js';
import { compareNames } from './name.js';
import { sameDynamic } from './dynamic/canonical.js';

export interface DiffOptions {
  /** Provider type whose `providerSettings` block the zone file manages (`cloudflare`, `ns1`…). */
  providerType?: string;
  /** Types whose TTL the provider does not keep (ALIAS on Route 53): compared without TTL. */
  ignoreTtl?: readonly string[];
}

/** SOA and apex NS belong to the provider and to `delegate`, DNSSEC records to the signer: the diff never touches them. */
export function isProviderOwned(rrset: { name: string; type: string }, zone: string): boolean {
  return rrset.type === 'SOA' || (rrset.type === 'NS' && rrset.name === zone) || isSignerType(rrset.type);
}

function sameValues(a: string[], b: string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Only the settings the zone file declares are compared; what another tool or a person set stays theirs. */
function sameSettings(desired: RRset, live: RRset, providerType: string | undefined): boolean {
  if (!providerType) return true;
  const wanted = desired.providerSettings?.[providerType];
  if (!wanted) return true;
  const actual = live.providerSettings?.[providerType] ?? {};
  return Object.entries(wanted).every(([key, value]) => JSON.stringify(actual[key]) === JSON.stringify(value));
}

export function sameRRset(desired: RRset, live: RRset, providerType?: string, ignoreTtl: readonly string[] = []): boolean {
  const ttlMatters = !ignoreTtl.includes(desired.type);
  return (!ttlMatters || desired.ttl === live.ttl) && sameValues(desired.values, live.values) && sameSettings(desired, live, providerType) && sameDynamic(desired.dynamic, live.dynamic);
}

/** The rrset as it goes into a plan: no source location (plans are compared across machines). */
function planned(rrset: RRset): RRset {
  const out: RRset = { name: rrset.name, type: rrset.type, ttl: rrset.ttl, values: rrset.values };
  if (rrset.providerSettings && Object.keys(rrset.providerSettings).length > 0) out.providerSettings = rrset.providerSettings;
  // A steered rrset is one value: its steering goes with it into plans, journals and rollbacks.
  if (rrset.dynamic) out.dynamic = rrset.dynamic;
  return out;
}

/** Desired vs live → one change per differing rrset, in the order they can safely be applied. */
export function diffZones(desired: Zone, live: Zone | undefined, options: DiffOptions = {}): Change[] {
  const zone = desired.name;
  const liveByNameType = new NameTypeIndex<RRset>();
  const liveRRsets = live?.rrsets ?? [];
  // A signer may publish CDS/CDNSKEY for the parent (BIND's dnssec-policy does): they are left to it unless the zone file declares some.
  const signalsDeclared = desired.rrsets.some((rrset) => PARENT_SIGNAL_TYPES.has(rrset.type));
  for (const rrset of liveRRsets) {
    if (!isProviderOwned(rrset, zone) && (signalsDeclared || !PARENT_SIGNAL_TYPES.has(rrset.type))) liveByNameType.add(rrset);
  }
  const changes: Change[] = [];
  for (const rrset of desired.rrsets) {
    if (isProviderOwned(rrset, zone)) continue;
    const current = liveByNameType.take(rrset.name, rrset.type);
    if (!current) changes.push({ kind: 'create', after: planned(rrset) });
    else if (!sameRRset(rrset, current, options.providerType, options.ignoreTtl)) changes.push({ kind: 'update', before: planned(current), after: planned(rrset) });
  }
  // Each desired rrset took its live match out of the index: what is left there is deleted.
  const gone = liveByNameType.values();
  for (const rrset of gone) changes.push({ kind: 'delete', before: planned(rrset) });
  return orderChanges(changes);
}

/** An update of a live rrset to the desired one the diff found the same: the provider writes it again (see `withRepairs` in plan.ts). */
export function rewriteChange(live: RRset, desired: RRset): Change {
  return { kind: 'update', before: planned(live), after: planned(desired) };
}

/** Types whose values name another name: they go after their targets and are deleted before them. */
const REFERRING: ReadonlySet<RecordType> = new Set(['CNAME', 'ALIAS', 'MX', 'SRV', 'NS', 'PTR', 'SVCB', 'HTTPS']);

function phase(change: Change): number {
  const referring = REFERRING.has(changeSubject(change).type);
  if (change.kind === 'delete') return referring ? 2 : 3;
  return referring ? 1 : 0;
}

/**
 * Names where a CNAME takes the place of other data or gives way to it: the deletes there must go
 * first, right before what replaces them (no server accepts a CNAME beside other data).
 */
export function cnameSwaps(changes: readonly Change[]): Map<string, number> {
  const byName = new Map<string, Change[]>();
  for (const c of changes) {
    const name = changeSubject(c).name;
    const list = byName.get(name);
    if (list) list.push(c);
    else byName.set(name, [c]);
  }
  const swaps = new Map<string, number>();
  for (const [name, list] of byName) {
    if (list.length < 2) continue;
    const cname = list.some((c) => changeSubject(c).type === 'CNAME');
    const deletes = list.some((c) => c.kind === 'delete');
    const adds = list.filter((c) => c.kind !== 'delete');
    if (cname && deletes && adds.length > 0) swaps.set(name, Math.min(...adds.map(phase)));
  }
  return swaps;
}

/**
 * Creates and updates of plain data first, then what refers to names, then deletes of referring
 * records, then deletes of plain data: a target exists before what points at it, and outlives it.
 * Where a CNAME replaces other data at a name (or the reverse), the deletes move right before it.
 */
export function orderChanges(changes: Change[]): Change[] {
  const swaps = cnameSwaps(changes);
  return changes
    .map((change) => {
      const subject = changeSubject(change);
      const swap = swaps.get(subject.name);
      return { change, subject, phase: swap ?? phase(change), first: swap !== undefined && change.kind === 'delete' ? 0 : 1 };
    })
    .sort((a, b) => a.phase - b.phase || compareNames(a.subject.name, b.subject.name) || a.first - b.first || (a.subject.type < b.subject.type ? -1 : a.subject.type > b.subject.type ? 1 : 0))
    .map((entry) => entry.change);
}

/** Desired zone limited to rrsets the diff manages (for counting and digests). */
export function managedRRsets(zone: Zone): RRset[] {
  return zone.rrsets.filter((rrset) => !isProviderOwned(rrset, zone.name));
}
