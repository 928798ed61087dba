import { readWithYamlPackage } from './yaml-package.js';
import { readYamlZone } from './yaml-reader.js';
import type { ZoneFileResult } from './zone-file.js';

/**
 * The octoDNS YAML zone format, read synchronously (the reader is yaml-reader.ts): the fast
 * reader first, the `yaml` package, imported here, for files that use more of YAML (anchors,
 * block scalars, multi-line flow, …). The CLI's zone reading (engine/desired.ts) calls
 * readYamlZone without the package, so it loads only when a file needs it.
 */
export type { ZoneFileResult } from './zone-file.js';

export function parseYamlZone(text: string, file: string, origin: string): ZoneFileResult {
  return readYamlZone(text, file, origin, {}, readWithYamlPackage);
}
