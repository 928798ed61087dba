import type { Capabilities } from '../provider.js';

/** What an RFC 1035 master file holds, as named or NSD load it. */
const SUPPORTED = ['A', 'AAAA', 'CAA', 'CNAME', 'DS', 'HTTPS', 'MX', 'NS', 'PTR', 'SRV', 'SSHFP', 'SVCB', 'TLSA', 'TXT', 'CDNSKEY', 'CDS', 'CERT', 'DNAME', 'HINFO', 'LOC', 'NAPTR', 'OPENPGPKEY', 'RP', 'SMIMEA', 'SPF', 'URI'] as const;

export const fileCapabilities: Capabilities = {
  types: {
    ...Object.fromEntries(SUPPORTED.map((t) => [t, { supported: true }])),
    ALIAS: { supported: false, reason: 'RFC 1035 master files have no ALIAS type; BIND cannot load it' },
    URLFWD: { supported: false, reason: 'an HTTP redirect a provider serves, not a DNS record: a master file has no such type' },
  },
  genericTypes: { supported: true, reason: 'RFC 3597 TYPEnnn written as generic rdata, byte for byte' },
  // The whole zone file is rewritten per chunk, so a chunk of any size is one write.
  maxChangesPerBatch: 100_000,
  atomicBatch: true,
  alias: 'none',
  minTtl: 0,
  // A new zone file (SOA and NS) in the configured directory.
  createZone: 'server',
  multiSigner: 'zone files are served as written: zonesync does not sign them',
  signing: { supported: false, reason: 'a zone file on disk: zonesync writes no DNSSEC records into it, so whatever serves the file must sign it' },
  partialRead: 'the file it just wrote (parsed once, as written; re-read only when the file changed since)',
  dynamic: { supported: false, reason: 'a zone file holds plain records, one answer set per name and type' },
};
