import type { DnssecStatus } from '../provider.js';
import { keySummary } from '../../dns/dnssec/status.js';
import { dnskeyFromText } from '../../dns/dnssec/wire.js';

/**
 * The answer of GET/PATCH /zones/{zone_id}/dnssec (developers.cloudflare.com/api/resources/dns/subresources/dnssec):
 * the one key Cloudflare signs the zone with (flags 257: a CSK) and the DS it asks the registrar for.
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

/**
 * Statuses in which Cloudflare serves signed answers: `pending` (signing, waiting for the DS at the
 * registrar) and `pending-disabled` (still signing until the DS is gone) as well as `active`.
 */
const SIGNING = new Set(['active', 'pending', 'pending-disabled']);

/** The status as the plan shows it; throws when the answer is inconsistent (a key tag its key does not have). */
export function cloudflareDnssecStatus(zone: string, answer: CloudflareDnssec): DnssecStatus {
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
  return { signed: true, keys: [keySummary(zone, key)], source };
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
