import { rrsetKey, type RRset, type Zone } from '../model.js';
import type { Problem } from '../problem.js';
import type { LeftAloneReason } from './split.js';

/**
 * octoDNS's record flags, read as octoDNS's Zone.changes reads them: a record that is `ignored`,
 * or kept off a target by `excluded` / `included`, is neither created, changed nor deleted on
 * that target; whatever is live there under its name and type stays as it is.
 */
export function octodnsSkip(rrset: Pick<RRset, 'octodns'>, target: string): LeftAloneReason | undefined {
  const flags = rrset.octodns;
  if (!flags) return undefined;
  if (flags.ignored) return 'octodns-ignored';
  if (flags.included && flags.included.length > 0 && !flags.included.includes(target)) return 'octodns-not-included';
  if (flags.excluded?.includes(target)) return 'octodns-excluded';
  return undefined;
}

/** The declared rrsets `target` does not get, by `name TYPE`, and the zone without them. */
export function octodnsTargetZone(desired: Zone, target: string): { zone: Zone; skipped: Map<string, LeftAloneReason> } {
  const skipped = new Map<string, LeftAloneReason>();
  const rrsets: RRset[] = [];
  for (const rrset of desired.rrsets) {
    const skip = octodnsSkip(rrset, target);
    if (skip) skipped.set(rrsetKey(rrset), skip);
    else rrsets.push(rrset);
  }
  return { zone: skipped.size === 0 ? desired : { ...desired, rrsets }, skipped };
}

/**
 * `lenient: true`: octoDNS logs the record's validation failures and keeps it. zonesync does the
 * same with the lint errors about that record (CNAME beside data, at the apex, with two values…):
 * they become warnings. What the reader cannot parse stays an error; there is no record to keep.
 */
export function lenientProblems(problems: readonly Problem[], zone: Zone): Problem[] {
  const lenient = new Set(zone.rrsets.filter((r) => r.octodns?.lenient).map(rrsetKey));
  if (lenient.size === 0) return [...problems];
  return problems.map((p) => (p.severity === 'error' && p.record !== undefined && lenient.has(p.record) ? { ...p, severity: 'warning', message: `${p.message} (lenient: kept as a warning)` } : p));
}

/** Ids in `excluded` / `included` that are not targets of the zone: a typo, or an octoDNS provider zonesync does not have. */
export function unknownOctodnsTargets(zone: Zone, targets: readonly string[]): Array<{ rrset: RRset; id: string }> {
  const out: Array<{ rrset: RRset; id: string }> = [];
  for (const rrset of zone.rrsets) {
    for (const id of [...(rrset.octodns?.excluded ?? []), ...(rrset.octodns?.included ?? [])]) if (!targets.includes(id)) out.push({ rrset, id });
  }
  return out;
}
