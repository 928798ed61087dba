import type { Capabilities } from '../provider.js';
import type { Route53ClientOptions } from './client.js';
import { Route53Provider } from './route53-provider.js';
import { route53ConfigSchema, type Route53Config } from './config.js';

export { Route53Provider } from './route53-provider.js';
export type { UnmanagedRecordSet } from './convert.js';

export { route53ConfigSchema, type Route53Config } from './config.js';

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
    NS: NATIVE,
    PTR: NATIVE,
    SRV: NATIVE,
    SSHFP: NATIVE,
    SVCB: NATIVE,
    TLSA: NATIVE,
    TXT: NATIVE,
  },
  // 1,000 one-value CREATEs fill a request; batchShare() cuts chunks where UPSERTs (counted twice) and characters fill it
  maxChangesPerBatch: 1000,
  atomicBatch: true,
  alias: 'native',
  aliasHasTtl: false,
  minTtl: 0,
  // ListResourceRecordSets MaxItems: at most 300 rrsets a page.
  readPageSize: 300,
};

/** Test and tuning knobs that are not part of zonesync.yaml. */
export interface Route53ProviderOptions {
  credentials?: Route53ClientOptions['credentials'];
  requestsPerSecond?: number;
  /** ListResourceRecordSets MaxItems (Route 53 caps it at 300). */
  pageSize?: number;
  connectionTimeoutMs?: number;
  requestTimeoutMs?: number;
  backoff?: Route53ClientOptions['backoff'];
}

/** Build a Route 53 provider; nothing touches the network until a method is called. */
export function createRoute53Provider(id: string, config: Route53Config, options: Route53ProviderOptions = {}): Route53Provider {
  const parsed = route53ConfigSchema.parse(config);
  const capabilities = options.pageSize === undefined ? ROUTE53_CAPABILITIES : { ...ROUTE53_CAPABILITIES, readPageSize: options.pageSize };
  return new Route53Provider(id, parsed, capabilities, options);
}
