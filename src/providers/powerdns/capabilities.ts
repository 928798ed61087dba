import type { Capabilities } from '../provider.js';

/** What PowerDNS Authoritative 4.7 serves, and why the limits are what they are. */
export const powerdnsCapabilities: Capabilities = {
  types: {
    A: { supported: true },
    AAAA: { supported: true },
    ALIAS: {
      supported: true,
      reason: 'stored and transferred as ALIAS; answered as A/AAAA only when the server runs with expand-alias=yes and a resolver (otherwise NODATA)',
    },
    CAA: { supported: true },
    CNAME: { supported: true },
    DS: { supported: true },
    HTTPS: { supported: true, reason: 'since PowerDNS 4.4' },
    MX: { supported: true },
    NS: { supported: true },
    PTR: { supported: true },
    SRV: { supported: true },
    SSHFP: { supported: true },
    SVCB: { supported: true, reason: 'since PowerDNS 4.4' },
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
    URLFWD: { supported: false, reason: 'PowerDNS has no URL forwarding record; a redirect is answered by a web server (a LUA record can only point the name at one)' },
  },
  genericTypes: { supported: true, reason: 'RFC 3597 TYPEnnn as generic rdata' },
  // One PATCH is one backend transaction; 500 rrsets keeps the body well under the webserver's
  // default 2 MB limit (webserver-max-bodysize) and the SQLite write lock short for other writers.
  maxChangesPerBatch: 500,
  atomicBatch: true,
  alias: 'native',
  minTtl: 0,
  // Its delegation names are its apex NS rrset, which lists every provider of a multi-provider zone.
  delegationFromApexNs: true,
  // POST /servers/{id}/zones on the operator's own server.
  createZone: 'server',
  multiSigner: true,
  signing: { supported: true, reason: 'the cryptokeys API (switch signs a zone there itself)' },
  partialRead: 'GET /zones/{zone}?rrset_name= per owner name (PowerDNS 4.7+), 8 at once, where the chunk names few owners against the size of the zone (else one whole GET); before 4.9.2 such a GET also answers every commented rrset of the zone, which zonesync measures on the first one and weighs in',
  dynamic: {
    supported: true,
    reason:
      'as one LUA record per rrset (the server needs enable-lua-records; edns-subnet-processing=yes for subnet rules by EDNS Client Subnet): subnet rules with netmask(), weighted pools with pickwrandom(), obey values health-checked with ifportup (TCP) or ifurlup (HTTP/HTTPS), fallback pools then the record values; CNAME targets are not health-checked (obey counts as up)',
  },
  dynamicGeos: { supported: false, reason: 'country() and continent() answer only from a GeoIP database (the geoip backend), which zonesync does not assume the server has' },
};
