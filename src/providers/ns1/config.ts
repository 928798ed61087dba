import * as z from 'zod';

export const ns1ConfigSchema = z.strictObject({
  type: z.literal('ns1'),
  apiKey: z.string().min(1, 'apiKey is required'),
  /** Base URL of the API, `…/v1`. */
  endpoint: z.url().optional(),
  /** Addresses `verify` asks, as IP:port; otherwise the zone's dns_servers resolved once. */
  nameservers: z.array(z.string()).optional(),
});
export type Ns1Config = z.infer<typeof ns1ConfigSchema>;
