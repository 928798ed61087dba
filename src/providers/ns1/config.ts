import * as z from 'zod';
import { credentialSchema } from '../../lib/credential.js';

export const ns1ConfigSchema = z.strictObject({
  type: z.literal('ns1'),
  apiKey: credentialSchema('apiKey is required'),
  /** Base URL of the API, `…/v1`. */
  endpoint: z.url().optional(),
  /** Addresses `verify` asks, as IP:port; otherwise the zone's dns_servers resolved once. */
  nameservers: z.array(z.string()).optional(),
  /** NS1 monitoring regions the monitors of `obey` values probe from (octoDNS `monitor_regions`); default lga, sjc, ams. */
  monitorRegions: z.array(z.string().min(1)).min(1).optional(),
});
export type Ns1Config = z.infer<typeof ns1ConfigSchema>;
