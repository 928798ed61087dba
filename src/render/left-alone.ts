import type { ZonePlan } from '../core/plan.js';
import { describeRule, leftAloneCounts, type LeftAlone, type LeftAloneReason } from '../core/ownership/index.js';

/** Why, in words, for one count of the "left alone" section. */
function reasonText(z: ZonePlan, row: { reason: LeftAloneReason; rule?: number; owner?: string }): string {
  const rule = row.rule === undefined ? undefined : z.sharing?.policy.ignore[row.rule];
  switch (row.reason) {
    case 'rule':
      return `ignore rule ${(row.rule ?? 0) + 1}${rule ? ` ${describeRule(rule)}` : ''}`;
    case 'external-dns':
      return `external-dns owner ${row.owner ?? '?'} (its records and registry TXT)`;
    case 'foreign-owner':
      return `claimed by zonesync ownership id ${row.owner ?? '?'}`;
    case 'purge-off':
      return 'not declared (purge: false)';
    case 'octodns-ignored':
      return 'octodns: ignored';
    case 'octodns-excluded':
      return 'octodns: excluded here';
    case 'octodns-not-included':
      return 'octodns: not included here';
    case 'provider-routing':
      return `kept by the provider (${providerKeeps(z.providerType)})`;
    default:
      return row.reason;
  }
}

/** What a provider keeps that zonesync does not manage, by provider type. */
function providerKeeps(providerType: string): string {
  switch (providerType) {
    case 'route53':
      return 'Route 53 routing policies and aliases zonesync does not model; not written or deleted';
    case 'ns1':
      return 'NS1 filter chains and meta; zonesync manages those records\' answers, NS1 keeps the rest';
    case 'powerdns':
      return 'PowerDNS LUA records zonesync did not write; not written or deleted';
    default:
      return `${providerType} settings zonesync does not manage`;
  }
}

/**
 * The plan's short "left alone" section for one zone/target pair: a count per rule or reason,
 * then up to `names` of the rrsets (`--full`: all). Empty when nothing is left alone.
 */
export function leftAloneLines(z: ZonePlan, names: number): string[] {
  const all: readonly LeftAlone[] = z.leftAlone ?? [];
  if (all.length === 0) return [];
  const out = [`left alone: ${all.length} rrset${all.length === 1 ? '' : 's'} (not changed, deleted or counted by the safety rules)`];
  for (const row of leftAloneCounts(all)) out.push(`  ${row.count} × ${reasonText(z, row)}`);
  const shown = all.slice(0, names);
  for (const entry of shown) out.push(`    ${entry.name} ${entry.type}${entry.detail ? `: ${entry.detail}` : ''}`);
  if (names > 0 && shown.length < all.length) out.push(`    … ${all.length - shown.length} more`);
  return out;
}
