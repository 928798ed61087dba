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
  const batches: Route53Change[][] = [];
  let current: Route53Change[] = [];
  let values = 0;
  let characters = 0;
  for (const change of changes) {
    const weight = changeWeight(change);
    if (weight.values > limits.maxValues) {
      return { ok: false, change, error: `${change.Action} carries ${weight.values} record values (UPSERT counts twice), more than the ${limits.maxValues} one request allows` };
    }
    if (weight.characters > limits.maxCharacters) {
      return { ok: false, change, error: `${change.Action} carries ${weight.characters} characters of values (UPSERT counts twice), more than the ${limits.maxCharacters} one request allows` };
    }
    if (current.length > 0 && (values + weight.values > limits.maxValues || characters + weight.characters > limits.maxCharacters)) {
      batches.push(current);
      current = [];
      values = 0;
      characters = 0;
    }
    current.push(change);
    values += weight.values;
    characters += weight.characters;
  }
  if (current.length > 0) batches.push(current);
  return { ok: true, batches };
}
