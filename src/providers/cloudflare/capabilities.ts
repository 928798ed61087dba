import type { Capabilities } from '../provider.js';

/** Record operations per batch on a Free zone: the default of `batchSize`. */
export const CLOUDFLARE_DEFAULT_BATCH_SIZE = 200;

/** What Cloudflare serves, and why not where it does not. `maxChangesPerBatch` is the plan's batch limit. */
/** Records per page of GET /zones/{id}/dns_records that the client asks for. */
export const DEFAULT_PER_PAGE = 500;

export function cloudflareCapabilities(batchSize: number = CLOUDFLARE_DEFAULT_BATCH_SIZE, perPage = DEFAULT_PER_PAGE): Capabilities {
  return {
    types: {
      A: { supported: true },
      AAAA: { supported: true },
      CNAME: { supported: true },
      MX: { supported: true },
      TXT: { supported: true, reason: 'long strings are split into 255-byte character-strings by Cloudflare' },
      NS: { supported: true, reason: 'below the apex only: the apex NS set is Cloudflare\'s assigned nameservers' },
      PTR: { supported: true },
      SRV: { supported: true },
      CAA: { supported: true },
      DS: { supported: true },
      TLSA: { supported: true },
      SSHFP: { supported: true },
      SVCB: { supported: true },
      HTTPS: { supported: true },
      ALIAS: { supported: true, reason: 'only at the zone apex, stored as a CNAME that Cloudflare flattens' },
      CERT: { supported: true },
      LOC: { supported: true, reason: 'stored as degrees, minutes, seconds and metres in `data`' },
      NAPTR: { supported: true },
      OPENPGPKEY: { supported: true },
      SMIMEA: { supported: true },
      URI: { supported: true },
      URLFWD: { supported: false, reason: 'Cloudflare forwards URLs with Page Rules or Redirect Rules, not DNS records, and zonesync does not manage those' },
      ...Object.fromEntries(
        (['CDNSKEY', 'CDS', 'DNAME', 'HINFO', 'RP', 'SPF'] as const).map((t) => [t, { supported: false, reason: 'not a type the Cloudflare DNS records API creates' }]),
      ),
    },
    genericTypes: { supported: false, reason: 'the Cloudflare DNS records API takes only its listed types' },
    // A chunk becomes one batch call when its record operations fit; each rrset costs one operation per value changed.
    maxChangesPerBatch: batchSize,
    // One batch is one database transaction (developers.cloudflare.com/dns/manage-dns-records/how-to/batch-record-changes/); a chunk needing several is undone on failure.
    atomicBatch: true,
    alias: 'flattened-cname',
    // 60 s, 30 s on Enterprise zones (SDK doc on `ttl`).
    minTtl: 60,
    fixedApexNs: 'Cloudflare serves its assigned nameservers at the apex; list the other providers in its multi-provider (secondary DNS) settings',
    // GET /zones/{id}/dns_records pages of `per_page` records.
    readPageSize: perPage,
    // POST /zones into the configured account (accountId); a name lives in one account only.
    createZone: 'account',
    multiSigner: true,
    signing: { supported: true, reason: 'Cloudflare signs the zone once DNSSEC is enabled for it (one KSK/ZSK pair, algorithm 13)' },
    partialRead: 'GET …/dns_records?name.exact= per owner name, where that is fewer calls than the pages of the whole zone (else one whole read)',
    dynamic: { supported: false, reason: 'Cloudflare DNS records answer the same to every client; steering is the separate Load Balancing product, which zonesync does not manage' },
  };
}
