import type { Plan, ZonePlan } from './plan.js';

/** A zone × target whose zone the target does not have, with how it comes to exist. */
export interface MissingZone {
  zone: string;
  target: string;
  providerType: string;
  /** `apply` creates it; `hand` must be added first (`steps`). */
  by: 'apply' | 'hand';
  /** Only with `--create-zones` or a yes at the prompt. */
  consent: boolean;
  steps: string[];
}

/** Every zone × target of the plan whose zone is missing (plans of older versions: created by apply, no consent recorded). */
export function missingZones(plan: Plan): MissingZone[] {
  return plan.zones.filter((z) => !z.zoneExists).map(missingZone);
}

export function missingZone(z: ZonePlan): MissingZone {
  const creation = z.zoneCreation ?? { by: 'apply', consent: false };
  const base = { zone: z.zone, target: z.target, providerType: z.providerType };
  return creation.by === 'hand' ? { ...base, by: 'hand', consent: false, steps: creation.steps } : { ...base, by: 'apply', consent: creation.consent, steps: [] };
}

/** The plan's line for it: `create zone example.com. at r53`, or what to do first when the target cannot. */
export function zoneCreationLine(m: MissingZone): string {
  if (m.by === 'hand') return `zone ${m.zone} is not at ${m.target} (${m.providerType}), which cannot create it: add it by hand, then plan again`;
  return `create zone ${m.zone} at ${m.target}${m.consent ? ' (needs --create-zones, or a yes at the prompt)' : ''}`;
}

/** `1 zone (example.com. at r53)`, `3 zones (a. at r53, b. at r53 and 1 more)`: for questions and refusals. */
export function zoneList(zones: readonly MissingZone[], shown = 5): string {
  const pairs = zones.map((m) => `${m.zone} at ${m.target}`);
  const listed = pairs.length > shown ? `${pairs.slice(0, shown).join(', ')} and ${pairs.length - shown} more` : pairs.join(', ');
  return `${zones.length} zone${zones.length === 1 ? '' : 's'} (${listed})`;
}
