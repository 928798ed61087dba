import { query } from '../dns/client.js';
import { parseDsValue } from '../dns/dnssec/index.js';
import { formatNameserver, type Nameserver } from '../dns/nameserver.js';
import type { Config, ZoneConfig } from '../config/load.js';
import { ZonesyncError } from '../core/errors.js';
import type { ProviderSet } from '../providers/registry.js';
import type { DnssecOptions } from '../verify/dnssec.js';
import { zoneRegistrar, type RegistrarTimeouts } from './registrar.js';

/** What `verify` needs to check DNSSEC: the clock, the warning window, and the parent's DS set. */

export interface DnssecRunOptions {
  /** Seconds since 1970. */
  now: number;
  sigWarnDays: number;
  /** The parent zone's nameservers, asked by address for the zone's DS set. */
  parentNameservers?: Nameserver[];
  timeoutMs?: number;
  /** Where the zone's registrar (its `${VAR}`s) is built from; without it the registrar is not asked. */
  env?: Record<string, string | undefined>;
  registrarTimeouts?: RegistrarTimeouts;
}

/** The DS set the parent serves for `zone`, from the first parent nameserver that answers authoritatively. */
export async function parentDsSet(zone: string, parents: Nameserver[], timeoutMs = 2000): Promise<DnssecOptions['parentDs']> {
  const failures: string[] = [];
  for (const ns of parents) {
    try {
      const answer = await query(ns, zone, 'DS', { dnssec: true, timeoutMs });
      if (answer.rcode !== 'NOERROR') {
        failures.push(`${formatNameserver(ns)}: ${answer.rcode}`);
        continue;
      }
      return { records: answer.answers.filter((r) => r.type === 'DS' && r.name === zone).map((r) => parseDsValue(r.value)), source: `parent ${formatNameserver(ns)}` };
    } catch (error) {
      failures.push(`${formatNameserver(ns)}: ${(error as Error).message}`);
    }
  }
  throw new ZonesyncError(`could not read the DS set of ${zone} from its parent: ${failures.join('; ')}`);
}

/**
 * The DS set from the zone's registrar, where it can tell (`type: zone` reads the parent zone,
 * route53domains its DnssecKeys); undefined with the reason when it cannot (manual, none, an error).
 */
export async function registrarDsSet(config: Config, providers: ProviderSet, zone: ZoneConfig, options: Pick<DnssecRunOptions, 'env' | 'registrarTimeouts'>): Promise<{ parentDs?: NonNullable<DnssecOptions['parentDs']>; note?: string }> {
  if (zone.registrar === undefined || options.env === undefined) return {};
  const registrar = zoneRegistrar(config, providers, zone, { env: options.env, ...(options.registrarTimeouts ? { timeouts: options.registrarTimeouts } : {}) });
  try {
    if (!registrar?.getDs) return { note: `registrar ${zone.registrar} cannot tell the DS` };
    const ds = await registrar.getDs(zone.name);
    if (ds === undefined) return { note: `registrar ${zone.registrar} (${registrar.type}) cannot tell the DS` };
    return { parentDs: { records: ds.map(parseDsValue), source: `registrar ${zone.registrar} (${registrar.type})` } };
  } catch (error) {
    return { note: `registrar ${zone.registrar} could not be read: ${(error as Error).message}` };
  } finally {
    await registrar?.close?.().catch(() => undefined);
  }
}

/** The registrar's DS where it can tell, else the parent's nameservers by address (`--parent-ns`), else unknown with why. */
export async function dnssecOptions(zone: string, options: DnssecRunOptions, fromRegistrar: { parentDs?: NonNullable<DnssecOptions['parentDs']>; note?: string } = {}): Promise<DnssecOptions> {
  const base = { now: options.now, sigWarnDays: options.sigWarnDays };
  if (fromRegistrar.parentDs) return { ...base, parentDs: fromRegistrar.parentDs };
  if (options.parentNameservers?.length) {
    const parentDs = await parentDsSet(zone, options.parentNameservers, options.timeoutMs);
    return { ...base, ...(parentDs ? { parentDs: fromRegistrar.note ? { ...parentDs, source: `${parentDs.source}; ${fromRegistrar.note}` } : parentDs } : {}) };
  }
  return { ...base, ...(fromRegistrar.note ? { parentDsNote: fromRegistrar.note } : {}) };
}
