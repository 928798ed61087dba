import type * as z from 'zod';
import { PROVIDER_MODULES, providerModule, type ProviderType } from './table.js';

export type { ProviderType } from './table.js';

/** Each provider type's config schema (from the one table), light enough (zod only) to check every block when zonesync.yaml is loaded. */
export const PROVIDER_CONFIG_SCHEMAS: Readonly<Record<ProviderType, z.ZodType>> = Object.fromEntries(PROVIDER_MODULES.map((m) => [m.type, m.configSchema as z.ZodType])) as Record<ProviderType, z.ZodType>;

export function isProviderType(type: string): type is ProviderType {
  return providerModule(type) !== undefined;
}
