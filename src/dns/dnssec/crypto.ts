import { createHash, createPublicKey, verify, type KeyObject } from 'node:crypto';
import { labelsOf, nameWire, rdataOf, typeNumberOf, type Dnskey, type Ds, type Rrsig } from './wire.js';
import type { WireRecord } from '../rdata-wire.js';

/** The signature algorithms zonesync checks (RFC 8624 MUST/RECOMMENDED), and the DS digests. */

export const ALGORITHMS: Record<number, string> = { 8: 'RSASHA256', 10: 'RSASHA512', 13: 'ECDSAP256SHA256', 14: 'ECDSAP384SHA384', 15: 'ED25519' };
const DIGESTS: Record<number, string> = { 2: 'sha256', 4: 'sha384' };

const b64url = (bytes: Buffer): string => bytes.toString('base64url');

/** The DNSKEY's public key as node:crypto takes it; throws on a key that is not well formed for its algorithm. */
export function publicKeyOf(key: Dnskey): KeyObject {
  const bytes = key.publicKey;
  switch (key.algorithm) {
    case 8:
    case 10: {
      // RFC 3110 §2: exponent length in one byte, or 0 then two bytes.
      const long = bytes[0] === 0;
      const exponentLength = long ? bytes.readUInt16BE(1) : (bytes[0] as number);
      const start = long ? 3 : 1;
      const e = bytes.subarray(start, start + exponentLength);
      const n = bytes.subarray(start + exponentLength);
      if (e.length !== exponentLength || n.length === 0) throw new Error('RSA key too short');
      return createPublicKey({ key: { kty: 'RSA', n: b64url(n), e: b64url(e) }, format: 'jwk' });
    }
    case 13:
    case 14: {
      const half = key.algorithm === 13 ? 32 : 48;
      if (bytes.length !== 2 * half) throw new Error(`ECDSA key of ${bytes.length} bytes, expected ${2 * half}`);
      return createPublicKey({ key: { kty: 'EC', crv: key.algorithm === 13 ? 'P-256' : 'P-384', x: b64url(bytes.subarray(0, half)), y: b64url(bytes.subarray(half)) }, format: 'jwk' });
    }
    case 15:
      if (bytes.length !== 32) throw new Error(`Ed25519 key of ${bytes.length} bytes, expected 32`);
      return createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: b64url(bytes) }, format: 'jwk' });
    default:
      throw new Error(`algorithm ${key.algorithm} is not supported`);
  }
}

/** DS digest of a DNSKEY (RFC 4034 §5.1.4, RFC 6605 for SHA-384): digest(owner | rdata). */
export function dsDigest(owner: string, key: Dnskey, digestType: number): Buffer | undefined {
  const algorithm = DIGESTS[digestType];
  if (!algorithm) return undefined;
  return createHash(algorithm).update(nameWire(owner)).update(key.rdata).digest();
}

/** A DS record for a key, as a parent would hold it. */
export function dsFor(owner: string, key: Dnskey, digestType = 2): Ds {
  const digest = dsDigest(owner, key, digestType);
  if (!digest) throw new Error(`DS digest type ${digestType} is not supported`);
  return { keyTag: key.keyTag, algorithm: key.algorithm, digestType, digest };
}

/** True when the DS names this key: tag, algorithm and digest all match. */
export function dsMatches(owner: string, ds: Ds, key: Dnskey): boolean {
  if (ds.keyTag !== key.keyTag || ds.algorithm !== key.algorithm) return false;
  const digest = dsDigest(owner, key, ds.digestType);
  return digest !== undefined && digest.equals(ds.digest);
}

/**
 * True when the DS was made from this key, a SHA-1 digest (type 1, RFC 3658) included: for telling
 * whose a DS is (a signer leaving takes its SHA-1 DS with it), never for validating with it, which
 * `dsMatches` does with the digests RFC 8624 lets a validator trust.
 */
export function dsOfKey(owner: string, ds: Ds, key: Dnskey): boolean {
  if (ds.digestType !== 1) return dsMatches(owner, ds, key);
  if (ds.keyTag !== key.keyTag || ds.algorithm !== key.algorithm) return false;
  return createHash('sha1').update(nameWire(owner)).update(key.rdata).digest().equals(ds.digest);
}

/**
 * The bytes an RRSIG signs (RFC 4034 §3.1.8.1, §6): its header, then each record of the rrset in
 * canonical form (owner lowercased, or the wildcard it was expanded from; original TTL), sorted by rdata.
 */
export function signedData(rrsig: Rrsig, rrset: WireRecord[]): Buffer {
  const first = rrset[0];
  if (!first) throw new Error('empty rrset');
  const labels = labelsOf(first.name);
  const owner = rrsig.labels < labels.length ? `*.${labels.slice(labels.length - rrsig.labels).join('.')}.` : first.name;
  const head = nameWire(owner);
  const type = typeNumberOf(first.type);
  const rdatas = [...new Map(rrset.map((r) => rdataOf(r)).map((rdata) => [rdata.toString('hex'), rdata])).values()].sort(Buffer.compare);
  const parts: Buffer[] = [rrsig.signedHeader];
  for (const rdata of rdatas) {
    const fixed = Buffer.alloc(10);
    fixed.writeUInt16BE(type, 0);
    fixed.writeUInt16BE(1, 2);
    fixed.writeUInt32BE(rrsig.originalTtl, 4);
    fixed.writeUInt16BE(rdata.length, 8);
    parts.push(head, fixed, rdata);
  }
  return Buffer.concat(parts);
}

/** Check the signature itself (not its dates): true when `key` signed `rrset` as `rrsig` says. */
export function signatureValid(rrsig: Rrsig, rrset: WireRecord[], key: Dnskey): boolean {
  const data = signedData(rrsig, rrset);
  const publicKey = publicKeyOf(key);
  switch (rrsig.algorithm) {
    case 8:
      return verify('sha256', data, publicKey, rrsig.signature);
    case 10:
      return verify('sha512', data, publicKey, rrsig.signature);
    case 13:
      return verify('sha256', data, { key: publicKey, dsaEncoding: 'ieee-p1363' }, rrsig.signature);
    case 14:
      return verify('sha384', data, { key: publicKey, dsaEncoding: 'ieee-p1363' }, rrsig.signature);
    case 15:
      return verify(null, data, publicKey, rrsig.signature);
    default:
      throw new Error(`algorithm ${rrsig.algorithm} is not supported`);
  }
}

/** RFC 1982 serial comparison of 32-bit times, as RFC 4034 §3.1.5 asks: a before b. */
export function timeBefore(a: number, b: number): boolean {
  const diff = (b - a + 2 ** 32) % 2 ** 32;
  return diff !== 0 && diff < 2 ** 31;
}

/** RRSIG time field (seconds since 1970, mod 2^32) for a moment. */
export const sigTime = (epochSeconds: number): number => Math.floor(epochSeconds) % 2 ** 32;

/** The RRSIG time field as an absolute date near `nowSeconds`. */
export function sigDate(field: number, nowSeconds: number): Date {
  const base = nowSeconds - (nowSeconds % 2 ** 32);
  let seconds = base + field;
  if (seconds - nowSeconds > 2 ** 31) seconds -= 2 ** 32;
  else if (nowSeconds - seconds > 2 ** 31) seconds += 2 ** 32;
  return new Date(seconds * 1000);
}

/** NSEC3 owner hash (RFC 5155 §5): iterated SHA-1 of the canonical name with the salt. */
export function nsec3Hash(name: string, salt: Buffer, iterations: number): Buffer {
  let digest = createHash('sha1').update(nameWire(name)).update(salt).digest();
  for (let i = 0; i < iterations; i++) digest = createHash('sha1').update(digest).update(salt).digest();
  return digest;
}

const BASE32HEX = '0123456789abcdefghijklmnopqrstuv';

export function base32hex(bytes: Buffer): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += BASE32HEX[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += BASE32HEX[(value << (5 - bits)) & 31];
  return out;
}

export function fromBase32hex(text: string): Buffer {
  const out: number[] = [];
  let bits = 0;
  let value = 0;
  for (const char of text.toLowerCase()) {
    const index = BASE32HEX.indexOf(char);
    if (index < 0) throw new Error(`"${text}" is not base32hex`);
    value = (value << 5) | index;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}
