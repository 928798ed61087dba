import type { Config } from '../config/load.js';
import { ExitCode, ZonesyncError } from '../core/errors.js';
import type { Plan, ZoneCreation } from '../core/plan.js';
import { missingZones, zoneList, type MissingZone } from '../core/zone-creation.js';
import type { CreatedZone, Provider } from '../providers/provider.js';
import type { ProviderSet } from '../providers/registry.js';
import { capabilitiesOf } from '../providers/table.js';
import { mapLimit } from '../lib/map-limit.js';

/**
 * Zones that a target lacks: created by apply where the provider can (a plan line, and with
 * `--create-zones` where it is a zone in an account), spelled out where it cannot (BIND). Nothing
 * here or anywhere in zonesync deletes a zone.
 */

/** At plan time, for a zone the provider does not have: how it comes to exist. */
export function zoneCreationAt(provider: Provider, zone: string): ZoneCreation {
  const how = provider.capabilities.createZone ?? 'server';
  if (how !== false) return { by: 'apply', consent: how === 'account' };
  return { by: 'hand', steps: provider.manualZoneSteps?.(zone) ?? [`${provider.id} (${provider.type}) cannot create zones: create ${zone} there by hand, then plan again`] };
}

/**
 * The plan's missing zones as apply sees them: how each is created comes from the provider type's
 * capabilities now, not from the plan (a saved plan is input, and may say a zone needs no consent).
 */
export function missingZonesOf(plan: Plan): MissingZone[] {
  return missingZones(plan).map((m) => {
    const how = capabilitiesOf(m.providerType)?.createZone ?? 'server';
    if (how === false) return { ...m, by: 'hand', consent: false, steps: m.by === 'hand' ? m.steps : [] };
    return { ...m, by: 'apply', consent: how === 'account', steps: [] };
  });
}

/**
 * Refuse, before anything is written, a plan that creates zones in an account without consent:
 * `--create-zones`, or (`asked`) a yes at the confirmation, which names them.
 */
export function checkZoneCreation(plan: Plan, options: { createZones?: boolean; asked: boolean }): void {
  if (options.createZones !== false || options.asked) return;
  const gated = missingZonesOf(plan).filter((m) => m.by === 'apply' && m.consent);
  if (gated.length === 0) return;
  throw new ZonesyncError(`The plan creates ${zoneList(gated)}; apply creates zones only with --create-zones (or a yes at the prompt). Nothing was written`, {
    exitCode: ExitCode.refusedBySafety,
    details: gated.map((m) => `create zone ${m.zone} at ${m.target} (${m.providerType})`),
  });
}

/** In the run, under the zone's lock: create the zone the plan found missing. */
export async function createMissingZone(provider: Provider, zone: string): Promise<CreatedZone | undefined> {
  if (provider.createZone && provider.capabilities.createZone !== false) return provider.createZone(zone);
  // BIND's ensureZone checks the zone is served and otherwise asks for named.conf; others create it.
  await provider.ensureZone(zone);
  return undefined;
}

/** Zones a provider serves that no config names as a target there: `plan` lists them, nothing deletes them. */
export interface UnconfiguredZones {
  target: string;
  providerType: string;
  zones: string[];
  /** Why the provider could not list its zones (the plan goes on). */
  error?: string;
}

/** For each target that can list its zones (`listZones`): the zones there that no config zone targets there. */
export async function unconfiguredZones(config: Config, providers: ProviderSet, targets: readonly string[]): Promise<UnconfiguredZones[]> {
  const out = await mapLimit([...new Set(targets)].sort(), 4, async (target): Promise<UnconfiguredZones | undefined> => {
    const provider = await providers.get(target);
    if (!provider.listZones) return undefined;
    const named = new Set(config.zones.filter((z) => z.targets.includes(target)).map((z) => z.name));
    try {
      const zones = (await provider.listZones()).filter((name) => !named.has(name)).sort();
      return { target, providerType: provider.type, zones };
    } catch (error) {
      return { target, providerType: provider.type, zones: [], error: error instanceof Error ? error.message : String(error) };
    }
  });
  return out.filter((u): u is UnconfiguredZones => u !== undefined);
}
