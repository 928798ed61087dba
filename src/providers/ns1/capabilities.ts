import { RECORD_TYPES, type RecordType } from '../../core/model.js';
import type { Capabilities, TypeSupport } from '../provider.js';

const TYPES_PAGE = 'ibm.com/docs/en/ns1-connect?topic=answers-reference-dns-record-types';
const LISTED = `a user-created type in NS1 Connect's "Reference: DNS record types" (${TYPES_PAGE})`;

/** Record types NS1 serves that zonesync models, and the one it does not. */
export const NS1_TYPES: ReadonlySet<RecordType> = new Set<RecordType>([
  'A', 'AAAA', 'ALIAS', 'CAA', 'CNAME', 'DS', 'HTTPS', 'MX', 'NS', 'PTR', 'SRV', 'SVCB', 'TLSA', 'TXT',
  // Also user-created record types in NS1 Connect's "Reference: DNS record types" (TYPES_PAGE); LOC, URI and OPENPGPKEY are not.
  'CDNSKEY', 'CDS', 'CERT', 'DNAME', 'HINFO', 'NAPTR', 'RP', 'SMIMEA', 'SPF',
  // NS1's own URL forwarding record (octodns-ns1 maps it, _params_for_URLFWD).
  'URLFWD',
]);

const TYPE_REASONS: Partial<Record<RecordType, string>> = {
  CDNSKEY: LISTED,
  CDS: LISTED,
  CERT: LISTED,
  DNAME: LISTED,
  RP: LISTED,
  SMIMEA: LISTED,
  SSHFP: 'NS1 does not serve SSHFP records',
  TXT: 'one string per answer: a multi-string value must be the 255-byte split of one text',
  ALIAS: 'native NS1 ALIAS record',
  URLFWD: "NS1's URLFWD record (help.ns1.com \"Managing URL forwarding (URLFWD) records\"): each value an answer [path, target, code, masking, query]; NS1 answers A at the name with its forwarders' addresses, which verify does not ask",
  SPF: `${LISTED}; one string per answer, as TXT`,
  HINFO: `${LISTED}; read from the full record, as its short answers run the two strings together`,
  NAPTR: `${LISTED}; read from the full record, as its short answers run the strings together`,
  LOC: `not among NS1 Connect's record types (${TYPES_PAGE})`,
  URI: `not among NS1 Connect's record types (${TYPES_PAGE})`,
  OPENPGPKEY: `not among NS1 Connect's record types (${TYPES_PAGE})`,
};

function typeSupport(): Partial<Record<RecordType, TypeSupport>> {
  const types: Partial<Record<RecordType, TypeSupport>> = {};
  for (const type of RECORD_TYPES) {
    const reason = TYPE_REASONS[type];
    const supported = NS1_TYPES.has(type);
    types[type] = { supported, ...(reason ? { reason } : supported ? {} : { reason: `${type} answers are not mapped to NS1's answer format by zonesync` }) };
  }
  return types;
}

export const NS1_CAPABILITIES: Capabilities = {
  types: typeSupport(),
  genericTypes: { supported: false, reason: 'NS1 has no RFC 3597 generic record' },
  // NS1 has no batch endpoint (one call per rrset): this only sizes chunks so each is verified soon.
  maxChangesPerBatch: 100,
  atomicBatch: false,
  alias: 'native',
  // Not confirmed against NS1's documentation; 1 s is the smallest TTL zonesync will send.
  minTtl: 1,
  // DNSControl audits NS1 with TxtNoMultipleStrings ("still needed as of 2021-03-01").
  txtMultipleStrings: false,
  // PUT /v1/zones/{zone}: a zone of the account (billed per zone).
  createZone: 'account',
  multiSigner: 'not driven by zonesync: NS1 holds its own keys and its adapter writes no DNSKEY',
  signing: { supported: true, reason: 'NS1 signs the zone when DNSSEC is enabled on it' },
  partialRead: 'GET /v1/zones/{zone}/{domain}/{type} per rrset, where that is fewer calls than the whole read of the zone took (else one whole read)',
  dynamic: {
    supported: true,
    reason:
      "as octoDNS's NS1 provider writes it: one answer group per rule (geos as country/us_state/ca_province or georegion meta, subnets as ip_prefixes), " +
      'answers with up, weight and priority down the fallback chain, and the filter chain up, netfence_prefix, geofence_country, geofence_regional, ' +
      'select_first_region, priority, weighted_shuffle, select_first_n; each obey value gets an NS1 monitoring job (HTTP for HTTP/HTTPS health checks, TCP for TCP), its notify list and a data feed that the up meta of its answers follows, which zonesync creates, marks as its own, repairs when someone deletes or edits them (plan shows the record as a change) and deletes, never those of others; ' +
      'refused: a subnet rule after a geo rule (NS1 checks subnets first), rules without a catch-all last, provinces outside the US and Canada',
  },
};
