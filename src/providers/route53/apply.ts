import type { Change as Route53Change } from '@aws-sdk/client-route-53';

/** Cutting a chunk into ChangeResourceRecordSets requests that Route 53 accepts. */

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
