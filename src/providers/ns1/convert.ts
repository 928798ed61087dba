import { DYNAMIC_TYPES, type Dynamic } from '../../core/dynamic/model.js';
import type { RecordType, RRset, Soa } from '../../core/model.js';
import { isRecordType } from '../../core/model.js';
import type { Ns1Answer, Ns1Meta, Ns1Record, Ns1RecordSummary, Ns1Settings, Ns1Zone } from './api.js';
import { answerParts, modelName, ns1Domain, partsFromShortAnswer, valueFromParts } from './answers.js';
import { NS1_TYPES } from './capabilities.js';
import { steeringFor } from './dynamic.js';
import { readSteering, withForeign, type ForeignParts, type ReadSteering } from './dynamic-read.js';

/** Pure conversion between NS1 API v1 records and zones and the zone model (rrsets, their NS1 settings, SOA). No I/O here. */

function nonEmpty(value: unknown): boolean {
  if (value === undefined || value === null) return false;
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === 'object') return Object.keys(value).length > 0;
  return true;
}

function sortedUnique(values: string[]): string[] {
  return [...new Set(values)].sort();
}

function problem(record: { domain: string; type: string }, error: string): Error {
  return new Error(`${record.domain} ${record.type}: ${error}`);
}

/** The NS1 extras found on a record, as `providerSettings.ns1` (absent when there are none). */
export function settingsFromRecord(record: Ns1Record, type: RecordType): Ns1Settings | undefined {
  const settings: Ns1Settings = {};
  if (nonEmpty(record.filters)) settings.filters = record.filters;
  if (nonEmpty(record.meta)) settings.meta = record.meta;
  if (nonEmpty(record.regions)) settings.regions = record.regions;
  if (record.use_client_subnet === false) settings.use_client_subnet = false;
  const answerMeta: Record<string, Ns1Meta> = {};
  for (const answer of record.answers) {
    if (!nonEmpty(answer.meta)) continue;
    const value = valueFromParts(type, answer.answer);
    if (value.ok) answerMeta[value.value] = answer.meta as Ns1Meta;
  }
  if (Object.keys(answerMeta).length > 0) settings.answerMeta = answerMeta;
  return Object.keys(settings).length > 0 ? settings : undefined;
}

/** The steering zonesync (or octoDNS) wrote on a record, read back as canonical `dynamic`; undefined for any other record. */
export function steeringOf(record: Ns1Record, type: RecordType): ReadSteering | undefined {
  if (!DYNAMIC_TYPES.has(type) || !nonEmpty(record.filters)) return undefined;
  return readSteering(record, modelName(record.domain), type, (parts) => {
    const value = valueFromParts(type, parts);
    return value.ok ? value.value : undefined;
  });
}

/** What a person added beside the steering, as `providerSettings.ns1` (so the plan lists it as left alone). */
function foreignSettings(record: Ns1Record, foreign: ForeignParts): Ns1Settings | undefined {
  const settings: Ns1Settings = {};
  if (foreign.filters.length > 0) settings.filters = foreign.filters;
  if (nonEmpty(record.meta)) settings.meta = record.meta;
  const regions = { ...foreign.regions, ...Object.fromEntries(Object.entries(foreign.regionMeta).map(([label, meta]) => [label, { meta }])) };
  if (nonEmpty(regions)) settings.regions = regions;
  if (record.use_client_subnet === false) settings.use_client_subnet = false;
  const answerMeta: Record<string, Ns1Meta> = {};
  for (const [key, meta] of foreign.answerMeta) {
    const value = key.slice(key.indexOf(' ') + 1);
    answerMeta[value] = { ...answerMeta[value], ...meta };
  }
  if (nonEmpty(answerMeta)) settings.answerMeta = answerMeta;
  return Object.keys(settings).length > 0 ? settings : undefined;
}

/** A full record → RRset, or undefined for types zonesync does not model (SOA, NAPTR, URLFWD…). Throws on bad rdata. */
export function rrsetFromRecord(record: Ns1Record, defaultTtl: number): RRset | undefined {
  if (!isRecordType(record.type) || !NS1_TYPES.has(record.type)) return undefined;
  const type = record.type;
  const values: string[] = [];
  for (const answer of record.answers) {
    const value = valueFromParts(type, answer.answer);
    if (!value.ok) throw problem(record, value.error);
    values.push(value.value);
  }
  const name = modelName(record.domain);
  const steered = steeringOf(record, type);
  if (steered) {
    const rrset: RRset = { name, type, ttl: record.ttl ?? defaultTtl, values: steered.values, dynamic: steered.dynamic };
    const settings = foreignSettings(record, steered.foreign);
    if (settings) rrset.providerSettings = { ns1: settings as Record<string, unknown> };
    return rrset;
  }
  const rrset: RRset = { name, type, ttl: record.ttl ?? defaultTtl, values: sortedUnique(values) };
  const settings = settingsFromRecord(record, type);
  if (settings) rrset.providerSettings = { ns1: settings as Record<string, unknown> };
  return rrset;
}

/** A zone summary entry → RRset (for records with no meta, filters or regions: tier 1). */
export function rrsetFromSummary(summary: Ns1RecordSummary, defaultTtl: number): RRset | undefined {
  if (!isRecordType(summary.type) || !NS1_TYPES.has(summary.type)) return undefined;
  const type = summary.type;
  const values: string[] = [];
  for (const short of summary.short_answers ?? []) {
    const value = valueFromParts(type, partsFromShortAnswer(type, short));
    if (!value.ok) throw problem(summary, value.error);
    values.push(value.value);
  }
  return { name: modelName(summary.domain), type, ttl: summary.ttl ?? defaultTtl, values: sortedUnique(values) };
}

export function ns1Settings(rrset: RRset): Ns1Settings {
  return (rrset.providerSettings?.['ns1'] ?? {}) as Ns1Settings;
}

/**
 * The answers for `rrset`: meta from the zone file when it sets some for a value, otherwise the
 * meta (and region) the live answer with the same value already had, so a filter chain keeps working.
 */
export function answersFor(rrset: RRset, live?: Ns1Record): Ns1Answer[] {
  const declared = ns1Settings(rrset).answerMeta ?? {};
  const kept = new Map<string, Ns1Answer>();
  for (const answer of live?.answers ?? []) {
    const value = valueFromParts(rrset.type, answer.answer);
    if (value.ok && !kept.has(value.value)) kept.set(value.value, answer);
  }
  return rrset.values.map((value) => {
    const answer: Ns1Answer = { answer: answerParts(rrset.type, value) };
    const previous = kept.get(value);
    const meta = declared[value] ?? previous?.meta;
    if (nonEmpty(meta)) answer.meta = meta as Ns1Meta;
    if (previous?.region !== undefined) answer.region = previous.region;
    return answer;
  });
}

/**
 * Plan time: the records zonesync manages whose NS1 extras the zone file does not declare (a filter
 * chain, record or answer meta, regions set up in the portal). zonesync writes their answers and TTL
 * and sends none of those fields, so NS1 keeps them: left alone in part.
 */
export function keptByNs1(live: { rrsets: readonly RRset[] } | undefined, desired: { rrsets: readonly RRset[] }): Array<{ name: string; type: string; detail: string }> {
  const declared = new Map(desired.rrsets.map((r) => [`${r.name} ${r.type}`, r]));
  const kept: Array<{ name: string; type: string; detail: string }> = [];
  for (const rrset of live?.rrsets ?? []) {
    const desiredRRset = declared.get(`${rrset.name} ${rrset.type}`);
    if (!desiredRRset) continue;
    const wanted = ns1Settings(desiredRRset);
    const held = ns1Settings(rrset);
    // Steering written over a record zonesync did not steer replaces its chain, regions and answer meta.
    const replaced = desiredRRset.dynamic !== undefined && rrset.dynamic === undefined;
    const steered = desiredRRset.dynamic !== undefined || rrset.dynamic !== undefined;
    const parts: string[] = [];
    if (!replaced && held.filters && nonEmpty(held.filters) && wanted.filters === undefined) {
      parts.push(`${rrset.dynamic ? 'filters beside the steering' : 'filter chain'}: ${held.filters.map((f) => f.filter).join(', ')}`);
    }
    if (held.meta && nonEmpty(held.meta) && wanted.meta === undefined) parts.push(`record meta: ${Object.keys(held.meta).sort().join(', ')}`);
    if (!replaced && held.regions && nonEmpty(held.regions) && wanted.regions === undefined) parts.push(`regions: ${Object.keys(held.regions).sort().join(', ')}`);
    const values = new Set([...rrset.values, ...Object.values(rrset.dynamic?.pools ?? {}).flatMap((pool) => pool.values.map((v) => v.value))]);
    const answers = replaced ? [] : Object.keys(held.answerMeta ?? {}).filter((value) => values.has(value) && wanted.answerMeta?.[value] === undefined);
    if (answers.length > 0) parts.push(`meta of ${answers.length} answer${answers.length === 1 ? '' : 's'}`);
    const manages = steered ? 'the answers, TTL and steering' : 'the answers and TTL';
    if (parts.length > 0) kept.push({ name: rrset.name, type: rrset.type, detail: `NS1 keeps its ${parts.join('; ')} (zonesync manages ${manages})` });
  }
  return kept;
}

/** Only the record-level fields the zone file manages (a steered rrset's filters and regions come from its rules). */
function managedFields(rrset: RRset): Record<string, unknown> {
  const settings = ns1Settings(rrset);
  const fields: Record<string, unknown> = {};
  const keys = rrset.dynamic ? (['meta', 'use_client_subnet'] as const) : (['filters', 'meta', 'regions', 'use_client_subnet'] as const);
  for (const key of keys) {
    if (settings[key] !== undefined) fields[key] = settings[key];
  }
  return fields;
}

function answerValue(type: RecordType): (answer: Ns1Answer) => string | undefined {
  return (answer) => {
    const value = valueFromParts(type, answer.answer);
    return value.ok ? value.value : undefined;
  };
}

/** Answers, filters and regions of a steered rrset; over a live record zonesync steers, with what a person added there kept. */
function steeredFields(rrset: RRset & { dynamic: Dynamic }, live?: Ns1Record, feeds?: ReadonlyMap<string, string>): Record<string, unknown> {
  const steering = steeringFor(rrset, (value) => answerParts(rrset.type, value), feeds);
  const held = live ? steeringOf(live, rrset.type) : undefined;
  const merged = held && live ? withForeign(steering, held.foreign, answerValue(rrset.type), live.filters ?? []) : steering;
  return { answers: merged.answers, filters: merged.filters, regions: merged.regions };
}

/** A plain rrset over a live record zonesync steered: the steering goes, a person's filters, regions and answer meta stay. */
function unsteeredFields(rrset: RRset, held: ReadSteering): Record<string, unknown> {
  const byValue = new Map<string, Ns1Meta>();
  for (const [key, meta] of held.foreign.answerMeta) byValue.set(key.slice(key.indexOf(' ') + 1), meta);
  const answers = answersFor({ ...rrset, providerSettings: undefined }).map((answer) => {
    const meta = byValue.get(answerValue(rrset.type)(answer) ?? '');
    return meta ? { ...answer, meta } : answer;
  });
  return { answers, filters: held.foreign.filters, regions: held.foreign.regions };
}

function recordFields(rrset: RRset, live?: Ns1Record, feeds?: ReadonlyMap<string, string>): Record<string, unknown> {
  if (rrset.dynamic) return steeredFields(rrset as RRset & { dynamic: Dynamic }, live, feeds);
  const held = live ? steeringOf(live, rrset.type) : undefined;
  if (held) return unsteeredFields(rrset, held);
  return { answers: answersFor(rrset, live) };
}

/** Body of `PUT /zones/{zone}/{domain}/{type}` (create); `feeds`: each obeying value's monitor feed. */
export function createBody(zone: string, rrset: RRset, feeds?: ReadonlyMap<string, string>): Record<string, unknown> {
  return { zone: ns1Domain(zone), domain: ns1Domain(rrset.name), type: rrset.type, ttl: rrset.ttl, ...recordFields(rrset, undefined, feeds), ...managedFields(rrset) };
}

/** Body of `POST /zones/{zone}/{domain}/{type}` (update): answers and ttl (and the steering), and nothing else the zone file does not manage. */
export function updateBody(rrset: RRset, live?: Ns1Record, feeds?: ReadonlyMap<string, string>): Record<string, unknown> {
  return { ...recordFields(rrset, live, feeds), ttl: rrset.ttl, ...managedFields(rrset) };
}

/** NS1's hostmaster is an email address (`hostmaster@nsone.net`); SOA RNAME is a name. */
function rname(hostmaster: string): string {
  const [local, domain] = hostmaster.includes('@') ? (hostmaster.split('@', 2) as [string, string]) : ['', hostmaster];
  const text = local ? `${local.replace(/\./g, '\\.')}.${domain}` : domain;
  return text.endsWith('.') ? text.toLowerCase() : `${text.toLowerCase()}.`;
}

/** The SOA fields of an NS1 zone, when it reports them. */
export function soaFromZone(zone: Ns1Zone): Soa | undefined {
  const mname = zone.primary_master ?? zone.dns_servers?.[0];
  if (!mname || zone.serial === undefined) return undefined;
  return {
    mname: modelName(mname),
    rname: rname(zone.hostmaster ?? `hostmaster@${ns1Domain(mname)}`),
    serial: zone.serial,
    refresh: zone.refresh ?? 43200,
    retry: zone.retry ?? 7200,
    expire: zone.expiry ?? 1209600,
    minimum: zone.nx_ttl ?? 3600,
    ttl: zone.ttl ?? 3600,
  };
}
