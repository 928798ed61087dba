import type { ResourceRecordSet } from '@aws-sdk/client-route-53';
import { BlockList, isIPv4 } from 'node:net';
import type { SimLocation } from '../ns1/steer.js';

/**
 * How the simulator's nameserver picks the record set that answers a query, from Route 53's
 * public documentation (Developer Guide: "Choosing a routing policy", "Weighted routing",
 * "Failover routing", "Geolocation routing", "IP-based routing", "How Amazon Route 53 chooses
 * records when health checking is configured", AliasTarget.EvaluateTargetHealth in the API
 * reference):
 * - simple: the one record set; alias record sets are resolved here, to the target's answer under the queried name;
 * - weighted: a record set at random by weight / sum of weights; weight-0 sets only when every
 *   non-zero one is unhealthy; all weights 0: equal chances;
 * - failover: PRIMARY while healthy, else SECONDARY;
 * - geolocation: the most specific location that holds the client (US state, country, continent),
 *   then the default `*`; no match and no default: NODATA;
 * - IP-based: the CIDR location with the longest block that holds the client subnet, else the
 *   default location `*`; neither: NODATA;
 * - health: a set with a health check is as healthy as the check; an alias that evaluates target
 *   health is healthy when some record set of its target is; any other set is always healthy. An
 *   unhealthy choice gives way to the next one by the same policy; when none is healthy, Route 53
 *   treats them all as healthy.
 * Pure: the record sets, CIDR blocks and health come in; `random` is the weighted choice's.
 */

export interface Client {
  /** The address the query is placed by: the ECS address when the query has one, else its source. */
  address: string;
  /** Its prefix length: ECS source prefix, or the full address. */
  prefix: number;
  where: SimLocation | undefined;
}

export interface RoutingContext {
  sets: ResourceRecordSet[];
  /** CIDR collection id → location → blocks. */
  cidr: Map<string, Map<string, string[]>>;
  healthy: (healthCheckId: string) => boolean;
  random: () => number;
}

export type Routed =
  | { kind: 'answer'; ttl: number; values: string[]; byClient: boolean }
  | { kind: 'nodata'; byClient: boolean };

const MAX_ALIAS_DEPTH = 8;
export const setName = (name: string): string => (name.endsWith('.') ? name : `${name}.`).toLowerCase();

const family = (address: string): 'ipv4' | 'ipv6' => (isIPv4(address) ? 'ipv4' : 'ipv6');

/** Whether the client's subnet lies inside `block` (a /16 client is not placed in a /24 block). */
export function blockHolds(block: string, client: Pick<Client, 'address' | 'prefix'>): boolean {
  const [network, bits] = block.split('/');
  if (!network || bits === undefined || family(network) !== family(client.address) || client.prefix < Number(bits)) return false;
  const list = new BlockList();
  list.addSubnet(network, Number(bits), family(network));
  return list.check(client.address, family(client.address));
}

function groupOf(ctx: RoutingContext, name: string, type: string): ResourceRecordSet[] {
  const wanted = setName(name);
  return ctx.sets.filter((s) => setName(s.Name ?? '') === wanted && s.Type === type);
}

function healthyGroup(ctx: RoutingContext, group: ResourceRecordSet[], depth: number): boolean {
  return group.some((s) => healthySet(ctx, s, depth));
}

function healthySet(ctx: RoutingContext, set: ResourceRecordSet, depth: number): boolean {
  if (set.HealthCheckId && !ctx.healthy(set.HealthCheckId)) return false;
  if (set.AliasTarget?.EvaluateTargetHealth) {
    if (depth >= MAX_ALIAS_DEPTH) return false;
    return healthyGroup(ctx, groupOf(ctx, set.AliasTarget.DNSName ?? '', set.Type ?? ''), depth + 1);
  }
  return true;
}

/** The first healthy set of `ordered`; when none is healthy, the first (all count as healthy then). */
function firstHealthy(ctx: RoutingContext, ordered: ResourceRecordSet[], depth: number): ResourceRecordSet | undefined {
  return ordered.find((s) => healthySet(ctx, s, depth)) ?? ordered[0];
}

/** weight / sum of weights; all weights 0: the same chance each. */
function byWeight(sets: ResourceRecordSet[], random: () => number): ResourceRecordSet | undefined {
  const total = sets.reduce((sum, s) => sum + (s.Weight ?? 0), 0);
  if (total === 0) return sets[Math.floor(random() * sets.length)];
  let pick = random() * total;
  for (const set of sets) {
    pick -= set.Weight ?? 0;
    if (pick < 0) return set;
  }
  return sets[sets.length - 1];
}

/** By weight among the healthy sets (a weight-0 set only when no healthy one weighs more), or among all when none is healthy. */
function weighted(ctx: RoutingContext, group: ResourceRecordSet[], depth: number): ResourceRecordSet | undefined {
  const healthy = group.filter((s) => healthySet(ctx, s, depth));
  return byWeight(healthy.length > 0 ? healthy : group, ctx.random);
}

/** Geolocation sets that hold the client, most specific first, the default `*` last. */
export function geoMatches(group: ResourceRecordSet[], where: SimLocation | undefined): ResourceRecordSet[] {
  const rank = (s: ResourceRecordSet): number | undefined => {
    const geo = s.GeoLocation ?? {};
    if (geo.CountryCode === '*') return 3;
    if (!where) return undefined;
    if (geo.SubdivisionCode) return geo.CountryCode === where.country && geo.SubdivisionCode === where.usState ? 0 : undefined;
    if (geo.CountryCode) return geo.CountryCode === where.country ? 1 : undefined;
    return geo.ContinentCode === where.continent ? 2 : undefined;
  };
  return group.flatMap((s) => (rank(s) === undefined ? [] : [{ s, r: rank(s) as number }])).sort((a, b) => a.r - b.r).map((m) => m.s);
}

/** CIDR sets for the client: the location with the longest block holding it, the default `*` last. */
export function cidrMatches(ctx: RoutingContext, group: ResourceRecordSet[], client: Client): ResourceRecordSet[] {
  const length = (s: ResourceRecordSet): number | undefined => {
    const config = s.CidrRoutingConfig;
    if (!config) return undefined;
    if (config.LocationName === '*') return -1;
    const blocks = ctx.cidr.get(config.CollectionId ?? '')?.get(config.LocationName ?? '') ?? [];
    const held = blocks.filter((b) => blockHolds(b, client)).map((b) => Number(b.split('/')[1]));
    return held.length > 0 ? Math.max(...held) : undefined;
  };
  return group.flatMap((s) => (length(s) === undefined ? [] : [{ s, l: length(s) as number }])).sort((a, b) => b.l - a.l).map((m) => m.s);
}

/** The record set of `group` that answers this client, and whether the client's place chose it. */
function choose(ctx: RoutingContext, group: ResourceRecordSet[], client: Client, depth: number): { set?: ResourceRecordSet; byClient: boolean } {
  if (group.some((s) => s.CidrRoutingConfig)) return { set: firstHealthy(ctx, cidrMatches(ctx, group, client), depth), byClient: true };
  if (group.some((s) => s.GeoLocation)) return { set: firstHealthy(ctx, geoMatches(group, client.where), depth), byClient: true };
  if (group.some((s) => s.Failover)) {
    const ordered = [...group.filter((s) => s.Failover === 'PRIMARY'), ...group.filter((s) => s.Failover === 'SECONDARY')];
    return { set: firstHealthy(ctx, ordered, depth), byClient: false };
  }
  if (group.some((s) => s.Weight !== undefined)) return { set: weighted(ctx, group, depth), byClient: false };
  return { set: group[0], byClient: false };
}

/** What the nameserver answers for `name` `type` to this client: the chosen set's records, through aliases. */
export function route(ctx: RoutingContext, name: string, type: string, client: Client, depth = 0): Routed {
  const { set, byClient } = choose(ctx, groupOf(ctx, name, type), client, depth);
  if (!set) return { kind: 'nodata', byClient };
  if (set.AliasTarget) {
    if (depth >= MAX_ALIAS_DEPTH) return { kind: 'nodata', byClient };
    const target = route(ctx, set.AliasTarget.DNSName ?? '', type, client, depth + 1);
    return { ...target, byClient: byClient || target.byClient };
  }
  return { kind: 'answer', ttl: set.TTL ?? 300, values: (set.ResourceRecords ?? []).map((r) => r.Value ?? ''), byClient };
}

/** Whether a name is answered by routing (a routing policy or an alias is at it) rather than from plain record sets. */
export function routedNames(sets: ResourceRecordSet[]): Set<string> {
  const routing = (s: ResourceRecordSet) => s.SetIdentifier !== undefined || s.AliasTarget !== undefined;
  return new Set(sets.filter(routing).map((s) => setName(s.Name ?? '')));
}
