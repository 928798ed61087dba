import * as z from 'zod';
import { ManualRegistrar, manualConfigSchema } from './manual.js';
import { Route53DomainsRegistrar, route53DomainsConfigSchema, type Route53DomainsOptions } from './route53domains.js';
import type { Registrar } from './registrar.js';

export type { Registrar, RegistrarChange } from './registrar.js';
export { ManualRegistrar } from './manual.js';
export { Route53DomainsRegistrar } from './route53domains.js';

export const registrarConfigSchema = z.discriminatedUnion('type', [route53DomainsConfigSchema, manualConfigSchema]);
export type RegistrarConfig = z.infer<typeof registrarConfigSchema>;

/** Build a registrar from its zonesync.yaml entry; nothing touches the network until a method is called. */
export function createRegistrar(id: string, config: RegistrarConfig, options: Route53DomainsOptions = {}): Registrar {
  const parsed = registrarConfigSchema.parse(config);
  switch (parsed.type) {
    case 'route53domains':
      return new Route53DomainsRegistrar(id, parsed, options);
    case 'manual':
      return new ManualRegistrar(id);
  }
}
