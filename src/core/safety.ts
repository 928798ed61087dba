import type { Change } from './change.js';

/** octoDNS-style guard rails: a plan that rewrites too much of a zone is refused unless forced. */
export interface SafetyLimits {
  maxUpdatePercent: number;
  maxDeletePercent: number;
  /** Below this many existing rrsets, percentages say little and are not enforced. */
  minExistingRecords: number;
}

export const DEFAULT_SAFETY: SafetyLimits = { maxUpdatePercent: 30, maxDeletePercent: 30, minExistingRecords: 10 };

export interface SafetyVerdict {
  ok: boolean;
  reasons: string[];
}

type SafetyRule = (changes: Change[], existing: number, limits: SafetyLimits, zone: string) => string | undefined;

const tooManyUpdates: SafetyRule = (changes, existing, limits) => {
  if (existing < limits.minExistingRecords) return undefined;
  const updates = changes.filter((c) => c.kind === 'update').length;
  const percent = (updates / existing) * 100;
  return percent > limits.maxUpdatePercent
    ? `updates ${updates} of ${existing} rrsets (${percent.toFixed(1)}%), above maxUpdatePercent ${limits.maxUpdatePercent}%`
    : undefined;
};

const tooManyDeletes: SafetyRule = (changes, existing, limits) => {
  if (existing < limits.minExistingRecords) return undefined;
  const deletes = changes.filter((c) => c.kind === 'delete').length;
  const percent = (deletes / existing) * 100;
  return percent > limits.maxDeletePercent
    ? `deletes ${deletes} of ${existing} rrsets (${percent.toFixed(1)}%), above maxDeletePercent ${limits.maxDeletePercent}%`
    : undefined;
};

const apexNsChange: SafetyRule = (changes, _existing, _limits, zone) => {
  const touched = changes.some((c) => {
    const rrset = c.kind === 'delete' ? c.before : c.after;
    return rrset.type === 'NS' && rrset.name === zone;
  });
  return touched ? `changes the apex NS of ${zone} (the zone's delegation)` : undefined;
};

export const SAFETY_RULES: readonly SafetyRule[] = [tooManyUpdates, tooManyDeletes, apexNsChange];

export function checkSafety(changes: Change[], existing: number, limits: SafetyLimits, zone: string): SafetyVerdict {
  const reasons = SAFETY_RULES.map((rule) => rule(changes, existing, limits, zone)).filter((r): r is string => r !== undefined);
  return { ok: reasons.length === 0, reasons };
}
