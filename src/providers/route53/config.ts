import * as z from 'zod';

export const route53ConfigSchema = z
  .object({
    type: z.literal('route53'),
    /** Base URL of the API (moto, private endpoints); AWS when absent. */
    endpoint: z.string().url().optional(),
    region: z.string().min(1).optional(),
    /** A profile of the standard AWS credential chain. */
    profile: z.string().min(1).optional(),
    /** Addresses `verify` asks, as IP:port; the delegation names resolved once when absent. */
    nameservers: z.array(z.string()).optional(),
    /** A reusable delegation set (CreateReusableDelegationSet) that zones zonesync creates are put in: the same four nameservers for every zone. */
    delegationSetId: z.string().min(1).optional(),
  })
  .strict();

export type Route53Config = z.infer<typeof route53ConfigSchema>;
