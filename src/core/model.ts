/** The zone model: what every parser produces, every provider reads into, and the diff compares. */

export const RECORD_TYPES = [
  'A', 'AAAA', 'ALIAS', 'CAA', 'CNAME', 'DS', 'HTTPS', 'MX', 'NS', 'PTR', 'SRV', 'SSHFP', 'SVCB', 'TLSA', 'TXT',
] as const;
export type RecordType = (typeof RECORD_TYPES)[number];

export function isRecordType(value: string): value is RecordType {
  return (RECORD_TYPES as readonly string[]).includes(value);
}

/** Where a piece of input came from: 1-based line and column. */
export interface SourceLocation {
  file: string;
  line: number;
  column: number;
}

/**
 * One rrset: all records of one (name, type).
 * `name` is absolute, lowercase, punycode, with a trailing dot.
 * `values` are canonical presentation-format rdata (see rdata.ts), unique and sorted,
 * so two rrsets holding the same data compare equal as JSON.
 */
export interface RRset {
  name: string;
  type: RecordType;
  ttl: number;
  values: string[];
  /** Provider-specific settings from the zone file, keyed by provider type (e.g. `cloudflare: { proxied: true }`). */
  providerSettings?: Record<string, Record<string, unknown>>;
  /** Where it was declared; absent for rrsets read from a provider. */
  source?: SourceLocation;
  /** octoDNS record flags from the zone file (`octodns: { ignored, excluded, included, lenient }`); never in a plan. */
  octodns?: OctodnsFlags;
}

/** What octoDNS reads from a record's `octodns:` block besides provider settings (octodns/record/base.py). */
export interface OctodnsFlags {
  /** Neither created, changed nor deleted anywhere. */
  ignored?: boolean;
  /** Provider ids the record is kept off (left alone there). */
  excluded?: string[];
  /** When given, the only provider ids the record goes to (left alone on the others). */
  included?: string[];
  /** Its lint errors are warnings (octoDNS logs validation failures instead of refusing). */
  lenient?: boolean;
}

/** The provider-owned SOA fields that negative caching and serial checks depend on. */
export interface Soa {
  mname: string;
  rname: string;
  serial: number;
  refresh: number;
  retry: number;
  expire: number;
  minimum: number;
  ttl: number;
}

export interface Zone {
  /** Absolute, lowercase, punycode, trailing dot. */
  name: string;
  rrsets: RRset[];
  /** Present when read from a provider that has one. */
  soa?: Soa;
}

export function rrsetKey(rrset: { name: string; type: string }): string {
  return `${rrset.name} ${rrset.type}`;
}
