import type { DnssecStatus } from '../provider.js';
import { keySummary } from '../../dns/dnssec/status.js';
import { dnskeyFromText } from '../../dns/dnssec/wire.js';

/**
 * The answer of GET/PATCH /zones/{zone_id}/dnssec (developers.cloudflare.com/api/resources/dns/subresources/dnssec):
 * the key-signing key (flags 257) and the DS Cloudflare asks the registrar for. Its zone-signing
 * keys are another endpoint (GET …/dnssec/zsk).
 */
export interface CloudflareDnssec {
  status?: 'active' | 'pending' | 'disabled' | 'pending-disabled' | 'error' | null;
  algorithm?: string | null;
  flags?: number | null;
  key_tag?: number | null;
  public_key?: string | null;
  ds?: string | null;
  digest?: string | null;
  digest_type?: string | null;
  dnssec_multi_signer?: boolean | null;
}

/** One of Cloudflare's zone-signing keys (GET …/dnssec/zsk), its DNSKEY fields and lifecycle tag. */
export interface CloudflareZsk {
  tag?: string | undefined;
  flags?: number | undefined;
  protocol?: number | undefined;
  algorithm?: number | undefined;
  publicKey?: string | undefined;
}

/** Tags of the ZSKs Cloudflare's DNSKEY set holds: the one signing and one published ahead of a roll. */
const PUBLISHED_ZSK = new Set(['active', 'publish']);

/**
 * Statuses in which Cloudflare serves signed answers: `pending` (signing, waiting for the DS at the
 * registrar) and `pending-disabled` (still signing until the DS is gone) as well as `active`.
 */
const SIGNING = new Set(['active', 'pending', 'pending-disabled']);

/** Whether the zone is signed, so that its zone-signing keys are worth asking for. */
export function cloudflareSigns(answer: CloudflareDnssec): boolean {
  return SIGNING.has(answer.status ?? 'disabled');
}

/**
 * The status as the plan shows it: the key of GET /dnssec (flags 257) and the zone-signing keys Cloudflare
 * publishes (`zsks`, active or published; other signers' keys are tagged `external` and left out).
 * Throws when the answer is inconsistent (a key tag its key does not have, a ZSK without its key).
 */
export function cloudflareDnssecStatus(zone: string, answer: CloudflareDnssec, zsks: readonly CloudflareZsk[] = []): DnssecStatus {
  const status = answer.status ?? 'disabled';
  if (status === 'error') throw new Error(`Cloudflare reports DNSSEC status "error" for ${zone}`);
  const source = `Cloudflare DNSSEC API, status ${status}${answer.dnssec_multi_signer ? ', multi-signer' : ''}`;
  if (!SIGNING.has(status)) return { signed: false, keys: [], source };
  if (typeof answer.public_key !== 'string' || typeof answer.flags !== 'number' || !answer.algorithm) {
    throw new Error(`Cloudflare DNSSEC status ${status} for ${zone} but no key in the answer`);
  }
  const key = dnskeyFromText(`${answer.flags} 3 ${answer.algorithm} ${answer.public_key}`);
  if (typeof answer.key_tag === 'number' && answer.key_tag !== key.keyTag) {
    throw new Error(`Cloudflare DNSSEC for ${zone}: key_tag ${answer.key_tag} is not the tag of its public key (${key.keyTag})`);
  }
  const own = zsks.filter((k) => PUBLISHED_ZSK.has(k.tag ?? '')).map((k) => {
    if (typeof k.publicKey !== 'string' || typeof k.flags !== 'number' || typeof k.algorithm !== 'number') throw new Error(`Cloudflare DNSSEC for ${zone}: a zone-signing key (${k.tag ?? 'no tag'}) without its DNSKEY`);
    return keySummary(zone, dnskeyFromText(`${k.flags} ${k.protocol ?? 3} ${k.algorithm} ${k.publicKey}`));
  });
  const seen = new Set([`${key.keyTag}/${key.algorithm}`]);
  return { signed: true, keys: [keySummary(zone, key), ...own.filter((k) => !seen.has(`${k.keyTag}/${k.algorithm}`))], source };
}

/** TTL of the other signers' DNSKEY records: an hour, as PowerDNS gives its foreign DNSKEY rrset. */
export const FOREIGN_DNSKEY_TTL = 3600;

/** A DNSKEY record's key as rdata hex, for comparing what is published with what is wanted. */
function keyId(text: string): string {
  return dnskeyFromText(text).rdata.toString('hex');
}

/**
 * The batch that makes the apex DNSKEY records exactly `wanted` (presentation `flags 3 alg base64`):
 * records of keys no longer wanted are deleted, missing keys posted; none when they match.
 */
export function foreignKeyOps(zone: string, live: Array<{ id: string; type: string; data?: Record<string, unknown> }>, wanted: string[]): { deletes: Array<{ id: string }>; posts: Array<{ name: string; type: 'DNSKEY'; ttl: number; data: Record<string, unknown> }> } {
  const want = new Map(wanted.map((text) => [keyId(text), dnskeyFromText(text)]));
  const have = new Set<string>();
  const deletes: Array<{ id: string }> = [];
  for (const record of live.filter((r) => r.type === 'DNSKEY')) {
    const d = record.data ?? {};
    const id = keyId(`${String(d.flags)} ${String(d.protocol)} ${String(d.algorithm)} ${String(d.public_key)}`);
    if (want.has(id) && !have.has(id)) have.add(id);
    else deletes.push({ id: record.id });
  }
  const name = zone.replace(/\.$/, '');
  const posts = [...want].filter(([id]) => !have.has(id)).map(([, key]) => ({
    name, type: 'DNSKEY' as const, ttl: FOREIGN_DNSKEY_TTL,
    data: { flags: key.flags, protocol: key.protocol, algorithm: key.algorithm, public_key: key.publicKey.toString('base64') },
  }));
  return { deletes, posts };
}
