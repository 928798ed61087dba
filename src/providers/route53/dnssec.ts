import type { DNSSECStatus, KeySigningKey } from '@aws-sdk/client-route-53';
import type { DnssecStatus } from '../provider.js';
import { keySummary } from '../../dns/dnssec/status.js';
import { dnskeyFromText } from '../../dns/dnssec/wire.js';

/**
 * GetDNSSEC as the plan shows it (docs.aws.amazon.com/Route53/latest/APIReference/API_GetDNSSEC.html):
 * `Status.ServeSignature` SIGNING | NOT_SIGNING | DELETING | ACTION_NEEDED | INTERNAL_FAILURE, and
 * the key-signing keys, each with its DNSKEYRecord, KeyTag and DSRecord. Route 53 keeps the ZSK
 * itself: the API does not list it, so the keys are the ACTIVE KSKs only.
 */


/** The key-signing keys serving the zone (status ACTIVE), as Route 53 names them. */
export function activeKeySigningKeys(keys: KeySigningKey[]): KeySigningKey[] {
  return keys.filter((k) => k.Status === 'ACTIVE');
}

/** Throws when Route 53 reports a state it cannot sign in, or a KSK whose tag or DS is not its key's. */
export function route53DnssecStatus(zone: string, status: DNSSECStatus | undefined, keys: KeySigningKey[]): DnssecStatus {
  const serve = status?.ServeSignature ?? 'NOT_SIGNING';
  if (serve === 'ACTION_NEEDED' || serve === 'INTERNAL_FAILURE') throw new Error(`Route 53 DNSSEC status ${serve}${status?.StatusMessage ? `: ${status.StatusMessage}` : ''}`);
  // DELETING: signing is being turned off, and resolvers still get signatures until it is done.
  if (serve !== 'SIGNING' && serve !== 'DELETING') return { signed: false, keys: [], source: `Route 53 GetDNSSEC: ${serve}` };
  const summaries = activeKeySigningKeys(keys).map((k) => {
    if (!k.DNSKEYRecord) throw new Error(`key-signing key ${k.Name ?? '?'} has no DNSKEYRecord`);
    const summary = keySummary(zone, dnskeyFromText(k.DNSKEYRecord));
    if (k.KeyTag !== undefined && k.KeyTag !== summary.keyTag) throw new Error(`key-signing key ${k.Name ?? '?'}: KeyTag ${k.KeyTag} is not the tag of its DNSKEY (${summary.keyTag})`);
    const ds = k.DSRecord?.trim().split(/\s+/).join(' ').toUpperCase();
    if (ds && !summary.ds.includes(ds)) throw new Error(`key-signing key ${k.Name ?? '?'}: DSRecord ${ds} is not the DS of its DNSKEY (${summary.ds.join(', ')})`);
    return summary;
  });
  return { signed: true, keys: summaries, source: `Route 53 GetDNSSEC: ${serve}; its ZSK is not listed` };
}
