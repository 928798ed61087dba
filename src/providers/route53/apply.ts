import type { Change as Route53Change, ResourceRecordSet } from '@aws-sdk/client-route-53';
import { changeSubject, type Change } from '../../core/change.js';
import { rrsetKey, type RRset } from '../../core/model.js';
import { rrsetToRoute53, zoneFromRoute53 } from './convert.js';
import { orderedChanges, setIdentity, steeredToRoute53 } from './dynamic.js';
import type { HealthCheckLookup } from './health-checks.js';

/** Cutting a chunk into ChangeResourceRecordSets requests that Route 53 accepts: each engine change as its Route 53 changes, then batches. */

export interface BatchLimits {
  /** ResourceRecord elements per request; an UPSERT counts twice. */
  maxValues: number;
  /** Characters of all Value elements per request; an UPSERT counts twice. */
  maxCharacters: number;
}

/** Route 53's documented per-request limits (moto enforces only the first). */
export const ROUTE53_LIMITS: BatchLimits = { maxValues: 1000, maxCharacters: 32_000 };

export interface ChangeWeight {
  values: number;
  characters: number;
}

/** What one change counts against the limits. */
export function changeWeight(change: Route53Change): ChangeWeight {
  const records = change.ResourceRecordSet?.ResourceRecords ?? [];
  const factor = change.Action === 'UPSERT' ? 2 : 1;
  const characters = records.reduce((sum, r) => sum + (r.Value ?? '').length, 0);
  return { values: records.length * factor, characters: characters * factor };
}

export type BatchResult = { ok: true; batches: Route53Change[][] } | { ok: false; change: Route53Change; error: string };

/**
 * Cut changes, in order, into the fewest consecutive requests within `limits`. One change (one
 * rrset) is never split; a change that alone exceeds a limit is refused.
 */
export function planBatches(changes: Route53Change[], limits: BatchLimits = ROUTE53_LIMITS): BatchResult {
  return planGroupBatches(changes.map((c) => [c]), limits);
}

/** What a group of changes (one rrset's record sets) counts against the limits, together. */
export function groupWeight(group: Route53Change[]): ChangeWeight {
  return group.map(changeWeight).reduce((a, b) => ({ values: a.values + b.values, characters: a.characters + b.characters }), { values: 0, characters: 0 });
}

/**
 * The same over groups: each group is the Route 53 changes of one rrset (a steered rrset is many
 * record sets) and always goes in one request, never split; a group that alone exceeds a limit is refused.
 */
export function planGroupBatches(groups: Route53Change[][], limits: BatchLimits = ROUTE53_LIMITS): BatchResult {
  const batches: Route53Change[][] = [];
  let current: Route53Change[] = [];
  let values = 0;
  let characters = 0;
  for (const group of groups) {
    const first = group[0];
    if (!first) continue;
    const weight = groupWeight(group);
    const what = group.length === 1 ? first.Action : `${group.length} changes of one steered record together`;
    if (weight.values > limits.maxValues) {
      return { ok: false, change: first, error: `${what} carries ${weight.values} record values (UPSERT counts twice), more than the ${limits.maxValues} one request allows` };
    }
    if (weight.characters > limits.maxCharacters) {
      return { ok: false, change: first, error: `${what} carries ${weight.characters} characters of values (UPSERT counts twice), more than the ${limits.maxCharacters} one request allows` };
    }
    if (current.length > 0 && (values + weight.values > limits.maxValues || characters + weight.characters > limits.maxCharacters)) {
      batches.push(current);
      current = [];
      values = 0;
      characters = 0;
    }
    current.push(...group);
    values += weight.values;
    characters += weight.characters;
  }
  if (current.length > 0) batches.push(current);
  return { ok: true, batches };
}

/** What the last read or write saw of a zone's record sets, by rrset key: plain ones, and each steered rrset's many. */
export interface KnownRecordSets {
  raw: ReadonlyMap<string, ResourceRecordSet>;
  steered: ReadonlyMap<string, ResourceRecordSet[]>;
}

/** A plain rrset's one Route 53 change. */
export function plainChange(change: Change, zoneId: string, known: KnownRecordSets | undefined): Route53Change {
  switch (change.kind) {
    case 'create':
      return { Action: 'CREATE', ResourceRecordSet: rrsetToRoute53(change.after, zoneId) };
    case 'update':
      return { Action: 'UPSERT', ResourceRecordSet: rrsetToRoute53(change.after, zoneId) };
    case 'delete': {
      // a DELETE must repeat the rrset exactly as Route 53 holds it: send what was read when it still matches
      const raw = known?.raw.get(rrsetKey(change.before));
      const built = rrsetToRoute53(change.before, zoneId);
      const same = raw && JSON.stringify(zoneFromRoute53('.', zoneId, [raw]).zone.rrsets[0]?.values) === JSON.stringify(change.before.values);
      return { Action: 'DELETE', ResourceRecordSet: same && raw ? raw : built };
    }
  }
}

/** The record sets an rrset is made of on Route 53: one, or a steered rrset's many. */
export function recordSetsOf(rrset: RRset, zoneId: string, checks: HealthCheckLookup, collectionId?: string): ResourceRecordSet[] {
  return rrset.dynamic ? steeredToRoute53(rrset, zoneId, (value, status) => checks(rrset, value, status), collectionId) : [rrsetToRoute53(rrset, zoneId)];
}

/**
 * One engine change as the Route 53 changes that make it, kept together: a plain rrset's one
 * change, or every record set a steered rrset adds, changes and drops, in dependency order.
 */
export function changeGroup(change: Change, zoneId: string, known: KnownRecordSets | undefined, checks: HealthCheckLookup, collectionId?: string): Route53Change[] {
  const before = change.kind === 'create' ? undefined : change.before;
  const after = change.kind === 'delete' ? undefined : change.after;
  if (!before?.dynamic && !after?.dynamic) return [plainChange(change, zoneId, known)];
  const was = before ? (before.dynamic ? (known?.steered.get(rrsetKey(before)) ?? recordSetsOf(before, zoneId, checks, collectionId)) : [plainChange({ kind: 'delete', before }, zoneId, known).ResourceRecordSet as ResourceRecordSet]) : [];
  const will = after ? recordSetsOf(after, zoneId, checks, collectionId) : [];
  return orderedChanges(was, will, change.kind === 'create' ? 'CREATE' : 'UPSERT');
}

/** A Route 53 change as messages name it: action, name, type and SetIdentifier. */
export function describeChange(change: Route53Change): string {
  const set = change.ResourceRecordSet;
  return `${change.Action} ${set?.Name ?? '?'} ${set?.Type ?? '?'}${set?.SetIdentifier !== undefined ? ` (${set.SetIdentifier})` : ''}`;
}

/** One change's share of a request: the larger of its values (UPSERT twice) and its characters against the limits, all its record sets together. */
export function changeShare(change: Change): number {
  const checks = (_rrset: RRset, value: string) => `health-check-id-of-${value}`;
  const before = change.kind === 'create' ? undefined : change.before;
  const after = change.kind === 'delete' ? undefined : change.after;
  // a steered rrset at its most: every record set it had deleted, every one it gets upserted (live may differ from the plan)
  const group: Route53Change[] = before?.dynamic || after?.dynamic
    ? [...(before ? recordSetsOf(before, '', checks).map((s) => ({ Action: 'DELETE' as const, ResourceRecordSet: s })) : []), ...(after ? recordSetsOf(after, '', checks).map((s) => ({ Action: 'UPSERT' as const, ResourceRecordSet: s })) : [])]
    : [plainChange(change, '', undefined)];
  const weight = groupWeight(group);
  return Math.max(weight.values / ROUTE53_LIMITS.maxValues, weight.characters / ROUTE53_LIMITS.maxCharacters);
}

/**
 * What AWS would reject but moto applies, in the first change it concerns: a CREATE of an rrset the
 * last read saw, or two changes to one Route 53 record set in a batch (DELETE then CREATE excepted: A → ALIAS).
 */
export function batchConflict(changes: Change[], groups: Route53Change[][], known: KnownRecordSets | undefined): string | undefined {
  const seen = new Map<string, string[]>();
  for (const [index, change] of changes.entries()) {
    if (change.kind === 'create' && (known?.raw.has(rrsetKey(change.after)) || known?.steered.has(rrsetKey(change.after)))) {
      return `record ${change.after.name} ${change.after.type}: cannot create it, the zone already has it (update it instead)`;
    }
    for (const r53 of groups[index] ?? []) {
      const set = r53.ResourceRecordSet as ResourceRecordSet;
      const key = setIdentity(set);
      const actions = [...(seen.get(key) ?? []), r53.Action ?? ''];
      seen.set(key, actions);
      if (actions.length > 1 && actions.join(' ') !== 'DELETE CREATE') {
        return `record ${changeSubject(change).name} ${set.Type}${set.SetIdentifier !== undefined ? ` (${set.SetIdentifier})` : ''}: ${actions.join(' then ')} in one batch; Route 53 takes one change per rrset`;
      }
    }
  }
  return undefined;
}
