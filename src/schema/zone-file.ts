import * as z from 'zod';
import { DYNAMIC_TYPES } from '../core/dynamic/model.js';
import { RECORD_TYPES, type RecordType } from '../core/model.js';
import { URLFWD_SETTINGS } from '../core/urlfwd.js';
import { STRUCTURED_FIELDS } from '../core/zonefile/yaml-values.js';
import { MAX_TTL } from '../core/zonefile/zone-file.js';

/**
 * The octoDNS YAML zone file as a zod schema, for editors (schema/zone.schema.json) only: the
 * reader (src/core/zonefile/yaml-reader.ts) stays the judge. Structured fields come from the
 * reader's own table, so the two cannot drift on which fields a type takes. What only the reader
 * checks is listed in README "Schemas" (names, rdata such as an IPv4 address, mixed-case types).
 */

/** A number field: YAML gives an integer, or a quoted one. */
const uint = z.union([z.int().min(0), z.string().regex(/^\d+$/)]);
/** A scalar the reader takes as text (`value: 123` is the string 123 to it). */
const scalar = z.union([z.string().min(1), z.number()]);
const fqdn = z.string().regex(/^[^\s"\\;()]*\.$/, 'a fully qualified name ending in "."');
const word = z.string().regex(/^[^\s"\\;()]+$/);
const svcParams = z.record(z.string(), z.union([z.string(), z.number(), z.null(), z.array(z.union([z.string(), z.number()]))]));

/** Metres or seconds: YAML gives a number, or a quoted one. */
const decimal = z.union([z.number(), z.string().regex(/^-?\d+(\.\d+)?$/)]);

/** A URLFWD path or target: text without blanks. */
const url = z.string().regex(/^\S+$/, 'text without spaces');

const FIELD_SCHEMAS = { uint, name: fqdn, hex: word, word, text: scalar, params: svcParams, decimal, url } as const;

/** A URLFWD code, masking or query setting: one of octoDNS's values, as a number or a quoted one. */
function settingSchema(index: 0 | 1 | 2): z.ZodType {
  const allowed = URLFWD_SETTINGS[index].allowed;
  return z.union([z.literal(allowed), z.enum(allowed.map(String) as [string, ...string[]])]);
}

/** Every way to spell a structured value: one object per choice of key for fields that have two (MX `preference` or `priority`). */
function structured(type: RecordType): z.ZodType[] {
  const fields = STRUCTURED_FIELDS[type];
  if (!fields) return [];
  let shapes: Array<Record<string, z.ZodType>> = [{}];
  for (const field of fields) {
    const schema = field.kind === 'setting' ? settingSchema(field.setting ?? 0) : FIELD_SCHEMAS[field.kind];
    const optional = field.optional === true || field.default !== undefined;
    shapes = shapes.flatMap((shape) =>
      optional ? [{ ...shape, ...Object.fromEntries(field.keys.map((key) => [key, schema.optional()])) }] : field.keys.map((key) => ({ ...shape, [key]: schema })),
    );
  }
  // Unknown fields are a warning to the reader, not an error.
  return shapes.map((shape) => z.looseObject(shape));
}

const NAME_TYPES: ReadonlySet<RecordType> = new Set(['ALIAS', 'CNAME', 'NS', 'PTR']);

function valueSchema(type: RecordType): z.ZodType {
  const text = NAME_TYPES.has(type) ? fqdn : scalar;
  const shapes = structured(type);
  return shapes.length === 0 ? text : z.union([text, ...shapes]);
}

const ttl = z.union([z.int().min(0).max(MAX_TTL), z.string().regex(/^\d+$/)]);
/** Provider settings (`octodns: { cloudflare: { proxied: true } }`) and octoDNS's record flags (`ignored`, `excluded`, `included`, `lenient`). */
const octodns = z.looseObject({
  ignored: z.boolean().optional(),
  lenient: z.boolean().optional(),
  excluded: z.array(z.string()).optional(),
  included: z.array(z.string()).optional(),
});

/** octoDNS `dynamic:` (A, AAAA, CNAME): its shape only; the reader checks octoDNS's rules (pools used, fallback loops, geo codes…). */
function dynamicSchema(type: RecordType): z.ZodType {
  const value = z.looseObject({ value: valueSchema(type), weight: z.int().min(1).max(100).optional(), status: z.enum(['up', 'down', 'obey']).optional() });
  const pool = z.looseObject({ values: z.array(value).min(1), fallback: z.string().nullable().optional() });
  const rule = z.looseObject({ pool: z.string(), geos: z.array(z.string().regex(/^[A-Z]{2}(-[A-Z]{2}(-[A-Z]{2})?)?$/)).optional(), subnets: z.array(z.string()).optional() });
  return z.looseObject({ pools: z.record(z.string(), pool), rules: z.array(rule).min(1) });
}

/** One record of `type` (either spelling the reader takes: `MX` or `mx`): `value`, or `values`, never both. */
function recordSchemas(type: RecordType | 'SOA'): z.ZodType[] {
  const typeField = z.literal([type, type.toLowerCase()]);
  // SOA belongs to the provider: the reader ignores it with a warning, whatever it holds.
  if (type === 'SOA') return [z.looseObject({ type: typeField })];
  const one = valueSchema(type);
  // The reader takes a list or a single value under either key.
  const value = z.union([one, z.array(one).min(1)]);
  // octoDNS's deprecated `geo:` is refused by the reader (it has no exact `dynamic` form).
  const common = { type: typeField, ttl: ttl.optional(), octodns: octodns.optional(), geo: z.never().optional(), ...(DYNAMIC_TYPES.has(type) ? { dynamic: dynamicSchema(type).optional() } : {}) };
  return [z.looseObject({ ...common, value, values: z.never().optional() }), z.looseObject({ ...common, values: value, value: z.never().optional() })];
}

export const zoneRecordSchema = z.union([...RECORD_TYPES, 'SOA' as const].flatMap(recordSchemas) as [z.ZodType, ...z.ZodType[]]);

/** A map from relative name (`''` for the apex) to one record or a list of records. */
export const zoneFileSchema = z.record(z.string(), z.union([zoneRecordSchema, z.array(zoneRecordSchema)]));
