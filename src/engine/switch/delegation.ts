import type { Config, ZoneConfig } from '../../config/load.js';
import { canonicalName } from '../../core/name.js';
import type { ProviderSet } from '../../providers/registry.js';
import { capabilitiesOf } from '../../providers/table.js';
import type { HealthResult } from './health.js';
import { errorText, withDeadline, type ProviderHealth, type SwitchTimeouts } from './report.js';

/**
 * The new delegation of `switch`: `--to`'s own nameserver names plus those of every other healthy
 * delegate, never those of a provider that failed.
 */

export interface Delegation {
  /** Sorted, absolute host names. */
  names: string[];
  /** Providers whose names are in it. */
  providers: string[];
  /** Providers left out, each with why. */
  excluded: Array<{ id: string; reason: string }>;
  warnings: string[];
}

const absolute = (name: string): string => {
  const lower = name.trim().toLowerCase();
  return lower.endsWith('.') ? lower : `${lower}.`;
};

/** Names the config says are the provider's own (`nameserverNames` of a PowerDNS block), when it says. */
export function configuredNames(config: Config, id: string, zone: string): string[] | undefined {
  const raw = config.providers[id]?.raw.nameserverNames;
  if (!Array.isArray(raw) || raw.length === 0) return undefined;
  return raw.map((text) => {
    const name = canonicalName(absolute(String(text)), zone);
    return name.ok ? name.name : absolute(String(text));
  });
}

interface Names {
  names?: string[];
  /** True when the names are the provider's own; false when they are an apex NS that may list other providers too. */
  own: boolean;
  error?: string;
}

async function namesOf(config: Config, providers: ProviderSet, zone: string, health: ProviderHealth | undefined, id: string, timeouts: SwitchTimeouts): Promise<Names> {
  const configured = configuredNames(config, id, zone);
  if (configured) return { names: configured, own: true };
  // A provider whose delegation names are its apex NS may list every provider's names there.
  const own = capabilitiesOf(health?.type ?? config.providers[id]?.type ?? '')?.delegationFromApexNs !== true;
  if (health?.api === 'up') {
    try {
      const provider = await providers.get(id);
      const names = await withDeadline(`${id}: reading its delegation names`, timeouts.apiMs, () => provider.delegationNameservers(zone));
      if (names.length > 0) return { names: names.map(absolute), own };
    } catch (error) {
      if (!health.servedApexNs) return { own, error: errorText(error) };
    }
  }
  // The apex NS its nameservers serve: what a provider with its API down still says about itself.
  if (health?.servedApexNs) return { names: health.servedApexNs, own: false };
  return { own, error: health?.apiError ?? 'its API and nameservers do not answer' };
}

/** Which providers the delegation lists, and their names. */
export async function newDelegation(
  config: Config,
  providers: ProviderSet,
  zone: ZoneConfig,
  health: HealthResult,
  options: { to: string; from?: string; timeouts: SwitchTimeouts },
): Promise<Delegation> {
  const byId = new Map(health.providers.map((h) => [h.id, h]));
  const included: string[] = [options.to];
  const excluded: Delegation['excluded'] = [];
  for (const id of zone.delegate) {
    if (id === options.to) continue;
    const h = byId.get(id);
    if (id === options.from) excluded.push({ id, reason: 'switched away from (--from)' });
    else if (h?.state === 'healthy' || h?.state === 'api-down-serving') included.push(id);
    else excluded.push({ id, reason: h ? (h.state === 'down' ? 'down' : 'serving wrong data') : 'not checked' });
  }
  if (options.from && !zone.delegate.includes(options.from)) excluded.push({ id: options.from, reason: 'switched away from (--from)' });
  const warnings: string[] = [];
  const lists = await Promise.all(included.map((id) => namesOf(config, providers, zone.name, byId.get(id), id, options.timeouts)));
  const gone = await Promise.all(excluded.map(({ id }) => namesOf(config, providers, zone.name, byId.get(id), id, options.timeouts)));
  // Only names known to be a failed provider's own are taken out: its apex NS may list the healthy ones too.
  const removed = new Set(gone.filter((n) => n.own).flatMap((n) => n.names ?? []));
  const names = new Set<string>();
  included.forEach((id, i) => {
    const found = lists[i] as Names;
    if (!found.names) {
      warnings.push(`${id}: its nameserver names are unknown (${found.error ?? 'no answer'}); it is left out of the delegation`);
      return;
    }
    for (const name of found.names) if (found.own || !removed.has(name)) names.add(name);
  });
  const ownedByIncluded = new Set(included.flatMap((_, i) => ((lists[i] as Names).own ? ((lists[i] as Names).names ?? []) : [])));
  excluded.forEach(({ id }, i) => {
    const found = gone[i] as Names;
    if (found.own && found.names) return;
    const kept = [...names].filter((n) => !ownedByIncluded.has(n));
    if (kept.length > 0) warnings.push(`${id}: which nameserver names are its own is unknown (set providers.${id}.nameserverNames); the delegation keeps ${kept.join(', ')} — check none of them is ${id}'s`);
  });
  return { names: [...names].sort(), providers: included.filter((_, i) => (lists[i] as Names).names), excluded, warnings };
}
