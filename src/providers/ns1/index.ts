import type { ProviderModule } from '../provider.js';
import { NS1_CAPABILITIES } from './capabilities.js';
import { ns1ConfigSchema } from './config.js';

/** NS1 (IBM NS1 Connect) through API v1. */
export const ns1Module: ProviderModule<'ns1', typeof ns1ConfigSchema> = {
  type: 'ns1',
  configSchema: ns1ConfigSchema,
  capabilities: NS1_CAPABILITIES,
  create: async (id, config) => new (await import('./provider.js')).Ns1Provider(id, config),
};
