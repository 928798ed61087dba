import { bindModule } from './bind/index.js';
import { cloudflareModule } from './cloudflare/index.js';
import { fileModule } from './file/index.js';
import { ns1Module } from './ns1/index.js';
import { powerdnsModule } from './powerdns/index.js';
import type { Capabilities, ProviderModule } from './provider.js';
import { route53Module } from './route53/index.js';

/**
 * Every provider type, in the order the README's capability table shows them. The one list the
 * config check, the registry, the capability table and `switch` read: a new provider is its
 * folder and one line here. Light: schemas and capabilities only, each `create` loads the rest.
 */
export const PROVIDER_MODULES = [fileModule, powerdnsModule, bindModule, route53Module, cloudflareModule, ns1Module] as const;

export type ProviderType = (typeof PROVIDER_MODULES)[number]['type'];

const BY_TYPE: ReadonlyMap<string, ProviderModule> = new Map(PROVIDER_MODULES.map((m) => [m.type, m as unknown as ProviderModule]));

export function providerModule(type: string): ProviderModule | undefined {
  return BY_TYPE.get(type);
}

/** What a provider type serves and how it behaves, without building one (`switch` asks about providers whose API is down). */
export function capabilitiesOf(type: string): Capabilities | undefined {
  return BY_TYPE.get(type)?.capabilities;
}
