import type { RecordType } from '../../../src/core/model.js';
import { canonicalName } from '../../../src/core/name.js';
import { canonicalRdata, txtFromText } from '../../../src/core/rdata.js';
import { canonicalIPv4, canonicalIPv6 } from '../../../src/core/address.js';
import { quoteCharacterString } from '../../../src/core/rdata-text.js';
import { ApiFailure, failures, validation } from './envelope.js';

/** What a client may send for one record (create body, PUT body, or PATCH merged onto the stored one). */
export interface RecordInput {
  name?: unknown;
  type?: unknown;
  ttl?: unknown;
  proxied?: unknown;
  content?: unknown;
  data?: unknown;
  priority?: unknown;
  comment?: unknown;
  tags?: unknown;
}

/** A record as the API returns it. */
export interface ApiRecord {
  id: string;
  zone_id: string;
  zone_name: string;
  name: string;
  type: string;
  content: string;
  proxiable: boolean;
  proxied: boolean;
  ttl: number;
  settings: Record<string, unknown>;
  meta: Record<string, unknown>;
  comment: string | null;
  tags: string[];
  created_on: string;
  modified_on: string;
  data?: Record<string, unknown>;
  priority?: number;
}

/** The checked form of an input: what is stored, plus canonical rdata for duplicate checks and DNS answers. */
export interface CheckedRecord {
  name: string;
  type: SimulatedType;
  ttl: number;
  proxied: boolean;
  content: string;
  data?: Record<string, unknown>;
  priority?: number;
  comment: string | null;
  tags: string[];
  /** Canonical presentation rdata (absolute names), as zonesync's model spells it. */
  rdata: string;
}

// The types the simulator models, a subset of the API's list (SDK RecordCreateParams union: A … URI).
export const SIMULATED_TYPES = ['A', 'AAAA', 'CNAME', 'MX', 'NS', 'PTR', 'TXT', 'CAA', 'SRV', 'DS', 'TLSA', 'SSHFP', 'SVCB', 'HTTPS', 'LOC', 'NAPTR', 'URI', 'CERT', 'SMIMEA', 'OPENPGPKEY', 'DNSKEY'] as const;
export type SimulatedType = (typeof SIMULATED_TYPES)[number];

// Only A, AAAA and CNAME can be proxied — developers.cloudflare.com/dns/manage-dns-records/how-to/batch-record-changes/ ("Note that only A, AAAA, and CNAME records can be proxied").
export const PROXIABLE: ReadonlySet<string> = new Set(['A', 'AAAA', 'CNAME']);

function absolute(host: string): string {
  return host === '.' || host.endsWith('.') ? host : `${host}.`;
}

function bare(host: string): string {
  return host === '.' ? '.' : host.replace(/\.$/, '').toLowerCase();
}

function uint(value: unknown, what: string, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > max) {
    // Structured-data field out of range (code not confirmed).
    throw validation(9101, `${what} must be an integer between 0 and ${max}.`);
  }
  return value;
}

function text(value: unknown, what: string): string {
  if (typeof value !== 'string' || value === '') throw validation(9101, `${what} is required.`);
  return value;
}

/** Record name: complete, in the zone ("Complete DNS record name, including the zone name" — SDK RecordCreateParams.name). */
export function checkName(input: unknown, zone: string): string {
  if (typeof input !== 'string' || input === '') throw validation(9007, 'DNS name is required.');
  const raw = input === '@' ? zone : input.toLowerCase().replace(/\.$/, '');
  const parsed = canonicalName(`${raw}.`, '.');
  // Invalid host names are rejected as DNS validation errors (code not confirmed).
  if (!parsed.ok) throw validation(9008, `DNS name is invalid: ${parsed.error}.`);
  const name = parsed.name.slice(0, -1);
  // A name outside the zone is refused rather than silently suffixed (code not confirmed).
  if (name !== zone && !name.endsWith(`.${zone}`)) throw validation(9008, `DNS name ${name} is not in the zone ${zone}.`);
  return name;
}

// TTL 1 means automatic; otherwise 60–86400 — SDK doc on `ttl` ("Setting to 1 means 'automatic'. Value must be between 60 and 86400"); code 9021 seen in LINKIWI/cloudflare-ddns-client#30.
function checkTtl(input: unknown): number {
  if (input === undefined) return 1;
  if (typeof input !== 'number' || !Number.isInteger(input) || (input !== 1 && (input < 60 || input > 86400))) {
    throw validation(9021, 'Invalid TTL. Must be between 60 and 86400 seconds, or 1 for automatic.');
  }
  return input;
}

function canonical(type: SimulatedType | 'CDNSKEY', presentation: string, code: number, what: string): string {
  const result = canonicalRdata(type as RecordType, presentation, '.');
  if (!result.ok) throw validation(code, `Content for ${type} record is invalid: ${what}${result.error}.`);
  return result.value;
}

function hostContent(type: SimulatedType, content: unknown): { content: string; rdata: string } {
  const host = text(content, `Content for ${type} record`);
  // Host-name content that does not parse: "Content for CNAME record is invalid." — stephenou/fruitionsite#79 (code not confirmed).
  const rdata = canonical(type, absolute(host), 9007, '');
  return { content: bare(host), rdata };
}

/** Quote SvcParam values the way the API renders them back (`alpn="h2,h3"`; rendering not confirmed). */
function renderSvcParams(canonicalValue: string): string {
  const params = canonicalValue.split(' ').slice(2);
  return params.map((param) => {
    const eq = param.indexOf('=');
    return eq < 0 ? param : `${param.slice(0, eq)}="${param.slice(eq + 1).replace(/^"|"$/g, '')}"`;
  }).join(' ');
}

type Shape = Pick<CheckedRecord, 'content' | 'data' | 'priority' | 'rdata'>;

function object(data: unknown, type: string): Record<string, unknown> {
  // Structured types take `data` (SDK CAARecordParam.data, SRVRecordParam.data, …).
  if (typeof data !== 'object' || data === null) throw validation(9101, `data is required for ${type} records.`);
  return data as Record<string, unknown>;
}

/** A number in [min, max], fractions allowed (LOC seconds and metres). */
function decimal(value: unknown, what: string, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) throw validation(9101, `${what} must be a number between ${min} and ${max}.`);
  return value;
}

/** A string field that may be empty (NAPTR flags, service, regex). */
function optionalText(value: unknown, what: string): string {
  if (value === undefined) return '';
  if (typeof value !== 'string') throw validation(9101, `${what} must be a string.`);
  return value;
}

function base64Field(value: unknown, what: string): string {
  const b64 = text(value, what);
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(b64) || b64.length % 4 !== 0) throw validation(9101, `${what} must be base64.`);
  return b64;
}

function quote(value: string): string {
  return quoteCharacterString(Buffer.from(value, 'utf8'));
}

function hexField(value: unknown, what: string): string {
  const hex = text(value, what);
  if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length % 2 !== 0) throw validation(9101, `${what} must be hexadecimal.`);
  return hex.toLowerCase();
}

function shape(type: SimulatedType, input: RecordInput): Shape {
  switch (type) {
    case 'A': {
      const ip = typeof input.content === 'string' ? canonicalIPv4(input.content) : undefined;
      // "Content for A record must be a valid IPv4 address." code 9005 — timothymiller/cloudflare-ddns#230.
      if (!ip) throw validation(9005, 'Content for A record must be a valid IPv4 address.');
      return { content: ip, rdata: ip };
    }
    case 'AAAA': {
      const ip = typeof input.content === 'string' ? canonicalIPv6(input.content) : undefined;
      // The AAAA twin of 9005 (code not confirmed).
      if (!ip) throw validation(9006, 'Content for AAAA record must be a valid IPv6 address.');
      return { content: ip, rdata: ip };
    }
    case 'CNAME':
    case 'NS':
    case 'PTR':
      return hostContent(type, input.content);
    case 'MX': {
      // MX takes `priority` beside `content` — SDK MXRecordParam.priority.
      const priority = uint(input.priority, 'priority', 65535);
      const host = hostContent('CNAME', input.content);
      return { content: host.content, priority, rdata: canonical('MX', `${priority} ${absolute(host.content)}`, 9007, '') };
    }
    case 'TXT': {
      const raw = text(input.content, 'Content for TXT record');
      // Content is quoted character-strings, each ≤255 bytes, longer ones split automatically — SDK TXTRecordParam.content (cloudflare-typescript#1777).
      const rdata = canonical('TXT', raw.startsWith('"') ? raw : txtFromText(raw), 9101, '');
      return { content: rdata, rdata };
    }
    case 'CAA': {
      const data = object(input.data, type);
      const flags = uint(data.flags, 'data.flags', 255);
      const tag = text(data.tag, 'data.tag');
      const value = typeof data.value === 'string' ? data.value : text(data.value, 'data.value');
      const content = `${flags} ${tag} ${quoteCharacterString(Buffer.from(value, 'utf8'))}`;
      return { content, data: { flags, tag, value }, rdata: canonical('CAA', content, 9101, '') };
    }
    case 'SRV': {
      const data = object(input.data, type);
      const priority = uint(data.priority, 'data.priority', 65535);
      const weight = uint(data.weight, 'data.weight', 65535);
      const port = uint(data.port, 'data.port', 65535);
      const target = text(data.target, 'data.target');
      const rdata = canonical('SRV', `${priority} ${weight} ${port} ${absolute(target)}`, 9101, '');
      // SRV content is "weight port target" with the priority beside it (classic API answers; not confirmed for the current API).
      return { content: `${weight} ${port} ${bare(target)}`, priority, data: { priority, weight, port, target: bare(target) }, rdata };
    }
    case 'DNSKEY': {
      // DNSKEY takes data {flags, protocol, algorithm, public_key} — SDK DNSKEYRecord.data; accepted only with multi-signer DNSSEC (store.ts).
      const data = object(input.data, type);
      const fields = { flags: uint(data.flags, 'data.flags', 65535), protocol: uint(data.protocol, 'data.protocol', 255), algorithm: uint(data.algorithm, 'data.algorithm', 255), public_key: base64Field(data.public_key, 'data.public_key') };
      const content = `${fields.flags} ${fields.protocol} ${fields.algorithm} ${fields.public_key}`;
      // Same rdata as CDNSKEY (RFC 7344): zonesync's model canonicalises that one.
      return { content, data: fields, rdata: canonical('CDNSKEY', content, 9101, '') };
    }
    case 'DS': {
      const data = object(input.data, type);
      const fields = { key_tag: uint(data.key_tag, 'data.key_tag', 65535), algorithm: uint(data.algorithm, 'data.algorithm', 255), digest_type: uint(data.digest_type, 'data.digest_type', 255), digest: hexField(data.digest, 'data.digest') };
      const content = `${fields.key_tag} ${fields.algorithm} ${fields.digest_type} ${fields.digest}`;
      return { content, data: fields, rdata: canonical('DS', content, 9101, '') };
    }
    case 'TLSA': {
      const data = object(input.data, type);
      const fields = { usage: uint(data.usage, 'data.usage', 255), selector: uint(data.selector, 'data.selector', 255), matching_type: uint(data.matching_type, 'data.matching_type', 255), certificate: hexField(data.certificate, 'data.certificate') };
      const content = `${fields.usage} ${fields.selector} ${fields.matching_type} ${fields.certificate}`;
      return { content, data: fields, rdata: canonical('TLSA', content, 9101, '') };
    }
    case 'SSHFP': {
      const data = object(input.data, type);
      const fields = { algorithm: uint(data.algorithm, 'data.algorithm', 255), type: uint(data.type, 'data.type', 255), fingerprint: hexField(data.fingerprint, 'data.fingerprint') };
      const content = `${fields.algorithm} ${fields.type} ${fields.fingerprint}`;
      return { content, data: fields, rdata: canonical('SSHFP', content, 9101, '') };
    }
    case 'SVCB':
    case 'HTTPS': {
      // SVCB/HTTPS take data {priority, target, value} — SDK SVCBRecordParam.Data / HTTPSRecordParam.Data.
      const data = object(input.data, type);
      const priority = uint(data.priority, 'data.priority', 65535);
      const target = text(data.target, 'data.target');
      const value = typeof data.value === 'string' ? data.value : '';
      const rdata = canonical(type, `${priority} ${absolute(target)} ${value}`.trim(), 9101, '');
      const rendered = renderSvcParams(rdata);
      return { content: `${priority} ${absolute(target)} ${rendered}`.trim(), data: { priority, target: bare(target), value: rendered }, rdata };
    }
    case 'SMIMEA': {
      // data {usage, selector, matching_type, certificate} — SDK SMIMEARecordParam.Data.
      const data = object(input.data, type);
      const fields = { usage: uint(data.usage, 'data.usage', 255), selector: uint(data.selector, 'data.selector', 255), matching_type: uint(data.matching_type, 'data.matching_type', 255), certificate: hexField(data.certificate, 'data.certificate') };
      const content = `${fields.usage} ${fields.selector} ${fields.matching_type} ${fields.certificate}`;
      return { content, data: fields, rdata: canonical('SMIMEA', content, 9101, '') };
    }
    case 'CERT': {
      // data {type, key_tag, algorithm, certificate} — SDK CERTRecordParam.Data; the certificate is base64 (RFC 4398 §2.2).
      const data = object(input.data, type);
      const fields = { type: uint(data.type, 'data.type', 65535), key_tag: uint(data.key_tag, 'data.key_tag', 65535), algorithm: uint(data.algorithm, 'data.algorithm', 255), certificate: base64Field(data.certificate, 'data.certificate') };
      const content = `${fields.type} ${fields.key_tag} ${fields.algorithm} ${fields.certificate}`;
      return { content, data: fields, rdata: canonical('CERT', content, 9101, '') };
    }
    case 'NAPTR': {
      // data {order, preference, flags, service, regex, replacement} — SDK NAPTRRecordParam.Data.
      const data = object(input.data, type);
      const fields = {
        order: uint(data.order, 'data.order', 65535), preference: uint(data.preference, 'data.preference', 65535),
        flags: optionalText(data.flags, 'data.flags'), service: optionalText(data.service, 'data.service'), regex: optionalText(data.regex, 'data.regex'),
        replacement: bare(text(data.replacement, 'data.replacement')),
      };
      const rdata = canonical('NAPTR', `${fields.order} ${fields.preference} ${quote(fields.flags)} ${quote(fields.service)} ${quote(fields.regex)} ${absolute(fields.replacement)}`, 9101, '');
      return { content: rdata, data: fields, rdata };
    }
    case 'URI': {
      // data {weight, target} with the priority beside it ("Required for MX and URI records") — SDK URIRecordParam.
      const data = object(input.data, type);
      const priority = uint(input.priority, 'priority', 65535);
      const fields = { weight: uint(data.weight, 'data.weight', 65535), target: text(data.target, 'data.target') };
      const rdata = canonical('URI', `${priority} ${fields.weight} ${quote(fields.target)}`, 9101, '');
      return { content: `${fields.weight} ${fields.target}`, priority, data: fields, rdata };
    }
    case 'LOC': {
      // data: degrees, minutes, seconds, direction; altitude, size and precisions in metres — SDK LOCRecordParam.Data (ranges from RFC 1876).
      const data = object(input.data, type);
      const direction = (value: unknown, what: string, allowed: string[]): string => {
        if (typeof value !== 'string' || !allowed.includes(value)) throw validation(9101, `${what} must be ${allowed.join(' or ')}.`);
        return value;
      };
      const fields = {
        lat_degrees: uint(data.lat_degrees, 'data.lat_degrees', 90), lat_minutes: uint(data.lat_minutes, 'data.lat_minutes', 59), lat_seconds: decimal(data.lat_seconds, 'data.lat_seconds', 0, 59.999), lat_direction: direction(data.lat_direction, 'data.lat_direction', ['N', 'S']),
        long_degrees: uint(data.long_degrees, 'data.long_degrees', 180), long_minutes: uint(data.long_minutes, 'data.long_minutes', 59), long_seconds: decimal(data.long_seconds, 'data.long_seconds', 0, 59.999), long_direction: direction(data.long_direction, 'data.long_direction', ['E', 'W']),
        altitude: decimal(data.altitude, 'data.altitude', -100000, 42849672.95), size: decimal(data.size ?? 1, 'data.size', 0, 90000000),
        precision_horz: decimal(data.precision_horz ?? 10000, 'data.precision_horz', 0, 90000000), precision_vert: decimal(data.precision_vert ?? 10, 'data.precision_vert', 0, 90000000),
      };
      const content = `${fields.lat_degrees} ${fields.lat_minutes} ${fields.lat_seconds} ${fields.lat_direction} ${fields.long_degrees} ${fields.long_minutes} ${fields.long_seconds} ${fields.long_direction} ${fields.altitude}m ${fields.size}m ${fields.precision_horz}m ${fields.precision_vert}m`;
      return { content, data: fields, rdata: canonical('LOC', content, 9101, '') };
    }
    case 'OPENPGPKEY': {
      // content: "A single Base64-encoded OpenPGP Transferable Public Key" — SDK OpenpgpkeyRecord.content.
      const content = base64Field(input.content, 'Content for OPENPGPKEY record');
      return { content, rdata: canonical('OPENPGPKEY', content, 9101, '') };
    }
  }
}

/** Check one record as the API would, in isolation (zone-wide rules are in store.ts). */
export function checkRecord(input: RecordInput, zone: string): CheckedRecord {
  if (typeof input !== 'object' || input === null) throw failures.badRequest('Record body must be a JSON object.');
  const type = typeof input.type === 'string' ? input.type.toUpperCase() : '';
  // An unknown or unsupported type is a DNS validation error (code not confirmed).
  if (!(SIMULATED_TYPES as readonly string[]).includes(type)) throw validation(9000, `DNS record type "${String(input.type)}" is invalid or not supported.`);
  const name = checkName(input.name, zone);
  const proxied = input.proxied === true;
  // Proxying a type that cannot be proxied: 9004 "This record type cannot be proxied." — hashicorp/terraform#11991, stephenou/fruitionsite#104.
  if (proxied && !PROXIABLE.has(type)) throw validation(9004, 'This record type cannot be proxied.');
  // Proxied records always have TTL 1 (automatic) — SDK doc on ttl; PROVIDERS.md "proxied records always report TTL 1".
  const ttl = proxied ? (checkTtl(input.ttl), 1) : checkTtl(input.ttl);
  const comment = typeof input.comment === 'string' ? input.comment : null;
  const tags = Array.isArray(input.tags) ? input.tags.filter((t): t is string => typeof t === 'string') : [];
  return { name, type: type as SimulatedType, ttl, proxied, comment, tags, ...shape(type as SimulatedType, input) };
}

/** The input form of a stored record, so a PATCH can be merged onto it. */
export function inputOf(record: CheckedRecord): RecordInput {
  const input: RecordInput = { name: record.name, type: record.type, ttl: record.ttl, proxied: record.proxied, content: record.content, comment: record.comment, tags: record.tags };
  if (record.data) input.data = record.data;
  if (record.priority !== undefined) input.priority = record.priority;
  return input;
}

export { ApiFailure };
