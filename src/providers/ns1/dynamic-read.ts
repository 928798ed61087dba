import { canonicalDynamic, defaultHealthcheck } from '../../core/dynamic/canonical.js';
import type { Dynamic, DynamicPool, DynamicRule } from '../../core/dynamic/model.js';
import type { RRset } from '../../core/model.js';
import type { Ns1Answer, Ns1Filter, Ns1Meta, Ns1Part } from './api.js';
import { DEFAULT_FROM, OWN_ANSWER_META, OWN_REGION_META, filterChain, isOwnFilter, parseNote, poolOfRegion, sameFilter, type Ns1Region, type Ns1Steering } from './dynamic.js';
import { CONTINENT_TO_REGION, COUNTRIES_BY_CONTINENT, REGION_TO_CONTINENT, continentOf } from './geo.js';

/**
 * Reading back the steering dynamic.ts writes (octoDNS-ns1 `_data_for_dynamic`): the canonical
 * `dynamic`, and what a person added beside it, which an update puts back (`withForeign`). Pure.
 */

/** What a record holds besides the steering zonesync writes: a person's filters, meta keys and regions. */
export interface ForeignParts {
  filters: Ns1Filter[];
  /** Regions the steering did not make, whole. */
  regions: Record<string, Ns1Region>;
  /** Per region the steering made: the meta keys it does not write. */
  regionMeta: Record<string, Ns1Meta>;
  /** Per answer, keyed `<region> <value>`: meta keys the steering does not write. */
  answerMeta: Map<string, Ns1Meta>;
}

export interface ReadSteering {
  values: string[];
  dynamic: Dynamic;
  foreign: ForeignParts;
}

function foreignKeys(meta: Ns1Meta | undefined, own: ReadonlySet<string>): Ns1Meta | undefined {
  const out: Ns1Meta = {};
  for (const [key, value] of Object.entries(meta ?? {})) if (!own.has(key)) out[key] = value;
  return Object.keys(out).length > 0 ? out : undefined;
}

/** The record's steering as zonesync (or octoDNS) wrote it, or undefined when it is not that shape. */
export function readSteering(
  record: { domain: string; answers: Ns1Answer[]; filters?: Ns1Filter[]; regions?: Record<string, unknown> },
  rrsetName: string,
  type: RRset['type'],
  value: (parts: Ns1Part[]) => string | undefined,
): ReadSteering | undefined {
  const filters = record.filters ?? [];
  if (record.answers.length === 0 || filters.length === 0) return undefined;
  const ownRegions: Array<[string, Ns1Meta]> = [];
  const foreign: ForeignParts = { filters: filters.filter((f) => !isOwnFilter(f)), regions: {}, regionMeta: {}, answerMeta: new Map() };
  for (const [label, raw] of Object.entries(record.regions ?? {})) {
    const meta = ((raw as Ns1Region | undefined)?.meta ?? {}) as Ns1Meta;
    const order = parseNote(meta['note'])['rule-order'];
    if (order === undefined || !/^\d+$/.test(order)) {
      foreign.regions[label] = raw as Ns1Region;
      continue;
    }
    ownRegions.push([label, meta]);
    const extra = foreignKeys(meta, OWN_REGION_META);
    if (extra) foreign.regionMeta[label] = extra;
  }
  if (ownRegions.length === 0) return undefined;
  const kinds = { subnet: false, country: false, region: false };
  for (const [, meta] of ownRegions) {
    if (meta['ip_prefixes']) kinds.subnet = true;
    if (meta['country'] || meta['us_state'] || meta['ca_province']) kinds.country = true;
    if (meta['georegion']) kinds.region = true;
  }
  const ownChain = filters.filter((f) => isOwnFilter(f));
  const expected = filterChain(kinds);
  if (ownChain.length !== expected.length || !ownChain.every((f, i) => sameFilter(expected[i] as Ns1Filter, f))) return undefined;

  const defaults = new Set<string>();
  const pools: Record<string, DynamicPool> = {};
  let hc: string | undefined;
  for (const answer of record.answers) {
    const notes = parseNote(answer.meta?.['note']);
    if (notes['from'] === undefined) return undefined;
    const text = value(answer.answer);
    if (text === undefined) return undefined;
    const up = answer.meta?.['up'];
    const fed = typeof up === 'object' && up !== null;
    // A feed whose id the note names is the one zonesync attached; any other (a monitor someone attached) is theirs.
    const ours = fed && notes['feed'] !== undefined && (up as { feed?: unknown }).feed === notes['feed'];
    const extra = { ...foreignKeys(answer.meta, OWN_ANSWER_META), ...(fed && !ours ? { up } : {}) };
    if (Object.keys(extra).length > 0) foreign.answerMeta.set(`${answer.region ?? ''} ${text}`, extra);
    if (notes['from'] === DEFAULT_FROM) {
      defaults.add(text);
      hc ??= notes['hc'];
      continue;
    }
    const poolName = notes['pool'];
    if (poolName === undefined) return undefined;
    const pool = (pools[poolName] ??= { values: [] });
    if (notes['fallback']) pool.fallback = notes['fallback'];
    if (pool.values.some((v) => v.value === text)) continue;
    // A data feed (`{feed: id}`, an NS1 monitor, zonesync's or another's) is a health check: obey.
    const status = notes['status'] === 'obey' || fed ? 'obey' : up === false ? 'down' : 'up';
    pool.values.push({ value: text, weight: Number(answer.meta?.['weight'] ?? 1), status });
  }
  const rules = rulesFrom(ownRegions);
  for (const rule of rules) pools[rule.pool] ??= { values: [] };
  const health = hc ? (JSON.parse(Buffer.from(hc, 'base64url').toString('utf8')) as Pick<Dynamic, 'healthcheck' | 'providerHealthcheck'>) : undefined;
  const dynamic: Dynamic = { pools, rules, healthcheck: health?.healthcheck ?? defaultHealthcheck(rrsetName), ...(health?.providerHealthcheck ? { providerHealthcheck: health.providerHealthcheck } : {}) };
  return { values: [...defaults].sort(), dynamic: canonicalDynamic(rrsetName, type, dynamic, rrsetName), foreign };
}

/** Regions → rules (octoDNS `_parse_rules`, `_parse_rule_geos`). */
function rulesFrom(regions: Array<[string, Ns1Meta]>): DynamicRule[] {
  const byOrder = new Map<number, DynamicRule>();
  for (const [label, meta] of regions) {
    const notes = parseNote(meta['note']);
    const order = Number(notes['rule-order']);
    const rule = byOrder.get(order) ?? { pool: poolOfRegion(label) };
    byOrder.set(order, rule);
    const geos = new Set<string>(rule.geos ?? []);
    for (const region of list(meta['georegion'])) {
      const continent = REGION_TO_CONTINENT[region];
      if (continent) geos.add(continent);
    }
    const named = new Set((notes['continents'] ?? '').split(',').filter(Boolean));
    const partial = new Map<string, Set<string>>();
    for (const country of list(meta['country'])) {
      const continent = continentOf(country);
      if (!continent) continue;
      if (CONTINENT_TO_REGION[continent]) geos.add(`${continent}-${country}`);
      else partial.set(continent, (partial.get(continent) ?? new Set()).add(country));
    }
    for (const [continent, countries] of partial) {
      const all = COUNTRIES_BY_CONTINENT[continent] ?? [];
      if (named.has(continent) || all.every((c) => countries.has(c))) geos.add(continent);
      else for (const c of countries) geos.add(`${continent}-${c}`);
    }
    for (const state of list(meta['us_state'])) geos.add(`NA-US-${state}`);
    for (const province of list(meta['ca_province'])) geos.add(`NA-CA-${province}`);
    if (geos.size > 0) rule.geos = [...geos].sort();
    const subnets = list(meta['ip_prefixes']);
    if (subnets.length > 0) rule.subnets = [...new Set([...(rule.subnets ?? []), ...subnets])].sort();
  }
  return [...byOrder.entries()].sort(([a], [b]) => a - b).map(([, rule]) => rule);
}

function list(value: unknown): string[] {
  return Array.isArray(value) ? value.map(String) : [];
}

/**
 * Put back what a person added to a record zonesync steers: their filters at the place they
 * stood (after the same filter of ours), their regions and meta keys, by region and value.
 */
export function withForeign(steering: Ns1Steering, foreign: ForeignParts, valueOf: (answer: Ns1Answer) => string | undefined, liveFilters: Ns1Filter[]): Ns1Steering {
  const filters = [...steering.filters];
  let insertAt = 0;
  for (const filter of liveFilters) {
    if (isOwnFilter(filter)) {
      const at = filters.findIndex((f) => sameFilter(f, filter));
      if (at >= 0) insertAt = at + 1;
      continue;
    }
    filters.splice(insertAt, 0, filter);
    insertAt++;
  }
  const regions: Record<string, Ns1Region> = { ...foreign.regions };
  for (const [label, region] of Object.entries(steering.regions)) regions[label] = { meta: { ...foreign.regionMeta[label], ...region.meta } };
  const answers = steering.answers.map((answer) => {
    const extra = foreign.answerMeta.get(`${answer.region ?? ''} ${valueOf(answer) ?? ''}`);
    if (!extra) return answer;
    // Someone's feed stays on a value that obeys and has no monitor of zonesync's.
    const obeys = parseNote(answer.meta?.['note'])['status'] === 'obey' && typeof answer.meta?.['up'] !== 'object';
    return { ...answer, meta: { ...extra, ...answer.meta, ...(obeys && extra['up'] !== undefined ? { up: extra['up'] } : {}) } };
  });
  return { answers, filters, regions };
}
