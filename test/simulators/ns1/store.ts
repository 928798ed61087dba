import { randomBytes } from 'node:crypto';
import { makeSimKey, type SimKey } from '../../support/dnssec-key.js';
import { SIM_TYPES, checkAnswer, checkFilters, checkMeta, isObject, type Part } from './validate.js';

/** In-memory NS1 zones and records, with the semantics of NS1 API v1 record and zone calls. */

export class SimError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

export interface SimAnswer {
  id: string;
  answer: Part[];
  meta?: Record<string, unknown>;
  region?: string;
}

export interface SimRecord {
  id: string;
  zone: string;
  domain: string;
  type: string;
  ttl: number;
  answers: SimAnswer[];
  filters: Array<Record<string, unknown>>;
  meta: Record<string, unknown>;
  regions: Record<string, unknown>;
  use_client_subnet: boolean;
  link: string | null;
  tier: number;
  networks: number[];
}

export interface SimZone {
  id: string;
  zone: string;
  ttl: number;
  nx_ttl: number;
  retry: number;
  refresh: number;
  expiry: number;
  serial: number;
  hostmaster: string;
  primary_master: string;
  dns_servers: string[];
  networks: number[];
  meta: Record<string, unknown>;
  /** The zone's `dnssec` flag: NS1 signs it (keys in Ns1Store.keys, GET /zones/{zone}/dnssec). */
  dnssec: boolean;
  records: Map<string, SimRecord>;
}

/** NS1 assigns these nameserver host names to a zone (its `dns_servers`). */
export const SIM_DNS_SERVERS = ['dns1.p01.nsone.net', 'dns2.p01.nsone.net', 'dns3.p01.nsone.net', 'dns4.p01.nsone.net'];

const id = () => randomBytes(12).toString('hex');
const invalid = (detail: string) => new SimError(400, `Input validation failed (${detail})`);

export function normalName(name: string): string {
  const lower = name.toLowerCase();
  return lower.endsWith('.') && lower !== '.' ? lower.slice(0, -1) : lower;
}

function recordKey(domain: string, type: string): string {
  return `${domain} ${type}`;
}

/** Tier as the zone summary reports it: 1 basic, 2 with meta or regions, 3 with a filter chain (octoDNS fetches tier > 1 records in full). */
function tierOf(record: SimRecord): number {
  if (record.filters.length > 0) return 3;
  const hasMeta = Object.keys(record.meta).length > 0 || Object.keys(record.regions).length > 0 || record.answers.some((a) => a.meta && Object.keys(a.meta).length > 0);
  return hasMeta ? 2 : 1;
}

export class Ns1Store {
  readonly zones = new Map<string, SimZone>();
  /** Called after every change, with the zone's name (for the DNS side). */
  onChange: (zone: string) => void = () => {};

  zone(name: string): SimZone {
    const zone = this.zones.get(normalName(name));
    // ns1-go maps 404 "zone not found" to ErrZoneMissing (rest/zone.go).
    if (!zone) throw new SimError(404, 'zone not found');
    return zone;
  }

  /** PUT /zones/{zone}: NS1 creates the apex NS record from the zone's dns_servers. */
  createZone(name: string, body: Record<string, unknown> = {}): SimZone {
    const zoneName = normalName(name);
    if (body['zone'] !== undefined && normalName(String(body['zone'])) !== zoneName) throw invalid('zone in body does not match the URL');
    if (!/^[a-z0-9_-]+(\.[a-z0-9_-]+)*$/.test(zoneName)) throw invalid(`"${name}" is not a valid zone name`);
    // ns1-go Zones.Create: "zone already exists" on a second PUT.
    if (this.zones.has(zoneName)) throw new SimError(400, 'zone already exists');
    const zone: SimZone = {
      id: id(), zone: zoneName, ttl: 3600, nx_ttl: 3600, retry: 7200, refresh: 43200, expiry: 1209600, serial: 1,
      hostmaster: 'hostmaster@nsone.net', primary_master: SIM_DNS_SERVERS[0] as string, dns_servers: [...SIM_DNS_SERVERS],
      networks: [0], meta: {}, dnssec: false, records: new Map(),
    };
    this.setDnssec(zone, body['dnssec']);
    this.zones.set(zoneName, zone);
    // NS1 puts an apex NS record listing the zone's dns_servers in every new zone (octoDNS SUPPORTS_ROOT_NS reads it).
    const ns = this.build(zone, zoneName, 'NS', { answers: SIM_DNS_SERVERS.map((host) => ({ answer: [host] })), ttl: 3600 });
    zone.records.set(recordKey(zoneName, 'NS'), ns);
    this.onChange(zoneName);
    return zone;
  }

  /** POST /zones/{zone}: only the SOA-ish fields sent change. */
  updateZone(name: string, body: Record<string, unknown>): SimZone {
    const zone = this.zone(name);
    for (const key of ['ttl', 'nx_ttl', 'retry', 'refresh', 'expiry'] as const) {
      if (body[key] === undefined) continue;
      if (!Number.isInteger(body[key]) || (body[key] as number) < 0) throw invalid(`${key} must be a non-negative integer`);
      zone[key] = body[key] as number;
    }
    if (typeof body['hostmaster'] === 'string') zone.hostmaster = body['hostmaster'];
    this.setDnssec(zone, body['dnssec']);
    this.touch(zone);
    return zone;
  }

  /** False for an account without DNSSEC: turning it on is refused as NS1 refuses it. */
  dnssecAllowed = true;
  /** Each signed zone's KSK and ZSK (real ECDSA P-256 keys; the DNS side stays unsigned). */
  readonly keys = new Map<string, { ksk: SimKey; zsk: SimKey }>();

  /** The `dnssec` field of a zone PUT/POST: true makes a KSK and a ZSK, false drops them. */
  private setDnssec(zone: SimZone, value: unknown): void {
    if (value === undefined) return;
    if (typeof value !== 'boolean') throw invalid('dnssec must be a boolean');
    // The answer an account without DNSSEC gets (quoted in StackExchange/dnscontrol providers/ns1).
    if (value && !this.dnssecAllowed) throw new SimError(400, 'DNSSEC support is not enabled for this account. Please contact support@ns1.com to enable it');
    if (value && !this.keys.has(zone.zone)) this.keys.set(zone.zone, { ksk: makeSimKey(zone.zone, 257), zsk: makeSimKey(zone.zone, 256) });
    if (!value) this.keys.delete(zone.zone);
    zone.dnssec = value;
  }

  /**
   * GET /zones/{zone}/dnssec as ns1-go's dns.ZoneDNSSEC reads it: `keys.dnskey` the DNSKEY set and
   * `delegation` the KSK and its DS, each key a list of strings (flags, protocol, algorithm, key;
   * DS: tag, algorithm, digest type, digest). An unsigned zone: 400 "DNSSEC is not enabled on the zone" (ns1-go rest/dnssec.go).
   */
  dnssecOf(name: string): Record<string, unknown> {
    const zone = this.zone(name);
    const keys = this.keys.get(zone.zone);
    if (!zone.dnssec || !keys) throw new SimError(400, 'DNSSEC is not enabled on the zone');
    const dnskey = (k: SimKey) => [String(k.flags), '3', String(k.algorithm), k.publicKey];
    return {
      zone: zone.zone,
      keys: { dnskey: [dnskey(keys.ksk), dnskey(keys.zsk)], ttl: 3600 },
      delegation: { dnskey: [dnskey(keys.ksk)], ds: [keys.ksk.ds.split(' ')], ttl: 3600 },
    };
  }

  deleteZone(name: string): void {
    const zone = this.zone(name);
    this.zones.delete(zone.zone);
    this.onChange(zone.zone);
  }

  record(zoneName: string, domain: string, type: string): SimRecord {
    const zone = this.zone(zoneName);
    const record = zone.records.get(recordKey(normalName(domain), type.toUpperCase()));
    // ns1-go Records.Get/Update/Delete: 404 "record not found".
    if (!record) throw new SimError(404, 'record not found');
    return record;
  }

  /** PUT: create; an existing record is an error (updates are POST). */
  createRecord(zoneName: string, domainIn: string, typeIn: string, body: Record<string, unknown>): SimRecord {
    const zone = this.zone(zoneName);
    const domain = normalName(domainIn);
    const type = typeIn.toUpperCase();
    if (body['domain'] !== undefined && normalName(String(body['domain'])) !== domain) throw invalid('domain in body does not match the URL');
    if (body['type'] !== undefined && String(body['type']).toUpperCase() !== type) throw invalid('type in body does not match the URL');
    if (body['zone'] !== undefined && normalName(String(body['zone'])) !== zone.zone) throw invalid('zone in body does not match the URL');
    // NS1 API record-put creates only; ns1-go maps "record already exists" to ErrRecordExists.
    if (zone.records.has(recordKey(domain, type))) throw new SimError(400, 'record already exists');
    // ns1-go Records.Create: "The given record must have at least one answer".
    if (!Array.isArray(body['answers']) || body['answers'].length === 0) throw invalid('a record needs at least one answer');
    const record = this.build(zone, domain, type, body);
    this.checkCname(zone, domain, type);
    zone.records.set(recordKey(domain, type), record);
    this.touch(zone);
    return record;
  }

  /** POST: only the fields sent change; everything else (filters, meta, regions…) stays. */
  updateRecord(zoneName: string, domain: string, type: string, body: Record<string, unknown>): SimRecord {
    const zone = this.zone(zoneName);
    const current = this.record(zoneName, domain, type);
    // NS1 API record-post: "only the fields to be updated are required" (ns1-go Records.Update).
    const merged = { ...current, ...body };
    const next = this.build(zone, current.domain, current.type, merged, current.id);
    if (Array.isArray(next.answers) && next.answers.length === 0) throw invalid('a record needs at least one answer');
    zone.records.set(recordKey(current.domain, current.type), next);
    this.touch(zone);
    return next;
  }

  deleteRecord(zoneName: string, domain: string, type: string): void {
    const zone = this.zone(zoneName);
    const record = this.record(zoneName, domain, type);
    zone.records.delete(recordKey(record.domain, record.type));
    this.touch(zone);
  }

  /** As if a person set up a filter chain in the portal. */
  setFilters(zoneName: string, domain: string, type: string, filters: Array<Record<string, unknown>>): void {
    const zone = this.zone(zoneName);
    const record = this.record(zoneName, domain, type);
    record.filters = structuredClone(filters);
    record.tier = tierOf(record);
    this.touch(zone);
  }

  private touch(zone: SimZone): void {
    zone.serial++;
    this.onChange(zone.zone);
  }

  /** RFC 1034 §3.6.2: a CNAME owns its name; NS1 refuses the clash at input validation. */
  private checkCname(zone: SimZone, domain: string, type: string): void {
    const others = [...zone.records.values()].filter((r) => r.domain === domain && r.type !== type);
    if (type === 'CNAME' && others.length > 0) throw invalid(`CNAME at ${domain} cannot coexist with ${others.map((r) => r.type).join(', ')}`);
    if (type !== 'CNAME' && others.some((r) => r.type === 'CNAME')) throw invalid(`${type} at ${domain} cannot coexist with a CNAME`);
  }

  /** Validate a record body and build the stored form. */
  private build(zone: SimZone, domain: string, type: string, body: Record<string, unknown>, recordId?: string): SimRecord {
    if (!SIM_TYPES.has(type)) throw invalid(`unsupported record type ${type}`);
    // A record's domain must be the zone or below it (NS1 API record-put: domain within zone).
    if (domain !== zone.zone && !domain.endsWith(`.${zone.zone}`)) throw invalid(`domain ${domain} is not in zone ${zone.zone}`);
    const ttl = body['ttl'] ?? zone.ttl;
    if (!Number.isInteger(ttl) || (ttl as number) < 0 || (ttl as number) > 2147483647) throw invalid('ttl must be a non-negative integer');
    if (!Array.isArray(body['answers'])) throw invalid('answers must be an array');
    const answers: SimAnswer[] = [];
    for (const raw of body['answers'] as unknown[]) {
      const answer = isObject(raw) ? raw : { answer: raw };
      const checked = checkAnswer(type, answer['answer']);
      if (!checked.ok) throw invalid(checked.error);
      const metaError = answer['meta'] === undefined ? undefined : checkMeta(answer['meta'], `answer ${checked.parts.join(' ')}`);
      if (metaError) throw invalid(metaError);
      const stored: SimAnswer = { id: typeof answer['id'] === 'string' ? answer['id'] : id(), answer: checked.parts };
      if (answer['meta'] !== undefined) stored.meta = structuredClone(answer['meta'] as Record<string, unknown>);
      if (typeof answer['region'] === 'string') stored.region = answer['region'];
      answers.push(stored);
    }
    const filters = body['filters'] ?? [];
    const filterError = checkFilters(filters);
    if (filterError) throw invalid(filterError);
    const meta = body['meta'] ?? {};
    const regions = body['regions'] ?? {};
    if (!isObject(meta)) throw invalid('meta must be an object');
    if (!isObject(regions)) throw invalid('regions must be an object');
    const recordMetaError = checkMeta(meta, 'record');
    if (recordMetaError) throw invalid(recordMetaError);
    for (const [label, region] of Object.entries(regions)) {
      if (!isObject(region)) throw invalid(`region ${label} must be an object`);
      const regionError = region['meta'] === undefined ? undefined : checkMeta(region['meta'], `region ${label}`);
      if (regionError) throw invalid(regionError);
    }
    const missing = answers.find((a) => a.region !== undefined && !(a.region in regions));
    if (missing) throw invalid(`answer ${missing.answer.join(' ')} names region ${missing.region}, which the record does not define`);
    // NS1 record model: use_client_subnet defaults to true (ns1-go dns.Record).
    const useClientSubnet = body['use_client_subnet'] ?? true;
    if (typeof useClientSubnet !== 'boolean') throw invalid('use_client_subnet must be a boolean');
    const record: SimRecord = {
      id: recordId ?? id(), zone: zone.zone, domain, type, ttl: ttl as number, answers,
      filters: structuredClone(filters as Array<Record<string, unknown>>), meta: structuredClone(meta), regions: structuredClone(regions),
      use_client_subnet: useClientSubnet, link: null, tier: 1, networks: [0],
    };
    record.tier = tierOf(record);
    return record;
  }
}

/** A zone's `records` summary entry (ns1-go dns.ZoneRecord): short answers are the parts joined by spaces, as DNSControl parses them. */
export function summary(record: SimRecord): Record<string, unknown> {
  return {
    id: record.id, domain: record.domain, type: record.type, ttl: record.ttl, tier: record.tier, link: record.link,
    short_answers: record.answers.map((a) => a.answer.join(' ')),
  };
}

export function zoneBody(zone: SimZone, records: SimRecord[] | undefined): Record<string, unknown> {
  const { records: _all, ...fields } = zone;
  return { ...fields, records: records ? records.map(summary) : [] };
}
