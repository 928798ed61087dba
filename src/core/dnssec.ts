/**
 * DNSSEC records belong to the provider that signs the zone: zonesync reads them (verify, the
 * plan's DNSSEC line) but never diffs or writes them, and a zone file that declares one is refused.
 */

/**
 * Made by the signer: keys, signatures and denial chains. CDS and CDNSKEY are not here: they are
 * read and may be declared (issue #22: "CDS and CDNSKEY are read"), as an operator publishes them
 * for a parent that polls (RFC 7344, 8078).
 */
export const SIGNER_TYPES: ReadonlySet<string> = new Set(['DNSKEY', 'RRSIG', 'NSEC', 'NSEC3', 'NSEC3PARAM']);

/** CDS and CDNSKEY (RFC 7344, 8078): the signer's unless the zone file declares some, in which case zonesync manages them all. */
export const PARENT_SIGNAL_TYPES: ReadonlySet<string> = new Set(['CDS', 'CDNSKEY']);

export function isSignerType(type: string): boolean {
  return SIGNER_TYPES.has(type.toUpperCase());
}

/** The reason a zone file may not declare `type`, or undefined for other types. */
export function signerTypeHint(type: string): string | undefined {
  if (!isSignerType(type)) return undefined;
  return `${type.toUpperCase()} belongs to the provider that signs the zone: zonesync never writes DNSSEC records (turn signing on at the provider; DS records at a child delegation are fine)`;
}

/** One key a signer publishes, as the plan, verify and `switch` name it. */
export interface KeySummary {
  keyTag: number;
  algorithm: number;
  /** SEP bit set (KSK or CSK) or not (ZSK). */
  role: 'KSK' | 'ZSK';
  /** DS records (SHA-256) a parent would hold for this key; empty for a ZSK. */
  ds: string[];
}
