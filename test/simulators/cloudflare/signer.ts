import { sign } from 'node:crypto';
import type { RRset } from '../../../src/core/model.js';
import { rdataBytes, typeNumber, type PacketRecord } from '../../../src/dns/packet.js';
import { recordToPacket, type WireType } from '../../../src/dns/rdata-wire.js';
import type { Answer, ServedZone } from '../../support/dns-answer.js';
import type { SimKey } from '../../support/dnssec-key.js';

/**
 * Cloudflare's edge as a signer, written apart from zonesync's validator (src/dns/dnssec) so that
 * one checks the other. Cloudflare signs on the fly (developers.cloudflare.com/dns/dnssec/,
 * blog.cloudflare.com/black-lies): ECDSA P-256 (algorithm 13), the DNSKEY set signed by the KSK and
 * every other rrset by the ZSK, RRSIGs only to queries with DO (RFC 4035 §3.1.1), and denial as
 * Compact Denial of Existence (RFC 9824, co-written at Cloudflare, its "black lies").
 */

export interface ZoneSigning {
  served: ServedZone;
  ksk: SimKey;
  zsk: SimKey;
  /** Rdata of the other signers' keys (the apex DNSKEY records, with `dnssec_multi_signer`). */
  foreign: Buffer[];
  /** TTL of the DNSKEY set: 3600, as Cloudflare serves it. */
  dnskeyTtl: number;
  /** Seconds since 1970. */
  now: number;
}

const T = { NS: 2, SOA: 6, CNAME: 5, DS: 43, RRSIG: 46, NSEC: 47, DNSKEY: 48 } as const;
/** NXNAME (RFC 9824, type 128): the meta type in the NSEC of a name that does not exist. */
const NXNAME = 128;
/** Cloudflare's RRSIGs hold for 50 hours (the answers in its blog posts); the hour before signing is our guess. */
const INCEPTION_BEFORE = 3600;
const EXPIRATION_AFTER = 49 * 3600;

/** Owner name in canonical wire form (RFC 4034 §6.2): lowercase, uncompressed; a `\000` label is the byte 0. */
function canonicalName(name: string): Buffer {
  const labels = name.toLowerCase().replace(/\.$/, '').split('.').filter((l) => l !== '');
  return Buffer.concat([...labels.map((l) => Buffer.concat([Buffer.from([l.length]), Buffer.from(l, 'latin1')])), Buffer.from([0])]);
}

function typeOf(record: PacketRecord): number {
  const unknown = /^UNKNOWN_(\d+)$/.exec(record.type);
  const number = unknown ? Number(unknown[1]) : typeNumber(record.type);
  if (number === undefined) throw new Error(`no type number for ${record.type}`);
  return number;
}

const raw = (name: string, type: number, ttl: number, data: Buffer): PacketRecord => ({ name, type: `UNKNOWN_${type}`, class: 'IN', ttl, data });

/** The NSEC type bitmap (RFC 4034 §4.1.2): windows of 256 types, each with only the octets it needs. */
function typeBitmap(types: Iterable<number>): Buffer {
  const windows = new Map<number, Buffer>();
  for (const type of new Set(types)) {
    const bits = windows.get(type >> 8) ?? Buffer.alloc(32);
    bits[(type & 0xff) >> 3] = (bits[(type & 0xff) >> 3] as number) | (0x80 >> (type & 7));
    windows.set(type >> 8, bits);
  }
  return Buffer.concat([...windows].sort(([a], [b]) => a - b).map(([window, bits]) => {
    let length = 32;
    while (length > 1 && bits[length - 1] === 0) length--;
    return Buffer.concat([Buffer.from([window, length]), bits.subarray(0, length)]);
  }));
}

/** The RRSIG over one rrset (RFC 4034 §3.1.8.1): its header, then each record canonical, sorted by rdata. */
function rrsig(rrset: PacketRecord[], key: SimKey, zone: ZoneSigning): PacketRecord {
  const first = rrset[0] as PacketRecord;
  const type = typeOf(first);
  const ttl = first.ttl ?? 0;
  const header = Buffer.alloc(18);
  header.writeUInt16BE(type, 0);
  header[2] = 13;
  // Labels of the owner as asked: a wildcard's answer is signed as if the name existed, so it needs no proof (RFC 9824 §3.3).
  header[3] = first.name.replace(/\.$/, '').split('.').filter((l) => l !== '').length;
  header.writeUInt32BE(ttl, 4);
  header.writeUInt32BE((zone.now + EXPIRATION_AFTER) % 2 ** 32, 8);
  header.writeUInt32BE((zone.now - INCEPTION_BEFORE) % 2 ** 32, 12);
  header.writeUInt16BE(key.keyTag, 16);
  const head = Buffer.concat([header, canonicalName(zone.served.name)]);
  const owner = canonicalName(first.name);
  const rdatas = [...new Map(rrset.map((r) => rdataBytes(r.type, r.data)).map((d) => [d.toString('hex'), d])).values()].sort(Buffer.compare);
  const records = rdatas.map((rdata) => {
    const fixed = Buffer.alloc(10);
    fixed.writeUInt16BE(type, 0);
    fixed.writeUInt16BE(1, 2);
    fixed.writeUInt32BE(ttl, 4);
    fixed.writeUInt16BE(rdata.length, 8);
    return Buffer.concat([owner, fixed, rdata]);
  });
  const signature = sign('sha256', Buffer.concat([head, ...records]), { key: key.privateKey, dsaEncoding: 'ieee-p1363' });
  return raw(first.name, T.RRSIG, ttl, Buffer.concat([head, signature]));
}

/** Each rrset of `records` followed by its RRSIG. */
function signed(records: PacketRecord[], zone: ZoneSigning): PacketRecord[] {
  const sets = new Map<string, PacketRecord[]>();
  for (const record of records) {
    const key = `${record.name.toLowerCase()} ${typeOf(record)}`;
    sets.set(key, [...(sets.get(key) ?? []), record]);
  }
  const inZone = (name: string) => `.${name.toLowerCase()}`.endsWith(`.${zone.served.name}`) || name.toLowerCase() === zone.served.name;
  return [...sets.values()].flatMap((set) => (!inZone((set[0] as PacketRecord).name) ? set : [...set, rrsig(set, zone.zsk, zone)]));
}

const keyRdata = (key: SimKey): Buffer => Buffer.concat([Buffer.from([key.flags >> 8, key.flags & 0xff, 3, 13]), Buffer.from(key.publicKey, 'base64')]);

/** Cloudflare's KSK and ZSK, then the other signers' keys: one DNSKEY rrset. */
function dnskeySet(zone: ZoneSigning): PacketRecord[] {
  return [keyRdata(zone.ksk), keyRdata(zone.zsk), ...zone.foreign].map((rdata) => raw(zone.served.name, T.DNSKEY, zone.dnskeyTtl, rdata));
}

function packets(rrset: RRset): PacketRecord[] {
  return rrset.values.map((value) => recordToPacket({ name: rrset.name, type: rrset.type as WireType, ttl: rrset.ttl, value }));
}

/** The types at a name that exists (a wildcard's, for a name it answers; none at an empty non-terminal). */
function typesAt(served: ServedZone, name: string): number[] {
  const apex = name === served.name ? [T.SOA, T.DNSKEY] : [];
  const node = served.nodes.get(name);
  if (node) return [...apex, ...[...node.values()].map((set) => typeNumber(set.type) as number)];
  if ([...served.nodes.keys()].some((owner) => owner.endsWith(`.${name}`))) return apex;
  for (let encloser = name.slice(name.indexOf('.') + 1); encloser.length >= served.name.length; encloser = encloser.slice(encloser.indexOf('.') + 1)) {
    const wildcard = served.nodes.get(`*.${encloser}`);
    if (wildcard) return [...wildcard.values()].map((set) => typeNumber(set.type) as number);
  }
  return apex;
}

/** RFC 9824's NSEC at `name`: the next name is its immediate successor `\000.name`, so it covers nothing else. */
function compactNsec(zone: ZoneSigning, name: string, types: number[]): PacketRecord {
  // The NSEC TTL is the negative TTL: min(SOA TTL, MINIMUM) — RFC 9077 §3.
  const ttl = Math.min(zone.served.soa.ttl, zone.served.soa.minimum);
  return raw(name, T.NSEC, ttl, Buffer.concat([canonicalName(`\u0000.${name}`), typeBitmap([...types, T.RRSIG, T.NSEC])]));
}

/** The name an answer ends at: the question, or the last target of its CNAME chain. */
function lastName(answers: PacketRecord[], qname: string): string {
  let name = qname;
  for (let hop = 0; hop < 9; hop++) {
    const cname = answers.find((r) => typeOf(r) === T.CNAME && `${r.name.toLowerCase().replace(/\.$/, '')}.` === name);
    if (!cname) return name;
    name = `${String(cname.data).toLowerCase().replace(/\.$/, '')}.`;
  }
  return name;
}

/** The answer Cloudflare's edge sends for `answer` (what an unsigned server would say) in a zone it signs. */
export function signAnswer(zone: ZoneSigning, answer: Answer, question: { name: string; type: string; dnssecOk: boolean }): Answer {
  if (question.type === 'DNSKEY' && question.name === zone.served.name) {
    const keys = dnskeySet(zone);
    return { rcode: 'NOERROR', authoritative: true, answers: question.dnssecOk ? [...keys, rrsig(keys, zone.ksk, zone)] : keys, authorities: [], additionals: [] };
  }
  // Without DO the answer is the unsigned one, a real NXDOMAIN included.
  if (!question.dnssecOk || answer.rcode === 'REFUSED') return answer;
  const name = lastName(answer.answers, question.name);
  const cut = !answer.authoritative ? answer.authorities.find((r) => typeOf(r) === T.NS) : undefined;
  if (cut) {
    // A referral: the DS at the cut, or the NSEC that proves there is none (RFC 4035 §3.1.4, RFC 9824 §3.4).
    const owner = `${cut.name.toLowerCase().replace(/\.$/, '')}.`;
    const ds = zone.served.nodes.get(owner)?.get('DS');
    const proof = ds ? packets(ds) : [compactNsec(zone, owner, [T.NS])];
    return { ...answer, authorities: [...answer.authorities.filter((r) => typeOf(r) === T.NS), ...signed(proof, zone)] };
  }
  let { rcode, authorities } = answer;
  // A name that does not exist: NOERROR and an NSEC listing NXNAME (RFC 9824 §3.1); NODATA lists the types there, none at an empty non-terminal (§3.2).
  if (rcode === 'NXDOMAIN') {
    rcode = 'NOERROR';
    authorities = [...authorities, compactNsec(zone, name, [NXNAME])];
  } else if (authorities.some((r) => typeOf(r) === T.SOA)) {
    authorities = [...authorities, compactNsec(zone, name, typesAt(zone.served, name))];
  }
  return { ...answer, rcode, answers: signed(answer.answers, zone), authorities: signed(authorities, zone) };
}
