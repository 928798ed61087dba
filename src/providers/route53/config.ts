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
    /**
     * The customer managed KMS key (ECC_NIST_P256, in us-east-1) a key-signing key is made with when
     * zonesync turns signing on (`switch --dnssec unsigned-first`); Route 53 cannot sign without one.
     */
    dnssecKmsKeyArn: z.string().regex(/^arn:aws[a-z-]*:kms:us-east-1:\d{12}:(key|alias)\/[A-Za-z0-9/_-]+$/, 'an ARN of a KMS key in us-east-1 (arn:aws:kms:us-east-1:ACCOUNT:key/ID): Route 53 signs only with keys there').optional(),
  })
  .strict();

export type Route53Config = z.infer<typeof route53ConfigSchema>;
