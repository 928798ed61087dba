import type { FeatureType, RecordType, Soa } from '../core/model.js';
import { isRecordType } from '../core/model.js';
import { canonicalRdata } from '../core/rdata.js';
import { quoteCharacterString, tokenizeRdata } from '../core/rdata-text.js';
import { absoluteName, rdataBytes, typeName, type PacketRecord } from './packet.js';
import { svcbFromWire, svcbToWire } from './svcb-wire.js';
import { fromWire, genericText, genericToWire, toWire, wireTypeOf } from '../core/rdata-codec.js';
import { TYPE_NUMBERS } from '../core/model.js';

/** Records as they travel on the wire ↔ canonical presentation values (src/core/rdata.ts). */

/** One resource record as a server sent it. */
export interface WireRecord {
  /** Absolute, lowercase, trailing dot. */
  name: string;
  /** `A`, `SOA`… or RFC 3597 `TYPE123` for types without a mnemonic. */
  type: string;
  ttl: number;
  /** Canonical presentation rdata for zonesync's types and SOA; RFC 3597 `\# len hex` for the rest. */
  value: string;
}

/** Every type zonesync writes to a server: RECORD_TYPES without ALIAS and URLFWD (not DNS types), plus SOA. */
export type WireType = Exclude<RecordType, FeatureType> | 'SOA';

function fields(value: string): Array<{ text: string; bytes: Buffer }> {
  const tokens = tokenizeRdata(value);
  if (!tokens.ok) throw new Error(`not canonical rdata "${value}": ${tokens.error}`);
  return tokens.tokens;
}

function field(parts: Array<{ text: string }>, index: number): string {
  const part = parts[index];
  if (!part) throw new Error(`rdata lacks field ${index + 1}`);
  return part.text;
}

/** Types whose rdata we write ourselves, by number (dns-packet encodes unknown types from raw bytes). */
const RAW_TYPES = { CAA: 257, SSHFP: 44, SVCB: 64, HTTPS: 65 } as const;

function raw(type: keyof typeof RAW_TYPES, bytes: Buffer): { type: string; data: Buffer } {
  return { type: `UNKNOWN_${RAW_TYPES[type]}`, data: bytes };
}

/** dns-packet's type name and data for one canonical value. */
export function rdataToPacket(type: WireType, value: string): { type: string; data: unknown } {
  const f = fields(value);
  const number = (i: number): number => Number(field(f, i));
  switch (type) {
    case 'A':
    case 'AAAA':
      return { type, data: field(f, 0) };
    case 'CNAME':
    case 'NS':
    case 'PTR':
      return { type, data: field(f, 0) };
    case 'MX':
      return { type, data: { preference: number(0), exchange: field(f, 1) } };
    case 'SRV':
      return { type, data: { priority: number(0), weight: number(1), port: number(2), target: field(f, 3) } };
    case 'TXT':
      return { type, data: f.map((part) => part.bytes) };
    case 'DS':
      return { type, data: { keyTag: number(0), algorithm: number(1), digestType: number(2), digest: Buffer.from(f.slice(3).map((p) => p.text).join(''), 'hex') } };
    case 'TLSA':
      return { type, data: { usage: number(0), selector: number(1), matchingType: number(2), certificate: Buffer.from(f.slice(3).map((p) => p.text).join(''), 'hex') } };
    case 'SOA':
      return { type, data: { mname: field(f, 0), rname: field(f, 1), serial: number(2), refresh: number(3), retry: number(4), expire: number(5), minimum: number(6) } };
    // dns-packet writes CAA values as UTF-8 text and only knows SSHFP hash types 1 and 2: write these bytes ourselves.
    case 'CAA': {
      const tag = Buffer.from(field(f, 1));
      return raw(type, Buffer.concat([Buffer.from([number(0), tag.length]), tag, (f[2] as { bytes: Buffer }).bytes]));
    }
    case 'SSHFP':
      return raw(type, Buffer.concat([Buffer.from([number(0), number(1)]), Buffer.from(f.slice(2).map((p) => p.text).join(''), 'hex')]));
    case 'SVCB':
    case 'HTTPS':
      return raw(type, svcbToWire(value));
    default: {
      // The types described field by field in src/core/rdata-codec.ts, and RFC 3597 generic ones.
      const kind = wireTypeOf(type);
      const wire = kind === 'generic' ? genericToWire(f as never) : kind ? toWire(kind, f as never, '.') : undefined;
      if (!wire?.ok) throw new Error(`cannot write ${type} "${value}" on the wire`);
      return { type: `UNKNOWN_${TYPE_NUMBERS[type] ?? Number(type.slice(4))}`, data: wire.bytes };
    }
  }
}

/** A whole record for dns-packet's encoder. */
export function recordToPacket(record: { name: string; type: WireType; ttl: number; value: string }): PacketRecord {
  return { name: record.name, class: 'IN', ttl: record.ttl, ...rdataToPacket(record.type, record.value) };
}

function hex(data: Buffer | string): string {
  return (typeof data === 'string' ? data : data.toString('hex')).toLowerCase();
}

/** RFC 3597 generic rdata; dns-packet's decoded objects are encoded again to get at the bytes. */
function genericRdata(packetTypeName: string, data: unknown): string {
  const bytes = rdataBytes(packetTypeName, data);
  return bytes.length === 0 ? '\\# 0' : `\\# ${bytes.length} ${bytes.toString('hex')}`;
}

/** Presentation text (not yet canonical) of what dns-packet decoded. */
function presentation(type: string, data: unknown): string | undefined {
  const d = data as Record<string, unknown>;
  switch (type) {
    case 'A':
    case 'AAAA':
      return String(data);
    case 'CNAME':
    case 'NS':
    case 'PTR':
      return absoluteName(String(data));
    case 'MX':
      return `${d.preference as number} ${absoluteName(d.exchange as string)}`;
    case 'SRV':
      return `${d.priority as number} ${d.weight as number} ${d.port as number} ${absoluteName(d.target as string)}`;
    case 'TXT':
      return (data as Buffer[]).map((s) => quoteCharacterString(Buffer.from(s))).join(' ') || '""';
    case 'CAA':
      return `${d.flags as number} ${d.tag as string} ${quoteCharacterString(Buffer.from(d.value as string, 'utf8'))}`;
    case 'DS':
      return `${d.keyTag as number} ${d.algorithm as number} ${d.digestType as number} ${hex(d.digest as Buffer)}`;
    case 'TLSA':
      return `${d.usage as number} ${d.selector as number} ${d.matchingType as number} ${hex(d.certificate as Buffer)}`;
    case 'SSHFP':
      return `${d.algorithm as number} ${d.hash as number} ${hex(d.fingerprint as string)}`;
    case 'SVCB':
    case 'HTTPS':
      return svcbFromWire(data as Buffer);
    default:
      return undefined;
  }
}

export function soaValue(soa: Soa): string {
  return `${soa.mname} ${soa.rname} ${soa.serial} ${soa.refresh} ${soa.retry} ${soa.expire} ${soa.minimum}`;
}

/** A decoded record as zonesync sees it; throws when its rdata is not valid for its type. */
export function recordFromPacket(record: PacketRecord): WireRecord {
  const type = typeName(record.type);
  const name = absoluteName(record.name);
  const ttl = record.ttl ?? 0;
  if (type === 'SOA') return { name, type, ttl, value: soaValue(soaFromPacket(record)) };
  const kind = wireTypeOf(type);
  if (kind && kind !== 'generic' && isRecordType(type)) {
    const bytes = rdataBytes(record.type, record.data);
    const text = fromWire(kind, bytes);
    const canonical = text === undefined ? undefined : canonicalRdata(type, text, '.');
    if (!canonical?.ok) throw new Error(`${name} ${type}: rdata ${genericText(bytes)} is not valid ${type}`);
    return { name, type, ttl, value: canonical.value };
  }
  const text = presentation(type, record.data);
  if (text === undefined || !isRecordType(type)) return { name, type, ttl, value: genericRdata(record.type, record.data) };
  const canonical = canonicalRdata(type, text, '.');
  if (!canonical.ok) throw new Error(`${name} ${type} "${text}": ${canonical.error}`);
  return { name, type, ttl, value: canonical.value };
}

export function soaFromPacket(record: PacketRecord): Soa {
  const d = record.data as Record<string, unknown>;
  return {
    mname: absoluteName(d.mname as string), rname: absoluteName(d.rname as string),
    serial: d.serial as number, refresh: d.refresh as number, retry: d.retry as number,
    expire: d.expire as number, minimum: d.minimum as number, ttl: record.ttl ?? 0,
  };
}

export function soaToPacket(zone: string, soa: Soa): PacketRecord {
  return recordToPacket({ name: zone, type: 'SOA', ttl: soa.ttl, value: soaValue(soa) });
}
