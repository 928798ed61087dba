import { existsSync, realpathSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { ZonesyncError } from '../core/errors.js';
import { DEFAULT_LIMITS, type InputLimits } from '../core/limits.js';
import { excerpt, safeMessage } from '../core/excerpt.js';
import type { SourceLocation } from '../core/model.js';
import { zoneName } from '../core/name.js';
import { isInside, readConfined } from '../io/confined-read.js';
import { parseFastYaml } from '../core/zonefile/yaml-fast.js';
import { toPlain, type Position, type YamlTree, type YNode } from '../core/zonefile/yaml-tree.js';
import { interpolate } from './interpolate.js';
import { configSchema, type Defaults } from './schema.js';
import { configSecrets, environmentSecrets, redactor, type SecretRedactor } from './secrets.js';

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
}

export interface Config {
  path: string;
  dir: string;
  providers: Record<string, RawBlock>;
  registrars: Record<string, RawBlock>;
  zones: ZoneConfig[];
  defaults: Defaults;
  /** Where runs, journals and locks live. */
  stateDir: string;
}

/** Keys given twice in any mapping of the document, each with where the second one is. */
function duplicateKeys(root: YNode | undefined): Array<{ key: string; pos: Position }> {
  const found: Array<{ key: string; pos: Position }> = [];
  const walk = (node: YNode) => {
    if (node.kind === 'map') {
      const seen = new Set<string>();
      for (const entry of node.entries) {
        if (seen.has(entry.key)) found.push({ key: entry.key, pos: entry.keyPos });
        seen.add(entry.key);
        walk(entry.value);
      }
    } else if (node.kind === 'seq') for (const item of node.items) walk(item);
  };
  if (root) walk(root);
  return found;
}

/** Where the node at `path` is (or its nearest parent, when the path leads nowhere). */
function locate(root: YNode | undefined, path: ReadonlyArray<PropertyKey>): Position {
  let node = root;
  let best: Position = root?.pos ?? { line: 1, column: 1 };
  for (const key of path) {
    if (node?.kind === 'map') {
      const entry = node.entries.find((e) => e.key === String(key));
      if (!entry) break;
      best = entry.value.pos;
      node = entry.value;
    } else if (node?.kind === 'seq' && typeof key === 'number') {
      const item = node.items[key];
      if (!item) break;
      best = item.pos;
      node = item;
    } else break;
  }
  return best;
}

function fail(file: string, reasons: string[]): never {
  // zonesync.yaml may come from a pull request: keys and values it quotes are escaped and short.
  throw new ZonesyncError(`Invalid config ${file}`, { details: reasons.map(safeMessage) });
}

/** Check zonesync.yaml read into `tree`. Pure apart from reading `env` and looking for `.git` at a configured root; the file's folder anchors relative paths. */
export function configFromTree(tree: YamlTree, file: string, env: Record<string, string | undefined>, secrets: SecretRedactor = redactor): Config {
  // Every secret is known before the first message: the environment's credentials now, the config's below.
  secrets.addAll(environmentSecrets(env));
  const where = (path: ReadonlyArray<PropertyKey>) => {
    const pos = locate(tree.root, path);
    return `${file}:${pos.line}:${pos.column}`;
  };
  const syntax = tree.problems.map((p) => `${file}:${p.location?.line ?? 1}:${p.location?.column ?? 1}: ${p.message.split('\n')[0]}`);
  const duplicates = duplicateKeys(tree.root).map(({ key, pos }) => `${file}:${pos.line}:${pos.column}: duplicate key "${key}"`);
  if (syntax.length > 0 || duplicates.length > 0) fail(file, [...syntax, ...duplicates]);
  const data = tree.root ? toPlain(tree.root) : {};
  // Zones and defaults are interpolated now; provider blocks only when built, so a provider with
  // no credentials here does not stop commands that never touch it.
  const top = (data && typeof data === 'object' ? data : {}) as Record<string, unknown>;
  const early = interpolate({ zones: top.zones, defaults: top.defaults }, env);
  secrets.addAll(early.fromEnv);
  // Providers not built in this run still have their secrets redacted: a zone error may echo one.
  secrets.addAll(configSecrets(top.providers, env));
  secrets.addAll(configSecrets(top.registrars, env));
  const parsed = configSchema.safeParse({ ...top, ...(early.value as object) });
  const reasons: string[] = early.missing.map((m) => `${where(m.path.split('.'))}: ${m.path}: environment variable ${m.variable} is not set`);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const path = issue.path.map(String).join('.') || '(top level)';
      reasons.push(`${where(issue.path)}: ${path}: ${issue.message}`);
    }
  }
  if (!parsed.success || reasons.length > 0) fail(file, reasons);
  const cfg = parsed.data;
  const dir = dirname(resolve(file));
  // A pull request may edit this file: the root may widen the repository to a folder above the config, never elsewhere.
  const root = cfg.root === undefined ? dir : resolve(dir, cfg.root);
  if (root !== dir && !isInside(dir, root)) reasons.push(`${where(['root'])}: root: "${excerpt(cfg.root ?? '')}" is not the folder of ${file} or one above it`);
  // …and only to the top of the git work tree holding it, so `root: /` cannot open the machine.
  else if (root !== dir && !existsSync(join(root, '.git'))) reasons.push(`${where(['root'])}: root: "${excerpt(cfg.root ?? '')}" is not the top of a git work tree (no .git in ${root})`);
  const zones: ZoneConfig[] = [];
  const byName = new Map<string, string>();
  for (const [name, zone] of Object.entries(cfg.zones)) {
    const canonical = zoneName(name);
    if (!canonical.ok) {
      reasons.push(`${where(['zones', name])}: zones.${name}: ${canonical.error}`);
      continue;
    }
    // Two spellings of one zone (case, a fullwidth twin) would each plan over the other.
    const twin = byName.get(canonical.name);
    if (twin !== undefined) {
      reasons.push(`${where(['zones', name])}: zones.${excerpt(name)}: the same zone as zones.${excerpt(twin)} at ${where(['zones', twin])} (both are ${canonical.name})`);
      continue;
    }
    byName.set(canonical.name, name);
    const delegate = zone.delegate ?? zone.targets;
    for (const [field, ids] of [['targets', zone.targets], ['delegate', zone.delegate ?? []]] as const) {
      ids.forEach((id, i) => {
        if (!(id in cfg.providers)) reasons.push(`${where(['zones', name, field, i])}: zones.${name}.${field}: unknown provider "${id}" (known: ${Object.keys(cfg.providers).join(', ') || 'none'})`);
      });
    }
    delegate.forEach((id, i) => {
      if (id in cfg.providers && !zone.targets.includes(id)) reasons.push(`${where(['zones', name, 'delegate', i])}: zones.${name}.delegate: "${id}" is not one of the zone's targets`);
    });
    if (zone.registrar !== undefined && !(zone.registrar in cfg.registrars)) {
      reasons.push(`${where(['zones', name, 'registrar'])}: zones.${name}.registrar: unknown registrar "${zone.registrar}" (known: ${Object.keys(cfg.registrars).join(', ') || 'none'})`);
    }
    const path = isAbsolute(zone.file) ? zone.file : resolve(dir, zone.file);
    if (!isInside(path, root)) reasons.push(`${where(['zones', name, 'file'])}: zones.${name}.file: "${excerpt(zone.file)}" is outside the repository root ${root}`);
    const at = locate(tree.root, ['zones', name, 'file']);
    const entry: ZoneConfig = {
      name: canonical.name,
      file: path,
      displayFile: relative(process.cwd(), path) || path,
      targets: zone.targets,
      delegate,
      root,
      limits: cfg.limits,
      fileAt: { file, line: at.line, column: at.column },
    };
    if (zone.registrar !== undefined) entry.registrar = zone.registrar;
    if (zone.nsTtl !== undefined) entry.nsTtl = zone.nsTtl;
    if (zone.parentNsTtl !== undefined) entry.parentNsTtl = zone.parentNsTtl;
    zones.push(entry);
  }
  if (reasons.length > 0) fail(file, reasons);
  const blocks = (source: Record<string, { type: string }>) =>
    Object.fromEntries(Object.entries(source).map(([id, block]) => [id, { type: block.type, raw: block as Record<string, unknown> }]));
  return {
    path: file,
    dir,
    providers: blocks(cfg.providers),
    registrars: blocks(cfg.registrars),
    zones,
    defaults: cfg.defaults,
    stateDir: resolve(dir, '.zonesync'),
  };
}

export async function loadConfig(file: string, env: Record<string, string | undefined> = process.env, secrets: SecretRedactor = redactor): Promise<Config> {
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
  const fast = parseFastYaml(text);
  const tree = fast.ok ? { root: fast.root, problems: [] } : (await import('../core/zonefile/yaml-package.js')).readWithYamlPackage(text, file);
  return configFromTree(tree, file, env, secrets);
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
