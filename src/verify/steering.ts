import type { Dynamic, DynamicRule } from '../core/dynamic/model.js';
import { parseNetwork } from '../core/dynamic/validate.js';
import type { RRset, Zone } from '../core/model.js';
import type { DnsResponse } from '../dns/client.js';
import { clientSubnet, subnetText, type ClientSubnet } from '../dns/ecs.js';
import { describeResponse, rrsetsOf } from './compare.js';

/**
 * Checking traffic steering (octoDNS `dynamic`) by EDNS Client Subnet: for each rule of each steered
 * rrset, a client subnet the rule covers (its own `subnets`, or a configured sample for its geos),
 * and for the catch-all a subnet no rule covers; the pool the answer must come from (the first
 * rule that covers the subnet, walking `fallback` while a pool's values are all `down`); and the
 * verdict on one nameserver's answer. Pure: the asking is in check.ts.
 */

/** `verify.ecs` in zonesync.yaml: a client subnet per octoDNS geo code, and `default` for the catch-all. */
export interface EcsSamples {
  geos: Record<string, string>;
  default?: string;
}

/**
 * Where the catch-all is asked from when `verify.ecs.default` is not set: the first RFC 5737
 * documentation network that no rule's subnets and no geo sample cover.
 */
export const DEFAULT_CATCH_ALL_SUBNETS: readonly string[] = ['203.0.113.0/24', '198.51.100.0/24', '192.0.2.0/24', '2001:db8::/48'];

/** The values a pool (after fallback) may answer with. `pool` undefined: the record's own values. */
export interface ExpectedPool {
  pool?: string;
  /** Pools passed over because every value of theirs is `down`, in order. */
  passed: string[];
  /** Values marked `up` or `obey` (or the record's values), sorted: an answer must be a non-empty subset. */
  candidates: string[];
  /** When every value left is `obey`: what answers if their health checks all fail (the fallback chain). */
  ifUnhealthy?: ExpectedPool;
}

export interface SteeringProbe {
  name: string;
  type: string;
  /** `rule 2 (pool eu, geos EU-DE)`, `catch-all` when the zone has no catch-all rule. */
  rule: string;
  /** The subnet to ask from; absent when there is no sample (then `noSample` says why). */
  subnet?: ClientSubnet;
  noSample?: string;
  expected: ExpectedPool;
}

/**
 * `fallback`: the answer is from the pool's fallback chain while its values `obey` health checks:
 * right if those checks fail, wrong if the server steers wrong; DNS alone cannot tell, so it is
 * reported (with `cannot-check`, the zone is not verified), not passed and not a wrong pool.
 */
export type SteeringResult = 'ok' | 'wrong-pool' | 'fallback' | 'cannot-check' | 'unanswered';

/** One steering check on one nameserver, as the report shows it. */
export interface SteeringCheck {
  name: string;
  type: string;
  rule: string;
  /** `192.0.2.0/24`, or `none` when no sample subnet is configured. */
  subnet: string;
  /** `pool eu: 192.0.2.10, 192.0.2.11` (`pool eu (down) → pool us: …` after a fallback). */
  expected: string;
  /** What the nameserver answered, with the pool those values belong to when any: `A 198.51.100.10 (pool us)`. */
  got?: string;
  result: SteeringResult;
  /** Why it could not be checked, or the error of an unanswered query. */
  detail?: string;
}

export const CANNOT_CHECK = 'cannot check steering from here';

function ruleLabel(rule: DynamicRule, index: number): string {
  const where = [...(rule.geos?.length ? [`geos ${rule.geos.join(' ')}`] : []), ...(rule.subnets?.length ? [`subnets ${rule.subnets.join(' ')}`] : [])];
  return `rule ${index + 1} (pool ${rule.pool}${where.length ? `, ${where.join(', ')}` : ', catch-all'})`;
}

const isCatchAll = (rule: DynamicRule): boolean => !rule.geos?.length && !rule.subnets?.length;

/** Whether subnet `inner` lies inside `outer` (both address/prefix). */
export function subnetWithin(inner: string, outer: string): boolean {
  const a = parseNetwork(inner);
  const b = parseNetwork(outer);
  if (!a || !b || a.v6 !== b.v6 || a.prefix < b.prefix) return false;
  return b.bytes.every((byte, i) => {
    const bits = Math.max(0, Math.min(8, b.prefix - i * 8));
    const mask = (0xff << (8 - bits)) & 0xff;
    return ((a.bytes[i] as number) & mask) === byte;
  });
}

/** Whether a client placed at geo `code` (`EU-DE`) is covered by a rule's geo `geo` (`EU`, `EU-DE`). */
export const geoCovers = (geo: string, code: string): boolean => code === geo || code.startsWith(`${geo}-`);

/** The pool a rule picks, walking `fallback` while every value of a pool is down; the record's values at the end. */
export function expectedPool(dynamic: Dynamic, recordValues: string[], pool: string | undefined, seen = new Set<string>()): ExpectedPool {
  const passed: string[] = [];
  for (let name = pool; name !== undefined && !seen.has(name); ) {
    seen.add(name);
    const at = dynamic.pools[name];
    if (!at) break;
    const live = at.values.filter((v) => v.status !== 'down');
    if (live.length > 0) {
      // Values that obey their health check may all be failing it: the server then answers from the fallback chain.
      const unhealthy = live.every((v) => v.status === 'obey') ? { ifUnhealthy: expectedPool(dynamic, recordValues, at.fallback, new Set(seen)) } : {};
      return { pool: name, passed, candidates: live.map((v) => v.value).sort(), ...unhealthy };
    }
    passed.push(name);
    name = at.fallback;
  }
  return { passed, candidates: [...recordValues].sort() };
}

/** The first rule (index) a client in `subnet`, placed at geo `geo` when known, goes to; undefined: none (the record's values). */
export function ruleFor(rules: DynamicRule[], subnet: string, geo: string | undefined): number | undefined {
  const index = rules.findIndex((rule) => {
    if (isCatchAll(rule)) return true;
    if ((rule.subnets ?? []).some((s) => subnetWithin(subnet, s))) return true;
    return geo !== undefined && (rule.geos ?? []).some((g) => geoCovers(g, geo));
  });
  return index < 0 ? undefined : index;
}

/** The geo a subnet is placed at by the config's samples: the code whose sample contains it. */
function geoOf(subnet: string, samples: EcsSamples): string | undefined {
  return Object.entries(samples.geos).find(([, sample]) => subnetWithin(subnet, sample))?.[0];
}

/** A subnet inside `network` narrow enough for ECS (/24 IPv4, /56 IPv6 at most wide, RFC 7871 §11.1). */
function askedSubnet(network: string): string {
  const parsed = parseNetwork(network);
  if (!parsed) return network;
  const narrowest = parsed.v6 ? 56 : 24;
  return parsed.prefix >= narrowest ? network : `${network.slice(0, network.indexOf('/'))}/${narrowest}`;
}

/** The probes for one steered rrset: each subnet of each subnet rule, a sample per geo rule, and the catch-all. */
export function probesFor(rrset: RRset, samples: EcsSamples): SteeringProbe[] {
  const dynamic = rrset.dynamic;
  if (!dynamic) return [];
  const probes: SteeringProbe[] = [];
  const expectFrom = (subnet: string): ExpectedPool => {
    const index = ruleFor(dynamic.rules, subnet, geoOf(subnet, samples));
    return expectedPool(dynamic, rrset.values, index === undefined ? undefined : dynamic.rules[index]?.pool);
  };
  const probe = (rule: string, subnet: string): SteeringProbe => ({ name: rrset.name, type: rrset.type, rule, subnet: clientSubnet(subnet), expected: expectFrom(subnet) });
  dynamic.rules.forEach((rule, index) => {
    const label = ruleLabel(rule, index);
    if (isCatchAll(rule)) return;
    for (const subnet of rule.subnets ?? []) probes.push(probe(label, askedSubnet(subnet)));
    const geos = rule.geos ?? [];
    if (geos.length === 0) return;
    // A sample for the rule's own code first, else one placed inside it (`EU-DE` for `EU`).
    const codes = Object.keys(samples.geos).sort();
    const code = geos.find((g) => Object.hasOwn(samples.geos, g)) ?? codes.find((c) => geos.some((g) => geoCovers(g, c)));
    if (code === undefined) {
      probes.push({ name: rrset.name, type: rrset.type, rule: label, noSample: `no ECS sample for ${geos.join(', ')}: ${CANNOT_CHECK} (set verify.ecs.${geos[0]} to a client subnet there)`, expected: expectedPool(dynamic, rrset.values, rule.pool) });
      return;
    }
    probes.push(probe(`${label} from ${code}`, samples.geos[code] as string));
  });
  const catchAll = dynamic.rules.findIndex(isCatchAll);
  const label = catchAll < 0 ? 'catch-all (no catch-all rule: the record values)' : ruleLabel(dynamic.rules[catchAll] as DynamicRule, catchAll);
  const covered = (subnet: string): boolean =>
    dynamic.rules.some((rule) => (rule.subnets ?? []).some((s) => subnetWithin(subnet, s) || subnetWithin(s, subnet))) || Object.values(samples.geos).some((s) => subnetWithin(subnet, s) || subnetWithin(s, subnet));
  const outside = samples.default ?? DEFAULT_CATCH_ALL_SUBNETS.find((subnet) => !covered(subnet));
  if (outside === undefined) {
    probes.push({ name: rrset.name, type: rrset.type, rule: label, noSample: `no client subnet outside every rule: ${CANNOT_CHECK} (set verify.ecs.default)`, expected: expectedPool(dynamic, rrset.values, catchAll < 0 ? undefined : dynamic.rules[catchAll]?.pool) });
  } else {
    probes.push(probe(label, outside));
  }
  return probes;
}

/** Every steering probe of a zone, in rrset order. */
export function steeringProbes(zone: Zone, samples: EcsSamples): SteeringProbe[] {
  return zone.rrsets.filter((r) => r.dynamic).flatMap((r) => probesFor(r, samples));
}

const poolName = (pool: string | undefined): string => (pool === undefined ? 'the record values' : `pool ${pool}`);

/** `pool eu: 192.0.2.10, 192.0.2.11`, `pool eu (all down) → pool us: 198.51.100.10`. */
export function expectedText(expected: ExpectedPool): string {
  const passed = expected.passed.map((p) => `pool ${p} (all down) → `).join('');
  return `${passed}${poolName(expected.pool)}: ${expected.candidates.join(', ')}`;
}

/** The pool `values` all belong to (the expected one first), `the record values`, or undefined when none holds them all. */
export function poolOf(rrset: RRset, values: string[], prefer?: string): string | undefined {
  const dynamic = rrset.dynamic;
  if (!dynamic || values.length === 0) return undefined;
  const holds = (pool: string) => values.every((v) => dynamic.pools[pool]?.values.some((pv) => pv.value === v));
  const names = [...(prefer ? [prefer] : []), ...Object.keys(dynamic.pools).sort()];
  const pool = names.find(holds);
  if (pool !== undefined) return `pool ${pool}`;
  return values.every((v) => rrset.values.includes(v)) ? 'the record values' : undefined;
}

/** The verdict on one nameserver's answer to `probe`. */
export function judgeSteering(probe: SteeringProbe, rrset: RRset, response: DnsResponse): Omit<SteeringCheck, 'name' | 'type' | 'rule' | 'subnet' | 'expected'> {
  const served = rrsetsOf(response.answers).find((set) => set.name === probe.name && set.type === probe.type);
  const values = served?.values ?? [];
  const belongs = poolOf(rrset, values, probe.expected.pool);
  const got = `${describeResponse(response, probe.name)}${belongs ? ` (${belongs})` : values.length > 0 ? ' (no pool)' : ''}`;
  if (!response.ecs) return { result: 'cannot-check', got, detail: `the answer carries no ECS option: the server does not steer by client subnet, or ignores ECS; ${CANNOT_CHECK}` };
  if (response.ecs.scopePrefix === 0) return { result: 'cannot-check', got, detail: `ECS scope /0: the server says its answer is the same for every client subnet; ${CANNOT_CHECK}` };
  const from = (expected: ExpectedPool) => response.rcode === 'NOERROR' && values.length > 0 && values.every((v) => expected.candidates.includes(v));
  if (from(probe.expected)) return { result: 'ok', got };
  // The pool's values obey health checks: an answer from its fallback chain is right only if they all fail.
  for (let fallback = probe.expected.ifUnhealthy; fallback; fallback = fallback.ifUnhealthy) {
    if (from(fallback)) return { result: 'fallback', got, detail: `answered by the fallback (${expectedText(fallback)}): the values of ${poolName(probe.expected.pool)} obey health checks, which fail there, or the server steers wrong` };
  }
  return { result: 'wrong-pool', got };
}

/** The report line's fixed part for a probe. */
export function probeCheck(probe: SteeringProbe): Pick<SteeringCheck, 'name' | 'type' | 'rule' | 'subnet' | 'expected'> {
  return { name: probe.name, type: probe.type, rule: probe.rule, subnet: probe.subnet ? subnetText(probe.subnet) : 'none', expected: expectedText(probe.expected) };
}
