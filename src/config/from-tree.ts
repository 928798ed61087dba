import { existsSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { DEFAULT_LIMITS } from '../core/limits.js';
import { excerpt } from '../core/excerpt.js';
import { zoneName } from '../core/name.js';
import { isBelow } from '../core/delegation.js';
import { isInside } from '../io/confined-read.js';
import { toPlain, type YamlTree } from '../core/zonefile/yaml-tree.js';
import type * as z from 'zod';
import { DISABLEABLE_LINT_RULES, LINT_RULE_SEVERITY, type LintRuleId } from '../core/lint.js';
import { isProviderType, PROVIDER_CONFIG_SCHEMAS } from '../providers/schemas.js';
import { interpolate } from './interpolate.js';
import { valueAt } from './issues.js';
import type { Config, ZoneConfig } from './load.js';
import { duplicateKeys, failConfig, locate, locateKey, Reasons } from './reasons.js';
import { isRegistrarType, REGISTRAR_CONFIG_SCHEMAS } from '../registrars/config.js';
import { configSchema, zoneConfigSchema } from './schema.js';
import { sharingOf } from './sharing.js';
import { configSecrets, environmentSecrets, SecretRedactor } from './secrets.js';

/** zonesync.yaml's parsed tree checked, every reason reported together, and built into a Config. */

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
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
  if (syntax.length > 0 || duplicates.length > 0) failConfig(file, [...syntax, ...duplicates]);
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
  if (!parsed.success) failConfig(file, ['invalid config']); // unreachable: a failed parse always left a reason
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
    verify: { ecs: Object.fromEntries(Object.entries(cfg.verify.ecs).map(([key, subnet]) => [key, subnet.trim()])) },
    stateDir: resolve(dir, '.zonesync'),
    redactor: secrets,
  };
}
