import type { ProviderModule } from '../provider.js';
import { cloudflareCapabilities } from './capabilities.js';
import { cloudflareConfigSchema } from './config.js';

/** Cloudflare DNS through its official SDK (README.md beside this file). The table shows the Free plan's batch size. */
export const cloudflareModule: ProviderModule<'cloudflare', typeof cloudflareConfigSchema> = {
  type: 'cloudflare',
  configSchema: cloudflareConfigSchema,
  capabilities: cloudflareCapabilities(),
  create: async (id, config) => new (await import('./provider.js')).CloudflareProvider(id, config),
};
