import type { ProviderModule } from '../provider.js';
import { bindCapabilities } from './capabilities.js';
import { bindConfigSchema } from './config.js';

/** BIND 9 (or any RFC 2136 primary): read by AXFR, written by UPDATE, both signed with TSIG. */
export const bindModule: ProviderModule<'bind', typeof bindConfigSchema> = {
  type: 'bind',
  configSchema: bindConfigSchema,
  capabilities: bindCapabilities,
  create: async (id, config) => new (await import('./provider.js')).BindProvider(id, config),
};
