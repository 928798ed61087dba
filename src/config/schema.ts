import * as z from 'zod';
import { DEFAULT_LIMITS } from '../core/limits.js';

/** Numbers are coerced so `chunkSize: ${CHUNK}` works like `chunkSize: 50`. */

/** The parts of zonesync.yaml that are the same for every provider type; each type's own schema checks the rest when it is built. */

const providerBlock = z.looseObject({ type: z.string().min(1, 'is required (file, powerdns, bind, route53, cloudflare, ns1)') });
const registrarBlock = z.looseObject({ type: z.string().min(1, 'is required (route53domains, manual)') });

export const safetySchema = z.strictObject({
  maxUpdatePercent: z.coerce.number().min(0).max(100).default(30),
  maxDeletePercent: z.coerce.number().min(0).max(100).default(30),
  minExistingRecords: z.coerce.number().int().min(0).default(10),
});

export const zoneConfigSchema = z.strictObject({
  file: z.string().min(1),
  targets: z.array(z.string().min(1)).min(1, 'lists at least one provider'),
  delegate: z.array(z.string().min(1)).optional(),
  registrar: z.string().min(1).optional(),
  /** TTL of the apex NS where zonesync cannot read it (lint: records above it outlive a switch). */
  nsTtl: z.coerce.number().int().min(0).optional(),
  /** TTL the parent zone gives the delegation (e.g. 172800 for .com), when it cannot be asked. */
  parentNsTtl: z.coerce.number().int().min(0).optional(),
  /** Lint warnings off for this zone; the ids are checked against the rules when the config is loaded. */
  lint: z.strictObject({ disable: z.array(z.string().min(1)).default([]) }).optional(),
});

export const defaultsSchema = z.strictObject({
  chunkSize: z.coerce.number().int().min(1).default(100),
  pause: z.coerce.number().min(0).default(0),
  verify: z.enum(['dns', 'api', 'none']).default('dns'),
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

export const configSchema = z.strictObject({
  /** The repository root zone files must stay inside, relative to the config's folder (default: that folder). */
  root: z.string().min(1).optional(),
  limits: limitsSchema.default({ ...DEFAULT_LIMITS }),
  providers: z.record(z.string(), providerBlock),
  registrars: z.record(z.string(), registrarBlock).default({}),
  zones: z.record(z.string(), zoneConfigSchema),
  defaults: defaultsSchema.default({ chunkSize: 100, pause: 0, verify: 'dns', safety: { maxUpdatePercent: 30, maxDeletePercent: 30, minExistingRecords: 10 } }),
});

export type ConfigFile = z.infer<typeof configSchema>;
export type ZoneConfigFile = z.infer<typeof zoneConfigSchema>;
export type Defaults = z.infer<typeof defaultsSchema>;
