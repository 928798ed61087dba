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
