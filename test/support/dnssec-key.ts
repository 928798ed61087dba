import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { dsFor, formatDs } from '../../src/dns/dnssec/index.js';
import { dnskeyFromText } from '../../src/dns/dnssec/wire.js';

/** A real ECDSA P-256 (algorithm 13) DNSKEY as a simulated provider makes one, with its tag and DS computed from it. */
export interface SimKey {
  flags: number;
  algorithm: 13;
  /** Base64 of the 64-byte public point x|y (RFC 6605 §4). */
  publicKey: string;
  keyTag: number;
  /** `tag 13 2 HEX` (SHA-256, RFC 4509). */
  ds: string;
  /** Digest of the DS, upper-case hex. */
  digest: string;
  /** The private half, for a simulator that signs with the key (the Cloudflare simulator's nameserver). */
  privateKey: KeyObject;
}

export function makeSimKey(zone: string, flags = 257): SimKey {
  const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const jwk = publicKey.export({ format: 'jwk' });
  const point = Buffer.concat([Buffer.from(jwk.x ?? '', 'base64url'), Buffer.from(jwk.y ?? '', 'base64url')]);
  const key = dnskeyFromText(`${flags} 3 13 ${point.toString('base64')}`);
  const ds = dsFor(zone.endsWith('.') ? zone : `${zone}.`, key, 2);
  return { flags, algorithm: 13, publicKey: point.toString('base64'), keyTag: key.keyTag, ds: formatDs(ds), digest: ds.digest.toString('hex').toUpperCase(), privateKey };
}
