import { readFileSync } from 'node:fs';
import { dirname, extname, isAbsolute, relative, resolve } from 'node:path';
import type { ZoneConfig } from '../config/load.js';
import type { Zone } from '../core/model.js';
import type { Problem } from '../core/problem.js';
import { parseMasterFile } from '../core/zonefile/rfc1035.js';
import { parseYamlZoneFast } from '../core/zonefile/yaml-reader.js';

export interface DesiredZone {
  config: ZoneConfig;
  zone: Zone;
  problems: Problem[];
  /** TTL of an apex NS the zone file declared (ignored as data; used by the TTL lint). */
  declaredNsTtl?: number;
}

/** Read and parse a zone's file: `.yaml`/`.yml` in octoDNS format, anything else as an RFC 1035 master file. */
export async function loadDesiredZone(config: ZoneConfig): Promise<DesiredZone> {
  const shown = config.displayFile;
  let text: string;
  try {
    // Zone files are small and many: a synchronous read skips four thread-pool round trips each.
    text = readFileSync(config.file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return {
      config,
      zone: { name: config.name, rrsets: [] },
      problems: [{ severity: 'error', rule: 'zone-file', message: code === 'ENOENT' ? `zone file ${shown} does not exist` : `cannot read zone file ${shown}: ${code}` }],
    };
  }
  const ext = extname(config.file).toLowerCase();
  if (ext === '.yaml' || ext === '.yml') {
    // The yaml package is loaded only for a file the fast reader declines.
    const parsed = parseYamlZoneFast(text, shown, config.name) ?? (await import('../core/zonefile/yaml.js')).parseYamlZoneWithPackage(text, shown, config.name);
    const result: DesiredZone = { config, zone: parsed.zone, problems: parsed.problems };
    if (parsed.apexNameservers) result.declaredNsTtl = parsed.apexNameservers.ttl;
    return result;
  }
  const include = (path: string, fromFile: string) => {
    const base = dirname(isAbsolute(fromFile) ? fromFile : resolve(fromFile));
    const full = isAbsolute(path) ? path : resolve(base, path);
    try {
      return { text: readFileSync(full, 'utf8'), file: relative(process.cwd(), full) || full };
    } catch {
      return undefined;
    }
  };
  const parsed = parseMasterFile(text, shown, config.name, include);
  const result: DesiredZone = { config, zone: parsed.zone, problems: parsed.problems };
  if (parsed.apexNameservers) result.declaredNsTtl = parsed.apexNameservers.ttl;
  return result;
}
