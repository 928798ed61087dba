import * as z from 'zod';

/** Registrar config schemas, zod only, so zonesync.yaml is checked at load time without loading the AWS SDK. */

export const manualConfigSchema = z.object({ type: z.literal('manual') }).strict();
export type ManualConfig = z.infer<typeof manualConfigSchema>;

export const route53DomainsConfigSchema = z
  .object({
    type: z.literal('route53domains'),
    endpoint: z.string().url().optional(),
    /** The Route 53 Domains API lives in us-east-1. */
    region: z.string().min(1).optional(),
    profile: z.string().min(1).optional(),
  })
  .strict();
export type Route53DomainsConfig = z.infer<typeof route53DomainsConfigSchema>;

/**
 * A parent zone zonesync manages on one of its providers: the child's delegation NS and DS rrsets
 * are written there through the apply engine, and nothing else in the parent zone is touched.
 */
export const zoneRegistrarConfigSchema = z
  .object({
    type: z.literal('zone'),
    /** The parent zone (`example.com.`); each zone naming this registrar must be below it. */
    zone: z.string().min(1).regex(/^[^\s]+$/, 'a zone name, without spaces'),
    /** The provider (a key of `providers:`) that serves the parent zone. */
    provider: z.string().min(1),
    /** TTL of an NS or DS rrset the registrar creates (an existing one keeps its own). */
    ttl: z.number().int().min(1).max(2_147_483_647).optional(),
  })
  .strict();
export type ZoneRegistrarConfig = z.infer<typeof zoneRegistrarConfigSchema>;

export const REGISTRAR_CONFIG_SCHEMAS = {
  route53domains: route53DomainsConfigSchema,
  manual: manualConfigSchema,
  zone: zoneRegistrarConfigSchema,
} as const;

export function isRegistrarType(type: string): type is keyof typeof REGISTRAR_CONFIG_SCHEMAS {
  return Object.hasOwn(REGISTRAR_CONFIG_SCHEMAS, type);
}

export const registrarConfigSchema = z.discriminatedUnion('type', [route53DomainsConfigSchema, manualConfigSchema, zoneRegistrarConfigSchema]);
export type RegistrarConfig = z.infer<typeof registrarConfigSchema>;
