import type { DnssecStatus } from '../provider.js';
import { keySummary } from '../../dns/dnssec/status.js';
import { dnskeyFromText, formatDs, parseDsValue } from '../../dns/dnssec/wire.js';

/**
 * GET /zones/{zone}/dnssec as ns1-go (dns.ZoneDNSSEC) reads it: `keys.dnskey` the zone's DNSKEY set,
 * `delegation.dnskey` the KSKs and `delegation.ds` the DS records for the parent, each a list of
 * fields (`[flags, protocol, algorithm, key]`, `[tag, algorithm, digest type, digest]`).
 */
export interface Ns1Dnssec {
  zone?: string;
  keys?: { dnskey?: unknown[]; ttl?: number };
  delegation?: { dnskey?: unknown[]; ds?: unknown[]; ttl?: number };
}

/** The message of NS1's 400 for a zone it does not sign (ns1-go rest/dnssec.go ErrDNSECNotEnabled). */
export const NOT_SIGNED = 'DNSSEC is not enabled on the zone';

function fields(entry: unknown, what: string): string {
  if (!Array.isArray(entry) || entry.length !== 4 || !entry.every((f) => typeof f === 'string' || typeof f === 'number')) {
    throw new Error(`${what} is not a list of four fields: ${JSON.stringify(entry)?.slice(0, 80)}`);
  }
  return entry.join(' ');
}

/**
 * The signed zone's keys (every DNSKEY NS1 publishes, KSK and ZSK) with the DS zonesync computes;
 * throws when a delegation DS NS1 gives matches no key it publishes.
 */
export function ns1DnssecStatus(zone: string, answer: Ns1Dnssec): DnssecStatus {
  const keys = (answer.keys?.dnskey ?? []).map((k, i) => dnskeyFromText(fields(k, `keys.dnskey[${i}]`)));
  if (keys.length === 0) throw new Error(`NS1 says ${zone} is signed but lists no DNSKEY`);
  const summaries = keys.map((k) => keySummary(zone, k));
  const computed = new Set(summaries.flatMap((s) => s.ds));
  for (const [i, entry] of (answer.delegation?.ds ?? []).entries()) {
    const ds = parseDsValue(fields(entry, `delegation.ds[${i}]`));
    // Only SHA-256 DS are computed here; another digest type is checked by tag and algorithm.
    const known = ds.digestType === 2 ? computed.has(formatDs(ds)) : summaries.some((s) => s.keyTag === ds.keyTag && s.algorithm === ds.algorithm && s.role === 'KSK');
    if (!known) throw new Error(`NS1's delegation DS ${formatDs(ds)} for ${zone} matches no DNSKEY it publishes`);
  }
  return { signed: true, keys: summaries, source: 'NS1 DNSSEC API' };
}
