import { isProviderOwned } from '../diff.js';
import { rrsetKey, type RRset, type Zone } from '../model.js';
import { registryOwner } from './external-dns.js';
import { canonicalJson } from '../canonical-json.js';
import type { Problem } from '../problem.js';
import { octodnsSkip, octodnsTargetZone, unknownOctodnsTargets } from './octodns.js';
import { parseOwnership, withOwnership } from './registry.js';
import { isExternalDns, matchingRule, sharesZone, type SharePolicy } from './rules.js';
import { managedZone, type LeftAlone, type LeftAloneReason, type SplitInput } from './split.js';

export { DEFAULT_POLICY, describeRule, sharesZone, type IgnoreEntry, type IgnoreRule, type ExternalDnsRule, type SharePolicy } from './rules.js';
export { lenientProblems } from './octodns.js';
export { leftAloneCounts, splitLive, type LeftAlone, type LeftAloneReason } from './split.js';

/**
 * What a zone plan keeps of the sharing rules, so `apply --plan`, resume and rollback judge the
 * live state they read exactly as the plan did: the policy, the declared keys (only needed, and
 * only kept, with `purge: false`) and the rrsets octoDNS flags keep off the target.
 */
export interface PlanSharing {
  policy: SharePolicy;
  declared?: string[];
  skipped?: Array<[string, LeftAloneReason]>;
}

export interface SharedView {
  /** The desired zone as this target gets it: octoDNS-skipped rrsets out, ownership claims in. */
  desired: Zone;
  /** The live zone as zonesync manages it. */
  live: Zone | undefined;
  leftAlone: LeftAlone[];
  /** Undefined when nothing is shared (the plan then looks as it always did). */
  sharing?: PlanSharing;
  /** Declared rrsets whose registry name would not fit in a label (ownership on). */
  unclaimable: string[];
  /** Declared rrsets another writer holds (a foreign owner's claim, an external-dns record): left to it, not diffed. */
  contested: LeftAlone[];
}

export function splitInputOf(zone: string, sharing: PlanSharing | undefined): SplitInput {
  const input: SplitInput = { zone, policy: sharing?.policy ?? { ignore: [], purge: true } };
  if (sharing?.declared) input.declared = new Set(sharing.declared);
  if (sharing?.skipped) input.skipped = new Map(sharing.skipped);
  return input;
}

/** The live zone reduced to what the plan's sharing rules let zonesync manage. */
export function managedLive(live: Zone | undefined, zone: string, sharing: PlanSharing | undefined): { live: Zone | undefined; leftAlone: LeftAlone[] } {
  if (!live || !sharing) return { live, leftAlone: [] };
  const managed = managedZone(live, splitInputOf(zone, sharing));
  return { live: managed.zone, leftAlone: managed.leftAlone };
}

/** Desired and live as `target` sees them under `policy`: the diff's two inputs, and what it leaves alone. */
export function sharedView(desired: Zone, live: Zone | undefined, policy: SharePolicy, target: string): SharedView {
  const octo = octodnsTargetZone(desired, target);
  if (!sharesZone(policy) && octo.skipped.size === 0) return { desired, live, leftAlone: [], unclaimable: [], contested: [] };
  const sharing: PlanSharing = { policy };
  if (!policy.purge) sharing.declared = desired.rrsets.map(rrsetKey).sort();
  if (octo.skipped.size > 0) sharing.skipped = [...octo.skipped].sort((a, b) => (a[0] < b[0] ? -1 : 1));
  const claimed = policy.ownership ? withOwnership(octo.zone, policy.ownership.id) : { zone: octo.zone, unclaimable: [] };
  if (policy.ownership && sharing.declared) sharing.declared = claimed.zone.rrsets.map(rrsetKey).sort();
  const managed = managedLive(live, desired.name, sharing);
  // A declared rrset someone else holds cannot be created over theirs: it is left to them, and the plan says so.
  const held = new Map(managed.leftAlone.filter((l) => l.reason === 'foreign-owner' || l.reason === 'external-dns').map((l) => [rrsetKey(l), l]));
  const contested = octo.zone.rrsets.map((r) => held.get(rrsetKey(r))).filter((l): l is LeftAlone => l !== undefined);
  const wanted = held.size === 0 ? claimed.zone : { ...claimed.zone, rrsets: claimed.zone.rrsets.filter((r) => !held.has(rrsetKey(r))) };
  return { desired: wanted, live: managed.live, leftAlone: managed.leftAlone, sharing, unclaimable: claimed.unclaimable, contested };
}

/** A declared rrset an ignore rule (or a foreign registry name) also covers: you cannot both own and ignore it. */
export interface DeclaredIgnored {
  rrset: RRset;
  why: string;
}

export function declaredButIgnored(desired: Zone, policy: SharePolicy): DeclaredIgnored[] {
  const out: DeclaredIgnored[] = [];
  for (const rrset of desired.rrsets) {
    if (isProviderOwned(rrset, desired.name)) continue;
    const rule = matchingRule(policy.ignore, rrset, desired.name);
    if (rule !== undefined) out.push({ rrset, why: `ignore rule ${rule + 1}` });
    else if (policy.ignore.some(isExternalDns) && registryOwner(rrset) !== undefined) out.push({ rrset, why: 'an external-dns registry record' });
    else if (policy.ownership && parseOwnership(rrset)) out.push({ rrset, why: 'a zonesync ownership record (zonesync writes those itself)' });
  }
  return out;
}

/** What validate says about a zone's sharing rules: declared rrsets also ignored (errors, per target where the rules differ), excluded/included ids that are not targets (warnings). */
export function sharingProblems(desired: Zone, policies: ReadonlyArray<[string, SharePolicy]>, targets: readonly string[]): Problem[] {
  const problems: Problem[] = [];
  const seen = new Set<string>();
  for (const [target, policy] of policies) {
    for (const { rrset, why } of declaredButIgnored(desired, policy)) {
      const key = `${rrsetKey(rrset)} ${why}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const on = policies.length > 1 && policies.some(([, other]) => canonicalJson(other) !== canonicalJson(policy)) ? ` on ${target}` : '';
      problems.push(located({ severity: 'error', rule: 'declared-and-ignored', message: `declared, and also left alone by ${why}${on}: zonesync cannot both own and ignore it`, record: rrsetKey(rrset) }, rrset));
    }
  }
  for (const { rrset, id } of unknownOctodnsTargets(desired, targets)) {
    problems.push(located({ severity: 'warning', rule: 'octodns-unknown-target', message: `octodns excluded/included names "${id}", which is not a target of the zone (${targets.join(', ')})`, record: rrsetKey(rrset) }, rrset));
  }
  return problems;
}

function located(problem: Problem, rrset: RRset): Problem {
  return rrset.source ? { ...problem, location: rrset.source } : problem;
}

/** The zone verify asks about: rrsets octoDNS keeps off any of `targets` are not expected anywhere. */
export function verifiableZone(desired: Zone, targets: readonly string[]): Zone {
  const rrsets = desired.rrsets.filter((r) => !targets.some((t) => octodnsSkip(r, t)));
  return rrsets.length === desired.rrsets.length ? desired : { ...desired, rrsets };
}
