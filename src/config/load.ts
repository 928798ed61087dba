import { realpathSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { ZonesyncError } from '../core/errors.js';
import { DEFAULT_LIMITS, type InputLimits } from '../core/limits.js';
import type { SourceLocation } from '../core/model.js';
import { zoneName } from '../core/name.js';
import type { SharePolicy } from '../core/ownership/index.js';
import { readYamlTree } from '../core/zonefile/yaml-tree.js';
import { readConfined } from '../io/confined-read.js';
import { configFromTree } from './from-tree.js';
import type { Defaults } from './schema.js';
import { SecretRedactor } from './secrets.js';

/** The Config zonesync.yaml is loaded into, and the reading of the file; configFromTree (from-tree.ts) checks and builds it. */

/** A provider or registrar block as written: interpolated and checked only when it is built. */
export interface RawBlock {
  type: string;
  raw: Record<string, unknown>;
}

export interface ZoneConfig {
  /** Canonical zone name (trailing dot). */
  name: string;
  /** Absolute path of the zone file. */
  file: string;
  /** The path as the user wrote it, relative to the config, for messages. */
  displayFile: string;
  targets: string[];
  delegate: string[];
  registrar?: string;
  nsTtl?: number;
  parentNsTtl?: number;
  /** The repository root (absolute): the zone file and its $INCLUDEs must resolve inside it. */
  root: string;
  limits: InputLimits;
  /** Where the config names the file (the `file:` value), for a refusal to point at. */
  fileAt: SourceLocation;
  /** Lint warnings turned off for this zone (`lint: { disable: [...] }`). */
  lintDisabled?: string[];
  /** Ignore rules, purge and ownership per target (`ignore`, `purge`, `ownership`, `overrides`); absent when the zone shares nothing. */
  sharing?: Record<string, SharePolicy>;
  /** Targets where a steered rrset the target cannot steer is served as its fallback values (`dynamic: fallback`); absent: refused. */
  dynamicFallback?: string[];
}

/** The sharing rules of `zone` on `target` (nothing shared when the config says nothing). */
export function policyFor(zone: Pick<ZoneConfig, 'sharing'>, target: string): SharePolicy {
  return zone.sharing?.[target] ?? { ignore: [], purge: true };
}

export interface Config {
  path: string;
  dir: string;
  providers: Record<string, RawBlock>;
  registrars: Record<string, RawBlock>;
  zones: ZoneConfig[];
  defaults: Defaults;
  /** `verify:` — client subnets to check traffic steering from (`verify.ecs`). */
  verify?: { ecs: Record<string, string> };
  /** Where runs, journals and locks live. */
  stateDir: string;
  /**
   * The run's secret redactor, passed in by whoever loaded the config (the CLI owns one per run)
   * and holding every secret the config names: what prints or writes (output, journals, plans,
   * reports) redacts through it, and building a provider or registrar adds to it.
   */
  redactor: SecretRedactor;
}

/** Read and check zonesync.yaml. `secrets` learns each secret before the first message that could echo one (the caller's redactor, so an error it prints is redacted too); the Config keeps it. */
export async function loadConfig(file: string, env: Record<string, string | undefined> = process.env, secrets: SecretRedactor = new SecretRedactor()): Promise<Config> {
  // A pull request may turn zonesync.yaml into a symlink to /dev/zero or /proc/self/environ: read it as a zone file is read.
  const folder = dirname(resolve(file));
  let real = folder;
  try {
    real = realpathSync(folder);
  } catch {
    // A missing folder is reported as a missing config just below.
  }
  const read = readConfined(resolve(file), { lexical: folder, real }, DEFAULT_LIMITS.fileBytes, 'the config size limit');
  if (!read.ok) {
    if (read.rule === 'input-missing' && read.reason === 'does not exist') throw new ZonesyncError(`No config at ${file} (create zonesync.yaml or pass --config)`);
    throw new ZonesyncError(`Cannot read config ${file}: it ${read.reason}`, read.at ? { details: [`${file}:${read.at.line}:${read.at.column}: the first byte that is not UTF-8`] } : {});
  }
  const text = read.text;
  // The fast YAML reader takes the usual zonesync.yaml; the yaml package is loaded only for one it declines.
  return configFromTree(await readYamlTree(text, file), file, env, secrets);
}

/** Select zones by name from arguments (all when none); unknown names are an error that lists the known ones. */
export function selectZones(config: Config, names: string[]): ZoneConfig[] {
  if (names.length === 0) return config.zones;
  return names.map((input) => {
    const canonical = zoneName(input);
    const found = canonical.ok ? config.zones.find((z) => z.name === canonical.name) : undefined;
    if (!found) throw new ZonesyncError(`Unknown zone "${input}" (configured: ${config.zones.map((z) => z.name.slice(0, -1)).join(', ') || 'none'})`);
    return found;
  });
}
