import dnsPacket from 'dns-packet';
import { TYPE_NUMBERS as MODEL_TYPE_NUMBERS, typeFromText } from '../core/model.js';

/**
 * The one place that touches dns-packet: its typings are narrower than what it does at run time
 * (rcode, opcode, raw rdata for unknown types), so the loose shapes live here.
 */

export interface PacketRecord {
  name: string;
  type: string;
  class?: string;
  ttl?: number;
  /** Type-specific object, or a Buffer of raw rdata for types dns-packet does not know. */
  data?: unknown;
  /** OPT only. */
  udpPayloadSize?: number;
  /** OPT only: EDNS flags (DO). */
  flags?: number;
}

export interface PacketQuestion {
  name: string;
  type: string;
  class?: string;
}

export interface Packet {
  id: number;
  type: 'query' | 'response';
  /** Header flags without QR, including opcode and rcode bits. */
  flags: number;
  questions: PacketQuestion[];
  answers: PacketRecord[];
  authorities: PacketRecord[];
  additionals: PacketRecord[];
}

export interface DecodedPacket extends Packet {
  opcode: string;
  rcode: string;
  flag_aa: boolean;
  flag_tc: boolean;
  flag_qr: boolean;
}

/** The parts of dns-packet its typings leave out. */
const codecs = dnsPacket as unknown as {
  answer: { encode(record: unknown): Buffer };
  question: { encode(question: unknown, buf: Buffer): unknown; encodingLength(question: unknown): number };
  name: { encode(name: string): Buffer; encodingLength(name: string): number; decode: ((message: Buffer, offset: number) => string) & { bytes: number } };
  record(type: string): { encode(data: unknown): Buffer };
};

export const FLAG_AA = dnsPacket.AUTHORITATIVE_ANSWER;
export const FLAG_TC = dnsPacket.TRUNCATED_RESPONSE;
/** EDNS flag word bit asking for DNSSEC records (RFC 3225). */
export const DNSSEC_OK = dnsPacket.DNSSEC_OK;

const OPCODES: Record<string, number> = { QUERY: 0, NOTIFY: 4, UPDATE: 5 };
export const RCODES: Record<string, number> = {
  NOERROR: 0, FORMERR: 1, SERVFAIL: 2, NXDOMAIN: 3, NOTIMP: 4, REFUSED: 5,
  YXDOMAIN: 6, YXRRSET: 7, NXRRSET: 8, NOTAUTH: 9, NOTZONE: 10,
};

/** Header flags word (without QR) from opcode, rcode and flag bits. */
export function headerFlags(options: { opcode?: string; rcode?: string; aa?: boolean; tc?: boolean }): number {
  let flags = ((OPCODES[options.opcode ?? 'QUERY'] ?? 0) << 11) | (RCODES[options.rcode ?? 'NOERROR'] ?? 0);
  if (options.aa) flags |= FLAG_AA;
  if (options.tc) flags |= FLAG_TC;
  return flags;
}

export function encodePacket(packet: Packet): Buffer {
  return dnsPacket.encode(packet as unknown as dnsPacket.Packet);
}

/** Decode; throws on anything malformed, including bytes left over after the last record. */
export function decodePacket(message: Buffer): DecodedPacket {
  const decoded = dnsPacket.decode(message) as unknown as DecodedPacket;
  if (dnsPacket.decode.bytes !== message.length) throw new Error(`${message.length - dnsPacket.decode.bytes} bytes after the last record`);
  return decoded;
}

/** Wire bytes of one resource record; `klass` overrides the class number (UPDATE needs NONE, 254). */
export function encodeRecord(record: PacketRecord, klass?: number): Buffer {
  const bytes = codecs.answer.encode(record);
  if (klass !== undefined) bytes.writeUInt16BE(klass, nameLength(record.name) + 2);
  return bytes;
}

export function encodeQuestion(question: PacketQuestion): Buffer {
  // question.encode returns the question, not the bytes: give it the buffer.
  const bytes = Buffer.alloc(codecs.question.encodingLength(question));
  codecs.question.encode(question, bytes);
  return bytes;
}

/** Length of a name as dns-packet writes it (never compressed). */
function nameLength(name: string): number {
  return codecs.name.encodingLength(name);
}

/** Uncompressed wire form of a name, lowercased: the canonical form TSIG digests (RFC 8945 4.3.2). */
export function canonicalWireName(name: string): Buffer {
  return codecs.name.encode(name.toLowerCase());
}

/** Decode a possibly compressed name at `offset`; returns it with the bytes it took in place. */
export function decodeName(message: Buffer, offset: number): { name: string; length: number } {
  const name = codecs.name.decode(message, offset);
  return { name, length: codecs.name.decode.bytes };
}

/** Offset at which each resource record starts, section by section, so TSIG can cut the message. */
export function recordOffsets(message: Buffer): { counts: number[]; offsets: number[] } {
  const counts = [4, 6, 8, 10].map((at) => message.readUInt16BE(at));
  let offset = 12;
  for (let i = 0; i < (counts[0] as number); i++) offset += decodeName(message, offset).length + 4;
  const offsets: number[] = [];
  const records = (counts[1] as number) + (counts[2] as number) + (counts[3] as number);
  for (let i = 0; i < records; i++) {
    offsets.push(offset);
    offset += decodeName(message, offset).length;
    if (offset + 10 > message.length) throw new Error('record header runs past the end of the message');
    offset += 10 + message.readUInt16BE(offset + 8);
  }
  if (offset !== message.length) throw new Error('records do not end where the message ends');
  return { counts, offsets };
}

/** Types zonesync hands dns-packet as objects or strings; every other one travels as UNKNOWN_n with raw rdata. */
const PACKET_TYPES: ReadonlySet<string> = new Set(['A', 'NS', 'CNAME', 'SOA', 'PTR', 'MX', 'TXT', 'AAAA', 'SRV', 'DS', 'SSHFP', 'TLSA', 'ANY', 'CAA', 'AXFR', 'IXFR', 'OPT', 'TSIG']);

/** Type number of a type zonesync writes (or TYPEnnn); undefined for others. */
export function typeNumber(type: string): number | undefined {
  const upper = type.toUpperCase();
  const generic = /^TYPE(\d+)$/.exec(upper);
  return generic ? Number(generic[1]) : MODEL_TYPE_NUMBERS[upper];
}

/** A record with empty rdata (RFC 2136 deletes and prerequisites), in any class. */
export function encodeEmptyRecord(name: string, type: string, klass: number): Buffer {
  const number = typeNumber(type);
  if (number === undefined) throw new Error(`unknown record type "${type}"`);
  return encodeRecord({ name, type: `UNKNOWN_${number}`, class: 'IN', ttl: 0, data: Buffer.alloc(0) }, klass);
}

/** Rdata bytes of a record dns-packet decoded into an object (encoded again, names uncompressed). */
export function rdataBytes(packetTypeName: string, data: unknown): Buffer {
  return Buffer.isBuffer(data) ? data : codecs.record(packetTypeName).encode(data).subarray(2);
}

/** Type name as dns-packet spells it for encoding: UNKNOWN_n for the types it is not handed as objects (SVCB, LOC, URI…). */
export function packetType(type: string): string {
  const upper = type.toUpperCase();
  if (PACKET_TYPES.has(upper)) return upper;
  const number = typeNumber(upper);
  return number === undefined ? upper : `UNKNOWN_${number}`;
}

/** Type name as zonesync spells it: RFC 3597 `TYPEnnn` for types without a mnemonic. */
export function typeName(packetTypeName: string): string {
  if (packetTypeName === 'UNKNOWN_64') return 'SVCB';
  if (packetTypeName === 'UNKNOWN_65') return 'HTTPS';
  const unknown = /^UNKNOWN_(\d+)$/.exec(packetTypeName);
  // dns-packet names fewer types than zonesync: LOC, URI, CDS… come as UNKNOWN_n.
  return unknown ? (typeFromText(`TYPE${unknown[1]}`) ?? `TYPE${unknown[1]}`) : packetTypeName;
}

/** Absolute lowercase name with a trailing dot, from dns-packet's dotless form. */
export function absoluteName(name: string): string {
  if (name === '' || name === '.') return '.';
  return `${name.toLowerCase().replace(/\.$/, '')}.`;
}
