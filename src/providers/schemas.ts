import type * as z from 'zod';
import { bindConfigSchema } from './bind/config.js';
import { cloudflareConfigSchema } from './cloudflare/config.js';
import { fileConfigSchema } from './file/config.js';
import { ns1ConfigSchema } from './ns1/config.js';
import { powerdnsConfigSchema } from './powerdns/config.js';
import { route53ConfigSchema } from './route53/config.js';

/** Each provider type's config schema, light enough (zod only) to check every block when zonesync.yaml is loaded. */
export const PROVIDER_CONFIG_SCHEMAS = {
  file: fileConfigSchema,
  powerdns: powerdnsConfigSchema,
  bind: bindConfigSchema,
  route53: route53ConfigSchema,
  cloudflare: cloudflareConfigSchema,
  ns1: ns1ConfigSchema,
} as const satisfies Record<string, z.ZodType>;

export type ProviderType = keyof typeof PROVIDER_CONFIG_SCHEMAS;

export function isProviderType(type: string): type is ProviderType {
  return Object.hasOwn(PROVIDER_CONFIG_SCHEMAS, type);
}
