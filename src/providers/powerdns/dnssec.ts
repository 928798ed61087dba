import type { DnssecStatus } from '../provider.js';
import type { PowerDnsClient } from './client.js';

/**
 * Signing on and off through the PowerDNS cryptokeys API, for `switch --dnssec unsigned-first`:
 * sign adds one active ECDSA P-256 CSK (algorithm 13) when the zone has no active key and rectifies
 * the zone; unsign deletes every key. Both are no-ops when the zone is already in that state.
 */

interface Cryptokey {
  id?: unknown;
  active?: unknown;
}

async function keysOf(client: PowerDnsClient, zonePath: string): Promise<Cryptokey[]> {
  const keys = await client.request('GET', `${zonePath}/cryptokeys`);
  if (!Array.isArray(keys)) throw new Error('cryptokeys: the answer is not a list');
  return keys as Cryptokey[];
}

export async function signWithPowerDns(client: PowerDnsClient, zonePath: string, status: () => Promise<DnssecStatus>): Promise<DnssecStatus> {
  const keys = await keysOf(client, zonePath);
  if (!keys.some((k) => k.active === true)) {
    // Checked just before: a lost answer retried could add a second CSK, which signs as well.
    await client.request('POST', `${zonePath}/cryptokeys`, { keytype: 'csk', active: true, algorithm: 'ecdsa256' });
    await client.request('PUT', `${zonePath}/rectify`);
  }
  return status();
}

export async function unsignWithPowerDns(client: PowerDnsClient, zonePath: string, status: () => Promise<DnssecStatus>): Promise<DnssecStatus> {
  for (const key of await keysOf(client, zonePath)) {
    if (typeof key.id === 'number') await client.request('DELETE', `${zonePath}/cryptokeys/${key.id}`);
  }
  return status();
}

/** TTL of the foreign DNSKEY rrset: the hour PowerDNS gives its own DNSKEY set by default. */
export const FOREIGN_DNSKEY_TTL = 3600;

/**
 * RFC 8901 model 2: the other signers' keys as the zone's own DNSKEY rrset, which a server with
 * `direct-dnskey=yes` serves (and signs) next to its cryptokeys; exactly these, none when empty.
 */
export async function publishForeignDnskeys(client: PowerDnsClient, zone: string, dnskeys: string[]): Promise<void> {
  const rrset = dnskeys.length === 0
    ? { name: zone, type: 'DNSKEY', changetype: 'DELETE' }
    : { name: zone, type: 'DNSKEY', ttl: FOREIGN_DNSKEY_TTL, changetype: 'REPLACE', records: dnskeys.map((content) => ({ content, disabled: false })) };
  await client.patchZone(zone, [rrset]);
  await client.request('PUT', `${client.zonePath(zone)}/rectify`);
}
