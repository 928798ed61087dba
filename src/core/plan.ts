import type { Change } from './change.js';
import { changeSubject } from './change.js';
import { timingSafeEqual } from 'node:crypto';
import { canonicalJson, canonicalJsonHmacSha256, canonicalJsonSha256, sha256, sha256Lines } from './canonical-json.js';
import { diffZones, managedRRsets, orderChanges, rewriteChange } from './diff.js';
import { ttlHorizon, type TtlHorizon } from './horizon.js';
import { rrsetKey, type RRset, type Zone } from './model.js';
import { checkSafety, type SafetyLimits, type SafetyVerdict } from './safety.js';
import { sharedView, type LeftAlone, type PlanSharing, type SharePolicy } from './ownership/index.js';
import { pairOwnershipChanges } from './ownership/registry.js';

export const PLAN_FORMAT = 'zonesync-plan/1';

/**
 * When a rollback of the zone plan would reach every cache. The rollback's changes are not part of
 * the plan: `rollback` works them out from the run's journal and the live state read then (only
 * what the run left live, staged TTL states included, conflicts refused), which a plan made before
 * the run cannot know. Plans made before this change still carry the inverse as `changes`; it is
 * checked (src/core/saved-plan.ts) but never read.
 */
export interface RollbackPlan {
  horizon: TtlHorizon;
  /** Only in plans written by older versions: the inverse of `changes`, unused. */
  changes?: Change[];
}

/**
 * How a zone the target does not have comes to exist, as the plan shows it: apply creates it
 * (`consent`: only with `--create-zones` or a yes at the prompt, since it is a zone in a billed
 * account), or it must be added by hand first (`steps`, BIND's named.conf stanza), and apply
 * leaves that zone × target alone until it is. Apply decides from the provider's capabilities
 * again, not from this.
 */
export type ZoneCreation = { by: 'apply'; consent: boolean } | { by: 'hand'; steps: string[] };

/** One zone on one target: plain data, so it can be saved, checksummed, shown, inverted and resumed. */
export interface ZonePlan {
  zone: string;
  target: string;
  providerType: string;
  /** False when the provider does not have the zone yet (apply creates it first). */
  zoneExists: boolean;
  /** When the zone does not exist: how it will (absent in plans of older versions: apply creates it). */
  zoneCreation?: ZoneCreation;
  changes: Change[];
  /** Digest of the live rrsets the plan was made against: `apply --plan` refuses when it moved. */
  liveDigest: string;
  liveRRsets: number;
  safety: SafetyVerdict;
  rollback: RollbackPlan;
  warnings: string[];
  /** Live rrsets the sharing rules leave alone, each with why (absent when none). Not in the digest or the safety counts. */
  leftAlone?: LeftAlone[];
  /** The sharing rules the plan was made under, for apply, resume and rollback to judge live state alike (absent when nothing is shared). */
  sharing?: PlanSharing;
  /** The provider's signing of the zone, as it reported it (DNSSEC records are never in `changes`). */
  dnssec?: string;
  /** Steered rrsets this target cannot steer, served as their plain fallback values (`dynamic: fallback`), each with why. */
  steeringFallback?: Array<{ name: string; type: string; reason: string }>;
  /** Rrsets in `changes` as an update to themselves: what the provider keeps for them was deleted or edited (see ProviderRepair). */
  repairs?: ProviderRepair[];
}

/**
 * An rrset that holds what the zone file says while what the provider keeps for it does not (NS1:
 * zonesync's monitor or data feed of an `obey` value, deleted or edited): the plan writes it again.
 */
export interface ProviderRepair {
  name: string;
  type: string;
  reason: string;
}

export interface Plan {
  format: typeof PLAN_FORMAT;
  createdAt: string;
  zones: ZonePlan[];
  /**
   * sha256 of the canonical JSON of everything above: catches a plan damaged or edited by
   * mistake. Integrity only: anyone who can edit the file can compute it again.
   */
  checksum: string;
  /** HMAC-SHA256 of the same canonical JSON under ZONESYNC_PLAN_KEY: only a holder of the key can make a plan `apply` accepts. */
  hmac?: string;
}

export interface ZonePlanInput {
  target: string;
  providerType: string;
  desired: Zone;
  live: Zone | undefined;
  limits: SafetyLimits;
  /** Types whose TTL the provider does not keep. */
  ignoreTtl?: readonly string[];
  /** NS TTL to warn against when the live zone has no apex NS (not created yet, or not readable): zone config `nsTtl` or the declared apex NS. */
  nsTtl?: number;
  /** Lint warnings the zone's config turned off; `ttl-above-ns-ttl` silences the plan's TTL warning too. */
  disabledRules?: readonly string[];
  /** How the zone would be created, when `live` is undefined. */
  creation?: ZoneCreation;
  /** Ignore rules, purge and ownership for this zone × target (src/core/ownership). */
  policy?: SharePolicy;
  /** What the provider found to repair (Provider.repairs); only rrsets zonesync manages and the diff leaves alone become changes. */
  repairs?: readonly ProviderRepair[];
}

export function liveDigest(live: Zone | undefined): string {
  if (!live) return sha256('absent');
  // One line per rrset in key order, hashed as it goes: no giant JSON string for a 100,000-rrset zone.
  const lines = managedRRsets(live).map((r) => `${r.name}\t${r.type}\t${r.ttl}\t${r.values.join('\t')}\t${r.providerSettings ? canonicalJson(r.providerSettings) : ''}${r.dynamic ? `\t${canonicalJson(r.dynamic)}` : ''}\n`);
  lines.sort();
  return sha256Lines(lines);
}

function apexNsTtl(live: Zone | undefined): number | undefined {
  return live?.rrsets.find((r) => r.type === 'NS' && r.name === live.name)?.ttl;
}

function planWarnings(changes: Change[], live: Zone | undefined, fallbackNsTtl: number | undefined, disabled: readonly string[]): string[] {
  const warnings: string[] = [];
  if (changes.length === 0) return warnings;
  const nsTtl = disabled.includes('ttl-above-ns-ttl') ? undefined : (apexNsTtl(live) ?? fallbackNsTtl);
  const liveNames = new Set(live?.rrsets.map((r) => r.name));
  const newNames = new Map<string, number>();
  for (const change of changes) {
    if (change.kind === 'delete') continue;
    const { name, type, ttl } = change.after;
    if (nsTtl !== undefined && ttl > nsTtl) {
      warnings.push(`${name} ${type}: TTL ${ttl} is above the zone's NS TTL ${nsTtl}; it can outlive a change of provider`);
    }
    if (change.kind === 'create' && !liveNames.has(name)) newNames.set(name, Math.max(ttl, newNames.get(name) ?? 0));
  }
  if (newNames.size > 0) {
    const longest = Math.max(...newNames.values());
    const names = [...newNames.keys()];
    const shown = names.length > 5 ? `${names.slice(0, 5).join(', ')} and ${names.length - 5} more` : names.join(', ');
    warnings.push(`${names.length} new name${names.length === 1 ? '' : 's'} (${shown}): after a rollback, caches may still answer ${names.length === 1 ? 'it' : 'them'} for up to ${longest}s`);
  }
  return warnings;
}

export function planZone(input: ZonePlanInput): ZonePlan {
  // Only what zonesync manages on this target is diffed, digested and counted (src/core/ownership).
  const view = sharedView(input.desired, input.live, input.policy ?? { ignore: [], purge: true }, input.target);
  const diffed = diffZones(view.desired, view.live, { providerType: input.providerType, ...(input.ignoreTtl ? { ignoreTtl: input.ignoreTtl } : {}) });
  const paired = input.policy?.ownership ? pairOwnershipChanges(diffed, input.desired.name) : diffed;
  const { changes, repairs } = withRepairs(paired, view.desired, view.live, input.repairs ?? []);
  const warnings = planWarnings(changes, input.live, input.nsTtl, input.disabledRules ?? []);
  for (const key of view.unclaimable) warnings.push(`${key}: its ownership record's name would pass 63 bytes in one label; it is not claimed`);
  for (const l of view.contested) warnings.push(`${l.name} ${l.type}: declared, but ${l.owner ?? 'another writer'} holds it; left to ${l.owner ?? 'it'} (remove it from one of the two)`);
  const plan = zonePlanOf(input.desired.name, input.target, input.providerType, view.live, changes, input.limits, warnings);
  if (view.leftAlone.length > 0) plan.leftAlone = view.leftAlone;
  if (view.sharing) plan.sharing = view.sharing;
  if (repairs.length > 0) plan.repairs = repairs;
  return input.live === undefined && input.creation ? { ...plan, zoneCreation: input.creation } : plan;
}

/**
 * The provider's repairs of managed rrsets the diff found unchanged, as updates of each to itself
 * (octoDNS `_extra_changes`); an rrset changing anyway, or left alone, is not repaired here.
 */
function withRepairs(changes: Change[], desired: Zone, live: Zone | undefined, found: readonly ProviderRepair[]): { changes: Change[]; repairs: ProviderRepair[] } {
  if (found.length === 0 || !live) return { changes, repairs: [] };
  const changing = new Set(changes.map((c) => rrsetKey(changeSubject(c))));
  const wanted = new Map(desired.rrsets.map((r) => [rrsetKey(r), r]));
  const held = new Map(live.rrsets.map((r) => [rrsetKey(r), r]));
  const repairs: ProviderRepair[] = [];
  const added: Change[] = [];
  for (const repair of found) {
    const key = rrsetKey(repair);
    const [after, before] = [wanted.get(key), held.get(key)];
    if (!after || !before || changing.has(key)) continue;
    changing.add(key);
    repairs.push(repair);
    added.push(rewriteChange(before, after));
  }
  return added.length === 0 ? { changes, repairs } : { changes: orderChanges([...changes, ...added]), repairs };
}

/**
 * The plan with what the provider keeps in the zone (Route 53 routing policies, NS1 filter chains)
 * added to its left-alone list, reason `provider-routing`. Only the list changes: the live digest,
 * the safety verdict and the changes stay as planZone made them. An rrset already left alone for
 * another reason is not listed twice.
 */
export function withProviderKept(plan: ZonePlan, kept: ReadonlyArray<{ name: string; type: string; detail: string }>): ZonePlan {
  if (kept.length === 0) return plan;
  const listed = new Set((plan.leftAlone ?? []).map((l) => `${l.name} ${l.type}`));
  const added: LeftAlone[] = [];
  for (const k of kept) {
    // several per name and type are fine (Route 53: one per SetIdentifier)
    if (listed.has(`${k.name} ${k.type}`)) continue;
    added.push({ name: k.name, type: k.type, reason: 'provider-routing', detail: k.detail });
  }
  return added.length === 0 ? plan : { ...plan, leftAlone: [...(plan.leftAlone ?? []), ...added] };
}

function zonePlanOf(zone: string, target: string, providerType: string, live: Zone | undefined, changes: Change[], limits: SafetyLimits, warnings: string[]): ZonePlan {
  const existing = live ? managedRRsets(live).length : 0;
  return {
    zone,
    target,
    providerType,
    zoneExists: live !== undefined,
    changes,
    liveDigest: liveDigest(live),
    liveRRsets: existing,
    safety: checkSafety(changes, existing, limits, zone),
    rollback: { horizon: ttlHorizon(changes, live?.soa) },
    warnings,
  };
}

/** The change that makes the apex NS of `live` list exactly `names` (sorted); undefined when it already does. */
export function apexNsChange(zone: string, live: Zone, names: string[], fallbackTtl: number): Change | undefined {
  const before = live.rrsets.find((r) => r.type === 'NS' && r.name === zone);
  const after: RRset = { name: zone, type: 'NS', ttl: before?.ttl ?? fallbackTtl, values: [...names].sort() };
  if (!before) return { kind: 'create', after };
  if (before.values.join(' ') === after.values.join(' ')) return undefined;
  return { kind: 'update', before, after };
}

/** `switch`'s apex NS step as a zone plan of that one change; its safety verdict says so, and switch applies it forced. */
export function planApexNs(input: { zone: string; target: string; providerType: string; live: Zone; change: Change; limits: SafetyLimits }): ZonePlan {
  return zonePlanOf(input.zone, input.target, input.providerType, input.live, [input.change], input.limits, []);
}

/** A `type: zone` registrar's write to a parent zone as a zone plan of those changes only (the child's NS and DS rrsets). */
export function planDelegation(input: { zone: string; target: string; providerType: string; live: Zone; changes: Change[]; limits: SafetyLimits }): ZonePlan {
  return zonePlanOf(input.zone, input.target, input.providerType, input.live, input.changes, input.limits, []);
}

export function planChecksum(plan: Omit<Plan, 'checksum'>): string {
  return canonicalJsonSha256({ format: plan.format, createdAt: plan.createdAt, zones: plan.zones });
}

export function planHmac(plan: Omit<Plan, 'checksum' | 'hmac'>, key: string): string {
  return canonicalJsonHmacSha256({ format: plan.format, createdAt: plan.createdAt, zones: plan.zones }, key);
}

/** The plan with its HMAC under `key`. */
export function signPlan(plan: Plan, key: string): Plan {
  return { ...plan, hmac: planHmac(plan, key) };
}

/** Why a plan's HMAC is not one made with `key`; undefined when it is. */
export function planHmacProblem(plan: Plan, key: string): string | undefined {
  if (typeof plan.hmac !== 'string' || plan.hmac === '') return 'the plan has no HMAC (ZONESYNC_PLAN_KEY is set, so every plan must be made with it)';
  const expected = Buffer.from(planHmac(plan, key), 'hex');
  const given = Buffer.from(plan.hmac, 'hex');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return 'the plan\'s HMAC does not match (made with another key, or changed after it was made)';
  return undefined;
}

export function buildPlan(zones: ZonePlan[], createdAt: Date): Plan {
  const body = { format: PLAN_FORMAT, createdAt: createdAt.toISOString(), zones } as const;
  return { ...body, checksum: planChecksum(body) };
}

export function planHasChanges(plan: Plan): boolean {
  return plan.zones.some((z) => z.changes.length > 0 || !z.zoneExists);
}

export function countChanges(changes: Change[]): { create: number; update: number; delete: number } {
  const counts = { create: 0, update: 0, delete: 0 };
  for (const change of changes) counts[change.kind]++;
  return counts;
}

/** A short label for a change: `+ www.example.com. A`. */
export function changeLabel(change: Change): string {
  const subject = changeSubject(change);
  const sign = change.kind === 'create' ? '+' : change.kind === 'delete' ? '-' : '~';
  return `${sign} ${subject.name} ${subject.type}`;
}
