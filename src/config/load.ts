import { existsSync, realpathSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { ZonesyncError } from '../core/errors.js';
import { DEFAULT_LIMITS, type InputLimits } from '../core/limits.js';
import { excerpt, safeMessage } from '../core/excerpt.js';
import type { SourceLocation } from '../core/model.js';
import { zoneName } from '../core/name.js';
import { isBelow } from '../core/delegation.js';
import { isInside, readConfined } from '../io/confined-read.js';
import { readYamlTree, toPlain, type Position, type YamlTree, type YNode } from '../core/zonefile/yaml-tree.js';
import type * as z from 'zod';
import { DISABLEABLE_LINT_RULES, LINT_RULE_SEVERITY, type LintRuleId } from '../core/lint.js';
import { isProviderType, PROVIDER_CONFIG_SCHEMAS } from '../providers/schemas.js';
import { interpolate } from './interpolate.js';
import { explainIssue, valueAt } from './issues.js';
import { isRegistrarType, REGISTRAR_CONFIG_SCHEMAS } from '../registrars/config.js';
import { configSchema, zoneConfigSchema, type Defaults, type ZoneConfigFile } from './schema.js';
import type { IgnoreEntry, SharePolicy } from '../core/ownership/index.js';
import { configSecrets, environmentSecrets, SecretRedactor } from './secrets.js';

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

type SharingFields = Pick<ZoneConfigFile, 'ignore' | 'purge' | 'ownership'>;

function ignoreEntries(fields: SharingFields): IgnoreEntry[] {
  return (fields.ignore ?? []).map((rule): IgnoreEntry => {
    if (rule.owner === 'external-dns') {
      const preset: IgnoreEntry = { owner: 'external-dns', id: rule.id as string };
      if (rule.prefix !== undefined) preset.prefix = rule.prefix;
      if (rule.suffix !== undefined) preset.suffix = rule.suffix;
      if (rule.wildcardReplacement !== undefined) preset.wildcardReplacement = rule.wildcardReplacement;
      return preset;
    }
    const plain: IgnoreEntry = {};
    if (rule.name !== undefined) plain.name = rule.name;
    if (rule.type !== undefined) plain.type = rule.type;
    if (rule.value !== undefined) plain.value = rule.value;
    return plain;
  });
}

/** Each target's policy: the zone's, with an override's `purge` and `ownership` in its place and its `ignore` rules added. */
function sharingOf(zone: ZoneConfigFile): Record<string, SharePolicy> | undefined {
  const overrides = zone.overrides ?? {};
  if (zone.ignore === undefined && zone.purge === undefined && zone.ownership === undefined && Object.keys(overrides).length === 0) return undefined;
  const out: Record<string, SharePolicy> = {};
  for (const target of zone.targets) {
    const over = overrides[target] ?? {};
    const policy: SharePolicy = { ignore: [...ignoreEntries(zone), ...ignoreEntries(over)], purge: over.purge ?? zone.purge ?? true };
    const ownership = over.ownership ?? zone.ownership;
    if (ownership) policy.ownership = { id: ownership.id };
    out[target] = policy;
  }
  return out;
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
  /**
   * The run's secret redactor, passed in by whoever loaded the config (the CLI owns one per run)
   * and holding every secret the config names: what prints or writes (output, journals, plans,
   * reports) redacts through it, and building a provider or registrar adds to it.
   */
  redactor: SecretRedactor;
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

/** The node at `path` and where it is (or its nearest parent's position, when the path leads nowhere). */
function locate(root: YNode | undefined, path: ReadonlyArray<PropertyKey>): { pos: Position; node: YNode | undefined } {
  let node = root;
  let best: Position = root?.pos ?? { line: 1, column: 1 };
  for (const key of path) {
    if (node?.kind === 'map') {
      const entry = node.entries.find((e) => e.key === String(key));
      if (!entry) return { pos: best, node: undefined };
      best = entry.value.pos;
      node = entry.value;
    } else if (node?.kind === 'seq' && typeof key === 'number') {
      const item = node.items[key];
      if (!item) return { pos: best, node: undefined };
      best = item.pos;
      node = item;
    } else return { pos: best, node: undefined };
  }
  return { pos: best, node };
}

/** Where key `key` of the mapping at `path` is written (a misspelt key is reported at its own line). */
function locateKey(root: YNode | undefined, path: ReadonlyArray<PropertyKey>, key: string): Position {
  const { pos, node } = locate(root, path);
  return node?.kind === 'map' ? (node.entries.find((e) => e.key === key)?.keyPos ?? pos) : pos;
}

function fail(file: string, reasons: string[]): never {
  // zonesync.yaml may come from a pull request: keys and values it quotes are escaped and short.
  throw new ZonesyncError(`Invalid config ${file}`, { details: reasons.map(safeMessage) });
}

function dotted(path: ReadonlyArray<PropertyKey>): string {
  return path.map(String).join('.') || '(top level)';
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

/** Reasons found so far, each with where it is, reported together and in file order. */
class Reasons {
  private readonly found: Array<{ pos: Position; text: string }> = [];

  constructor(
    private readonly file: string,
    private readonly root: YNode | undefined,
  ) {}

  at(pos: Position, text: string): void {
    this.found.push({ pos, text: `${this.file}:${pos.line}:${pos.column}: ${text}` });
  }

  path(path: ReadonlyArray<PropertyKey>, text: string): void {
    this.at(locate(this.root, path).pos, `${dotted(path)}: ${text}`);
  }

  /** Zod issues of the data under `prefix`; `skip` drops issues checked later (fields still holding `${VAR}`). */
  issues(issues: readonly z.core.$ZodIssue[], data: unknown, prefix: ReadonlyArray<PropertyKey> = [], skip: (path: PropertyKey[]) => boolean = () => false): void {
    for (const issue of issues) {
      const path = [...prefix, ...issue.path];
      if (issue.code === 'unrecognized_keys') {
        for (const key of issue.keys) this.at(locateKey(this.root, path, key), `${dotted([...path, key])}: unknown key "${key}"`);
        continue;
      }
      if (skip(issue.path)) continue;
      this.path(path, explainIssue(issue, valueAt(data, issue.path)));
    }
  }

  fail(): void {
    if (this.found.length === 0) return;
    this.found.sort((a, b) => a.pos.line - b.pos.line || a.pos.column - b.pos.column);
    fail(this.file, this.found.map((r) => r.text));
  }
}

/** A provider or registrar block checked against its type's schema now, so a typo is found before any command needs it. */
function checkBlock(reasons: Reasons, section: 'providers' | 'registrars', id: string, block: unknown): void {
  const fields = asRecord(block);
  if (!fields || typeof fields.type !== 'string' || fields.type === '') return;
  const schemas: Record<string, z.ZodType> = section === 'providers' ? PROVIDER_CONFIG_SCHEMAS : REGISTRAR_CONFIG_SCHEMAS;
  const known = section === 'providers' ? isProviderType(fields.type) : isRegistrarType(fields.type);
  if (!known) {
    reasons.path([section, id, 'type'], `unknown ${section === 'providers' ? 'provider' : 'registrar'} type "${fields.type}" (known: ${Object.keys(schemas).join(', ')})`);
    return;
  }
  const parsed = (schemas[fields.type] as z.ZodType).safeParse(fields);
  // `${VAR}` is read when the block is built (a provider without credentials must not stop other commands); its value is checked then.
  const pending = (path: PropertyKey[]) => {
    const value = valueAt(fields, path);
    return typeof value === 'string' && value.includes('${');
  };
  if (!parsed.success) reasons.issues(parsed.error.issues, fields, [section, id], pending);
}

/** The parent zone of a `type: zone` registrar block, canonical; undefined for other types or a name that is not one. */
function parentZoneOf(block: unknown): string | undefined {
  const fields = asRecord(block);
  if (fields?.type !== 'zone' || typeof fields.zone !== 'string') return undefined;
  const parent = zoneName(fields.zone);
  return parent.ok ? parent.name : undefined;
}

/** A `type: zone` registrar names a zone and a configured provider. */
function checkParentZoneRegistrar(reasons: Reasons, id: string, block: unknown, providers: Record<string, unknown>): void {
  const fields = asRecord(block);
  if (fields?.type !== 'zone') return;
  if (typeof fields.zone === 'string' && !fields.zone.includes('${')) {
    const parent = zoneName(fields.zone);
    if (!parent.ok) reasons.path(['registrars', id, 'zone'], parent.error);
  }
  if (typeof fields.provider === 'string' && !Object.hasOwn(providers, fields.provider)) {
    reasons.path(['registrars', id, 'provider'], `unknown provider "${fields.provider}" (known: ${Object.keys(providers).join(', ') || 'none'})`);
  }
}

/** `lint.disable` names warning rules only: an unknown id or an error rule is a mistake in the config. */
function checkLintDisable(reasons: Reasons, zone: string, ids: readonly string[]): void {
  ids.forEach((id, i) => {
    const at = ['zones', zone, 'lint', 'disable', i];
    if (!Object.hasOwn(LINT_RULE_SEVERITY, id)) reasons.path(at, `unknown lint rule "${id}" (valid: ${DISABLEABLE_LINT_RULES.join(', ')})`);
    else if (LINT_RULE_SEVERITY[id as LintRuleId] === 'error') reasons.path(at, `"${id}" is an error, not a warning, and cannot be disabled (valid: ${DISABLEABLE_LINT_RULES.join(', ')})`);
  });
}

/** Check zonesync.yaml read into `tree`. Pure apart from reading `env` and looking for `.git` at a configured root; the file's folder anchors relative paths. */
export function configFromTree(tree: YamlTree, file: string, env: Record<string, string | undefined>, secrets: SecretRedactor = new SecretRedactor()): Config {
  // Every secret is known before the first message: the environment's credentials now, the config's below.
  secrets.addAll(environmentSecrets(env));
  const syntax = tree.problems.map((p) => `${file}:${p.location?.line ?? 1}:${p.location?.column ?? 1}: ${p.message.split('\n')[0]}`);
  const duplicates = duplicateKeys(tree.root).map(({ key, pos }) => `${file}:${pos.line}:${pos.column}: duplicate key "${key}"`);
  if (syntax.length > 0 || duplicates.length > 0) fail(file, [...syntax, ...duplicates]);
  const data = tree.root ? toPlain(tree.root) : {};
  // Zones and defaults are interpolated now; provider blocks only when built, so a provider with
  // no credentials here does not stop commands that never touch it.
  const top = asRecord(data) ?? {};
  const early = interpolate({ zones: top.zones, defaults: top.defaults }, env);
  secrets.addAll(early.fromEnv);
  // Providers not built in this run still have their secrets redacted: a zone error may echo one.
  secrets.addAll(configSecrets(top.providers, env));
  secrets.addAll(configSecrets(top.registrars, env));
  const checked = { ...top, ...(early.value as object) };
  const parsed = configSchema.safeParse(checked);
  const reasons = new Reasons(file, tree.root);
  for (const m of early.missing) reasons.at(locate(tree.root, m.keys).pos, `${m.path}: ${m.message}`);
  if (!parsed.success) reasons.issues(parsed.error.issues, checked);
  const providers = asRecord(top.providers) ?? {};
  const registrars = asRecord(top.registrars) ?? {};
  for (const [id, block] of Object.entries(providers)) checkBlock(reasons, 'providers', id, block);
  for (const [id, block] of Object.entries(registrars)) {
    checkBlock(reasons, 'registrars', id, block);
    checkParentZoneRegistrar(reasons, id, block, providers);
  }
  const dir = dirname(resolve(file));
  // A pull request may edit this file: the root may widen the repository to a folder above the config, never elsewhere.
  const rootSetting = parsed.success ? parsed.data.root : undefined;
  const limits = parsed.success ? parsed.data.limits : DEFAULT_LIMITS;
  const root = rootSetting === undefined ? dir : resolve(dir, rootSetting);
  if (root !== dir && !isInside(dir, root)) reasons.path(['root'], `"${excerpt(rootSetting ?? '')}" is not the folder of ${file} or one above it`);
  // …and only to the top of the git work tree holding it, so `root: /` cannot open the machine.
  else if (root !== dir && !existsSync(join(root, '.git'))) reasons.path(['root'], `"${excerpt(rootSetting ?? '')}" is not the top of a git work tree (no .git in ${root})`);
  const zones: ZoneConfig[] = [];
  const byName = new Map<string, string>();
  // Each zone well-formed on its own is checked against providers and registrars, even when another part of the file is wrong.
  for (const [name, raw] of Object.entries(asRecord((early.value as { zones?: unknown }).zones) ?? {})) {
    const one = zoneConfigSchema.safeParse(raw);
    if (!one.success) continue;
    const zone = one.data;
    const canonical = zoneName(name);
    if (!canonical.ok) {
      reasons.path(['zones', name], canonical.error);
      continue;
    }
    // Two spellings of one zone (case, a fullwidth twin) would each plan over the other.
    const twin = byName.get(canonical.name);
    if (twin !== undefined) {
      const other = locate(tree.root, ['zones', twin]).pos;
      reasons.path(['zones', name], `the same zone as zones.${excerpt(twin)} at ${file}:${other.line}:${other.column} (both are ${canonical.name})`);
      continue;
    }
    byName.set(canonical.name, name);
    const delegate = zone.delegate ?? zone.targets;
    for (const [field, ids] of [['targets', zone.targets], ['delegate', zone.delegate ?? []]] as const) {
      ids.forEach((id, i) => {
        if (!Object.hasOwn(providers, id)) reasons.at(locate(tree.root, ['zones', name, field, i]).pos, `zones.${name}.${field}: unknown provider "${id}" (known: ${Object.keys(providers).join(', ') || 'none'})`);
      });
    }
    delegate.forEach((id, i) => {
      if (Object.hasOwn(providers, id) && !zone.targets.includes(id)) reasons.at(locate(tree.root, ['zones', name, 'delegate', i]).pos, `zones.${name}.delegate: "${id}" is not one of the zone's targets`);
    });
    if (zone.registrar !== undefined && !Object.hasOwn(registrars, zone.registrar)) {
      reasons.path(['zones', name, 'registrar'], `unknown registrar "${zone.registrar}" (known: ${Object.keys(registrars).join(', ') || 'none'})`);
    } else if (zone.registrar !== undefined) {
      const parent = parentZoneOf(registrars[zone.registrar]);
      if (parent !== undefined && !isBelow(canonical.name, parent)) reasons.path(['zones', name, 'registrar'], `registrar "${zone.registrar}" holds delegations in ${parent}, and ${canonical.name} is not below it`);
    }
    checkLintDisable(reasons, name, zone.lint?.disable ?? []);
    if (typeof zone.dynamic === 'object') {
      zone.dynamic.fallback.forEach((id, i) => {
        if (!zone.targets.includes(id)) reasons.at(locate(tree.root, ['zones', name, 'dynamic', 'fallback', i]).pos, `zones.${name}.dynamic.fallback: "${id}" is not one of the zone's targets (${zone.targets.join(', ')})`);
      });
    }
    for (const id of Object.keys(zone.overrides ?? {})) {
      if (!zone.targets.includes(id)) reasons.at(locateKey(tree.root, ['zones', name, 'overrides'], id), `zones.${name}.overrides.${id}: "${id}" is not one of the zone's targets (${zone.targets.join(', ')})`);
    }
    const path = isAbsolute(zone.file) ? zone.file : resolve(dir, zone.file);
    // A file naming a missing variable is reported as that alone.
    if (!early.missing.some((m) => m.path === `zones.${name}.file`) && !isInside(path, root)) reasons.path(['zones', name, 'file'], `"${excerpt(zone.file)}" is outside the repository root ${root}`);
    const at = locate(tree.root, ['zones', name, 'file']).pos;
    const entry: ZoneConfig = {
      name: canonical.name,
      file: path,
      displayFile: relative(process.cwd(), path) || path,
      targets: zone.targets,
      delegate,
      root,
      limits,
      fileAt: { file, line: at.line, column: at.column },
      lintDisabled: zone.lint?.disable ?? [],
    };
    if (zone.registrar !== undefined) entry.registrar = zone.registrar;
    if (zone.nsTtl !== undefined) entry.nsTtl = zone.nsTtl;
    if (zone.parentNsTtl !== undefined) entry.parentNsTtl = zone.parentNsTtl;
    const sharing = sharingOf(zone);
    if (sharing) entry.sharing = sharing;
    if (zone.dynamic !== undefined) entry.dynamicFallback = zone.dynamic === 'fallback' ? [...zone.targets] : zone.dynamic.fallback;
    zones.push(entry);
  }
  reasons.fail();
  if (!parsed.success) fail(file, ['invalid config']); // unreachable: a failed parse always left a reason
  const cfg = parsed.data;
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
    redactor: secrets,
  };
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
