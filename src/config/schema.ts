import * as z from 'zod';
import { DEFAULT_LIMITS } from '../core/limits.js';
import { RECORD_TYPES, isRecordType } from '../core/model.js';
import { geoCodeProblem } from '../core/dynamic/geo.js';
import { parseNetwork } from '../core/dynamic/validate.js';

/** Numbers are coerced so `chunkSize: ${CHUNK}` works like `chunkSize: 50`. */

/** The parts of zonesync.yaml that are the same for every provider type; each type's own schema checks the rest when it is built. */

const providerBlock = z.looseObject({ type: z.string().min(1, 'is required (file, powerdns, bind, route53, cloudflare, ns1)') });
const registrarBlock = z.looseObject({ type: z.string().min(1, 'is required (route53domains, manual)') });

export const safetySchema = z.strictObject({
  maxUpdatePercent: z.coerce.number().min(0).max(100).default(30),
  maxDeletePercent: z.coerce.number().min(0).max(100).default(30),
  minExistingRecords: z.coerce.number().int().min(0).default(10),
});

const typeList = z
  .union([z.string().min(1), z.array(z.string().min(1)).min(1)])
  .transform((t) => (Array.isArray(t) ? t : [t]).map((x) => x.toUpperCase()))
  .refine((types) => types.every(isRecordType), { message: `names a type zonesync does not know (known: ${RECORD_TYPES.join(', ')})` });

/** An owner id as zonesync writes it into a TXT record: letters, digits, `.`, `_`, `-`. */
const ownerId = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/, 'is 1 to 63 letters, digits, ".", "_" or "-" (starting with a letter or digit)');

/**
 * One `ignore:` entry: a rule (`name`, `type`, `value`, at least one) or the external-dns preset
 * (`owner: external-dns`, `id`, optional `prefix` or `suffix`). One strict shape with the
 * combinations checked after, so a mistake is named by its key rather than as "invalid input".
 */
export const ignoreEntrySchema = z
  .strictObject({
    name: z.string().min(1).optional(),
    type: typeList.optional(),
    value: z.string().min(1).optional(),
    owner: z.literal('external-dns').optional(),
    id: z.string().min(1).optional(),
    prefix: z.string().min(1).optional(),
    suffix: z.string().min(1).optional(),
    wildcardReplacement: z.string().min(1).optional(),
  })
  .superRefine((rule, ctx) => {
    const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
    if (rule.owner !== undefined) {
      if (rule.id === undefined) issue('id', 'is required with owner: external-dns (its --txt-owner-id)');
      for (const key of ['name', 'type', 'value'] as const) if (rule[key] !== undefined) issue(key, `does not go with owner: external-dns (the registry says which records are its)`);
      if (rule.prefix !== undefined && rule.suffix !== undefined) issue('suffix', 'external-dns takes --txt-prefix or --txt-suffix, not both');
      return;
    }
    const stray = (['id', 'prefix', 'suffix', 'wildcardReplacement'] as const).filter((key) => rule[key] !== undefined);
    for (const key of stray) issue(key, 'goes only with owner: external-dns');
    if (stray.length === 0 && rule.name === undefined && rule.type === undefined && rule.value === undefined) ctx.addIssue({ code: 'custom', path: [], message: 'an ignore rule gives name, type or value (or owner: external-dns)' });
    if (rule.name !== undefined && rule.name.split('.').some((label) => label.includes('**') && label !== '**')) issue('name', '"**" stands for whole labels only (as in "_acme-challenge.**")');
  });

/** Who else writes to the zone (README "Sharing a zone"). */
const sharingFields = {
  /** Live rrsets these match are left alone: never changed, deleted or rolled back. */
  ignore: z.array(ignoreEntrySchema).optional(),
  /** False: live rrsets the zone file does not declare are left alone. */
  purge: z.boolean().optional(),
  /** zonesync claims what it writes with a registry TXT, and leaves rrsets claimed by another id alone. */
  ownership: z.strictObject({ id: ownerId }).optional(),
};

export const zoneConfigSchema = z.strictObject({
  ...sharingFields,
  /** Per target: `purge` and `ownership` replace the zone's, `ignore` rules are added to the zone's. */
  overrides: z.record(z.string(), z.strictObject(sharingFields)).optional(),
  file: z.string().min(1),
  targets: z.array(z.string().min(1)).min(1, 'lists at least one provider'),
  delegate: z.array(z.string().min(1)).optional(),
  registrar: z.string().min(1).optional(),
  /** TTL of the apex NS where zonesync cannot read it (lint: records above it outlive a switch). */
  nsTtl: z.coerce.number().int().min(0).optional(),
  /** TTL the parent zone gives the delegation (e.g. 172800 for .com), when it cannot be asked. */
  parentNsTtl: z.coerce.number().int().min(0).optional(),
  /**
   * Steered rrsets (octoDNS `dynamic:`) on targets that cannot steer: `fallback` serves them there
   * as their plain fallback values (the plan says so per rrset); without it the plan refuses.
   * `{ fallback: [ids] }` opts in those targets only.
   */
  dynamic: z.union([z.literal('fallback'), z.strictObject({ fallback: z.array(z.string().min(1)).min(1, 'lists at least one target') })]).optional(),
  /** Lint warnings off for this zone; the ids are checked against the rules when the config is loaded. */
  lint: z.strictObject({ disable: z.array(z.string().min(1)).default([]) }).optional(),
});

export const defaultsSchema = z.strictObject({
  chunkSize: z.coerce.number().int().min(1).default(100),
  pause: z.coerce.number().min(0).default(0),
  verify: z.enum(['dns', 'api', 'none']).default('dns'),
  /** Queries a second to one nameserver while apply verifies chunks over DNS (default 10,000). */
  verifyRate: z.coerce.number().int().min(1).max(100_000).optional(),
  safety: safetySchema.default({ maxUpdatePercent: 30, maxDeletePercent: 30, minExistingRecords: 10 }),
});

const BYTE_UNITS: Record<string, number> = { '': 1, b: 1, kib: 1024, mib: 1024 ** 2, gib: 1024 ** 3 };

/** `16 MiB` → 16777216; anything else is left for the number check to refuse. */
function byteCount(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const match = /^\s*(\d+)\s*(b|kib|mib|gib)?\s*$/i.exec(value);
  return match ? Number(match[1]) * (BYTE_UNITS[(match[2] ?? '').toLowerCase()] as number) : value;
}

/** A size in bytes: a number, or `16 MiB` (B, KiB, MiB, GiB). */
export const byteSize = z.preprocess(byteCount, z.number({ error: 'is a number of bytes or a size such as "16 MiB" (B, KiB, MiB, GiB)' }).int().min(1));

/** Bounds on reading the zone files a pull request controls (src/core/limits.ts; README "Untrusted zone files"). */
export const limitsSchema = z.strictObject({
  includeDepth: z.coerce.number().int().min(0).default(DEFAULT_LIMITS.includeDepth),
  includes: z.coerce.number().int().min(0).default(DEFAULT_LIMITS.includes),
  fileBytes: byteSize.default(DEFAULT_LIMITS.fileBytes),
  totalBytes: byteSize.default(DEFAULT_LIMITS.totalBytes),
  yamlAliases: z.coerce.number().int().min(0).default(DEFAULT_LIMITS.yamlAliases),
  generated: z.coerce.number().int().min(0).default(DEFAULT_LIMITS.generated),
  problems: z.coerce.number().int().min(1).default(DEFAULT_LIMITS.problems),
});

/**
 * `verify.ecs`: where `verify` asks steered names from, by EDNS Client Subnet. Keys are octoDNS geo
 * codes (`EU`, `EU-DE`, `NA-US-CA`), each a client subnet placed there; `default` is a subnet no
 * rule covers, for the catch-all. A geo rule with no sample is reported "cannot check steering".
 */
export const ecsSamplesSchema = z.record(z.string(), z.string()).superRefine((samples, ctx) => {
  for (const [key, subnet] of Object.entries(samples)) {
    const problem = key === 'default' ? undefined : geoCodeProblem(key);
    if (problem) ctx.addIssue({ code: 'custom', path: [key], message: `${problem}: keys are octoDNS geo codes (EU, EU-DE, NA-US-CA) or "default"` });
    else if (!parseNetwork(String(subnet).trim())) ctx.addIssue({ code: 'custom', path: [key], message: `"${String(subnet)}" is not a client subnet (address/prefix with the host bits zero, e.g. 192.0.2.0/24)` });
  }
});

export const verifyConfigSchema = z.strictObject({
  ecs: ecsSamplesSchema.default({}),
});

export const configSchema = z.strictObject({
  /** The repository root zone files must stay inside, relative to the config's folder (default: that folder). */
  root: z.string().min(1).optional(),
  limits: limitsSchema.default({ ...DEFAULT_LIMITS }),
  providers: z.record(z.string(), providerBlock),
  registrars: z.record(z.string(), registrarBlock).default({}),
  zones: z.record(z.string(), zoneConfigSchema),
  defaults: defaultsSchema.default({ chunkSize: 100, pause: 0, verify: 'dns', safety: { maxUpdatePercent: 30, maxDeletePercent: 30, minExistingRecords: 10 } }),
  /** How `zonesync verify` checks what a DNS answer alone cannot: traffic steering by client subnet. */
  verify: verifyConfigSchema.default({ ecs: {} }),
});

export type ConfigFile = z.infer<typeof configSchema>;
export type ZoneConfigFile = z.infer<typeof zoneConfigSchema>;
export type Defaults = z.infer<typeof defaultsSchema>;
