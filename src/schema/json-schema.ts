import * as z from 'zod';
import { byteSize } from '../config/schema.js';
import { configFileSchema } from './config.js';
import { zoneFileSchema } from './zone-file.js';

/** The JSON Schemas shipped in schema/, generated from the zod schemas (`npx tsx scripts/schemas.ts` writes them; a test keeps them current). */

export const SCHEMA_FILES = { config: 'schema/zonesync.schema.json', zone: 'schema/zone.schema.json' } as const;

type JsonObject = Record<string, unknown>;

/** A string holding `${…}`: the loader checks its value once it is read (provider blocks when built). */
const INTERPOLATED: JsonObject = { type: 'string', pattern: '\\$\\{', description: 'a ${VAR} or ${file:/path} reference, checked when it is read' };
/** `16 MiB`, as the byte-size preprocess in src/config/schema.ts reads it (a size of at least 1). */
const BYTE_SIZE_TEXT: JsonObject = { type: 'string', pattern: '^\\s*0*[1-9][0-9]*\\s*([bB]|[kKmMgG][iI][bB])?\\s*$' };

/** Replace `target`'s content by `{ anyOf: [its old content, ...more] }`, in place (zod's override hook edits in place). */
function widen(target: JsonObject, ...more: JsonObject[]): void {
  const old = { ...target };
  for (const key of Object.keys(target)) delete target[key];
  target.anyOf = [old, ...more];
}

const isObject = (value: unknown): value is JsonObject => value !== null && typeof value === 'object' && !Array.isArray(value);

/** The fields of an object schema, or of each branch of a union of them. */
function fieldsOf(schema: unknown): JsonObject[] {
  if (!isObject(schema)) return [];
  const branches = [...((schema.oneOf as unknown[]) ?? []), ...((schema.anyOf as unknown[]) ?? [])];
  return [...(isObject(schema.properties) ? [schema.properties] : []), ...branches.flatMap(fieldsOf)];
}

/** Provider and registrar fields (all but `type`) may hold `${…}`: the loader checks them when the block is built. */
function interpolateBlocks(section: unknown): void {
  if (!isObject(section)) return;
  const walk = (schema: unknown, top: boolean): void => {
    for (const fields of fieldsOf(schema)) {
      for (const [key, field] of Object.entries(fields)) {
        if ((top && key === 'type') || !isObject(field)) continue;
        walk(field, false);
        widen(field, INTERPOLATED);
      }
    }
  };
  walk(section.additionalProperties, true);
}

/** Number and choice fields of zones and defaults may hold `${VAR}`: interpolated before they are checked, so the variable's value decides. */
function interpolateValues(schema: unknown): void {
  for (const fields of fieldsOf(schema)) {
    for (const field of Object.values(fields)) {
      if (!isObject(field)) continue;
      if (field.type === 'number' || field.type === 'integer' || Array.isArray(field.enum)) widen(field, INTERPOLATED);
      else interpolateValues(field);
    }
  }
}

function configJsonSchema(): JsonObject {
  const json = z.toJSONSchema(configFileSchema, {
    io: 'input',
    unrepresentable: 'any',
    override: (ctx) => {
      if (ctx.zodSchema === byteSize) widen(ctx.jsonSchema as JsonObject, BYTE_SIZE_TEXT);
    },
  }) as JsonObject;
  const top = json.properties as JsonObject;
  interpolateBlocks(top.providers);
  interpolateBlocks(top.registrars);
  interpolateValues({ properties: { defaults: top.defaults } });
  interpolateValues(isObject(top.zones) ? top.zones.additionalProperties : undefined);
  return { ...json, title: 'zonesync.yaml', description: 'zonesync configuration (README "Configuration")' };
}

function zoneJsonSchema(): JsonObject {
  const json = z.toJSONSchema(zoneFileSchema, { io: 'input', reused: 'ref' }) as JsonObject;
  return { ...json, title: 'zonesync zone file', description: 'an octoDNS YAML zone file: relative name (\'\' for the apex) to one record or a list (README "Zone files")' };
}

/** Both schemas as the files hold them: JSON, two-space indented, one newline at the end. */
export function jsonSchemaFiles(): Record<keyof typeof SCHEMA_FILES, string> {
  return { config: `${JSON.stringify(configJsonSchema(), null, 2)}\n`, zone: `${JSON.stringify(zoneJsonSchema(), null, 2)}\n` };
}
