import { zoneName } from '../name.js';
import { readWithYamlPackage } from './yaml-package.js';
import { parseYamlZoneFast, YamlZoneReader } from './yaml-reader.js';
import type { ZoneFileResult } from './zone-file.js';

/**
 * The octoDNS YAML zone format (the reader is yaml-reader.ts): the fast reader first, the `yaml`
 * package for files that use more of YAML (anchors, block scalars, multi-line flow, …).
 */
export type { ZoneFileResult } from './zone-file.js';

export function parseYamlZone(text: string, file: string, origin: string): ZoneFileResult {
  return parseYamlZoneFast(text, file, origin) ?? parseYamlZoneWithPackage(text, file, origin);
}

/** The zone read with the `yaml` package alone: for a file the fast reader declined. */
export function parseYamlZoneWithPackage(text: string, file: string, origin: string, maxAliases?: number, maxProblems?: number): ZoneFileResult {
  const zone = zoneName(origin);
  const tree = readWithYamlPackage(text, file, maxAliases);
  const reader = new YamlZoneReader(file, zone.ok ? zone.name : origin, tree.problems, maxProblems);
  if (!zone.ok) reader.problem('error', 'bad-name', `Invalid zone name "${origin}": ${zone.error}`, { line: 1, column: 1 });
  else if (tree.root) reader.read(tree.root);
  return reader.result();
}
