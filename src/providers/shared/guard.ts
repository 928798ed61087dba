import { ProviderError } from '../../core/errors.js';
import { assertInZone } from '../../core/in-zone.js';
import { zoneName, type ZoneName } from '../../core/name.js';
import type { Provider } from '../provider.js';

/** The methods of Provider whose first argument is a zone name. */
const ZONE_METHODS = ['read', 'readRRsets', 'ensureZone', 'apply', 'waitInSync', 'delegationNameservers', 'nameservers', 'audit', 'kept', 'repairs', 'createZone', 'manualZoneSteps', 'dnssec', 'readRange', 'recordSetCount', 'listOrder', 'startZone', 'finishZone'] as const;
/** The zone methods that answer at once (the others are async). */
const SYNC_METHODS: readonly string[] = ['audit', 'kept', 'manualZoneSteps', 'listOrder'];

/** The one check of a zone name on its way into a provider: canonical form, or an error naming the provider. */
export function providerZone(providerId: string, input: string): ZoneName {
  const name = zoneName(input);
  if (!name.ok) throw new ProviderError(providerId, `zone "${input}": ${name.error}`);
  return name.name;
}

/** A provider as the engine and tests hold it: the Provider methods take plain strings (the guard makes them ZoneNames), the extras stay. */
export type Guarded<P extends Provider> = Omit<P, keyof Provider> & Provider & Required<Pick<Provider, DefinedKeys<P> & keyof Provider>>;

/** The keys whose member P always has (optional Provider methods this adapter defines). */
type DefinedKeys<P> = keyof { [K in keyof P as undefined extends P[K] ? never : K]: P[K] };

/**
 * What every provider gets, once, where it is built (the registry, and each provider's create
 * function for tests): zone names arrive as ZoneName, so no adapter checks one again, and what a
 * read returns lies inside the zone asked for. The result is a plain object holding the Provider
 * members (so `{ ...provider, apply }` keeps working in tests) over the adapter, whose extras stay
 * reachable through it.
 */
export function guardProvider<P extends Provider>(adapter: P): Guarded<P> {
  const guarded = Object.create(adapter) as Provider;
  const own = guarded as unknown as Record<string, unknown>;
  own.id = adapter.id;
  own.type = adapter.type;
  own.capabilities = adapter.capabilities;
  if (adapter.unobservedBetweenChunks !== undefined) own.unobservedBetweenChunks = adapter.unobservedBetweenChunks;
  for (const method of [...ZONE_METHODS, 'batchShare', 'listZones', 'close'] as const) {
    const inner = (adapter as unknown as Record<string, unknown>)[method];
    if (typeof inner !== 'function') continue;
    const call = (inner as (...args: unknown[]) => unknown).bind(adapter);
    if (!(ZONE_METHODS as readonly string[]).includes(method)) own[method] = call;
    // A bad name is a rejected promise like any other failure of an async method (audit, kept and manualZoneSteps answer at once).
    else if (SYNC_METHODS.includes(method)) own[method] = (zone: string, ...rest: unknown[]) => call(providerZone(adapter.id, zone), ...rest);
    else own[method] = async (zone: string, ...rest: unknown[]) => call(providerZone(adapter.id, zone), ...rest);
  }
  const read = guarded.read;
  guarded.read = async (zone) => {
    const live = await read(zone);
    if (live) assertInZone(live.name, live.rrsets, adapter.id);
    return live;
  };
  const readRange = guarded.readRange;
  if (readRange) {
    guarded.readRange = async (zone, from, to, told) => {
      const rrsets = await readRange(zone, from, to, told);
      assertInZone(providerZone(adapter.id, zone), rrsets, adapter.id);
      return rrsets;
    };
  }
  const readRRsets = guarded.readRRsets;
  if (readRRsets) {
    guarded.readRRsets = async (zone, keys, told) => {
      const rrsets = await readRRsets(zone, keys, told);
      assertInZone(providerZone(adapter.id, zone), rrsets, adapter.id);
      return rrsets;
    };
  }
  return guarded as Guarded<P>;
}
