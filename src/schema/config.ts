import * as z from 'zod';
import { DISABLEABLE_LINT_RULES } from '../core/lint.js';
import { configSchema, zoneConfigSchema } from '../config/schema.js';
import { PROVIDER_CONFIG_SCHEMAS } from '../providers/schemas.js';
import { REGISTRAR_CONFIG_SCHEMAS } from '../registrars/config.js';

/**
 * zonesync.yaml in one zod schema, for schema/zonesync.schema.json: the loader's top-level schema
 * with each provider and registrar block checked against its type's own schema (the loader does
 * that block by block, src/config/from-tree.ts) and lint ids named. What only the loader checks is
 * listed in README "Schemas" (cross-references, `root:`, zone names).
 */
type Blocks = [z.core.$ZodTypeDiscriminable, ...z.core.$ZodTypeDiscriminable[]];
const providerSchemas = Object.values(PROVIDER_CONFIG_SCHEMAS) as unknown as Blocks;
const registrarSchemas = Object.values(REGISTRAR_CONFIG_SCHEMAS) as unknown as Blocks;

export const configFileSchema = configSchema.extend({
  providers: z.record(z.string(), z.discriminatedUnion('type', providerSchemas)),
  registrars: z.record(z.string(), z.discriminatedUnion('type', registrarSchemas)).optional(),
  zones: z.record(z.string(), zoneConfigSchema.extend({ lint: z.strictObject({ disable: z.array(z.enum(DISABLEABLE_LINT_RULES as [string, ...string[]])).optional() }).optional() })),
});
