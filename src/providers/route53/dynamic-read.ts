import type { ResourceRecordSet } from '@aws-sdk/client-route-53';
import { canonicalDynamic, defaultHealthcheck } from '../../core/dynamic/canonical.js';
import type { Dynamic, DynamicHealthcheck, DynamicPool, DynamicStatus } from '../../core/dynamic/model.js';
import type { RecordType, RRset } from '../../core/model.js';
import {
  defaultPoolName,
  healthCheckPrefix,
  poolSetName,
  settingsTagKey,
  steeringBase,
  valueSetName,
  withDot,
  type HealthCheckRecord,
} from './dynamic.js';
import { broken, ruleSets, setLabel, type CidrCollectionRead, type Pools, type Read } from './dynamic-read-rules.js';

export type { CidrCollectionRead } from './dynamic-read-rules.js';

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

/** A group laid out as zonesync's steering (it has `_octodns-…-pool.<name>` sets) that does not read back: why, in words naming the set. */
export interface BrokenSteering {
  name: string;
  type: string;
  reason: string;
  sets: ResourceRecordSet[];
}

/**
 * The steered rrsets among record sets read from a zone: groups named the way `steeredToRoute53`
 * names them, complete and consistent, each read back as one rrset with canonical `dynamic`.
 * Record sets of a group that does not add up (made by someone else, half deleted, a health check
 * zonesync did not make) are not taken: the caller keeps them as routing it leaves alone, and
 * `broken` says why for each group laid out as zonesync's.
 */
export function steeredFromRoute53(
  sets: ResourceRecordSet[],
  zoneId: string,
  healthChecks: ReadonlyMap<string, HealthCheckRecord>,
  valueOf: (type: RecordType, value: string) => string | undefined,
  cidr?: CidrCollectionRead,
): { groups: SteeredGroup[]; broken: BrokenSteering[] } {
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
  const brokenGroups: BrokenSteering[] = [];
  for (const [key, list] of byBase) {
    const [base, type] = key.split('|') as [string, RecordType];
    if (!['A', 'AAAA', 'CNAME'].includes(type)) continue;
    const layout = list.some((s) => /^_octodns-[^.]*-pool\./.test(withDot(s.Name ?? '')));
    const read: Read<RRset> = list.some((s) => withDot(s.Name ?? '') === base && (s.GeoLocation || s.CidrRoutingConfig) && s.AliasTarget)
      ? groupToRRset(base, type, list, zoneId, healthChecks, valueOf, cidr)
      : broken(`no geolocation or CIDR set at ${base} aliases its pools`);
    if (read.ok) groups.push({ rrset: read.value, sets: list });
    else if (layout) brokenGroups.push({ name: base, type, reason: read.reason, sets: list });
  }
  return { groups, broken: brokenGroups };
}

function groupToRRset(base: string, type: RecordType, list: ResourceRecordSet[], zoneId: string, healthChecks: ReadonlyMap<string, HealthCheckRecord>, valueOf: (type: RecordType, value: string) => string | undefined, cidr: CidrCollectionRead | undefined): Read<RRset> {
  const defaults = list.filter((s) => withDot(s.Name ?? '') === defaultPoolName(base));
  const fallbackSet = defaults[0];
  if (!fallbackSet) return broken(`the record's values at ${defaultPoolName(base)} are missing`);
  if (defaults.length !== 1) return broken(`${defaults.length} record sets at ${defaultPoolName(base)}, not 1`);
  if (fallbackSet.SetIdentifier !== undefined) return broken(`${setLabel(fallbackSet)} has a SetIdentifier; the record's values are a plain record set`);
  if (fallbackSet.AliasTarget) return broken(`${setLabel(fallbackSet)} is an alias, not the record's values`);
  const values: string[] = [];
  for (const r of fallbackSet.ResourceRecords ?? []) {
    const v = valueOf(type, r.Value ?? '');
    if (v === undefined) return broken(`value ${JSON.stringify(r.Value ?? '')} of ${setLabel(fallbackSet)} does not read as ${type}`);
    values.push(v);
  }
  const ttl = fallbackSet.TTL ?? 0;
  const sameZone = (s: ResourceRecordSet) => s.AliasTarget !== undefined && (s.AliasTarget.HostedZoneId ?? '').replace(/^\/hostedzone\//, '') === zoneId && s.AliasTarget.EvaluateTargetHealth === true;
  const target = (s: ResourceRecordSet) => withDot(s.AliasTarget?.DNSName ?? '');
  const pools = failoverPools(base, list, sameZone, target);
  if (!pools.ok) return pools;
  const checked = poolValues(base, type, list, pools.value, ttl, healthChecks, valueOf);
  if (!checked.ok) return checked;
  const settings = checked.value;
  const rules = ruleSets(base, type, list, pools.value, cidr, sameZone, target);
  if (!rules.ok) return rules;
  const dynamic: Dynamic = { pools: pools.value, rules: rules.value, healthcheck: settings?.healthcheck ?? defaultHealthcheck(base), ...(settings?.providerHealthcheck ? { providerHealthcheck: settings.providerHealthcheck } : {}) };
  return { ok: true, value: { name: base, type, ttl, values: [...new Set(values)].sort(), dynamic: canonicalDynamic(base, type, dynamic, '.') } };
}

/** The pools, from their failover pairs: `<pool>-Primary` aliasing its values, `<pool>-Secondary-<fallback>` its fallback pool (or the record's values). */
function failoverPools(base: string, list: ResourceRecordSet[], sameZone: (s: ResourceRecordSet) => boolean, target: (s: ResourceRecordSet) => string): Read<Pools> {
  const pools: Pools = {};
  const fallbacks = new Map<string, string>();
  const poolSets = list.filter((s) => /^_octodns-.*-pool\./.test(withDot(s.Name ?? '')) && withDot(s.Name ?? '') !== defaultPoolName(base));
  for (const s of poolSets) {
    const id = s.SetIdentifier ?? '';
    const name = withDot(s.Name ?? '');
    if (!sameZone(s)) return broken(`failover set ${setLabel(s)} is not an alias in this hosted zone that evaluates target health`);
    if (s.Failover === 'PRIMARY' && id.endsWith('-Primary')) {
      const pool = id.slice(0, -'-Primary'.length);
      if (name !== poolSetName(pool, base)) return broken(`failover set ${setLabel(s)} is not at pool ${pool}'s ${poolSetName(pool, base)}`);
      if (target(s) !== valueSetName(pool, base)) return broken(`failover set ${setLabel(s)} aliases ${target(s)}, not pool ${pool}'s values ${valueSetName(pool, base)}`);
      if (pools[pool]) return broken(`pool ${pool} has more than one PRIMARY failover set`);
      pools[pool] = { values: [] };
    } else if (s.Failover === 'SECONDARY' && id.includes('-Secondary-')) {
      const at = id.indexOf('-Secondary-');
      const pool = id.slice(0, at);
      const fallback = id.slice(at + '-Secondary-'.length);
      const expected = fallback === 'default' ? defaultPoolName(base) : poolSetName(fallback, base);
      if (name !== poolSetName(pool, base)) return broken(`failover set ${setLabel(s)} is not at pool ${pool}'s ${poolSetName(pool, base)}`);
      if (target(s) !== expected) return broken(`failover set ${setLabel(s)} aliases ${target(s)}, not its fallback's ${expected}`);
      if (fallbacks.has(pool)) return broken(`pool ${pool} has more than one SECONDARY failover set`);
      fallbacks.set(pool, fallback);
    } else return broken(`failover set ${setLabel(s)} is neither a PRIMARY "<pool>-Primary" nor a SECONDARY "<pool>-Secondary-<fallback>"`);
  }
  for (const pool of Object.keys(pools)) if (!fallbacks.has(pool)) return broken(`pool ${pool} has no SECONDARY failover set`);
  for (const pool of fallbacks.keys()) if (!pools[pool]) return broken(`pool ${pool} has a SECONDARY failover set but no PRIMARY one`);
  for (const [pool, fallback] of fallbacks) {
    const data = pools[pool] as DynamicPool;
    if (fallback !== 'default' && !pools[fallback]) return broken(`pool ${pool} falls back to pool ${fallback}, which has no failover sets`);
    if (fallback !== 'default') data.fallback = fallback;
  }
  return { ok: true, value: pools };
}

/** Each pool's values, weighted, each with its health check when checked (one zonesync made for this record); the health settings their tags carry. */
function poolValues(
  base: string,
  type: RecordType,
  list: ResourceRecordSet[],
  pools: Pools,
  ttl: number,
  healthChecks: ReadonlyMap<string, HealthCheckRecord>,
  valueOf: (type: RecordType, value: string) => string | undefined,
): Read<Pick<Dynamic, 'healthcheck' | 'providerHealthcheck'> | undefined> {
  let settings: Pick<Dynamic, 'healthcheck' | 'providerHealthcheck'> | undefined;
  const prefix = healthCheckPrefix({ name: base, type });
  for (const s of list.filter((x) => /^_octodns-.*-value\./.test(withDot(x.Name ?? '')))) {
    const id = s.SetIdentifier ?? '';
    const pool = /^(.*)-(\d{3})$/.exec(id)?.[1];
    const data = pool === undefined ? undefined : pools[pool];
    if (!data || pool === undefined) return broken(`value set ${setLabel(s)} belongs to no pool (its SetIdentifier is not "<pool>-<nnn>" of a pool with failover sets)`);
    if (withDot(s.Name ?? '') !== valueSetName(pool, base)) return broken(`value set ${setLabel(s)} is not at pool ${pool}'s ${valueSetName(pool, base)}`);
    if (s.Weight === undefined) return broken(`value set ${setLabel(s)} has no weight`);
    if (s.AliasTarget) return broken(`value set ${setLabel(s)} is an alias`);
    const records = s.ResourceRecords ?? [];
    if (records.length !== 1) return broken(`value set ${setLabel(s)} holds ${records.length} values, not 1`);
    if (s.TTL !== ttl) return broken(`value set ${setLabel(s)} has TTL ${s.TTL ?? 'none'}, not the record's ${ttl}`);
    const value = valueOf(type, records[0]?.Value ?? '');
    if (value === undefined) return broken(`value ${JSON.stringify(records[0]?.Value ?? '')} of value set ${setLabel(s)} does not read as ${type}`);
    let status: DynamicStatus = 'up';
    if (s.HealthCheckId !== undefined) {
      const check = healthChecks.get(s.HealthCheckId);
      if (!check) return broken(`health check ${s.HealthCheckId} of value set ${setLabel(s)} is not in the account`);
      if (!check.callerReference.startsWith(prefix)) return broken(`health check ${s.HealthCheckId} of value set ${setLabel(s)} was not made by zonesync for ${base} ${type}`);
      status = check.config.Disabled && check.config.Inverted ? 'down' : 'obey';
      settings ??= settingsFromTags(check.tags);
    }
    data.values.push({ value, weight: s.Weight, status });
  }
  const empty = Object.keys(pools).find((p) => pools[p]?.values.length === 0);
  if (empty !== undefined) return broken(`pool ${empty} has no value sets at ${valueSetName(empty, base)}`);
  return { ok: true, value: settings };
}
