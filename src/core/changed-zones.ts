import { canonicalJson } from './canonical-json.js';
import { zoneName } from './name.js';

/**
 * Which zones a change touches (`plan --changed-since REF`): pure, from zonesync.yaml as written
 * (plain data, `${VAR}` not filled in) before and after, and the repository paths that changed.
 *
 * A zone is taken when its zone file or a file it `$INCLUDE`s changed, when its own `zones:` block
 * changed or is new, when a provider or registrar block it uses changed, or when anything that
 * applies to every zone changed (`defaults:`, `limits:`, `root:`, or no config at REF at all).
 */

export interface ZoneFiles {
  /** Canonical zone name (trailing dot). */
  name: string;
  /** Repository paths (as the changed paths are written) of the zone file and every file it includes. */
  files: readonly string[];
  targets: readonly string[];
  registrar?: string;
}

export interface ChangedZone {
  name: string;
  /** Why it is taken, e.g. `zone file zones/a.com.yaml changed`; at least one. */
  reasons: string[];
}

export interface ChangedZonesInput {
  /** zonesync.yaml at REF as plain data, or why it cannot be compared (then every zone is taken). */
  before: { config: unknown } | { missing: string };
  after: unknown;
  /** Repository paths that differ between REF and the work tree, untracked files included. */
  changedPaths: readonly string[];
  zones: readonly ZoneFiles[];
}

function record(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

const same = (a: unknown, b: unknown): boolean => canonicalJson(a ?? null) === canonicalJson(b ?? null);

/** `zones:` keyed by canonical name, so `Example.com` and `example.com.` are one zone. */
function zoneBlocks(config: unknown): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const [key, block] of Object.entries(record(record(config).zones))) {
    const name = zoneName(key);
    out.set(name.ok ? name.name : key, block);
  }
  return out;
}

/** Top-level keys whose change applies to every zone (all but the three sections compared block by block). */
function sharedKeys(before: Record<string, unknown>, after: Record<string, unknown>): string[] {
  const perBlock = new Set(['providers', 'registrars', 'zones']);
  const keys = new Set([...Object.keys(before), ...Object.keys(after)].filter((k) => !perBlock.has(k)));
  return [...keys].sort().filter((k) => !same(before[k], after[k]));
}

function changedBlocks(before: unknown, after: unknown): Set<string> {
  const b = record(before);
  const a = record(after);
  return new Set([...Object.keys(b), ...Object.keys(a)].filter((id) => !same(b[id], a[id])));
}

/** The zones a change between REF and now touches, in the order given, each with its reasons. */
export function changedZones(input: ChangedZonesInput): ChangedZone[] {
  const changed = new Set(input.changedPaths);
  const after = record(input.after);
  const noConfigBefore = 'missing' in input.before;
  const before = 'config' in input.before ? record(input.before.config) : {};
  const everyZone = 'missing' in input.before ? [input.before.missing] : sharedKeys(before, after).map((k) => `${k}: changed`);
  const providers = noConfigBefore ? new Set<string>() : changedBlocks(before.providers, after.providers);
  const registrars = noConfigBefore ? new Set<string>() : changedBlocks(before.registrars, after.registrars);
  const blocksBefore = zoneBlocks(before);
  const blocksAfter = zoneBlocks(after);
  const out: ChangedZone[] = [];
  for (const zone of input.zones) {
    const reasons = [...everyZone];
    const [file, ...includes] = zone.files;
    if (file !== undefined && changed.has(file)) reasons.push(`zone file ${file} changed`);
    for (const inc of includes) if (changed.has(inc)) reasons.push(`included file ${inc} changed`);
    if (!noConfigBefore) {
      if (!blocksBefore.has(zone.name)) reasons.push('new in the config');
      else if (!same(blocksBefore.get(zone.name), blocksAfter.get(zone.name))) reasons.push(`its zones: block changed`);
      for (const id of zone.targets) if (providers.has(id)) reasons.push(`provider ${id} changed`);
      if (zone.registrar !== undefined && registrars.has(zone.registrar)) reasons.push(`registrar ${zone.registrar} changed`);
    }
    if (reasons.length > 0) out.push({ name: zone.name, reasons });
  }
  return out;
}
