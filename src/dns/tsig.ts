import { createHmac, timingSafeEqual } from 'node:crypto';
import { TsigError, type TsigErrorCode } from './error.js';
import { canonicalWireName, decodeName, encodeRecord, recordOffsets } from './packet.js';

/** TSIG (RFC 8945): HMAC over a DNS message, so a server knows who sends an UPDATE and we know who answered. */

export interface TsigKey {
  name: string;
  algorithm: 'hmac-sha256' | 'hmac-sha512';
  /** Base64. Never put it in a message. */
  secret: string;
}

const HASHES = { 'hmac-sha256': { hash: 'sha256', size: 32 }, 'hmac-sha512': { hash: 'sha512', size: 64 } } as const;
const TSIG_TYPE = 250;
const CLASS_ANY = 255;
const DEFAULT_FUDGE = 300;
/** RFC 8945 5.3.1: a client may accept at most 99 unsigned messages between signed ones. */
const MAX_UNSIGNED_RUN = 99;
const ERROR_CODES: Record<number, TsigErrorCode> = { 16: 'BADSIG', 17: 'BADKEY', 18: 'BADTIME', 22: 'BADTRUNC' };

interface TsigRecord {
  keyName: string;
  algorithm: string;
  timeSigned: number;
  fudge: number;
  mac: Buffer;
  originalId: number;
  error: number;
  other: Buffer;
}

function secretBytes(key: TsigKey): Buffer {
  const bytes = Buffer.from(key.secret, 'base64');
  if (bytes.length === 0) throw new TsigError('BADKEY', `key "${key.name}" has an empty or non-base64 secret`);
  return bytes;
}

function hashOf(key: TsigKey): (typeof HASHES)[keyof typeof HASHES] {
  const hash = HASHES[key.algorithm];
  if (!hash) throw new TsigError('BADKEY', `key "${key.name}" has unsupported algorithm "${String(key.algorithm)}" (hmac-sha256, hmac-sha512)`);
  return hash;
}

function uint48(value: number): Buffer {
  const bytes = Buffer.alloc(6);
  bytes.writeUIntBE(value, 0, 6);
  return bytes;
}

function uint16(value: number): Buffer {
  const bytes = Buffer.alloc(2);
  bytes.writeUInt16BE(value, 0);
  return bytes;
}

function timers(record: Pick<TsigRecord, 'timeSigned' | 'fudge'>): Buffer {
  return Buffer.concat([uint48(record.timeSigned), uint16(record.fudge)]);
}

/** RFC 8945 4.3.3: name, class, TTL, algorithm, timers, error, other data. */
function variables(record: TsigRecord): Buffer {
  return Buffer.concat([
    canonicalWireName(record.keyName), uint16(CLASS_ANY), Buffer.alloc(4),
    canonicalWireName(record.algorithm), timers(record), uint16(record.error), uint16(record.other.length), record.other,
  ]);
}

function hmac(key: TsigKey, parts: Buffer[]): Buffer {
  const mac = createHmac(hashOf(key).hash, secretBytes(key));
  for (const part of parts) mac.update(part);
  return mac.digest();
}

function withPriorMac(prior: Buffer | undefined): Buffer[] {
  return prior ? [uint16(prior.length), prior] : [];
}

function tsigRdata(record: TsigRecord): Buffer {
  return Buffer.concat([
    canonicalWireName(record.algorithm), timers(record), uint16(record.mac.length), record.mac,
    uint16(record.originalId), uint16(record.error), uint16(record.other.length), record.other,
  ]);
}

function appendTsig(message: Buffer, key: TsigKey, record: TsigRecord): Buffer {
  const rr = encodeRecord({ name: key.name.replace(/\.$/, ''), type: 'TSIG', class: 'ANY', ttl: 0, data: tsigRdata(record) });
  const signed = Buffer.concat([message, rr]);
  signed.writeUInt16BE(message.readUInt16BE(10) + 1, 10);
  return signed;
}

/**
 * Signs a stream of messages with one key: the first over `requestMac` (absent for a request) and
 * the full TSIG variables, each later one over the prior MAC and the timers only (RFC 8945 4.3.2).
 */
export class TsigSigner {
  private prior: Buffer | undefined;
  private pending: Buffer[] = [];
  private first = true;

  constructor(private readonly key: TsigKey, requestMac?: Buffer) {
    hashOf(key);
    secretBytes(key);
    this.prior = requestMac;
  }

  /** The last MAC sent; a request's MAC is what its response is verified over. */
  get mac(): Buffer | undefined {
    return this.prior;
  }

  sign(message: Buffer, options: { now?: number; fudge?: number; error?: number } = {}): Buffer {
    const record: TsigRecord = {
      keyName: this.key.name, algorithm: this.key.algorithm, timeSigned: Math.floor(options.now ?? Date.now() / 1000),
      fudge: options.fudge ?? DEFAULT_FUDGE, mac: Buffer.alloc(0), originalId: message.readUInt16BE(0), error: options.error ?? 0, other: Buffer.alloc(0),
    };
    const covered = this.first ? variables(record) : timers(record);
    record.mac = hmac(this.key, [...withPriorMac(this.prior), ...this.pending, message, covered]);
    this.prior = record.mac;
    this.pending = [];
    this.first = false;
    return appendTsig(message, this.key, record);
  }

  /** Send a message of a stream unsigned (RFC 8945 allows up to 99 in a row); the next signature covers it. */
  skip(message: Buffer): Buffer {
    this.pending.push(message);
    return message;
  }
}

/** Sign one request; keep `mac` to verify the response. */
export function signRequest(message: Buffer, key: TsigKey, options: { now?: number } = {}): { message: Buffer; mac: Buffer } {
  const signer = new TsigSigner(key);
  const signed = signer.sign(message, options);
  return { message: signed, mac: signer.mac as Buffer };
}

/** The TSIG record of a message, and the message as it was before the TSIG went on. */
export function splitTsig(message: Buffer): { record: TsigRecord; unsigned: Buffer } | undefined {
  let layout: ReturnType<typeof recordOffsets>;
  try {
    layout = recordOffsets(message);
  } catch (error) {
    throw new TsigError('FORMERR', `message cannot be read: ${(error as Error).message}`);
  }
  const additionals = layout.counts[3] as number;
  const start = layout.offsets.at(-1);
  if (additionals === 0 || start === undefined) return undefined;
  const owner = decodeName(message, start);
  let at = start + owner.length;
  if (message.readUInt16BE(at) !== TSIG_TYPE) return undefined;
  at += 10;
  try {
    const algorithm = decodeName(message, at);
    at += algorithm.length;
    const timeSigned = message.readUIntBE(at, 6);
    const fudge = message.readUInt16BE(at + 6);
    const macSize = message.readUInt16BE(at + 8);
    const mac = message.subarray(at + 10, at + 10 + macSize);
    at += 10 + macSize;
    const originalId = message.readUInt16BE(at);
    const error = message.readUInt16BE(at + 2);
    const otherLength = message.readUInt16BE(at + 4);
    const other = message.subarray(at + 6, at + 6 + otherLength);
    if (mac.length !== macSize || other.length !== otherLength) throw new Error('TSIG rdata is cut short');
    const unsigned = Buffer.from(message.subarray(0, start));
    unsigned.writeUInt16BE(originalId, 0);
    unsigned.writeUInt16BE(additionals - 1, 10);
    return { record: { keyName: owner.name, algorithm: algorithm.name, timeSigned, fudge, mac, originalId, error, other }, unsigned };
  } catch (error) {
    throw new TsigError('FORMERR', `TSIG record cannot be read: ${(error as Error).message}`);
  }
}

function sameName(a: string, b: string): boolean {
  return a.toLowerCase().replace(/\.$/, '') === b.toLowerCase().replace(/\.$/, '');
}

/**
 * Verifies the answers to one signed request, message by message (an AXFR is many): each signed
 * message over the prior MAC; unsigned ones in between are digested into the next signed one.
 */
export class TsigVerifier {
  private prior: Buffer | undefined;
  private pending: Buffer[] = [];
  private verified = 0;

  /** `requestMac` is the MAC of the request these messages answer; undefined to verify a request itself. */
  constructor(private readonly key: TsigKey, requestMac: Buffer | undefined) {
    hashOf(key);
    this.prior = requestMac;
  }

  verify(message: Buffer, now: number = Date.now() / 1000): void {
    const split = splitTsig(message);
    if (!split) {
      if (this.verified === 0) throw new TsigError('UNSIGNED', `the answer is not signed with key "${this.key.name}"`);
      if (this.pending.length >= MAX_UNSIGNED_RUN) throw new TsigError('UNSIGNED', `more than ${MAX_UNSIGNED_RUN} unsigned messages in a row`);
      this.pending.push(message);
      return;
    }
    const { record, unsigned } = split;
    if (!sameName(record.keyName, this.key.name)) throw new TsigError('BADKEY', `the answer is signed with key "${record.keyName}", expected "${this.key.name}"`);
    if (!sameName(record.algorithm, this.key.algorithm)) throw new TsigError('BADKEY', `the answer is signed with ${record.algorithm}, expected ${this.key.algorithm}`);
    const serverError = ERROR_CODES[record.error];
    if (record.error !== 0) {
      const code = serverError ?? 'FORMERR';
      throw new TsigError(code, `the server rejected our signature with key "${this.key.name}" (TSIG error ${record.error}${code === 'BADTIME' ? ': clocks differ by more than the fudge' : ''})`);
    }
    const size = hashOf(this.key).size;
    if (record.mac.length !== size) throw new TsigError('BADTRUNC', `MAC is ${record.mac.length} bytes, expected ${size}`);
    const covered = this.verified === 0 ? variables(record) : timers(record);
    const expected = hmac(this.key, [...withPriorMac(this.prior), ...this.pending, unsigned, covered]);
    if (!timingSafeEqual(expected, record.mac)) throw new TsigError('BADSIG', `the answer's MAC does not match key "${this.key.name}"`);
    if (Math.abs(now - record.timeSigned) > record.fudge) {
      throw new TsigError('BADTIME', `the answer was signed at ${record.timeSigned}, ${Math.round(now - record.timeSigned)} s from our clock (fudge ${record.fudge} s)`);
    }
    this.prior = record.mac;
    this.pending = [];
    this.verified++;
  }

  /** The stream must end on a signed message. */
  finish(): void {
    if (this.pending.length > 0) throw new TsigError('UNSIGNED', `the last ${this.pending.length} message(s) are not signed`);
  }
}

/** Bytes a TSIG record with this key adds to a message. */
export function tsigSize(key: TsigKey): number {
  return canonicalWireName(key.name).length + 10 + canonicalWireName(key.algorithm).length + 16 + hashOf(key).size;
}
