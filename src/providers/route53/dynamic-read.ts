import type { ResourceRecordSet } from '@aws-sdk/client-route-53';
import { canonicalJson } from '../../core/canonical-json.js';
import { canonicalDynamic, defaultHealthcheck } from '../../core/dynamic/canonical.js';
import type { Dynamic, DynamicHealthcheck, DynamicPool, DynamicRule, DynamicStatus } from '../../core/dynamic/model.js';
import type { RecordType, RRset } from '../../core/model.js';
import {
  cidrLocationName,
  defaultPoolName,
  geoLocation,
  geoSetName,
  healthCheckPrefix,
  poolSetName,
  settingsTagKey,
  steeringBase,
  valueSetName,
  withDot,
  type HealthCheckRecord,
} from './dynamic.js';

/** The way back of dynamic.ts: Route 53 record sets read as the steered rrsets zonesync (or octoDNS) wrote. */

/** The health settings a check's tags carry (`settingsTags`), undefined when it has none or they do not parse. */
function settingsFromTags(tags: Record<string, string>): Pick<Dynamic, 'healthcheck' | 'providerHealthcheck'> | undefined {
  let text = '';
  for (let i = 0; tags[settingsTagKey(i)] !== undefined; i++) text += tags[settingsTagKey(i)];
  if (text === '') return undefined;
  try {
    const parsed = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as { healthcheck: DynamicHealthcheck; providerHealthcheck: Dynamic['providerHealthcheck'] | null };
    return parsed.providerHealthcheck ? { healthcheck: parsed.healthcheck, providerHealthcheck: parsed.providerHealthcheck } : { healthcheck: parsed.healthcheck };
  } catch {
    return undefined;
  }
}

export interface SteeredGroup {
  rrset: RRset;
  sets: ResourceRecordSet[];
}

/** zonesync's CIDR collection of a hosted zone as read: its id and its locations' blocks. */
export interface CidrCollectionRead {
  id: string;
  locations: ReadonlyMap<string, string[]>;
}

/**
 * The steered rrsets among record sets read from a zone: groups named the way `steeredToRoute53`
 * names them, complete and consistent, each read back as one rrset with canonical `dynamic`.
 * Record sets of a group that does not add up (made by someone else, half deleted, a health check
 * zonesync did not make) are not taken: the caller keeps them as routing it leaves alone.
 */
export function steeredFromRoute53(sets: ResourceRecordSet[], zoneId: string, healthChecks: ReadonlyMap<string, HealthCheckRecord>, valueOf: (type: RecordType, value: string) => string | undefined, cidr?: CidrCollectionRead): SteeredGroup[] {
  const byBase = new Map<string, ResourceRecordSet[]>();
  for (const set of sets) {
    const name = withDot(set.Name ?? '');
    const base = steeringBase(name);
    const key = `${base}|${set.Type}`;
    const list = byBase.get(key) ?? [];
    list.push(set);
    byBase.set(key, list);
  }
  const groups: SteeredGroup[] = [];
  for (const [key, list] of byBase) {
    const [base, type] = key.split('|') as [string, RecordType];
    if (!['A', 'AAAA', 'CNAME'].includes(type)) continue;
    if (!list.some((s) => withDot(s.Name ?? '') === base && (s.GeoLocation || s.CidrRoutingConfig) && s.AliasTarget)) continue;
    const rrset = groupToRRset(base, type, list, zoneId, healthChecks, valueOf, cidr);
    if (rrset) groups.push({ rrset, sets: list });
  }
  return groups;
}

function groupToRRset(base: string, type: RecordType, list: ResourceRecordSet[], zoneId: string, healthChecks: ReadonlyMap<string, HealthCheckRecord>, valueOf: (type: RecordType, value: string) => string | undefined, cidr: CidrCollectionRead | undefined): RRset | undefined {
  const defaults = list.filter((s) => withDot(s.Name ?? '') === defaultPoolName(base));
  const fallbackSet = defaults[0];
  if (defaults.length !== 1 || !fallbackSet || fallbackSet.SetIdentifier !== undefined || fallbackSet.AliasTarget) return undefined;
  const values: string[] = [];
  for (const r of fallbackSet.ResourceRecords ?? []) {
    const v = valueOf(type, r.Value ?? '');
    if (v === undefined) return undefined;
    values.push(v);
  }
  const ttl = fallbackSet.TTL ?? 0;
  const sameZone = (s: ResourceRecordSet) => s.AliasTarget !== undefined && (s.AliasTarget.HostedZoneId ?? '').replace(/^\/hostedzone\//, '') === zoneId && s.AliasTarget.EvaluateTargetHealth === true;
  const target = (s: ResourceRecordSet) => withDot(s.AliasTarget?.DNSName ?? '');
  // pools, from their failover pairs
  const pools: Record<string, DynamicPool> = {};
  const fallbacks = new Map<string, string>();
  const poolSets = list.filter((s) => /^_octodns-.*-pool\./.test(withDot(s.Name ?? '')) && withDot(s.Name ?? '') !== defaultPoolName(base));
  for (const s of poolSets) {
    const id = s.SetIdentifier ?? '';
    if (!sameZone(s)) return undefined;
    if (s.Failover === 'PRIMARY' && id.endsWith('-Primary')) {
      const pool = id.slice(0, -'-Primary'.length);
      if (withDot(s.Name ?? '') !== poolSetName(pool, base) || target(s) !== valueSetName(pool, base) || pools[pool]) return undefined;
      pools[pool] = { values: [] };
    } else if (s.Failover === 'SECONDARY' && id.includes('-Secondary-')) {
      const at = id.indexOf('-Secondary-');
      const pool = id.slice(0, at);
      const fallback = id.slice(at + '-Secondary-'.length);
      const expected = fallback === 'default' ? defaultPoolName(base) : poolSetName(fallback, base);
      if (withDot(s.Name ?? '') !== poolSetName(pool, base) || target(s) !== expected || fallbacks.has(pool)) return undefined;
      fallbacks.set(pool, fallback);
    } else return undefined;
  }
  for (const pool of Object.keys(pools)) if (!fallbacks.has(pool)) return undefined;
  for (const [pool, fallback] of fallbacks) {
    const data = pools[pool];
    if (!data || (fallback !== 'default' && !pools[fallback])) return undefined;
    if (fallback !== 'default') data.fallback = fallback;
  }
  // pool values, weighted, each with its health check when checked
  let settings: Pick<Dynamic, 'healthcheck' | 'providerHealthcheck'> | undefined;
  const prefix = healthCheckPrefix({ name: base, type });
  for (const s of list.filter((x) => /^_octodns-.*-value\./.test(withDot(x.Name ?? '')))) {
    const id = s.SetIdentifier ?? '';
    const match = /^(.*)-(\d{3})$/.exec(id);
    const pool = match?.[1];
    const data = pool === undefined ? undefined : pools[pool];
    if (!data || pool === undefined || withDot(s.Name ?? '') !== valueSetName(pool, base) || s.Weight === undefined || s.AliasTarget || (s.ResourceRecords ?? []).length !== 1 || s.TTL !== ttl) return undefined;
    const value = valueOf(type, s.ResourceRecords?.[0]?.Value ?? '');
    if (value === undefined) return undefined;
    let status: DynamicStatus = 'up';
    if (s.HealthCheckId !== undefined) {
      const check = healthChecks.get(s.HealthCheckId);
      if (!check || !check.callerReference.startsWith(prefix)) return undefined;
      status = check.config.Disabled && check.config.Inverted ? 'down' : 'obey';
      settings ??= settingsFromTags(check.tags);
    }
    data.values.push({ value, weight: s.Weight, status });
  }
  if (Object.values(pools).some((p) => p.values.length === 0)) return undefined;
  // rules: the CIDR record sets at the name (when it routes by CIDR), then the geolocation record sets
  const rules = new Map<number, { pool: string; geos: string[]; catchAll: boolean; subnets?: string[] }>();
  const atName = list.filter((x) => withDot(x.Name ?? '') === base);
  let geoAt = base;
  if (atName.some((s) => s.CidrRoutingConfig)) {
    const read = cidrRules(base, type, atName, Object.keys(pools), cidr, sameZone, target);
    if (!read) return undefined;
    for (const [index, rule] of read.rules) rules.set(index, { ...rule, geos: [], catchAll: false });
    geoAt = read.geoAt;
    if (geoAt !== geoSetName(base) && list.some((x) => withDot(x.Name ?? '') === geoSetName(base))) return undefined;
  } else if (list.some((x) => withDot(x.Name ?? '') === geoSetName(base))) return undefined;
  for (const s of list.filter((x) => withDot(x.Name ?? '') === geoAt && geoAt !== defaultPoolName(base))) {
    if (!s.GeoLocation || !sameZone(s)) return undefined;
    const id = s.SetIdentifier ?? '';
    const dash = id.indexOf('-');
    const index = Number(id.slice(0, dash));
    if (dash < 1 || !Number.isInteger(index) || String(index) !== id.slice(0, dash)) return undefined;
    const rest = id.slice(dash + 1);
    const pool = Object.keys(pools).find((p) => rest.startsWith(`${p}-`) && target(s) === poolSetName(p, base));
    if (pool === undefined) return undefined;
    const geo = rest.slice(pool.length + 1);
    const rule = rules.get(index) ?? { pool, geos: [], catchAll: false };
    if (rule.pool !== pool) return undefined;
    if (geo === 'None') {
      if (s.GeoLocation.CountryCode !== '*' || s.GeoLocation.ContinentCode || s.GeoLocation.SubdivisionCode) return undefined;
      rule.catchAll = true;
    } else {
      if (canonicalJson(geoLocation(geo) ?? null) !== canonicalJson(Object.fromEntries(Object.entries(s.GeoLocation).filter(([, v]) => v !== undefined)))) return undefined;
      rule.geos.push(geo);
    }
    if (rule.catchAll && (rule.geos.length > 0 || rule.subnets)) return undefined;
    rules.set(index, rule);
  }
  if (geoAt === geoSetName(base) && ![...rules.values()].some((r) => r.geos.length > 0 || r.catchAll)) return undefined;
  const ruleList: DynamicRule[] = [...rules.entries()]
    .sort(([a], [b]) => a - b)
    .map(([, r]) => (r.catchAll ? { pool: r.pool } : { pool: r.pool, ...(r.geos.length > 0 ? { geos: r.geos } : {}), ...(r.subnets ? { subnets: r.subnets } : {}) }));
  const dynamic: Dynamic = { pools, rules: ruleList, healthcheck: settings?.healthcheck ?? defaultHealthcheck(base), ...(settings?.providerHealthcheck ? { providerHealthcheck: settings.providerHealthcheck } : {}) };
  return { name: base, type, ttl, values: [...new Set(values)].sort(), dynamic: canonicalDynamic(base, type, dynamic, '.') };
}

/**
 * The subnet rules of a name that routes by CIDR: each record set there names zonesync's collection
 * and the location zonesync gives its rule, `cidr-default` the default location `*`; and where the
 * rest of the rules are (`_zonesync-geo.<name>`, or none: the record's values).
 */
function cidrRules(
  base: string,
  type: RecordType,
  atName: ResourceRecordSet[],
  pools: string[],
  cidr: CidrCollectionRead | undefined,
  sameZone: (s: ResourceRecordSet) => boolean,
  target: (s: ResourceRecordSet) => string,
): { rules: Map<number, { pool: string; subnets: string[] }>; geoAt: string } | undefined {
  if (!cidr) return undefined;
  const rules = new Map<number, { pool: string; subnets: string[] }>();
  let geoAt: string | undefined;
  for (const s of atName) {
    const config = s.CidrRoutingConfig;
    if (!config || config.CollectionId !== cidr.id || !sameZone(s)) return undefined;
    const id = s.SetIdentifier ?? '';
    if (id === 'cidr-default') {
      if (config.LocationName !== '*' || geoAt !== undefined || ![geoSetName(base), defaultPoolName(base)].includes(target(s))) return undefined;
      geoAt = target(s);
      continue;
    }
    const match = /^(\d+)-(.+)-cidr$/.exec(id);
    const index = Number(match?.[1]);
    const pool = match?.[2];
    if (!match || pool === undefined || String(index) !== match[1] || !pools.includes(pool) || target(s) !== poolSetName(pool, base) || rules.has(index)) return undefined;
    const blocks = cidr.locations.get(config.LocationName ?? '');
    if (config.LocationName !== cidrLocationName({ name: base, type }, index) || !blocks || blocks.length === 0) return undefined;
    rules.set(index, { pool, subnets: [...blocks] });
  }
  return geoAt === undefined ? undefined : { rules, geoAt };
}

