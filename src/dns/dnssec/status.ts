import type { KeySummary } from '../../core/dnssec.js';
import { query } from '../client.js';
import { DnsError } from '../error.js';
import type { Nameserver } from '../nameserver.js';
import { dsFor } from './crypto.js';
import { formatDs, isKsk, parseDnskey, rdataOf, type Dnskey } from './wire.js';

/** What a nameserver says about a zone's signing: its DNSKEY set, and the DS records its KSKs call for. */

export type { KeySummary };

export function keySummary(zone: string, key: Dnskey): KeySummary {
  return { keyTag: key.keyTag, algorithm: key.algorithm, role: isKsk(key) ? 'KSK' : 'ZSK', ds: isKsk(key) ? [formatDs(dsFor(zone, key, 2))] : [] };
}

/** The DNSKEY set `ns` serves at the apex of `zone` (asked over TCP with DO); [] when it serves none. Throws DnsError when it does not answer. */
export async function dnskeysAt(ns: Nameserver, zone: string, timeoutMs = 2000): Promise<Dnskey[]> {
  const answer = await query(ns, zone, 'DNSKEY', { dnssec: true, tcp: true, timeoutMs, retries: 0 });
  if (answer.rcode !== 'NOERROR') throw new DnsError(`DNSKEY ${zone}: ${answer.rcode}`, { server: ns, question: `${zone} DNSKEY` });
  return answer.answers.filter((r) => r.type === 'DNSKEY' && r.name === zone).map((r) => parseDnskey(rdataOf(r)));
}

/** `signed: 12345/13 KSK (DS 12345 13 2 ABCD…), 23456/13 ZSK`, or `not signed`. */
export function describeKeys(keys: KeySummary[]): string {
  if (keys.length === 0) return 'not signed';
  return `signed: ${keys.map((k) => `${k.keyTag}/${k.algorithm} ${k.role}${k.ds.length ? ` (DS ${k.ds.join(', ')})` : ''}`).join(', ')}`;
}
