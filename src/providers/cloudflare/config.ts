import * as z from 'zod';
import { credentialSchema } from '../../lib/credential.js';
import { CLOUDFLARE_DEFAULT_BATCH_SIZE } from './capabilities.js';

export const cloudflareConfigSchema = z.strictObject({
  type: z.literal('cloudflare'),
  apiToken: credentialSchema(),
  /** Base URL of the API, `https://api.cloudflare.com/client/v4` by default (a simulator in tests). */
  endpoint: z.url({ protocol: /^https?$/ }).optional(),
  /** Needed only to create zones. */
  accountId: z.string().min(1).optional(),
  /** Record operations per batch: 200 on Free zones, up to 3,500 on paid plans. */
  batchSize: z.number().int().min(1).max(3500).default(CLOUDFLARE_DEFAULT_BATCH_SIZE),
  /** Addresses `verify` asks, as IP:port; default: the assigned nameservers resolved once, port 53. */
  nameservers: z.array(z.string()).optional(),
  /** Deadline for one API call. */
  timeoutMs: z.number().int().positive().optional(),
});

export type CloudflareConfig = z.input<typeof cloudflareConfigSchema>;
