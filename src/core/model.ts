import type { Dynamic } from './dynamic/model.js';

/** The zone model: what every parser produces, every provider reads into, and the diff compares. */

export const RECORD_TYPES = [
  'A', 'AAAA', 'ALIAS', 'CAA', 'CDNSKEY', 'CDS', 'CERT', 'CNAME', 'DNAME', 'DS', 'HINFO', 'HTTPS', 'LOC', 'MX', 'NAPTR', 'NS',
  'OPENPGPKEY', 'PTR', 'RP', 'SMIMEA', 'SPF', 'SRV', 'SSHFP', 'SVCB', 'TLSA', 'TXT', 'URI', 'URLFWD',
] as const;
/** A type zonesync models field by field. */
export type NamedType = (typeof RECORD_TYPES)[number];

/** Provider features the model holds that are not DNS types: no wire form, no RFC 1035 form, never asked over DNS as such. */
export const FEATURE_TYPES = ['ALIAS', 'URLFWD'] as const;
export type FeatureType = (typeof FEATURE_TYPES)[number];
const FEATURES: ReadonlySet<string> = new Set(FEATURE_TYPES);
export const isFeatureType = (type: string): type is FeatureType => FEATURES.has(type);
/** Any other type, as RFC 3597 `TYPEnnn` with generic rdata (`\# len hex`), kept byte for byte. */
export type GenericType = `TYPE${number}`;
export type RecordType = NamedType | GenericType;

const NAMED: ReadonlySet<string> = new Set(RECORD_TYPES);

/**
 * Type numbers of the mnemonics zonesync knows (RFC 3597 `TYPEnnn` of these is the mnemonic), and
 * of the types it does not manage at all (SOA, DNSSEC records a signer makes, meta types).
 */
export const TYPE_NUMBERS: Readonly<Record<string, number>> = {
  A: 1, NS: 2, CNAME: 5, SOA: 6, PTR: 12, HINFO: 13, MX: 15, TXT: 16, RP: 17, AAAA: 28, LOC: 29, SRV: 33, NAPTR: 35,
  CERT: 37, DNAME: 39, OPT: 41, DS: 43, SSHFP: 44, RRSIG: 46, NSEC: 47, DNSKEY: 48, NSEC3: 50, NSEC3PARAM: 51, TLSA: 52,
  SMIMEA: 53, CDS: 59, CDNSKEY: 60, OPENPGPKEY: 61, SVCB: 64, HTTPS: 65, SPF: 99, TKEY: 249, TSIG: 250, IXFR: 251,
  AXFR: 252, MAILB: 253, MAILA: 254, ANY: 255, URI: 256, CAA: 257,
};
const TYPE_MNEMONICS = new Map(Object.entries(TYPE_NUMBERS).map(([k, v]) => [v, k]));

/** Types a zone file may not hold: kept by the server or the signer (SOA is read apart), or meta types. */
const NOT_DATA = new Set(['SOA', 'OPT', 'RRSIG', 'NSEC', 'NSEC3', 'NSEC3PARAM', 'DNSKEY', 'TKEY', 'TSIG', 'IXFR', 'AXFR', 'MAILB', 'MAILA', 'ANY']);

export function isGenericType(value: string): value is GenericType {
  if (!value.startsWith('TYPE') || !/^TYPE\d{1,5}$/.test(value)) return false;
  const n = Number(value.slice(4));
  return String(n) === value.slice(4) && n > 0 && n <= 65535 && !TYPE_MNEMONICS.has(n);
}

export function isRecordType(value: string): value is RecordType {
  return NAMED.has(value) || isGenericType(value);
}

/**
 * The type a zone file's type field names, upper case: a mnemonic, `TYPEnnn` of a known number as
 * its mnemonic (`TYPE1` is A), other numbers as `TYPEnnn`; undefined when it names no type.
 */
export function typeFromText(text: string): string | undefined {
  const upper = text.toUpperCase();
  const m = /^TYPE(\d{1,5})$/.exec(upper);
  if (!m) return NAMED.has(upper) || NOT_DATA.has(upper) ? upper : undefined;
  const n = Number(m[1]);
  if (n === 0 || n > 65535) return undefined;
  return TYPE_MNEMONICS.get(n) ?? `TYPE${n}`;
}

/** True for SOA, DNSSEC records a signer makes, and meta types: no zone file of zonesync's holds them as data. */
export function isNotData(type: string): boolean {
  return NOT_DATA.has(type);
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
  /** Traffic steering (octoDNS `dynamic:`), canonical; `values` stay the final fallback. See core/dynamic/model.ts. */
  dynamic?: Dynamic;
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
