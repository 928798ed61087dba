/**
 * Traffic steering as octoDNS declares it (`dynamic:` on an A, AAAA or CNAME record): pools of
 * weighted values with a health status and a fallback pool, and ordered rules that send a query
 * to a pool by where it comes from (geos, subnets), the last one a catch-all. The record's plain
 * `values` are the final fallback. This is the one shape every provider converts to and from;
 * a steered rrset is compared, planned and rolled back as one value.
 *
 * Canonical form (what `canonicalDynamic` produces and the diff compares):
 * - pool names as written; pools keyed in sorted order;
 * - pool values canonical rdata of the rrset's type, sorted by value, `weight` 1..100 (default 1),
 *   `status` `obey` unless written otherwise;
 * - rules in their order (order is meaning); `geos` upper-case and sorted (`EU`, `EU-DE`,
 *   `NA-US-CA`), `subnets` as network/prefix with the host bits zero, sorted;
 * - health check fields with octoDNS's defaults filled in (path `/_dns`, port 443, protocol HTTPS,
 *   host the record's name without the trailing dot).
 */

export type DynamicStatus = 'up' | 'down' | 'obey';

export interface DynamicValue {
  /** Canonical rdata of the rrset's type (an address, or an absolute CNAME target). */
  value: string;
  weight: number;
  status: DynamicStatus;
}

export interface DynamicPool {
  values: DynamicValue[];
  /** The pool answers go to when every value of this one is down; absent: the record's `values`. */
  fallback?: string;
}

export interface DynamicRule {
  pool: string;
  /** octoDNS geo codes: continent `EU`, country `EU-DE`, province `NA-US-CA`. Absent with `subnets` absent: the catch-all. */
  geos?: string[];
  /** Client subnets (EDNS Client Subnet or resolver address), canonical network/prefix. */
  subnets?: string[];
}

/** `octodns.healthcheck`: how providers that health-check a value probe it. */
export interface DynamicHealthcheck {
  host: string;
  path: string;
  port: number;
  protocol: 'HTTP' | 'HTTPS' | 'TCP';
}

export interface Dynamic {
  /** Keyed by pool name, in sorted key order once canonical. */
  pools: Record<string, DynamicPool>;
  rules: DynamicRule[];
  healthcheck: DynamicHealthcheck;
  /**
   * The provider blocks octoDNS defines for steering (`octodns.route53.healthcheck`,
   * `octodns.ns1.healthcheck`…), as written, keyed by provider type.
   */
  providerHealthcheck?: Record<string, Record<string, unknown>>;
}

/** The record types octoDNS lets carry `dynamic`. */
export const DYNAMIC_TYPES: ReadonlySet<string> = new Set(['A', 'AAAA', 'CNAME']);
