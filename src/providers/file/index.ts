import type { ProviderModule } from '../provider.js';
import { fileCapabilities } from './capabilities.js';
import { fileConfigSchema } from './config.js';

/** A folder of RFC 1035 zone files, for a server that loads them (named, NSD, Knot). */
export const fileModule: ProviderModule<'file', typeof fileConfigSchema> = {
  type: 'file',
  configSchema: fileConfigSchema,
  capabilities: fileCapabilities,
  create: async (id, config, context) => new (await import('./provider.js')).FileProvider(id, config, context.baseDir),
};
