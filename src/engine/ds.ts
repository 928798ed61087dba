import { selectZones, type Config, type ZoneConfig } from '../config/load.js';
import { delegationValues, dsPresentation } from '../core/delegation.js';
import { ExitCode, ProviderError, ZonesyncError, type ExitCodeValue } from '../core/errors.js';
import { dnskeyText, dsFor, formatDs, isKsk } from '../dns/dnssec/index.js';
import { dnskeysAt } from '../dns/dnssec/status.js';
import { formatNameserver } from '../dns/nameserver.js';
import type { ProviderSet } from '../providers/registry.js';
import type { DsChange } from '../registrars/index.js';
import { zoneRegistrar, type RegistrarTimeouts } from './registrar.js';

/**
 * `zonesync ds`: the DS set the zone's registrar holds, the DS the targets' keys call for, and
 * (`publish`, `remove`, `set`) making the registrar hold those. A dry run unless `yes`.
 */

export type DsMode = { kind: 'show' } | { kind: 'publish' } | { kind: 'remove' } | { kind: 'set'; ds: string[] };

export interface TargetKeys {
  target: string;
  /** The KSKs (SEP bit) its nameservers serve, as `flags 3 alg base64`. */
  dnskeys: string[];
  /** Their SHA-256 DS. */
  ds: string[];
  /** Where the keys were read, or why not. */
  source: string;
  error?: string;
}

export interface DsReport {
  zone: string;
  registrar: string;
  registrarType: string;
  /** The registrar's DS set; undefined when it cannot tell (manual). */
  current?: string[];
  targets: TargetKeys[];
  /** What the registrar is to hold (absent for `show`). */
  wanted?: string[];
  dryRun: boolean;
  change?: DsChange;
  ok: boolean;
  exitCode: ExitCodeValue;
  error?: string;
}


/** The KSKs a target serves, from the first of its nameservers that answers DNSKEY. */
async function targetKeys(providers: ProviderSet, zone: string, target: string, timeoutMs: number): Promise<TargetKeys> {
  try {
    const provider = await providers.get(target);
    const nameservers = await provider.nameservers(zone);
    const failures: string[] = [];
    for (const ns of nameservers) {
      try {
        const keys = (await dnskeysAt(ns, zone, timeoutMs)).filter(isKsk);
        return { target, dnskeys: keys.map(dnskeyText), ds: keys.map((k) => formatDs(dsFor(zone, k, 2))), source: `DNSKEY at ${formatNameserver(ns)}` };
      } catch (error) {
        failures.push(`${formatNameserver(ns)}: ${(error as Error).message}`);
      }
    }
    const why = nameservers.length === 0 ? 'no nameserver addresses configured or found' : failures.join('; ');
    return { target, dnskeys: [], ds: [], source: 'not read', error: why };
  } catch (error) {
    return { target, dnskeys: [], ds: [], source: 'not read', error: (error as Error).message };
  }
}

export async function dsForZone(
  config: Config,
  providers: ProviderSet,
  zoneName: string,
  options: { mode: DsMode; yes: boolean; env: Record<string, string | undefined>; timeoutMs?: number; timeouts?: RegistrarTimeouts; now?: () => Date },
): Promise<DsReport> {
  const [zone] = selectZones(config, [zoneName]) as [ZoneConfig];
  if (zone.registrar === undefined) throw new ZonesyncError(`${zone.name} has no registrar (zones.${zone.name.replace(/\.$/, '')}.registrar): nothing holds its DS for zonesync to read or set`);
  const registrar = zoneRegistrar(config, providers, zone, { env: options.env, ...(options.timeouts ? { timeouts: options.timeouts } : {}), ...(options.now ? { now: options.now } : {}) });
  if (!registrar) throw new ZonesyncError(`${zone.name}: no registrar`);
  const report: DsReport = { zone: zone.name, registrar: registrar.id, registrarType: registrar.type, targets: [], dryRun: !options.yes, ok: true, exitCode: ExitCode.ok };
  const fail = (message: string): DsReport => ({ ...report, ok: false, exitCode: ExitCode.error, error: message });
  try {
    if (!registrar.getDs || !registrar.setDs) return fail(`registrar ${registrar.id} (${registrar.type}) has no DS to read or set`);
    try {
      const current = await registrar.getDs(zone.name);
      if (current !== undefined) report.current = current;
    } catch (error) {
      return fail(`registrar ${registrar.id}: reading the DS of ${zone.name}: ${(error as Error).message}`);
    }
    report.targets = await Promise.all(zone.targets.map((t) => targetKeys(providers, zone.name, t, options.timeoutMs ?? 2000)));
    const mode = options.mode;
    if (mode.kind === 'show') return report;
    let wanted: string[];
    if (mode.kind === 'remove') wanted = [];
    else if (mode.kind === 'set') {
      try {
        wanted = delegationValues('DS', mode.ds, zone.name).map(dsPresentation);
      } catch (error) {
        throw new ZonesyncError(`--ds: ${(error as Error).message}`);
      }
    } else {
      const unread = report.targets.filter((t) => t.error !== undefined);
      if (unread.length > 0) return fail(`the keys of ${unread.map((t) => `${t.target} (${t.error ?? ''})`).join(', ')} could not be read: publishing now would leave ${unread.length === 1 ? 'it' : 'them'} without a DS`);
      wanted = [...new Set(report.targets.flatMap((t) => t.ds))].sort();
      const unsigned = report.targets.filter((t) => t.ds.length === 0).map((t) => t.target);
      if (wanted.length === 0) return fail(`no target of ${zone.name} serves a KSK: nothing to publish (sign the zone first)`);
      // A DS set that some delegated provider's keys do not match is the outage `verify` names: refused.
      if (unsigned.length > 0) return fail(`${unsigned.join(', ')} serve${unsigned.length === 1 ? 's' : ''} no KSK: with a DS at the parent, validating resolvers would get SERVFAIL from ${unsigned.length === 1 ? 'it' : 'them'}`);
    }
    report.wanted = wanted;
    if (!options.yes) return report;
    report.change = await registrar.setDs(zone.name, wanted, report.targets.flatMap((t) => t.dnskeys));
    return report;
  } catch (error) {
    if (error instanceof ZonesyncError && !(error instanceof ProviderError)) throw error;
    return fail((error as Error).message);
  } finally {
    await registrar.close?.().catch(() => undefined);
  }
}
