import type { RecordType, RRset } from '../../core/model.js';
import { isRecordType, rrsetKey } from '../../core/model.js';
import { canonicalRdata, rdataFields, txtFromText } from '../../core/rdata.js';
import { quoteCharacterString } from '../../core/rdata-text.js';

/**
 * Cloudflare records (one per value, names without the trailing dot) ↔ zonesync rrsets. Pure.
 *
 * Decisions:
 * - TTL 1 means "automatic" (300 s on the edge). It reads as ttl 300 with
 *   `providerSettings.cloudflare.ttl: 'auto'`; a zone file asks for it with the same setting.
 *   Proxied records always carry TTL 1, so they read as 300 + auto as well.
 * - `proxied` is read for A/AAAA/CNAME/ALIAS (true only when every record of the rrset is) and is
 *   written only when the zone file sets it, so a toggle made in the dashboard is left alone.
 * - ALIAS at the apex is a CNAME at the apex (Cloudflare flattens it); a CNAME at the apex reads as ALIAS.
 */

/** The fields of an API record that zonesync reads. */
export interface CloudflareRecord {
  id: string;
  name: string;
  type: string;
  content?: string;
  ttl: number;
  proxied?: boolean;
  priority?: number;
  data?: Record<string, unknown>;
}

/** One record as sent in a create/post or patch. */
export interface RecordBody {
  name: string;
  type: string;
  ttl: number;
  proxied?: boolean;
  content?: string;
  priority?: number;
  data?: Record<string, unknown>;
}

/** A live record, keyed for the diff: its rrset, canonical value and what Cloudflare stores. */
export interface IndexedRecord {
  id: string;
  value: string;
  ttl: number;
  proxied: boolean;
  body: RecordBody;
}

/** rrsetKey → the live records of that rrset. */
export type RecordIndex = Map<string, IndexedRecord[]>;

export interface CloudflareSettings {
  proxied?: boolean;
  ttl?: 'auto';
}

export const AUTOMATIC_TTL = 300;
export const SETTING_KEYS = ['proxied', 'ttl'] as const;
const PROXIABLE: ReadonlySet<string> = new Set(['A', 'AAAA', 'CNAME', 'ALIAS']);
/**
 * The types this file maps (capabilities.ts lists the same). LOC, NAPTR, URI, CERT and SMIMEA carry
 * their rdata in `data` (SDK LOCRecordParam.Data, NAPTRRecordParam.Data, URIRecordParam.Data,
 * CERTRecordParam.Data, SMIMEARecordParam.Data); OPENPGPKEY in `content`, "a single Base64-encoded
 * OpenPGP Transferable Public Key" (SDK OpenpgpkeyRecord.content).
 */
const MAPPED: ReadonlySet<string> = new Set(['A', 'AAAA', 'ALIAS', 'CAA', 'CERT', 'CNAME', 'DS', 'HTTPS', 'LOC', 'MX', 'NAPTR', 'NS', 'OPENPGPKEY', 'PTR', 'SMIMEA', 'SRV', 'SSHFP', 'SVCB', 'TLSA', 'TXT', 'URI']);
/** Types whose live record is re-created from `content` rather than `data`. */
const CONTENT_TYPES: ReadonlySet<string> = new Set(['A', 'AAAA', 'CNAME', 'NS', 'PTR', 'MX', 'TXT', 'OPENPGPKEY']);

export class ConversionError extends Error {}

/** `www.example.com.` → `www.example.com`; the root stays `.`. */
export function bareName(name: string): string {
  return name === '.' ? '.' : name.replace(/\.$/, '');
}

function absolute(name: string): string {
  return name === '.' || name.endsWith('.') ? name.toLowerCase() : `${name.toLowerCase()}.`;
}

/** The Cloudflare settings an rrset declares, checked. */
export function settingsOf(rrset: Pick<RRset, 'name' | 'type' | 'providerSettings'>): CloudflareSettings {
  const raw = rrset.providerSettings?.cloudflare ?? {};
  for (const key of Object.keys(raw)) {
    if (!(SETTING_KEYS as readonly string[]).includes(key)) throw new ConversionError(`${rrset.name} ${rrset.type}: providerSettings.cloudflare.${key} is not a Cloudflare setting (known: ${SETTING_KEYS.join(', ')})`);
  }
  const settings: CloudflareSettings = {};
  if (raw.proxied !== undefined) {
    if (typeof raw.proxied !== 'boolean') throw new ConversionError(`${rrset.name} ${rrset.type}: providerSettings.cloudflare.proxied must be true or false`);
    if (raw.proxied && !PROXIABLE.has(rrset.type)) throw new ConversionError(`${rrset.name} ${rrset.type}: only A, AAAA and CNAME records can be proxied`);
    settings.proxied = raw.proxied;
  }
  if (raw.ttl !== undefined) {
    if (raw.ttl !== 'auto') throw new ConversionError(`${rrset.name} ${rrset.type}: providerSettings.cloudflare.ttl can only be 'auto'`);
    settings.ttl = 'auto';
  }
  return settings;
}

/** The TTL Cloudflare stores: 1 for automatic (and for every proxied record), else the rrset's. */
export function cloudflareTtl(rrset: Pick<RRset, 'name' | 'type' | 'ttl' | 'providerSettings'>): number {
  const settings = settingsOf(rrset);
  return settings.ttl === 'auto' || settings.proxied ? 1 : rrset.ttl;
}

/** The model name and type of a record: a CNAME at the apex is the zone's ALIAS. */
export function modelKey(record: Pick<CloudflareRecord, 'name' | 'type'>, zone: string): { name: string; type: string } {
  const name = absolute(record.name);
  return { name, type: record.type === 'CNAME' && name === zone ? 'ALIAS' : record.type };
}

function num(data: Record<string, unknown>, key: string): string {
  const value = data[key];
  if (typeof value !== 'number' && typeof value !== 'string') throw new ConversionError(`data.${key} is missing`);
  return String(value);
}

/** A string field of `data` as a quoted character-string (empty when absent). */
function quoted(data: Record<string, unknown>, key: string): string {
  const value = data[key];
  if (value !== undefined && typeof value !== 'string') throw new ConversionError(`data.${key} must be a string`);
  return quoteCharacterString(Buffer.from(value ?? '', 'utf8'));
}

/** LOC `data` (degrees, minutes, seconds, direction; metres) in RFC 1876 presentation. */
function locPresentation(data: Record<string, unknown>): string {
  const coordinate = (axis: 'lat' | 'long') => `${num(data, `${axis}_degrees`)} ${num(data, `${axis}_minutes`)} ${num(data, `${axis}_seconds`)} ${String(data[`${axis}_direction`] ?? '')}`;
  return `${coordinate('lat')} ${coordinate('long')} ${num(data, 'altitude')}m ${num(data, 'size')}m ${num(data, 'precision_horz')}m ${num(data, 'precision_vert')}m`;
}

/** Canonical LOC fields → Cloudflare's `data` (metres as numbers, the `m` dropped). */
function locData(fields: string[]): Record<string, unknown> {
  const n = (i: number) => Number(String(fields[i]).replace(/m$/, ''));
  return {
    lat_degrees: n(0), lat_minutes: n(1), lat_seconds: n(2), lat_direction: fields[3],
    long_degrees: n(4), long_minutes: n(5), long_seconds: n(6), long_direction: fields[7],
    altitude: n(8), size: n(9), precision_horz: n(10), precision_vert: n(11),
  };
}

/** Presentation rdata of a record (before canonicalisation), from `data` where the API structures it. */
function presentation(record: CloudflareRecord, type: RecordType): string {
  const content = record.content ?? '';
  const data = record.data;
  switch (type) {
    case 'A':
    case 'AAAA':
      return content;
    case 'CNAME':
    case 'ALIAS':
    case 'NS':
    case 'PTR':
      return absolute(content);
    case 'MX':
      return `${record.priority ?? ''} ${absolute(content)}`;
    case 'TXT':
      // Older records may hold unquoted text; current ones hold quoted character-strings.
      return content.startsWith('"') ? content : txtFromText(content);
    case 'OPENPGPKEY':
      return content;
    default:
      break;
  }
  if (!data) return content;
  switch (type) {
    case 'CAA':
      return `${num(data, 'flags')} ${String(data.tag ?? '')} ${quoteCharacterString(Buffer.from(String(data.value ?? ''), 'utf8'))}`;
    case 'SRV':
      return `${num(data, 'priority')} ${num(data, 'weight')} ${num(data, 'port')} ${absolute(String(data.target ?? ''))}`;
    case 'DS':
      return `${num(data, 'key_tag')} ${num(data, 'algorithm')} ${num(data, 'digest_type')} ${String(data.digest ?? '')}`;
    case 'TLSA':
      return `${num(data, 'usage')} ${num(data, 'selector')} ${num(data, 'matching_type')} ${String(data.certificate ?? '')}`;
    case 'SSHFP':
      return `${num(data, 'algorithm')} ${num(data, 'type')} ${String(data.fingerprint ?? '')}`;
    case 'SVCB':
    case 'HTTPS':
      return `${num(data, 'priority')} ${absolute(String(data.target ?? '.'))} ${String(data.value ?? '')}`.trim();
    case 'SMIMEA':
      return `${num(data, 'usage')} ${num(data, 'selector')} ${num(data, 'matching_type')} ${String(data.certificate ?? '')}`;
    case 'CERT':
      return `${num(data, 'type')} ${num(data, 'key_tag')} ${num(data, 'algorithm')} ${String(data.certificate ?? '')}`;
    case 'NAPTR':
      return `${num(data, 'order')} ${num(data, 'preference')} ${quoted(data, 'flags')} ${quoted(data, 'service')} ${quoted(data, 'regex')} ${absolute(String(data.replacement ?? '.'))}`;
    case 'URI':
      // The priority sits beside `data` (URIRecordParam.priority, "Required for MX and URI records"), or inside it on newer records.
      return `${data.priority ?? record.priority ?? ''} ${num(data, 'weight')} ${quoted(data, 'target')}`;
    case 'LOC':
      return locPresentation(data);
    default:
      return content;
  }
}

/** Canonical value of one record, or a ConversionError naming it. */
export function recordValue(record: CloudflareRecord, zone: string): string {
  const { name, type } = modelKey(record, zone);
  if (!isRecordType(type) || !MAPPED.has(type)) throw new ConversionError(`${name} ${type}: type not managed by zonesync on Cloudflare`);
  let text: string;
  try {
    text = presentation(record, type);
  } catch (error) {
    throw new ConversionError(`${name} ${type} (id ${record.id}): ${(error as Error).message}`);
  }
  const result = canonicalRdata(type, text, zone);
  if (!result.ok) throw new ConversionError(`${name} ${type} (id ${record.id}): "${text}": ${result.error}`);
  return result.value;
}

/** The API body of one value of an rrset: `content`, MX `priority`, or structured `data`. */
export function recordBody(rrset: Pick<RRset, 'name' | 'type' | 'ttl' | 'providerSettings'>, value: string, zone: string): RecordBody {
  const settings = settingsOf(rrset);
  if (rrset.type === 'ALIAS' && rrset.name !== zone) throw new ConversionError(`${rrset.name} ALIAS: Cloudflare serves ALIAS only at the zone apex (as a flattened CNAME)`);
  const body: RecordBody = { name: bareName(rrset.name), type: rrset.type === 'ALIAS' ? 'CNAME' : rrset.type, ttl: cloudflareTtl(rrset) };
  if (settings.proxied !== undefined) body.proxied = settings.proxied;
  const fields = rdataFields(value);
  const n = (i: number) => Number(fields[i]);
  switch (rrset.type) {
    case 'A':
    case 'AAAA':
    case 'TXT':
      body.content = value;
      break;
    case 'OPENPGPKEY':
      body.content = fields.join('');
      break;
    case 'CNAME':
    case 'ALIAS':
    case 'NS':
    case 'PTR':
      body.content = bareName(value);
      break;
    case 'MX':
      body.priority = n(0);
      body.content = bareName(fields[1] as string);
      break;
    case 'CAA':
      body.data = { flags: n(0), tag: fields[1], value: fields[2] };
      break;
    case 'SRV':
      body.data = { priority: n(0), weight: n(1), port: n(2), target: bareName(fields[3] as string) };
      break;
    case 'DS':
      body.data = { key_tag: n(0), algorithm: n(1), digest_type: n(2), digest: fields.slice(3).join('') };
      break;
    case 'TLSA':
      body.data = { usage: n(0), selector: n(1), matching_type: n(2), certificate: fields.slice(3).join('') };
      break;
    case 'SSHFP':
      body.data = { algorithm: n(0), type: n(1), fingerprint: fields.slice(2).join('') };
      break;
    case 'SVCB':
    case 'HTTPS': {
      // Canonical SVCB is "priority target params…"; the params travel as one presentation string.
      const [priority, target, ...params] = value.split(' ');
      body.data = { priority: Number(priority), target: bareName(target as string), value: params.join(' ') };
      break;
    }
    case 'SMIMEA':
      body.data = { usage: n(0), selector: n(1), matching_type: n(2), certificate: fields.slice(3).join('') };
      break;
    case 'CERT':
      body.data = { type: n(0), key_tag: n(1), algorithm: n(2), certificate: fields.slice(3).join('') };
      break;
    case 'NAPTR':
      // The replacement is the presentation text's last token: a name, kept with its escapes.
      body.data = { order: n(0), preference: n(1), flags: fields[2], service: fields[3], regex: fields[4], replacement: bareName(value.slice(value.lastIndexOf(' ') + 1)) };
      break;
    case 'URI':
      body.priority = n(0);
      body.data = { weight: n(1), target: fields[2] };
      break;
    case 'LOC':
      body.data = locData(fields);
      break;
  }
  return body;
}

/** Index live records by rrset; records of types zonesync does not manage are returned apart. */
export function indexRecords(records: CloudflareRecord[], zone: string): { index: RecordIndex; unmanaged: CloudflareRecord[] } {
  const index: RecordIndex = new Map();
  const unmanaged: CloudflareRecord[] = [];
  for (const record of records) {
    const key = modelKey(record, zone);
    if (!isRecordType(key.type) || !MAPPED.has(key.type)) {
      unmanaged.push(record);
      continue;
    }
    const value = recordValue(record, zone);
    const indexed: IndexedRecord = { id: record.id, value, ttl: record.ttl, proxied: record.proxied === true, body: liveBody(record) };
    const list = index.get(rrsetKey(key)) ?? [];
    list.push(indexed);
    index.set(rrsetKey(key), list);
  }
  return { index, unmanaged };
}

/** What re-creates a live record as it is (for undoing a batch). */
function liveBody(record: CloudflareRecord): RecordBody {
  const body: RecordBody = { name: record.name, type: record.type, ttl: record.ttl, proxied: record.proxied === true };
  if (record.data && !CONTENT_TYPES.has(record.type)) body.data = record.data;
  else body.content = record.content ?? '';
  if ((record.type === 'MX' || record.type === 'URI') && record.priority !== undefined) body.priority = record.priority;
  return body;
}

/** The rrsets of an index, as the diff compares them. */
export function rrsetsFromIndex(index: RecordIndex): RRset[] {
  const rrsets: RRset[] = [];
  for (const [key, records] of index) {
    if (records.length === 0) continue;
    const space = key.lastIndexOf(' ');
    const name = key.slice(0, space);
    const type = key.slice(space + 1) as RecordType;
    const auto = records.every((r) => r.ttl === 1);
    // Differing TTLs inside one rrset read as the smallest, so a declared TTL rewrites them all.
    const ttl = Math.min(...records.map((r) => (r.ttl === 1 ? AUTOMATIC_TTL : r.ttl)));
    const settings: Record<string, unknown> = {};
    if (PROXIABLE.has(type)) settings.proxied = records.every((r) => r.proxied);
    if (auto) settings.ttl = 'auto';
    const rrset: RRset = { name, type, ttl, values: [...new Set(records.map((r) => r.value))].sort() };
    if (Object.keys(settings).length > 0) rrset.providerSettings = { cloudflare: settings };
    rrsets.push(rrset);
  }
  return rrsets;
}
