import type { Capabilities } from '../provider.js';

/** What BIND 9.18 serves through RFC 2136 UPDATE, and why the limits are what they are. */
export const bindCapabilities: Capabilities = {
  types: {
    A: { supported: true },
    AAAA: { supported: true },
    ALIAS: { supported: false, reason: 'BIND has no ALIAS/ANAME record type; flatten it to A/AAAA, or use a CNAME below the apex' },
    CAA: { supported: true },
    CNAME: { supported: true, reason: 'named ignores (answering NOERROR) a CNAME beside other data and other data beside a CNAME; zonesync reads back and reports it' },
    DS: { supported: true, reason: 'only at a delegation point: named ignores a DS at the zone apex' },
    HTTPS: { supported: true, reason: 'since BIND 9.16' },
    MX: { supported: true, reason: 'named refuses an MX whose exchange is inside the zone and has no A/AAAA (check-integrity)' },
    NS: { supported: true, reason: 'named refuses an NS whose in-zone name has no address (post-update name server sanity check), and ignores removing every apex NS' },
    PTR: { supported: true },
    SRV: { supported: true },
    SSHFP: { supported: true },
    SVCB: { supported: true, reason: 'since BIND 9.16' },
    TLSA: { supported: true },
    TXT: { supported: true },
    CDNSKEY: { supported: true },
    CDS: { supported: true },
    CERT: { supported: true },
    DNAME: { supported: true },
    HINFO: { supported: true },
    LOC: { supported: true },
    NAPTR: { supported: true },
    OPENPGPKEY: { supported: true },
    RP: { supported: true },
    SMIMEA: { supported: true },
    SPF: { supported: true },
    URI: { supported: true },
    URLFWD: { supported: false, reason: 'BIND serves DNS records only; a URL forward is an HTTP redirect, which a web server answers' },
  },
  genericTypes: { supported: true, reason: 'RFC 3597 TYPEnnn as generic rdata' },
  // One UPDATE message is atomic in named and carries the whole chunk unless it passes 64 KiB;
  // 1,000 rrsets keeps a chunk of ordinary records in one message.
  maxChangesPerBatch: 1000,
  atomicBatch: true,
  alias: 'none',
  minTtl: 0,
  // Its delegation names are its apex NS rrset, which lists every provider of a multi-provider zone.
  delegationFromApexNs: true,
  // A zone is declared in named.conf, which zonesync cannot write: the plan prints the stanza.
  createZone: false,
  multiSigner: 'zonesync cannot turn signing on or add keys over RFC 2136: BIND signs with its own dnssec-policy',
  dynamic: { supported: false, reason: 'a BIND zone answers the same to every client (views split whole zones, not rrsets, and zonesync does not manage them)' },
  partialRead: 'IXFR (TSIG-signed) from the serial of the last read, applied to the zone that read left: one exchange that grows with the change, exact where a query is not (a delegation\'s referral and glue, a wildcard\'s synthesis, a CNAME, an empty non-terminal); the chunk\'s own check after its UPDATE is one more; a whole AXFR where there is no read to start from or named\'s journal does not reach back',
  signing: { supported: true, reason: 'named signs the zone when named.conf gives it a dnssec-policy (inline or on update)' },
};
