import type { Change } from './change.js';
import type { Soa } from './model.js';

/**
 * When caches will have caught up (RFC 1034 / RFC 2308 arithmetic). A resolver may keep a
 * positive answer for its TTL, and a negative one for min(SOA TTL, SOA MINIMUM).
 */
export interface TtlHorizon {
  /** Seconds after the change until every cache shows it: longest old TTL, or the negative TTL for names that did not exist. */
  changeSeconds: number;
  /** Seconds after a rollback at time T until every cache shows the rollback: longest new TTL, or the negative TTL for removed data. */
  rollbackSeconds: number;
  /** The negative-caching TTL used, from the zone's SOA (absent when the provider gave none). */
  negativeTtl?: number;
  /** The rrset that dominates each number, as `name TYPE (ttl)`. */
  changeDominatedBy?: string;
  rollbackDominatedBy?: string;
}

/** Negative caching TTL: min(SOA record TTL, SOA MINIMUM) — RFC 2308 §5. */
export function negativeTtl(soa: Soa | undefined): number | undefined {
  return soa ? Math.min(soa.ttl, soa.minimum) : undefined;
}

/** Assumed when a provider reports no SOA: the most common default negative TTL. */
export const DEFAULT_NEGATIVE_TTL = 3600;

export function ttlHorizon(changes: Change[], soa: Soa | undefined): TtlHorizon {
  const negative = negativeTtl(soa) ?? DEFAULT_NEGATIVE_TTL;
  let change = 0;
  let rollback = 0;
  let changeBy: string | undefined;
  let rollbackBy: string | undefined;
  const consider = (which: 'change' | 'rollback', seconds: number, label: string) => {
    if (which === 'change' && seconds > change) [change, changeBy] = [seconds, label];
    if (which === 'rollback' && seconds > rollback) [rollback, rollbackBy] = [seconds, label];
  };
  for (const c of changes) {
    switch (c.kind) {
      case 'create':
        // Caches may hold "no such data" from before; after a rollback they may hold the new data.
        consider('change', negative, `${c.after.name} ${c.after.type} (negative ${negative})`);
        consider('rollback', c.after.ttl, `${c.after.name} ${c.after.type} (${c.after.ttl})`);
        break;
      case 'update':
        consider('change', c.before.ttl, `${c.before.name} ${c.before.type} (${c.before.ttl})`);
        consider('rollback', c.after.ttl, `${c.after.name} ${c.after.type} (${c.after.ttl})`);
        break;
      case 'delete':
        consider('change', c.before.ttl, `${c.before.name} ${c.before.type} (${c.before.ttl})`);
        consider('rollback', negative, `${c.before.name} ${c.before.type} (negative ${negative})`);
        break;
    }
  }
  const horizon: TtlHorizon = { changeSeconds: change, rollbackSeconds: rollback };
  const fromSoa = negativeTtl(soa);
  if (fromSoa !== undefined) horizon.negativeTtl = fromSoa;
  if (changeBy) horizon.changeDominatedBy = changeBy;
  if (rollbackBy) horizon.rollbackDominatedBy = rollbackBy;
  return horizon;
}

/** ISO time when a change made at `at` is visible everywhere. */
export function visibleAt(at: Date, seconds: number): string {
  return new Date(at.getTime() + seconds * 1000).toISOString();
}

/** `1h 30m`, `2d`, `45s` — for people. */
export function formatDuration(seconds: number): string {
  if (seconds === 0) return '0s';
  const units: Array<[string, number]> = [['d', 86400], ['h', 3600], ['m', 60], ['s', 1]];
  const parts: string[] = [];
  let rest = seconds;
  for (const [unit, size] of units) {
    const n = Math.floor(rest / size);
    if (n > 0) parts.push(`${n}${unit}`);
    rest -= n * size;
  }
  return parts.slice(0, 2).join(' ');
}
