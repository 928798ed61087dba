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

export const REGISTRAR_CONFIG_SCHEMAS = {
  route53domains: route53DomainsConfigSchema,
  manual: manualConfigSchema,
} as const;

export function isRegistrarType(type: string): type is keyof typeof REGISTRAR_CONFIG_SCHEMAS {
  return Object.hasOwn(REGISTRAR_CONFIG_SCHEMAS, type);
}

export const registrarConfigSchema = z.discriminatedUnion('type', [route53DomainsConfigSchema, manualConfigSchema]);
export type RegistrarConfig = z.infer<typeof registrarConfigSchema>;
