// Writes schema/zonesync.schema.json and schema/zone.schema.json from the zod schemas (src/schema/json-schema.ts).
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { jsonSchemaFiles, SCHEMA_FILES } from '../src/schema/json-schema.js';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..');
const files = jsonSchemaFiles();
for (const key of Object.keys(SCHEMA_FILES) as Array<keyof typeof SCHEMA_FILES>) {
  const path = join(repo, SCHEMA_FILES[key]);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, files[key]);
  console.log(`wrote ${SCHEMA_FILES[key]} (${files[key].length} bytes)`);
}
