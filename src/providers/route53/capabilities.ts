import type { Capabilities } from '../provider.js';

const NATIVE = { supported: true } as const;

/** What Route 53 serves, and why not where it does not (docs: "Supported DNS record types"). */
export const ROUTE53_CAPABILITIES: Capabilities = {
  types: {
    A: NATIVE,
    AAAA: NATIVE,
    ALIAS: { supported: true, reason: 'served as a Route 53 alias A record: to an rrset of the same zone, or to an AWS resource named by providerSettings.route53.hostedZoneId' },
    CAA: NATIVE,
    CNAME: NATIVE,
    DS: { supported: true, reason: 'only at a delegation point: Route 53 wants an NS rrset at the same name' },
    HTTPS: NATIVE,
    MX: NATIVE,
    NAPTR: NATIVE,
    NS: NATIVE,
    PTR: NATIVE,
    SPF: NATIVE,
    SRV: NATIVE,
    SSHFP: NATIVE,
    SVCB: NATIVE,
    TLSA: NATIVE,
    TXT: NATIVE,
    ...Object.fromEntries(
      (['CDNSKEY', 'CDS', 'CERT', 'DNAME', 'HINFO', 'LOC', 'OPENPGPKEY', 'RP', 'SMIMEA', 'URI'] as const).map((t) => [t, { supported: false, reason: 'not a Route 53 record type ("Supported DNS record types")' }]),
    ),
    URLFWD: { supported: false, reason: 'Route 53 has no URL forwarding record; a redirect is an S3 website bucket or CloudFront in front of an alias, which zonesync does not manage' },
  },
  genericTypes: { supported: false, reason: 'Route 53 serves only its listed record types' },
  // 1,000 one-value CREATEs fill a request; batchShare() cuts chunks where UPSERTs (counted twice) and characters fill it
  maxChangesPerBatch: 1000,
  atomicBatch: true,
  alias: 'native',
  aliasHasTtl: false,
  minTtl: 0,
  // ListResourceRecordSets MaxItems: at most 300 rrsets a page.
  readPageSize: 300,
  // CreateHostedZone: billed per zone, and the name is taken in the account.
  createZone: 'account',
  multiSigner: 'Route 53 signs with its own KSK (KMS) and ZSK and takes no DNSKEY records',
  signing: { supported: true, reason: 'Route 53 signs the hosted zone once DNSSEC signing is enabled with a KMS-backed KSK' },
  // AWS refuses a CREATE of an existing rrset and a DELETE that does not match it exactly, for the whole batch (InvalidChangeBatch).
  conditionalKinds: ['create', 'delete'],
  rangeDriftCheck:
    'the last phase is sent in ListResourceRecordSets order (a zone with an in-zone ALIAS excepted); each chunk reads back the range up to the next chunk\'s first name, so the read-backs list every page of the zone once, and their union plus GetHostedZone\'s ResourceRecordSetCount is the final drift check. An edit by someone else inside a range already read back is seen by the next plan, not by this run',
  partialRead: 'ListResourceRecordSets pages from StartRecordName/StartRecordType over the range a chunk covers, skipping the stretches between (a chunk with an in-zone ALIAS reads the zone)',
  dynamic: {
    supported: true,
    reason:
      'as octoDNS\'s Route 53 provider writes it: each pool a failover pair (_octodns-<pool>-pool, PRIMARY to its weighted values, SECONDARY to its fallback pool or the record\'s values), each rule geolocation record sets (continent, country, US state; the catch-all the default location), all of one record in one change batch; values with status obey (or down) get health checks zonesync creates, tags and deletes, never others\'. Subnet rules (zonesync\'s own mapping: octoDNS\'s Route 53 provider has none) are IP-based routing: CIDR record sets at the name, each rule a location of the CIDR collection zonesync-<zone id> that zonesync creates, changes and deletes (never another collection), the default location * aliasing _zonesync-geo.<name> where the geolocation sets then live; blocks at most /24 (IPv4) and /48 (IPv6)',
  },
};
