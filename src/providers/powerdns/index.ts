import type { ProviderModule } from '../provider.js';
import { powerdnsCapabilities } from './capabilities.js';
import { powerdnsConfigSchema } from './config.js';

/** PowerDNS Authoritative through its HTTP API. */
export const powerdnsModule: ProviderModule<'powerdns', typeof powerdnsConfigSchema> = {
  type: 'powerdns',
  configSchema: powerdnsConfigSchema,
  capabilities: powerdnsCapabilities,
  create: async (id, config) => new (await import('./provider.js')).PowerDnsProvider(id, config),
};
