import { defaultHealthcheck } from '../../core/dynamic/canonical.js';
import type { Dynamic, DynamicPool, DynamicRule } from '../../core/dynamic/model.js';
import type { RRset } from '../../core/model.js';
import { CONTINENT_TO_REGION, COUNTRIES_BY_CONTINENT, continentOf } from './geo.js';
import type { Ns1Answer, Ns1Filter, Ns1Meta, Ns1Part } from './api.js';

/**
 * A steered rrset (octoDNS `dynamic`) as an NS1 record, the way octoDNS's NS1 provider writes it
 * (octodns_ns1 `_params_for_dynamic`, `_data_for_dynamic`), and back. Pure.
 * - each rule is one region (answer group) per kind, `<pool>__georegion|country|subnet|catchall`,
 *   whose meta holds the rule's targeting and a note `rule-order:<i>` (and `fallback:<pool>`);
 * - each region holds the answers of its pool at priority 1, the pool's fallback at 2, and so on,
 *   then the record's `values` (note `from:--default--`); each answer's note names `from:<region>
 *   pool:<pool> fallback:<pool>`, its meta `up` (status) and `weight`;
 * - the filter chain: up, then netfence_prefix, geofence_country, geofence_regional as the rules
 *   need, then select_first_region, priority, weighted_shuffle, select_first_n (N=1).
 * A value with status `obey` gets an NS1 monitor as octoDNS makes one (monitors.ts, monitor-sync.ts):
 * its answers' meta `up` is `{feed: <id>}`, the data feed of that monitor, and their note says
 * `status:obey feed:<id>` so the feed reads back as zonesync's. Health-check settings other than
 * octoDNS's defaults ride in the fallback answers' note (`hc:`), so a re-plan compares them (and a
 * changed health check updates the monitors).
 */

export interface Ns1Region {
  meta: Ns1Meta;
}

export interface Ns1Steering {
  answers: Ns1Answer[];
  filters: Ns1Filter[];
  regions: Record<string, Ns1Region>;
}

export const FILTER_UP: Ns1Filter = { filter: 'up', config: {} };
const FILTER_SUBNET: Ns1Filter = { filter: 'netfence_prefix', config: { remove_no_ip_prefixes: true } };
const FILTER_COUNTRY: Ns1Filter = { filter: 'geofence_country', config: { remove_no_location: true } };
const FILTER_REGION: Ns1Filter = { filter: 'geofence_regional', config: { remove_no_georegion: true } };
const FILTER_TAIL: Ns1Filter[] = [
  { filter: 'select_first_region', config: {} },
  { filter: 'priority', config: { eliminate: '1' } },
  { filter: 'weighted_shuffle', config: {} },
  { filter: 'select_first_n', config: { N: '1' } },
];
const OWN_FILTERS = [FILTER_UP, FILTER_SUBNET, FILTER_COUNTRY, FILTER_REGION, ...FILTER_TAIL];

/** Answer meta keys the steering writes; any other key is someone else's. */
export const OWN_ANSWER_META = new Set(['priority', 'note', 'up', 'weight']);
/** Region meta keys the steering writes. */
export const OWN_REGION_META = new Set(['note', 'georegion', 'country', 'us_state', 'ca_province', 'ip_prefixes']);

export const DEFAULT_FROM = '--default--';

/** octoDNS's note format: `key:value` pairs, sorted, separated by spaces. */
export function encodeNote(data: Record<string, string | number>): string {
  return Object.keys(data)
    .sort()
    .map((key) => `${key}:${data[key]}`)
    .join(' ');
}

export function parseNote(note: unknown): Record<string, string> {
  const data: Record<string, string> = {};
  if (typeof note !== 'string') return data;
  for (const piece of note.split(' ')) {
    const colon = piece.indexOf(':');
    if (colon > 0) data[piece.slice(0, colon)] = piece.slice(colon + 1);
  }
  return data;
}

/** `eu__country` → `eu` (octoDNS `_parse_dynamic_pool_name`). */
export function poolOfRegion(label: string): string {
  if (label.startsWith('catchall__')) return label.slice('catchall__'.length);
  const split = label.lastIndexOf('__');
  return split > 0 ? label.slice(0, split) : label;
}

/** The filter chain octoDNS builds for the kinds of targeting the rules use. */
export function filterChain(kinds: { subnet: boolean; country: boolean; region: boolean }): Ns1Filter[] {
  return [FILTER_UP, ...(kinds.subnet ? [FILTER_SUBNET] : []), ...(kinds.country ? [FILTER_COUNTRY] : []), ...(kinds.region ? [FILTER_REGION] : []), ...FILTER_TAIL];
}

export function sameFilter(a: Ns1Filter, b: Ns1Filter): boolean {
  if (a.filter !== b.filter || a.disabled === true) return false;
  const ca = a.config ?? {};
  const cb = b.config ?? {};
  const keys = new Set([...Object.keys(ca), ...Object.keys(cb)]);
  return [...keys].every((key) => String(ca[key]) === String(cb[key]));
}

/** Whether a filter is one the steering writes (so a person's filter is every other one). */
export function isOwnFilter(filter: Ns1Filter): boolean {
  return OWN_FILTERS.some((own) => sameFilter(own, filter));
}

/** Why NS1 cannot serve this steering as octoDNS maps it, or undefined. */
export function unservableSteering(rrset: RRset): string | undefined {
  const dynamic = rrset.dynamic;
  if (!dynamic) return undefined;
  const labels = new Set<string>();
  let sawGeo = false;
  for (const [index, rule] of dynamic.rules.entries()) {
    if (!dynamic.pools[rule.pool]) return `rule ${index + 1} names pool "${rule.pool}", which is not defined`;
    if (rule.pool.includes(' ') || rule.pool.includes(':')) return `pool "${rule.pool}": NS1 notes cannot hold a pool name with a space or colon`;
    for (const geo of rule.geos ?? []) {
      const reason = unservableGeo(geo);
      if (reason) return `rule ${index + 1}: ${reason}`;
    }
    if (rule.subnets && sawGeo) return `rule ${index + 1}: NS1's filter chain checks subnets before geos, so a subnet rule after a geo rule would answer first`;
    if (rule.geos) sawGeo = true;
    for (const kind of regionKinds(rule)) {
      const label = `${rule.pool}__${kind}`;
      if (labels.has(label)) return `rule ${index + 1}: pool "${rule.pool}" already has a ${kind} rule, and NS1 holds one answer group per pool and kind`;
      labels.add(label);
    }
  }
  if (rrset.values.length === 0) return 'a steered NS1 record needs its fallback values';
  // octoDNS's mapping puts the record's values only inside the rules' answer groups: a client no rule matches would get none.
  if (!dynamic.rules.some((rule) => !rule.geos && !rule.subnets)) return "NS1 answers a client no rule matches from a catch-all rule's group only: add a last rule with just a pool";
  return undefined;
}

function unservableGeo(geo: string): string | undefined {
  const parts = geo.split('-');
  if (parts.length === 1) return COUNTRIES_BY_CONTINENT[geo] ? undefined : `unknown continent ${geo}`;
  if (parts.length === 2) return continentOf(parts[1] as string) === parts[0] ? undefined : `unknown country ${geo}`;
  if (parts.length === 3 && (geo.startsWith('NA-US-') || geo.startsWith('NA-CA-'))) return undefined;
  return `NS1 targets provinces only in the US and Canada, not ${geo}`;
}

type Kind = 'georegion' | 'country' | 'subnet' | 'catchall';

function regionKinds(rule: DynamicRule): Kind[] {
  const geos = rule.geos ?? [];
  const kinds: Kind[] = [];
  if (geos.some((g) => CONTINENT_TO_REGION[g] !== undefined)) kinds.push('georegion');
  if (geos.some((g) => CONTINENT_TO_REGION[g] === undefined)) kinds.push('country');
  if (rule.subnets && rule.subnets.length > 0) kinds.push('subnet');
  if (kinds.length === 0) kinds.push('catchall');
  return kinds;
}

/** The rules' regions, in rule order, and which filters they need (octoDNS `_generate_regions`). */
function regionsFor(dynamic: Dynamic): { regions: Array<[string, Ns1Region]>; kinds: { subnet: boolean; country: boolean; region: boolean } } {
  const explicit = new Map<string, Set<string>>();
  for (const rule of dynamic.rules) {
    for (const geo of rule.geos ?? []) {
      const [continent, country] = geo.split('-');
      if (geo.length === 5 && continent && country) explicit.set(continent, (explicit.get(continent) ?? new Set()).add(country));
    }
  }
  const kinds = { subnet: false, country: false, region: false };
  const regions: Array<[string, Ns1Region]> = [];
  for (const [index, rule] of dynamic.rules.entries()) {
    const notes: Record<string, string | number> = { 'rule-order': index };
    const fallback = dynamic.pools[rule.pool]?.fallback;
    if (fallback) notes['fallback'] = fallback;
    const georegion = new Set<string>();
    const country = new Set<string>();
    const usState = new Set<string>();
    const caProvince = new Set<string>();
    const continents = new Set<string>();
    for (const geo of rule.geos ?? []) {
      if (geo.length === 8) (geo.startsWith('NA-US-') ? usState : caProvince).add(geo.slice(-2));
      else if (geo.length === 5) country.add(geo.slice(-2));
      else if (CONTINENT_TO_REGION[geo]) georegion.add(CONTINENT_TO_REGION[geo]);
      else {
        const exclude = explicit.get(geo) ?? new Set<string>();
        for (const c of COUNTRIES_BY_CONTINENT[geo] ?? []) if (!exclude.has(c)) country.add(c);
        continents.add(geo);
      }
    }
    if (continents.size > 0) notes['continents'] = [...continents].sort().join(',');
    const note = encodeNote(notes);
    if (georegion.size > 0) {
      regions.push([`${rule.pool}__georegion`, { meta: { note, georegion: [...georegion].sort() } }]);
      kinds.region = true;
    }
    if (country.size + usState.size + caProvince.size > 0) {
      const meta: Ns1Meta = { note };
      if (country.size > 0) meta['country'] = [...country].sort();
      if (usState.size > 0) meta['us_state'] = [...usState].sort();
      if (caProvince.size > 0) meta['ca_province'] = [...caProvince].sort();
      regions.push([`${rule.pool}__country`, { meta }]);
      kinds.country = true;
    }
    if (rule.subnets && rule.subnets.length > 0) {
      regions.push([`${rule.pool}__subnet`, { meta: { note, ip_prefixes: [...rule.subnets].sort() } }]);
      kinds.subnet = true;
    }
    if (regionKinds(rule)[0] === 'catchall') regions.push([`${rule.pool}__catchall`, { meta: { note } }]);
  }
  return { regions, kinds };
}

function healthNote(name: string, dynamic: Dynamic): string | undefined {
  const standard = defaultHealthcheck(name);
  const same = (Object.keys(standard) as Array<keyof typeof standard>).every((k) => standard[k] === dynamic.healthcheck[k]);
  if (same && !dynamic.providerHealthcheck) return undefined;
  const data = { healthcheck: dynamic.healthcheck, ...(dynamic.providerHealthcheck ? { providerHealthcheck: dynamic.providerHealthcheck } : {}) };
  return Buffer.from(JSON.stringify(data), 'utf8').toString('base64url');
}

/**
 * The answers, filters and regions for a steered rrset; `parts` turns a value into NS1 answer parts,
 * `feeds` names the data feed of each obeying value's monitor (a value without one is served up).
 */
export function steeringFor(rrset: RRset & { dynamic: Dynamic }, parts: (value: string) => Ns1Part[], feeds: ReadonlyMap<string, string> = new Map()): Ns1Steering {
  const dynamic = rrset.dynamic;
  const { regions, kinds } = regionsFor(dynamic);
  const hc = healthNote(rrset.name, dynamic);
  const answers: Ns1Answer[] = [];
  for (const [label] of regions) {
    let priority = 1;
    const seen = new Set<string>();
    for (let name: string | undefined = poolOfRegion(label); name && !seen.has(name); name = dynamic.pools[name]?.fallback) {
      seen.add(name);
      const pool = dynamic.pools[name] as DynamicPool;
      for (const value of pool.values) {
        const note: Record<string, string> = { from: label, pool: name, fallback: pool.fallback ?? '' };
        const feed = value.status === 'obey' ? feeds.get(value.value) : undefined;
        if (value.status === 'obey') note['status'] = 'obey';
        if (feed) note['feed'] = feed;
        const up = feed ? { feed } : value.status !== 'down';
        answers.push({ answer: parts(value.value), meta: { priority, note: encodeNote(note), up, weight: value.weight }, region: label });
      }
      priority++;
    }
    for (const value of rrset.values) {
      const note: Record<string, string> = { from: DEFAULT_FROM, ...(hc ? { hc } : {}) };
      answers.push({ answer: parts(value), meta: { priority, note: encodeNote(note), up: true, weight: 1 }, region: label });
    }
  }
  return { answers, filters: filterChain(kinds), regions: Object.fromEntries(regions) };
}
