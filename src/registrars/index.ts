import { ProviderError } from '../core/errors.js';
import { registrarConfigSchema, type RegistrarConfig } from './config.js';
import { ManualRegistrar } from './manual.js';
import { Route53DomainsRegistrar, type Route53DomainsOptions } from './route53domains.js';
import type { Registrar } from './registrar.js';
import { ZoneRegistrar, type ParentZoneAccess } from './zone.js';

export type { DsChange, Registrar, RegistrarChange } from './registrar.js';
export { ManualRegistrar } from './manual.js';
export { Route53DomainsRegistrar } from './route53domains.js';
export { ZoneRegistrar, type ParentZoneAccess } from './zone.js';

export { registrarConfigSchema, type RegistrarConfig } from './config.js';

export interface RegistrarOptions extends Route53DomainsOptions {
  /** How a `type: zone` registrar reads and writes its parent zone (engine/registrar.ts gives it). */
  parentZone?: ParentZoneAccess;
}

/** Build a registrar from its zonesync.yaml entry; nothing touches the network until a method is called. */
export function createRegistrar(id: string, config: RegistrarConfig, options: RegistrarOptions = {}): Registrar {
  const parsed = registrarConfigSchema.parse(config);
  switch (parsed.type) {
    case 'route53domains':
      return new Route53DomainsRegistrar(id, parsed, options);
    case 'manual':
      return new ManualRegistrar(id);
    case 'zone':
      // The parent zone is written through the apply engine, which this layer cannot reach: the engine hands the access in.
      if (!options.parentZone) throw new ProviderError(id, `registrar type zone needs the engine to write ${parsed.zone}: build it with openRegistrar (src/engine/registrar.ts)`);
      return new ZoneRegistrar(id, parsed, options.parentZone);
  }
}
