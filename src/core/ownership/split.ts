import { isProviderOwned } from '../diff.js';
import { rrsetKey, type RRset, type Zone } from '../model.js';
import { externalDnsClaims } from './external-dns.js';
import { isExternalDns, matchingRule, type SharePolicy } from './rules.js';
import { ownershipClaims } from './registry.js';

/**
 * Why zonesync leaves a live rrset alone. Open to more reasons (DNSSEC records the provider signs
 * are a candidate): every consumer shows the reason as given and counts by it.
 */
export type LeftAloneReason = 'rule' | 'purge-off' | 'external-dns' | 'foreign-owner' | 'octodns-ignored' | 'octodns-excluded' | 'octodns-not-included' | 'provider-routing';

export interface LeftAlone {
  name: string;
  type: string;
  reason: LeftAloneReason;
  /** Index of the `ignore` rule (plain or external-dns preset) that matched. */
  rule?: number;
  /** The other writer: external-dns owner id, or the other zonesync ownership id. */
  owner?: string;
  /** `provider-routing`: what the provider keeps, in words (`weighted record (SetIdentifier "eu-1")`). */
  detail?: string;
}

export interface SplitInput {
  zone: string;
  policy: SharePolicy;
  /** `name TYPE` of every declared rrset: the only live ones managed under `purge: false`. */
  declared?: ReadonlySet<string>;
  /** Declared rrsets whose octoDNS flags keep them off this target: left alone there. */
  skipped?: ReadonlyMap<string, LeftAloneReason>;
}

export interface Split {
  managed: RRset[];
  leftAlone: LeftAlone[];
}

/**
 * The one judge of what zonesync may touch: live rrsets split into managed and left alone, each
 * of the latter with its reason. Plan, apply, resume, rollback, verify and import all use it.
 * SOA and apex NS stay managed (the diff leaves them to the provider and `delegate`).
 */
export function splitLive(live: readonly RRset[], input: SplitInput): Split {
  const { zone, policy } = input;
  const external = policy.ignore.map((rule, index) => (isExternalDns(rule) ? { index, claims: externalDnsClaims(rule, live) } : undefined)).filter((e) => e !== undefined);
  const owned = policy.ownership ? ownershipClaims(live, zone) : undefined;
  const split: Split = { managed: [], leftAlone: [] };
  for (const rrset of live) {
    const key = rrsetKey(rrset);
    const found = isProviderOwned(rrset, zone) ? undefined : judge(rrset, key, input, external, owned);
    if (found) split.leftAlone.push({ name: rrset.name, type: rrset.type, ...found });
    else split.managed.push(rrset);
  }
  return split;
}

type Verdict = Omit<LeftAlone, 'name' | 'type'>;

function judge(
  rrset: RRset,
  key: string,
  input: SplitInput,
  external: ReadonlyArray<{ index: number; claims: ReturnType<typeof externalDnsClaims> }>,
  owned: ReturnType<typeof ownershipClaims> | undefined,
): Verdict | undefined {
  const skipped = input.skipped?.get(key);
  if (skipped) return { reason: skipped };
  const rule = matchingRule(input.policy.ignore, rrset, input.zone);
  if (rule !== undefined) return { reason: 'rule', rule };
  for (const { index, claims } of external) {
    if (claims.registry.has(key) || claims.claimed.has(key)) return { reason: 'external-dns', rule: index, owner: (input.policy.ignore[index] as { id: string }).id };
  }
  if (owned && input.policy.ownership) {
    const owner = owned.get(key);
    if (owner !== undefined && owner !== input.policy.ownership.id) return { reason: 'foreign-owner', owner };
  }
  if (!input.policy.purge && !input.declared?.has(key) && !(owned && input.policy.ownership && owned.get(key) === input.policy.ownership.id)) return { reason: 'purge-off' };
  return undefined;
}

/** A zone with only the rrsets zonesync manages (what the diff, digests and safety counts see). */
export function managedZone(live: Zone, input: SplitInput): { zone: Zone; leftAlone: LeftAlone[] } {
  const split = splitLive(live.rrsets, input);
  const zone: Zone = { name: live.name, rrsets: split.managed };
  if (live.soa) zone.soa = live.soa;
  return { zone, leftAlone: split.leftAlone };
}

/** Counts by reason and rule, in first-seen order: the plan's short "left alone" section. */
export function leftAloneCounts(leftAlone: readonly LeftAlone[]): Array<{ reason: LeftAloneReason; rule?: number; owner?: string; count: number }> {
  const counts = new Map<string, { reason: LeftAloneReason; rule?: number; owner?: string; count: number }>();
  for (const entry of leftAlone) {
    const id = `${entry.reason}\t${entry.rule ?? ''}\t${entry.owner ?? ''}`;
    const seen = counts.get(id);
    if (seen) seen.count++;
    else {
      const row: { reason: LeftAloneReason; rule?: number; owner?: string; count: number } = { reason: entry.reason, count: 1 };
      if (entry.rule !== undefined) row.rule = entry.rule;
      if (entry.owner !== undefined) row.owner = entry.owner;
      counts.set(id, row);
    }
  }
  return [...counts.values()];
}
