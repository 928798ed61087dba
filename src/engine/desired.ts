import { realpathSync } from 'node:fs';
import { dirname, extname, isAbsolute, relative, resolve } from 'node:path';
import type { ZoneConfig } from '../config/load.js';
import type { SourceLocation, Zone } from '../core/model.js';
import type { Problem } from '../core/problem.js';
import { parseMasterFile, type IncludeFile } from '../core/zonefile/rfc1035.js';
import { readYamlZone } from '../core/zonefile/yaml-reader.js';
import type { OmittedProblems, ZoneFileResult } from '../core/zonefile/zone-file.js';
import { readConfined, type RepositoryRoot } from '../io/confined-read.js';

export interface DesiredZone {
  config: ZoneConfig;
  zone: Zone;
  problems: Problem[];
  /** TTL of an apex NS the zone file declared (ignored as data; used by the TTL lint). */
  declaredNsTtl?: number;
  /** Problems the reader counted past limits.problems of each severity, not kept. */
  omitted?: OmittedProblems;
  /** Absolute paths of the files its $INCLUDEs read (`--changed-since` takes the zone when one changed). */
  included?: string[];
}

/** Real paths of repository roots, resolved once per run. */
const realRoots = new Map<string, RepositoryRoot | undefined>();

function repositoryRoot(root: string): RepositoryRoot | undefined {
  if (!realRoots.has(root)) {
    let real: RepositoryRoot | undefined;
    try {
      real = { lexical: root, real: realpathSync.native(root) };
    } catch {
      real = undefined;
    }
    realRoots.set(root, real);
  }
  return realRoots.get(root);
}

/**
 * Read and parse a zone's file: `.yaml`/`.yml` in octoDNS format, anything else as an RFC 1035
 * master file. The file and its $INCLUDEs are read only inside the repository root and within
 * `limits` (io/confined-read.ts); a refusal is a problem at the config key or the $INCLUDE.
 */
export async function loadDesiredZone(config: ZoneConfig): Promise<DesiredZone> {
  const shown = config.displayFile;
  const { limits } = config;
  const empty = (problem: Problem): DesiredZone => ({ config, zone: { name: config.name, rrsets: [] }, problems: [problem] });
  const root = repositoryRoot(config.root);
  if (root === undefined) return empty({ severity: 'error', rule: 'input-missing', message: `the repository root ${config.root} does not exist`, location: config.fileAt });
  // Zone files are small and many: synchronous reads skip thread-pool round trips.
  const read = readConfined(config.file, root, Math.min(limits.fileBytes, limits.totalBytes), limits.fileBytes <= limits.totalBytes ? 'limits.fileBytes' : 'limits.totalBytes');
  if (!read.ok) {
    const location: SourceLocation = read.at ? { file: shown, ...read.at } : config.fileAt;
    const message = read.rule === 'input-missing' && read.reason === 'does not exist' ? `zone file ${shown} does not exist` : `zone file ${shown} ${read.reason}`;
    return empty({ severity: 'error', rule: read.rule, message, location });
  }
  const text = read.text;
  const ext = extname(config.file).toLowerCase();
  if (ext === '.yaml' || ext === '.yml') {
    // The yaml package is loaded only for a file the fast reader declines.
    return desiredFrom(config, await readYamlZone(text, shown, config.name, { maxAliases: limits.yamlAliases, maxProblems: limits.problems }));
  }
  let used = read.bytes;
  const included: string[] = [];
  const include: IncludeFile = (path, fromKey) => {
    const full = isAbsolute(path) ? path : resolve(dirname(fromKey), path);
    const left = limits.totalBytes - used;
    const bound = Math.min(limits.fileBytes, left);
    const got = readConfined(full, root, bound, limits.fileBytes <= left ? 'limits.fileBytes' : `what limits.totalBytes leaves for this zone`);
    const file = relative(process.cwd(), full) || full;
    if (!got.ok) return got.at ? { refused: `${file} ${got.reason}`, rule: got.rule, location: { file, ...got.at } } : { refused: `it ${got.reason}`, rule: got.rule };
    used += got.bytes;
    included.push(full);
    return { text: got.text, file, key: got.real };
  };
  const desired = desiredFrom(config, parseMasterFile(text, shown, config.name, include, { key: read.real, includeDepth: limits.includeDepth, includes: limits.includes, generated: limits.generated, maxProblems: limits.problems }));
  if (included.length > 0) desired.included = included;
  return desired;
}

function desiredFrom(config: ZoneConfig, parsed: ZoneFileResult): DesiredZone {
  const result: DesiredZone = { config, zone: parsed.zone, problems: parsed.problems };
  if (parsed.apexNameservers) result.declaredNsTtl = parsed.apexNameservers.ttl;
  if (parsed.omitted) result.omitted = parsed.omitted;
  return result;
}
