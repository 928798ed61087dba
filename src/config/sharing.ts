import type { IgnoreEntry, SharePolicy } from '../core/ownership/index.js';
import type { ZoneConfigFile } from './schema.js';

/** A zone's `ignore`, `purge`, `ownership` and `overrides` in zonesync.yaml, turned into the sharing policy of each of its targets. */

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
export function sharingOf(zone: ZoneConfigFile): Record<string, SharePolicy> | undefined {
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
