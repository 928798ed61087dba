import { rdataBytes, typeNumber } from '../packet.js';
import { rdataToPacket, type WireRecord, type WireType } from '../rdata-wire.js';
import { isRecordType } from '../../core/model.js';

/**
 * DNSSEC rdata on the wire (RFC 4034): DNSKEY, RRSIG, DS, NSEC, NSEC3 parsed from their bytes,
 * names in canonical form and order (§6.1), and the canonical rdata of any record verify sees.
 */

/** Type numbers DNSSEC adds; the rest come from packet.ts. */
export const DNSSEC_TYPE_NUMBERS: Record<string, number> = { DS: 43, RRSIG: 46, NSEC: 47, DNSKEY: 48, NSEC3: 50, NSEC3PARAM: 51, CDS: 59, CDNSKEY: 60, CNAME: 5, SOA: 6 };

export function typeNumberOf(type: string): number {
  const number = DNSSEC_TYPE_NUMBERS[type] ?? typeNumber(type);
  if (number === undefined) throw new Error(`no type number for ${type}`);
  return number;
}

/** Labels of an absolute name, lowercase, without the root: `www.example.com.` → [www, example, com]. */
export function labelsOf(name: string): string[] {
  const bare = name.toLowerCase().replace(/\.$/, '');
  return bare === '' ? [] : bare.split('.');
}

/** Uncompressed wire form of a name, lowercased (RFC 4034 §6.2). */
export function nameWire(name: string): Buffer {
  const parts = labelsOf(name).map((label) => {
    const bytes = Buffer.from(label, 'latin1');
    return Buffer.concat([Buffer.from([bytes.length]), bytes]);
  });
  return Buffer.concat([...parts, Buffer.from([0])]);
}

/** Read an uncompressed name at `offset` (names in DNSSEC rdata are never compressed). */
export function readName(bytes: Buffer, offset: number): { name: string; end: number } {
  const labels: string[] = [];
  let at = offset;
  for (;;) {
    const length = bytes[at];
    if (length === undefined) throw new Error('name runs past the end of the rdata');
    if (length === 0) return { name: labels.length === 0 ? '.' : `${labels.join('.')}.`.toLowerCase(), end: at + 1 };
    if (length > 63) throw new Error('compressed or bad label in DNSSEC rdata');
    labels.push(bytes.subarray(at + 1, at + 1 + length).toString('latin1'));
    at += 1 + length;
  }
}

function compareBytes(a: Buffer, b: Buffer): number {
  return Buffer.compare(a, b);
}

/** RFC 4034 §6.1 canonical order: label by label from the right, lowercase bytes, shorter first. */
export function compareNames(a: string, b: string): number {
  const left = labelsOf(a).reverse();
  const right = labelsOf(b).reverse();
  for (let i = 0; i < Math.min(left.length, right.length); i++) {
    const c = compareBytes(Buffer.from(left[i] as string, 'latin1'), Buffer.from(right[i] as string, 'latin1'));
    if (c !== 0) return c;
  }
  return left.length - right.length;
}

/** True when `name` is `ancestor` or below it. */
export function isAtOrBelow(name: string, ancestor: string): boolean {
  const n = labelsOf(name);
  const a = labelsOf(ancestor);
  return a.length <= n.length && a.every((label, i) => n[n.length - a.length + i] === label);
}

/** Rdata bytes of a record: generic `\# len hex` as sent, or the canonical value of a type zonesync knows, re-encoded. */
export function rdataOf(record: WireRecord): Buffer {
  const generic = /^\\# (\d+)(?: ([0-9a-f ]*))?$/i.exec(record.value);
  if (generic) return Buffer.from((generic[2] ?? '').replace(/ /g, ''), 'hex');
  if (record.type !== 'SOA' && !isRecordType(record.type)) throw new Error(`${record.name} ${record.type}: no rdata bytes`);
  const packet = rdataToPacket(record.type as WireType, record.value);
  return rdataBytes(packet.type, packet.data);
}

export interface Dnskey {
  flags: number;
  protocol: number;
  algorithm: number;
  publicKey: Buffer;
  /** RFC 4034 Appendix B over the whole rdata. */
  keyTag: number;
  /** The whole rdata, for DS digests. */
  rdata: Buffer;
}

/** SEP bit set: a key-signing key by convention (RFC 4034 §2.1.1). */
export const isKsk = (key: Dnskey): boolean => (key.flags & 0x0001) !== 0;

/** A DNSKEY's rdata in presentation form: `257 3 13 base64…`. */
export const dnskeyText = (key: Dnskey): string => `${key.flags} ${key.protocol} ${key.algorithm} ${key.publicKey.toString('base64')}`;

/** RFC 4034 Appendix B (algorithm 1 is obsolete and not handled). */
export function keyTag(rdata: Buffer): number {
  let sum = 0;
  for (let i = 0; i < rdata.length; i++) sum += i & 1 ? (rdata[i] as number) : (rdata[i] as number) << 8;
  sum += (sum >> 16) & 0xffff;
  return sum & 0xffff;
}

export function parseDnskey(rdata: Buffer): Dnskey {
  if (rdata.length < 5) throw new Error('DNSKEY rdata shorter than 5 bytes');
  return { flags: rdata.readUInt16BE(0), protocol: rdata[2] as number, algorithm: rdata[3] as number, publicKey: rdata.subarray(4), keyTag: keyTag(rdata), rdata };
}

export interface Rrsig {
  typeCovered: number;
  algorithm: number;
  labels: number;
  originalTtl: number;
  expiration: number;
  inception: number;
  keyTag: number;
  signer: string;
  signature: Buffer;
  /** RRSIG rdata up to the signature, with the signer's name in canonical form (RFC 4034 §3.1.8.1). */
  signedHeader: Buffer;
}

export function parseRrsig(rdata: Buffer): Rrsig {
  if (rdata.length < 19) throw new Error('RRSIG rdata shorter than 19 bytes');
  const { name: signer, end } = readName(rdata, 18);
  return {
    typeCovered: rdata.readUInt16BE(0),
    algorithm: rdata[2] as number,
    labels: rdata[3] as number,
    originalTtl: rdata.readUInt32BE(4),
    expiration: rdata.readUInt32BE(8),
    inception: rdata.readUInt32BE(12),
    keyTag: rdata.readUInt16BE(16),
    signer,
    signature: rdata.subarray(end),
    signedHeader: Buffer.concat([rdata.subarray(0, 18), nameWire(signer)]),
  };
}

export interface Ds {
  keyTag: number;
  algorithm: number;
  digestType: number;
  digest: Buffer;
}

/** DS (and CDS) from presentation `tag alg type hex`. */
export function parseDsValue(value: string): Ds {
  const [tag, algorithm, digestType, ...digest] = value.trim().split(/\s+/);
  return { keyTag: Number(tag), algorithm: Number(algorithm), digestType: Number(digestType), digest: Buffer.from(digest.join(''), 'hex') };
}

export function parseDsRdata(rdata: Buffer): Ds {
  if (rdata.length < 5) throw new Error('DS rdata shorter than 5 bytes');
  return { keyTag: rdata.readUInt16BE(0), algorithm: rdata[2] as number, digestType: rdata[3] as number, digest: rdata.subarray(4) };
}

export const formatDs = (ds: Ds): string => `${ds.keyTag} ${ds.algorithm} ${ds.digestType} ${ds.digest.toString('hex').toUpperCase()}`;

/** RFC 4034 §4.1.2 type bitmap. */
export function readTypeBitmap(bytes: Buffer, offset: number): Set<number> {
  const types = new Set<number>();
  let at = offset;
  while (at < bytes.length) {
    const window = bytes[at] as number;
    const length = bytes[at + 1] as number;
    if (length === undefined || length < 1 || length > 32 || at + 2 + length > bytes.length) throw new Error('bad type bitmap');
    for (let i = 0; i < length; i++) {
      const octet = bytes[at + 2 + i] as number;
      for (let bit = 0; bit < 8; bit++) if (octet & (0x80 >> bit)) types.add(window * 256 + i * 8 + bit);
    }
    at += 2 + length;
  }
  return types;
}

export interface Nsec {
  next: string;
  types: Set<number>;
}

export function parseNsec(rdata: Buffer): Nsec {
  const { name, end } = readName(rdata, 0);
  return { next: name, types: readTypeBitmap(rdata, end) };
}

export interface Nsec3 {
  hashAlgorithm: number;
  flags: number;
  iterations: number;
  salt: Buffer;
  nextHashed: Buffer;
  types: Set<number>;
}

export function parseNsec3(rdata: Buffer): Nsec3 {
  if (rdata.length < 5) throw new Error('NSEC3 rdata too short');
  const saltLength = rdata[4] as number;
  const hashAt = 5 + saltLength;
  const hashLength = rdata[hashAt];
  if (hashLength === undefined) throw new Error('NSEC3 rdata too short');
  return {
    hashAlgorithm: rdata[0] as number,
    flags: rdata[1] as number,
    iterations: rdata.readUInt16BE(2),
    salt: rdata.subarray(5, hashAt),
    nextHashed: rdata.subarray(hashAt + 1, hashAt + 1 + hashLength),
    types: readTypeBitmap(rdata, hashAt + 1 + hashLength),
  };
}

/** DNSKEY from presentation `257 3 13 base64…` (as APIs give it). */
export function dnskeyFromText(text: string): Dnskey {
  const [flags, protocol, algorithm, ...key] = text.trim().split(/\s+/);
  const head = Buffer.alloc(4);
  head.writeUInt16BE(Number(flags), 0);
  head[2] = Number(protocol);
  head[3] = Number(algorithm);
  return parseDnskey(Buffer.concat([head, Buffer.from(key.join(''), 'base64')]));
}
