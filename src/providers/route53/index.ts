import type { ProviderModule } from '../provider.js';
import { ROUTE53_CAPABILITIES } from './capabilities.js';
import { route53ConfigSchema } from './config.js';

/** Amazon Route 53: the AWS SDK loads with `create`, so a run that never touches Route 53 never loads it. */
export const route53Module: ProviderModule<'route53', typeof route53ConfigSchema> = {
  type: 'route53',
  configSchema: route53ConfigSchema,
  capabilities: ROUTE53_CAPABILITIES,
  create: async (id, config) => new (await import('./provider.js')).Route53Provider(id, config),
};
