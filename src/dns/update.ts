import { randomInt } from 'node:crypto';
import type { Nameserver } from './nameserver.js';
import { decodeAnswer, mismatch } from './client.js';
import { DnsError, TsigError, type DnsContext } from './error.js';
import { absoluteName, encodeEmptyRecord, encodeQuestion, encodeRecord, headerFlags } from './packet.js';
import { recordToPacket, type WireType } from './rdata-wire.js';
import { TcpConnection } from './transport.js';
import { signRequest, tsigSize, TsigVerifier, type TsigKey } from './tsig.js';

/** RFC 2136 dynamic UPDATE: prerequisites that must hold, then changes applied all together or not at all. */

export type Prerequisite =
  /** The rrset holds exactly these values (RFC 2136 2.4.2): a concurrent edit makes it fail with NXRRSET. */
  | { kind: 'rrset-exists-value'; name: string; type: WireType; values: string[] }
  | { kind: 'rrset-absent'; name: string; type: string }
  | { kind: 'name-absent'; name: string }
  | { kind: 'name-in-use'; name: string };

export type UpdateOperation =
  | { kind: 'delete-rrset'; name: string; type: string }
  | { kind: 'delete-rr'; name: string; type: WireType; value: string }
  | { kind: 'add'; name: string; type: WireType; ttl: number; value: string };

export interface DnsUpdate {
  zone: string;
  prerequisites: Prerequisite[];
  updates: UpdateOperation[];
}

export interface UpdateOptions {
  tsig?: TsigKey;
  /** Default 10000. */
  timeoutMs?: number;
}

const CLASS_IN = 1;
const CLASS_NONE = 254;
const CLASS_ANY = 255;
/** What one TCP-framed DNS message can hold. */
export const MAX_MESSAGE_SIZE = 65535;

function valueRecord(name: string, type: WireType, ttl: number, value: string, klass: number): Buffer {
  return encodeRecord(recordToPacket({ name, type, ttl, value }), klass);
}

function prerequisite(p: Prerequisite): Buffer[] {
  switch (p.kind) {
    case 'rrset-exists-value':
      return p.values.map((value) => valueRecord(p.name, p.type, 0, value, CLASS_IN));
    case 'rrset-absent':
      return [encodeEmptyRecord(p.name, p.type, CLASS_NONE)];
    case 'name-absent':
      return [encodeEmptyRecord(p.name, 'ANY', CLASS_NONE)];
    case 'name-in-use':
      return [encodeEmptyRecord(p.name, 'ANY', CLASS_ANY)];
  }
}

function operation(u: UpdateOperation): Buffer {
  switch (u.kind) {
    case 'delete-rrset':
      return encodeEmptyRecord(u.name, u.type, CLASS_ANY);
    case 'delete-rr':
      return valueRecord(u.name, u.type, 0, u.value, CLASS_NONE);
    case 'add':
      return valueRecord(u.name, u.type, u.ttl, u.value, CLASS_IN);
  }
}

/** A record to place in the message: its owner name (compressed on the way) and its encoded bytes. */
interface Part {
  owner: string;
  bytes: Buffer;
}

/**
 * Write owner names with RFC 1035 4.1.4 compression: a suffix already in the message becomes a
 * two-byte pointer. Owners repeat in every prerequisite and update, so this roughly halves a
 * large UPDATE and lets a 1,000-change chunk fit one 64 KiB message.
 */
function compressName(name: string, offset: number, table: Map<string, number>): Buffer {
  const absolute = absoluteName(name);
  if (absolute === '.' || absolute.includes('\\')) return encodeNameUncompressed(absolute);
  const labels = absolute.slice(0, -1).split('.');
  const out: Buffer[] = [];
  let pos = offset;
  for (let i = 0; i < labels.length; i++) {
    const suffix = labels.slice(i).join('.');
    const at = table.get(suffix);
    if (at !== undefined) {
      out.push(Buffer.from([0xc0 | (at >> 8), at & 0xff]));
      return Buffer.concat(out);
    }
    if (pos < 0x4000) table.set(suffix, pos);
    const label = Buffer.from(labels[i] as string, 'ascii');
    out.push(Buffer.from([label.length]), label);
    pos += 1 + label.length;
  }
  out.push(Buffer.from([0]));
  return Buffer.concat(out);
}

function encodeNameUncompressed(name: string): Buffer {
  const bytes = encodeQuestion({ name, type: 'A', class: 'IN' });
  return bytes.subarray(0, bytes.length - 4);
}

/** The UPDATE message, unsigned: header, zone, prerequisites, updates. */
export function encodeUpdate(id: number, update: DnsUpdate): Buffer {
  const prerequisites: Part[] = update.prerequisites.flatMap((p) => prerequisite(p).map((bytes) => ({ owner: p.name, bytes })));
  const updates: Part[] = update.updates.map((u) => ({ owner: u.name, bytes: operation(u) }));
  const header = Buffer.alloc(12);
  header.writeUInt16BE(id, 0);
  header.writeUInt16BE(headerFlags({ opcode: 'UPDATE' }), 2);
  header.writeUInt16BE(1, 4);
  header.writeUInt16BE(prerequisites.length, 6);
  header.writeUInt16BE(updates.length, 8);
  const table = new Map<string, number>();
  const zone = compressName(update.zone, 12, table);
  const chunks: Buffer[] = [header, zone, Buffer.from([0, 6, 0, 1])];
  let offset = 12 + zone.length + 4;
  for (const part of [...prerequisites, ...updates]) {
    const owner = compressName(part.owner, offset, table);
    const rest = part.bytes.subarray(encodeNameUncompressed(part.owner).length);
    chunks.push(owner, rest);
    offset += owner.length + rest.length;
  }
  return Buffer.concat(chunks);
}

/** Bytes the message will take, TSIG included when a key is given: keep it under MAX_MESSAGE_SIZE. */
export function encodedUpdateSize(update: DnsUpdate, tsig?: TsigKey): number {
  return encodeUpdate(0, update).length + (tsig ? tsigSize(tsig) : 0);
}

function tsigFailure(error: unknown, context: DnsContext): unknown {
  return error instanceof TsigError ? error.withContext(context) : error;
}

/**
 * Send one UPDATE over TCP. The server's verdict comes back in `rcode` (NOERROR, YXRRSET, NXRRSET,
 * NOTAUTH, REFUSED…); a transport failure or an answer that fails TSIG throws.
 */
export async function sendUpdate(server: Nameserver, update: DnsUpdate, options: UpdateOptions = {}): Promise<{ rcode: string }> {
  const zone = absoluteName(update.zone);
  const context: DnsContext = { server, question: `${zone} UPDATE` };
  const timeoutMs = options.timeoutMs ?? 10_000;
  const id = randomInt(0, 65536);
  let message: Buffer;
  try {
    message = encodeUpdate(id, update);
  } catch (error) {
    throw new DnsError(`cannot encode the update: ${(error as Error).message}`, context, { cause: error });
  }
  let verifier: TsigVerifier | undefined;
  if (options.tsig) {
    try {
      const signed = signRequest(message, options.tsig);
      message = signed.message;
      verifier = new TsigVerifier(options.tsig, signed.mac);
    } catch (error) {
      throw tsigFailure(error, context);
    }
  }
  if (message.length > MAX_MESSAGE_SIZE) throw new DnsError(`update of ${message.length} bytes is larger than one DNS message (${MAX_MESSAGE_SIZE}); split it`, context);
  const connection = await TcpConnection.connect(server, timeoutMs, context);
  try {
    connection.send(message);
    const bytes = await connection.next(timeoutMs);
    const packet = decodeAnswer(bytes, context);
    const why = mismatch(packet, id, zone, 'SOA', { questionOptional: true });
    if (why || packet.opcode !== 'UPDATE') throw new DnsError(`answer does not match the update: ${why ?? `opcode ${packet.opcode}`}`, context);
    try {
      verifier?.verify(bytes);
    } catch (error) {
      throw tsigFailure(error, context);
    }
    return { rcode: packet.rcode };
  } finally {
    connection.close();
  }
}
