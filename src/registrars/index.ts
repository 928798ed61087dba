import { registrarConfigSchema, type RegistrarConfig } from './config.js';
import { ManualRegistrar } from './manual.js';
import { Route53DomainsRegistrar, type Route53DomainsOptions } from './route53domains.js';
import type { Registrar } from './registrar.js';

export type { Registrar, RegistrarChange } from './registrar.js';
export { ManualRegistrar } from './manual.js';
export { Route53DomainsRegistrar } from './route53domains.js';

export { registrarConfigSchema, type RegistrarConfig } from './config.js';

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
