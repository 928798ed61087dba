import type { ResourceRecordSet } from '@aws-sdk/client-route-53';
import { canonicalJson } from '../../core/canonical-json.js';
import type { DynamicPool, DynamicRule } from '../../core/dynamic/model.js';
import type { RecordType } from '../../core/model.js';
import { cidrLocationName, defaultPoolName, geoLocation, geoSetName, poolSetName, withDot } from './dynamic.js';

/** The rules of steering read back from Route 53 (dynamic-read.ts), and the words for what does not add up. */

/** What was read, or why it does not read as zonesync's steering. */
export type Read<T> = { ok: true; value: T } | { ok: false; reason: string };
export const broken = (reason: string): { ok: false; reason: string } => ({ ok: false, reason });

/** A record set in a reason: its name and, when it has one, its SetIdentifier. */
export const setLabel = (s: ResourceRecordSet): string => `${withDot(s.Name ?? '')}${s.SetIdentifier !== undefined ? ` "${s.SetIdentifier}"` : ''}`;

export type Pools = Record<string, DynamicPool>;

/** zonesync's CIDR collection of a hosted zone as read: its id and its locations' blocks. */
export interface CidrCollectionRead {
  id: string;
  locations: ReadonlyMap<string, string[]>;
}

/** The rules: the CIDR record sets at the name (when it routes by CIDR), then the geolocation record sets. */
export function ruleSets(base: string, type: RecordType, list: ResourceRecordSet[], pools: Pools, cidr: CidrCollectionRead | undefined, sameZone: (s: ResourceRecordSet) => boolean, target: (s: ResourceRecordSet) => string): Read<DynamicRule[]> {
  const rules = new Map<number, { pool: string; geos: string[]; catchAll: boolean; subnets?: string[] }>();
  const atName = list.filter((x) => withDot(x.Name ?? '') === base);
  const geoSets = list.some((x) => withDot(x.Name ?? '') === geoSetName(base));
  let geoAt = base;
  if (atName.some((s) => s.CidrRoutingConfig)) {
    const read = cidrRules(base, type, atName, Object.keys(pools), cidr, sameZone, target);
    if (!read.ok) return read;
    for (const [index, rule] of read.value.rules) rules.set(index, { ...rule, geos: [], catchAll: false });
    geoAt = read.value.geoAt;
    if (geoAt !== geoSetName(base) && geoSets) return broken(`record sets at ${geoSetName(base)}, but "cidr-default" aliases ${geoAt}`);
  } else if (geoSets) return broken(`record sets at ${geoSetName(base)}, but no CIDR sets at ${base}`);
  for (const s of list.filter((x) => withDot(x.Name ?? '') === geoAt && geoAt !== defaultPoolName(base))) {
    if (!s.GeoLocation) return broken(`${setLabel(s)} is not a geolocation set`);
    if (!sameZone(s)) return broken(`geolocation set ${setLabel(s)} is not an alias in this hosted zone that evaluates target health`);
    const id = s.SetIdentifier ?? '';
    const dash = id.indexOf('-');
    const index = Number(id.slice(0, dash));
    if (dash < 1 || !Number.isInteger(index) || String(index) !== id.slice(0, dash)) return broken(`geolocation set ${setLabel(s)} does not start with a rule number`);
    const rest = id.slice(dash + 1);
    const named = Object.keys(pools).filter((p) => rest.startsWith(`${p}-`));
    const pool = named.find((p) => target(s) === poolSetName(p, base));
    if (pool === undefined) {
      const first = named[0];
      return broken(first === undefined ? `geolocation set ${setLabel(s)} names no pool there is (${Object.keys(pools).sort().join(', ')})` : `geolocation set ${setLabel(s)} aliases ${target(s)}, not pool ${first}'s ${poolSetName(first, base)}`);
    }
    const geo = rest.slice(pool.length + 1);
    const rule = rules.get(index) ?? { pool, geos: [], catchAll: false };
    if (rule.pool !== pool) return broken(`geolocation set ${setLabel(s)} routes rule ${index} to pool ${pool}, but rule ${index}'s other sets route to pool ${rule.pool}`);
    const location = Object.fromEntries(Object.entries(s.GeoLocation).filter(([, v]) => v !== undefined));
    if (geo === 'None') {
      if (s.GeoLocation.CountryCode !== '*' || s.GeoLocation.ContinentCode || s.GeoLocation.SubdivisionCode) return broken(`geolocation set ${setLabel(s)} is a catch-all but locates ${canonicalJson(location)}, not {"CountryCode":"*"}`);
      rule.catchAll = true;
    } else {
      const expected = canonicalJson(geoLocation(geo) ?? null);
      if (expected !== canonicalJson(location)) return broken(`geolocation set ${setLabel(s)} locates ${canonicalJson(location)}, not ${geo}'s ${expected}`);
      rule.geos.push(geo);
    }
    if (rule.catchAll && (rule.geos.length > 0 || rule.subnets)) return broken(`rule ${index} is a catch-all and also has geos or subnets (geolocation set ${setLabel(s)})`);
    rules.set(index, rule);
  }
  if (geoAt === geoSetName(base) && ![...rules.values()].some((r) => r.geos.length > 0 || r.catchAll)) return broken(`"cidr-default" aliases ${geoAt}, where there are no geolocation sets`);
  const ruleList = [...rules.entries()]
    .sort(([a], [b]) => a - b)
    .map(([, r]): DynamicRule => (r.catchAll ? { pool: r.pool } : { pool: r.pool, ...(r.geos.length > 0 ? { geos: r.geos } : {}), ...(r.subnets ? { subnets: r.subnets } : {}) }));
  return { ok: true, value: ruleList };
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
): Read<{ rules: Map<number, { pool: string; subnets: string[] }>; geoAt: string }> {
  if (!cidr) return broken(`CIDR sets at ${base}, but the hosted zone has no CIDR collection of zonesync's`);
  const rules = new Map<number, { pool: string; subnets: string[] }>();
  let geoAt: string | undefined;
  for (const s of atName) {
    const config = s.CidrRoutingConfig;
    if (!config) return broken(`${setLabel(s)} is not a CIDR set, where the others are`);
    if (config.CollectionId !== cidr.id) return broken(`CIDR set ${setLabel(s)} names collection ${config.CollectionId ?? 'none'}, not zonesync's ${cidr.id}`);
    if (!sameZone(s)) return broken(`CIDR set ${setLabel(s)} is not an alias in this hosted zone that evaluates target health`);
    const id = s.SetIdentifier ?? '';
    if (id === 'cidr-default') {
      if (config.LocationName !== '*') return broken(`CIDR set ${setLabel(s)} has location ${config.LocationName ?? 'none'}, not the default location *`);
      if (geoAt !== undefined) return broken(`more than one CIDR set "cidr-default" at ${base}`);
      if (![geoSetName(base), defaultPoolName(base)].includes(target(s))) return broken(`CIDR set ${setLabel(s)} aliases ${target(s)}, not ${geoSetName(base)} or ${defaultPoolName(base)}`);
      geoAt = target(s);
      continue;
    }
    const match = /^(\d+)-(.+)-cidr$/.exec(id);
    const index = Number(match?.[1]);
    const pool = match?.[2];
    if (!match || pool === undefined || String(index) !== match[1]) return broken(`CIDR set ${setLabel(s)} is neither "<rule>-<pool>-cidr" nor "cidr-default"`);
    if (!pools.includes(pool)) return broken(`CIDR set ${setLabel(s)} names pool ${pool}, which has no failover sets`);
    if (target(s) !== poolSetName(pool, base)) return broken(`CIDR set ${setLabel(s)} aliases ${target(s)}, not pool ${pool}'s ${poolSetName(pool, base)}`);
    if (rules.has(index)) return broken(`more than one CIDR set of rule ${index} at ${base}`);
    const location = cidrLocationName({ name: base, type }, index);
    if (config.LocationName !== location) return broken(`CIDR set ${setLabel(s)} has location ${config.LocationName ?? 'none'}, not ${location}`);
    const blocks = cidr.locations.get(location);
    if (!blocks || blocks.length === 0) return broken(`CIDR set ${setLabel(s)}: location ${location} of zonesync's collection has no blocks`);
    rules.set(index, { pool, subnets: [...blocks] });
  }
  return geoAt === undefined ? broken(`no CIDR set "cidr-default" at ${base}`) : { ok: true, value: { rules, geoAt } };
}
