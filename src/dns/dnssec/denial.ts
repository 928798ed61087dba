import { base32hex, fromBase32hex, nsec3Hash } from './crypto.js';
import { compareNames, labelsOf, parseNsec, parseNsec3, rdataOf, typeNumberOf, type Nsec3 } from './wire.js';
import type { WireRecord } from '../rdata-wire.js';

/**
 * Authenticated denial of existence: does a negative answer's authority section prove it?
 * NSEC (RFC 4035 §5.4) and NSEC3 (RFC 5155 §8). The NSEC/NSEC3 records' own signatures are
 * checked apart, like any rrset. Returns why the proof fails, or undefined when it holds.
 */

export type Denial = 'nxdomain' | 'nodata';

const CNAME = 5;

/** NSEC at `owner` with next name `next` covers `name` strictly between them (the last one wraps to the apex). */
function nsecCovers(owner: string, next: string, name: string): boolean {
  if (compareNames(owner, name) >= 0) return false;
  return compareNames(name, next) < 0 || compareNames(next, owner) <= 0;
}

function commonAncestor(a: string, b: string): string {
  const left = labelsOf(a).reverse();
  const right = labelsOf(b).reverse();
  const common: string[] = [];
  for (let i = 0; i < Math.min(left.length, right.length) && left[i] === right[i]; i++) common.push(left[i] as string);
  return common.length === 0 ? '.' : `${common.reverse().join('.')}.`;
}

function nsecProof(kind: Denial, qname: string, qtype: number, nsecs: WireRecord[]): string | undefined {
  const parsed = nsecs.map((record) => ({ owner: record.name, ...parseNsec(rdataOf(record)) }));
  if (kind === 'nodata') {
    const at = parsed.find((n) => n.owner === qname);
    if (at) return at.types.has(qtype) || at.types.has(CNAME) ? `the NSEC at ${qname} lists the type it denies` : undefined;
    // Wildcard NODATA: the name is covered and the wildcard that would match has no such type.
    const covering = parsed.find((n) => nsecCovers(n.owner, n.next, qname));
    const wildcard = parsed.find((n) => n.owner.startsWith('*.') && !n.types.has(qtype) && !n.types.has(CNAME));
    return covering && wildcard ? undefined : `no NSEC at ${qname} proves the type absent`;
  }
  const covering = parsed.find((n) => nsecCovers(n.owner, n.next, qname));
  if (!covering) return `no NSEC covers ${qname}`;
  const a = commonAncestor(qname, covering.owner);
  const b = commonAncestor(qname, covering.next);
  const encloser = labelsOf(a).length >= labelsOf(b).length ? a : b;
  const wildcard = `*.${encloser === '.' ? '' : encloser}`;
  if (!parsed.some((n) => nsecCovers(n.owner, n.next, wildcard))) return `no NSEC proves that ${wildcard} does not exist`;
  return undefined;
}

interface HashedNsec3 extends Nsec3 {
  ownerHash: Buffer;
}

function nsec3Proof(kind: Denial, qname: string, qtype: number, zone: string, records: WireRecord[]): string | undefined {
  const parsed: HashedNsec3[] = records.map((record) => ({ ...parseNsec3(rdataOf(record)), ownerHash: fromBase32hex(labelsOf(record.name)[0] ?? '') }));
  const first = parsed[0] as HashedNsec3;
  const hash = (name: string): Buffer => nsec3Hash(name, first.salt, first.iterations);
  const matching = (name: string): HashedNsec3 | undefined => {
    const h = hash(name);
    return parsed.find((n) => n.ownerHash.equals(h));
  };
  const covering = (name: string): HashedNsec3 | undefined => {
    const h = hash(name);
    return parsed.find((n) => {
      const afterOwner = Buffer.compare(n.ownerHash, h) < 0;
      const beforeNext = Buffer.compare(h, n.nextHashed) < 0;
      return Buffer.compare(n.nextHashed, n.ownerHash) <= 0 ? afterOwner || beforeNext : afterOwner && beforeNext;
    });
  };
  if (kind === 'nodata') {
    const at = matching(qname);
    if (at) return at.types.has(qtype) || at.types.has(CNAME) ? `the NSEC3 for ${qname} lists the type it denies` : undefined;
    // DS NODATA under an opt-out span (RFC 5155 §8.6) is proven by the closest encloser alone.
    return `no NSEC3 matches ${qname} (hash ${base32hex(hash(qname))})`;
  }
  // Closest encloser proof (RFC 5155 §8.3): an ancestor that matches, the next closer name covered.
  const labels = labelsOf(qname);
  const zoneLabels = labelsOf(zone).length;
  for (let drop = 1; labels.length - drop >= zoneLabels; drop++) {
    const encloser = `${labels.slice(drop).join('.')}.`;
    if (!matching(encloser)) continue;
    const nextCloser = `${labels.slice(drop - 1).join('.')}.`;
    const cover = covering(nextCloser);
    if (!cover) return `no NSEC3 covers the next closer name ${nextCloser}`;
    if ((cover.flags & 1) === 0 && !covering(`*.${encloser}`)) return `no NSEC3 proves that *.${encloser} does not exist`;
    return undefined;
  }
  return `no NSEC3 proves a closest encloser of ${qname}`;
}

/**
 * NXNAME (RFC 9824, type 128), and TYPE65283, the private-use type Cloudflare's edge listed in its
 * place before IANA assigned 128 (the nxdomain.cloudflare.net answer in github.com/shuque/compactdenial).
 */
const NXNAME_TYPES = [128, 65283];

/**
 * True when a NOERROR answer is a Compact Denial of Existence NXDOMAIN (RFC 9824 §3.1; Cloudflare's
 * "black lies", blog.cloudflare.com/black-lies): to a query with DO, an online signer answers a name
 * that does not exist NOERROR, with one NSEC at the name whose type bitmap lists NXNAME.
 */
export function isCompactNxdomain(authorities: WireRecord[]): boolean {
  return authorities.some((record) => {
    if (record.type !== 'NSEC') return false;
    try {
      const { types } = parseNsec(rdataOf(record));
      return NXNAME_TYPES.some((type) => types.has(type));
    } catch {
      return false;
    }
  });
}

/** Why `authorities` fail to prove the denial, or undefined when they prove it. */
export function denialProblem(kind: Denial, qname: string, qtype: string, zone: string, authorities: WireRecord[]): string | undefined {
  const nsec = authorities.filter((r) => r.type === 'NSEC');
  const nsec3 = authorities.filter((r) => r.type === 'NSEC3');
  const what = kind === 'nxdomain' ? 'NXDOMAIN' : 'NODATA';
  try {
    if (nsec3.length > 0) return nsec3Proof(kind, qname.toLowerCase(), typeNumberOf(qtype), zone, nsec3);
    if (nsec.length > 0) return nsecProof(kind, qname.toLowerCase(), typeNumberOf(qtype), nsec);
  } catch (error) {
    return `${what} proof unreadable: ${(error as Error).message}`;
  }
  return `${what} without an NSEC or NSEC3 proof`;
}
