import { BlockList, isIPv4 } from 'node:net';
import type { DnsClient } from '../../support/dns-server.js';
import type { SimAnswer, SimRecord } from './store.js';

/**
 * How the simulator's nameservers answer a record with a filter chain: each filter of the chain in
 * order over the answers (each answer's meta over its region's), as NS1 documents them — up drops
 * answers marked down; geofence_* keep the answers whose location matches the client's and, when
 * some match and the remove_no_* option is on, drop those without a location; netfence_prefix the
 * same for ip_prefixes; geotarget_* move matching answers first; select_first_region keeps the
 * first answer's group; priority keeps the lowest priority; weighted_shuffle orders by weight;
 * shuffle at random; select_first_n keeps N. The client is the EDNS Client Subnet address when the
 * query carries one (and the record uses it), else the query's source address.
 */

/** Where the simulator places client addresses: documentation subnets only, stated here so tests can name them. */
export interface SimLocation {
  prefix: string;
  country: string;
  continent: string;
  georegion: string;
  usState?: string;
  caProvince?: string;
}

export const SIM_GEO: readonly SimLocation[] = [
  { prefix: '192.0.2.0/24', country: 'DE', continent: 'EU', georegion: 'EUROPE' },
  { prefix: '198.51.100.0/24', country: 'US', continent: 'NA', georegion: 'US-WEST', usState: 'CA' },
  { prefix: '203.0.113.0/24', country: 'JP', continent: 'AS', georegion: 'ASIAPAC' },
  { prefix: '2001:db8:de::/48', country: 'DE', continent: 'EU', georegion: 'EUROPE' },
  { prefix: '2001:db8:ca::/48', country: 'CA', continent: 'NA', georegion: 'US-EAST', caProvince: 'ON' },
];

export interface SteerResult {
  answers: SimAnswer[];
  scopePrefix: number;
}

function family(address: string): 'ipv4' | 'ipv6' {
  return isIPv4(address) ? 'ipv4' : 'ipv6';
}

function inPrefix(address: string, prefix: string): boolean {
  const [network, bits] = prefix.split('/');
  if (!network || bits === undefined || family(network) !== family(address)) return false;
  const list = new BlockList();
  list.addSubnet(network, Number(bits), family(network));
  return list.check(address, family(address));
}

export function locate(address: string): SimLocation | undefined {
  return SIM_GEO.find((entry) => inPrefix(address, entry.prefix));
}

type Meta = Record<string, unknown>;
interface Candidate {
  answer: SimAnswer;
  meta: Meta;
}

function list(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(String);
  return typeof value === 'string' ? value.split(',') : [];
}

const LOCATION_FILTERS = new Set(['geofence_country', 'geofence_regional', 'geotarget_country', 'geotarget_regional', 'netfence_prefix']);

function countryMatch(meta: Meta, where: SimLocation | undefined): boolean | undefined {
  const located = ['country', 'us_state', 'ca_province'].some((key) => list(meta[key]).length > 0);
  if (!located) return undefined;
  if (!where) return false;
  if (where.usState && where.country === 'US' && list(meta['us_state']).includes(where.usState)) return true;
  if (where.caProvince && where.country === 'CA' && list(meta['ca_province']).includes(where.caProvince)) return true;
  return list(meta['country']).includes(where.country);
}

function regionMatch(meta: Meta, where: SimLocation | undefined): boolean | undefined {
  const regions = list(meta['georegion']);
  if (regions.length === 0) return undefined;
  return where !== undefined && regions.includes(where.georegion);
}

function prefixMatch(meta: Meta, address: string): boolean | undefined {
  const prefixes = list(meta['ip_prefixes']);
  if (prefixes.length === 0) return undefined;
  return prefixes.some((p) => inPrefix(address, p));
}

/** geofence: matching answers stay; unlocated ones stay unless some matched and `removeUnlocated`. */
function fence(candidates: Candidate[], match: (meta: Meta) => boolean | undefined, removeUnlocated: boolean): Candidate[] {
  const verdicts = candidates.map((c) => match(c.meta));
  const anyMatch = verdicts.some((v) => v === true);
  return candidates.filter((_, i) => verdicts[i] === true || (verdicts[i] === undefined && !(removeUnlocated && anyMatch)));
}

function weightedShuffle(candidates: Candidate[], random: () => number): Candidate[] {
  const left = [...candidates];
  const out: Candidate[] = [];
  while (left.length > 0) {
    const weights = left.map((c) => Math.max(0, Number(c.meta['weight'] ?? 1)));
    const total = weights.reduce((a, b) => a + b, 0);
    let pick = random() * total;
    let index = left.length - 1;
    for (let i = 0; i < left.length; i++) {
      pick -= weights[i] as number;
      if (pick < 0) {
        index = i;
        break;
      }
    }
    out.push(...left.splice(index, 1));
  }
  return out;
}

function truthy(value: unknown): boolean {
  return value === true || value === 'true' || value === '1' || value === 1;
}

/** Run the record's filter chain for one client; `feedUp` says whether a data feed's monitor is up. */
export function runFilterChain(record: SimRecord, client: DnsClient, random: () => number = Math.random, feedUp: (feed: string) => boolean = () => true): SteerResult {
  const useEcs = record.use_client_subnet && client.ecs !== undefined && client.ecs.sourcePrefix > 0;
  const address = useEcs ? client.ecs!.address : client.source;
  const where = locate(address);
  let candidates: Candidate[] = record.answers.map((answer) => {
    const region = answer.region ? ((record.regions[answer.region] as { meta?: Meta } | undefined)?.meta ?? {}) : {};
    return { answer, meta: { ...region, ...(answer.meta ?? {}) } };
  });
  let located = false;
  for (const filter of record.filters) {
    if (filter['disabled'] === true) continue;
    const name = String(filter['filter']);
    const config = (filter['config'] ?? {}) as Meta;
    if (LOCATION_FILTERS.has(name)) located = true;
    switch (name) {
      case 'up':
        candidates = candidates.filter((c) => {
          const up = c.meta['up'];
          // `{feed: id}`: the feed's monitor decides (NS1 monitoring via a data feed).
          if (typeof up === 'object' && up !== null) return feedUp(String((up as { feed?: unknown }).feed));
          return up !== false;
        });
        break;
      case 'geofence_country':
        candidates = fence(candidates, (m) => countryMatch(m, where), truthy(config['remove_no_location']));
        break;
      case 'geofence_regional':
        candidates = fence(candidates, (m) => regionMatch(m, where), truthy(config['remove_no_georegion']));
        break;
      case 'netfence_prefix':
        candidates = fence(candidates, (m) => prefixMatch(m, address), truthy(config['remove_no_ip_prefixes']));
        break;
      case 'geotarget_country':
        candidates = [...candidates.filter((c) => countryMatch(c.meta, where) === true), ...candidates.filter((c) => countryMatch(c.meta, where) !== true)];
        break;
      case 'geotarget_regional':
        candidates = [...candidates.filter((c) => regionMatch(c.meta, where) === true), ...candidates.filter((c) => regionMatch(c.meta, where) !== true)];
        break;
      case 'select_first_region': {
        const first = candidates[0]?.answer.region;
        candidates = candidates.filter((c) => c.answer.region === first);
        break;
      }
      case 'priority': {
        const lowest = Math.min(...candidates.map((c) => Number(c.meta['priority'] ?? 1)));
        candidates = candidates.filter((c) => Number(c.meta['priority'] ?? 1) === lowest);
        break;
      }
      case 'weighted_shuffle':
        candidates = weightedShuffle(candidates, random);
        break;
      case 'shuffle':
        candidates = weightedShuffle(candidates.map((c) => ({ ...c, meta: { ...c.meta, weight: 1 } })), random);
        break;
      case 'select_first_n':
        candidates = candidates.slice(0, Math.max(1, Number(config['N'] ?? 1)));
        break;
      default:
        // sticky, cost, pulsar_*, netfence_asn…: not modelled; the answers pass through unchanged.
        break;
    }
  }
  const scopePrefix = useEcs && located ? client.ecs!.sourcePrefix : 0;
  return { answers: candidates.map((c) => c.answer), scopePrefix };
}
