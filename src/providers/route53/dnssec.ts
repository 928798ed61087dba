import type { DNSSECStatus, GetDNSSECCommandOutput, KeySigningKey } from '@aws-sdk/client-route-53';
import { randomUUID } from 'node:crypto';
import { ProviderError } from '../../core/errors.js';
import type { ZoneName } from '../../core/name.js';
import type { DnssecStatus } from '../provider.js';
import type { Route53Api } from './client.js';
import { keySummary } from '../../dns/dnssec/status.js';
import { dnskeyFromText } from '../../dns/dnssec/wire.js';

/**
 * GetDNSSEC as the plan shows it (docs.aws.amazon.com/Route53/latest/APIReference/API_GetDNSSEC.html):
 * `Status.ServeSignature` SIGNING | NOT_SIGNING | DELETING | ACTION_NEEDED | INTERNAL_FAILURE, and
 * the key-signing keys, each with its DNSKEYRecord, KeyTag and DSRecord. Route 53 keeps the ZSK
 * itself: the API does not list it, so the keys are the ACTIVE KSKs only. Signing on and off for
 * `switch` goes through the same API (signWithRoute53, unsignWithRoute53).
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

/**
 * CreateKeySigningKey from `kmsKeyArn` when no KSK is ACTIVE, then EnableHostedZoneDNSSEC, each change
 * id told to `changed` (the provider waits for them to be INSYNC); a no-op
 * when Route 53 already signs, answered with that GetDNSSEC (undefined: signing asked for, read it again).
 */
export async function signWithRoute53(api: Route53Api, zone: ZoneName, zoneId: string, kmsKeyArn: string | undefined, changed: (id: string | undefined) => void): Promise<Pick<GetDNSSECCommandOutput, 'Status' | 'KeySigningKeys'> | undefined> {
  const out = await api.getDnssec(zone, zoneId);
  if (out.Status?.ServeSignature === 'SIGNING') return out;
  if (activeKeySigningKeys(out.KeySigningKeys ?? []).length === 0) {
    if (!kmsKeyArn) throw new ProviderError(api.providerId, `zone ${zone}: Route 53 signs with a key-signing key made from a customer managed KMS key: set dnssecKmsKeyArn (ECC_NIST_P256, in us-east-1) on this provider`);
    // Names are letters, digits and underscores, unique per zone (API_CreateKeySigningKey).
    changed(await api.createKeySigningKey(zone, zoneId, `zonesync_${randomUUID().replace(/-/g, '').slice(0, 12)}`, kmsKeyArn));
  }
  changed(await api.enableDnssec(zone, zoneId));
  return undefined;
}

/**
 * DisableHostedZoneDNSSEC, then every key-signing key deactivated and deleted (Route 53 refuses
 * to deactivate the last KSK of a signing zone, and to delete an ACTIVE one). Remove the DS at the parent first.
 */
export async function unsignWithRoute53(api: Route53Api, zone: ZoneName, zoneId: string, changed: (id: string | undefined) => void): Promise<void> {
  const out = await api.getDnssec(zone, zoneId);
  if (out.Status?.ServeSignature === 'SIGNING') changed(await api.disableDnssec(zone, zoneId));
  for (const key of out.KeySigningKeys ?? []) {
    if (!key.Name) continue;
    if (key.Status === 'ACTIVE') changed(await api.deactivateKeySigningKey(zone, zoneId, key.Name));
    changed(await api.deleteKeySigningKey(zone, zoneId, key.Name));
  }
}
