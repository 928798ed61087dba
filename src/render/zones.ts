import type { Plan } from '../core/plan.js';
import { zoneList } from '../core/zone-creation.js';
import { missingZonesOf, type UnconfiguredZones } from '../engine/zone-lifecycle.js';
import { plain, type Style } from './style.js';

/** Names listed per provider before the rest is counted. */
const SHOWN = 20;

function names(u: UnconfiguredZones, wrap: (name: string) => string = (n) => n): string {
  const shown = u.zones.slice(0, SHOWN).map(wrap).join(', ');
  return u.zones.length > SHOWN ? `${shown} and ${u.zones.length - SHOWN} more` : shown;
}

/** `plan`'s short section: zones at a provider that no config names as a target there. Empty when there are none. */
export function renderUnconfiguredText(list: readonly UnconfiguredZones[], style: Style = plain): string {
  const lines: string[] = [];
  for (const u of list) {
    if (u.error !== undefined) lines.push(style.warn(`  ${u.target} (${u.providerType}): could not list its zones: ${u.error}`));
    else if (u.zones.length > 0) lines.push(`  ${u.target} (${u.providerType}): ${u.zones.length}: ${names(u)}`);
  }
  if (lines.length === 0) return '';
  return `${style.heading('Zones at providers that no config names (zonesync never deletes a zone):')}\n${lines.join('\n')}\n`;
}

export function renderUnconfiguredMarkdown(list: readonly UnconfiguredZones[]): string {
  const lines: string[] = [];
  for (const u of list) {
    if (u.error !== undefined) lines.push(`- ${u.target} (${u.providerType}): could not list its zones: ${u.error}`);
    else if (u.zones.length > 0) lines.push(`- ${u.target} (${u.providerType}): ${u.zones.length}: ${names(u, (n) => `\`${n}\``)}`);
  }
  if (lines.length === 0) return '';
  return ['### Zones no config names', '', 'At these providers, not in zonesync.yaml as a target there. zonesync never deletes a zone.', '', ...lines, ''].join('\n');
}

/** The confirmation of `apply`: it names the zones it creates in an account unless `--create-zones` already said yes to them. */
export function applyQuestion(plan: Plan, createZones: boolean): string {
  const asked = createZones ? [] : missingZonesOf(plan).filter((m) => m.by === 'apply' && m.consent);
  return asked.length === 0 ? 'Apply these changes?' : `Apply these changes and create ${zoneList(asked)}?`;
}
