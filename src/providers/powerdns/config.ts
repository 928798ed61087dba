import * as z from 'zod';
import { credentialSchema } from '../../lib/credential.js';

export const powerdnsConfigSchema = z.strictObject({
  type: z.literal('powerdns'),
  /** Base URL of the PowerDNS webserver, e.g. http://127.0.0.1:8081. */
  url: z.url({ protocol: /^https?$/ }),
  apiKey: credentialSchema(),
  /** Server id in the API path; PowerDNS only knows `localhost`. */
  server: z.string().min(1).optional(),
  /** Addresses `verify` asks, as IP:port; default: the apex NS host names resolved once, port 53. */
  nameservers: z.array(z.string()).optional(),
  /** Apex NS host names a zone gets when zonesync creates it; default `ns1.<zone>`. */
  nameserverNames: z.array(z.string()).min(1).optional(),
  /** Overrides `url` (every API provider takes one, for tests and private deployments). */
  endpoint: z.url({ protocol: /^https?$/ }).optional(),
  /** Deadline for one API call. */
  timeoutMs: z.number().int().positive().optional(),
});

export type PowerDnsConfig = z.infer<typeof powerdnsConfigSchema>;
