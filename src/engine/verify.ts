import type { Config, ZoneConfig } from '../config/load.js';
import { ExitCode, ZonesyncError, type ExitCodeValue } from '../core/errors.js';
import { validateCommand } from '../core/hints.js';
import { problemLines } from '../core/problem.js';
import { DEFAULT_LIMITS } from '../core/limits.js';
import type { ProviderSet } from '../providers/registry.js';
import { nothingAskedFor, verifyTargets, type VerifyReport, type VerifyRunOptions, type VerifyTarget } from '../verify/index.js';
import { mapLimit } from '../lib/map-limit.js';
import { loadDesiredZone } from './desired.js';
import { selectTargets } from './plan.js';
import { verifiableZone } from '../core/ownership/index.js';
import { dnssecOptions, registrarDsSet, type DnssecRunOptions } from './verify-dnssec.js';
import { steeringAtTarget } from '../core/dynamic/serve.js';
import type { EcsSamples } from '../verify/steering.js';

/** `verify.ecs` as the steering checks take it: geo samples apart from the catch-all's `default`. */
export function ecsSamples(config: Config): EcsSamples {
  const { default: catchAll, ...geos } = config.verify?.ecs ?? {};
  return { geos, ...(catchAll ? { default: catchAll } : {}) };
}

export interface VerifyRun {
  /** One per zone with a target to verify; a target nothing was asked of carries `nothingAsked`. */
  reports: VerifyReport[];
  /** Set when no zone had a target at all (e.g. `--target` matches none): nothing was verified. */
  nothingAsked?: string;
  /** Set when `--shard` took none of the config's zones: the other shards verify them, so this one is no failure. */
  emptyShard?: string;
  ok: boolean;
  /** 0 all verified; 3 a nameserver failed or nothing was asked; 1 an error (API down) kept the nameservers from being learned. */
  exitCode: ExitCodeValue;
}

/** 3 when anything asked failed or nothing was asked for lack of config; 1 when only errors stood in the way. */
export function verifyExitCode(reports: VerifyReport[], nothingAsked?: string): ExitCodeValue {
  if (nothingAsked !== undefined) return ExitCode.verificationFailed;
  if (reports.every((r) => r.ok)) return ExitCode.ok;
  const providers = reports.flatMap((r) => r.providers);
  // Steering not checked (no ECS sample, a server without ECS) is not verified, as a provider nothing was asked of.
  const steeringUnchecked = reports.some((r) => (r.steeringUnchecked ?? 0) > 0);
  const failedAsking = steeringUnchecked || reports.some((r) => r.crossProvider.some((d) => !d.informational)) || providers.some((p) => p.nameservers.some((ns) => !ns.ok));
  const missingConfig = providers.some((p) => p.nothingAsked && !p.nothingAsked.error);
  return failedAsking || missingConfig ? ExitCode.verificationFailed : ExitCode.error;
}

/**
 * Ask every nameserver of every target of every zone, by address, and compare with the zone
 * files. A provider whose API is down is still verified when its nameserver addresses are configured.
 */
export async function verifyZones(config: Config, providers: ProviderSet, zones: ZoneConfig[], options: VerifyRunOptions & { targets?: string[]; dnssec?: DnssecRunOptions; shard?: string }): Promise<VerifyRun> {
  const desired = await Promise.all(zones.map(loadDesiredZone));
  const errors = desired.flatMap((d) => d.problems.filter((p) => p.severity === 'error'));
  if (errors.length > 0) throw new ZonesyncError(`Zone files have errors; fix them (see \`${validateCommand()}\`) before verifying`, { details: problemLines(errors, desired[0]?.config.limits.problems ?? DEFAULT_LIMITS.problems) });
  for (const id of options.targets ?? []) {
    if (!(id in config.providers)) throw new ZonesyncError(`--target ${id}: unknown provider (configured: ${Object.keys(config.providers).join(', ')})`);
  }
  // A CI matrix has more shards than a small config has zones: an empty shard asks nothing and fails nothing (report merge still names a shard with no report).
  if (zones.length === 0 && options.shard !== undefined && config.zones.length > 0) return { reports: [], emptyShard: `shard ${options.shard} holds none of the config's zones: nothing to verify in it (the other shards verify them)`, ok: true, exitCode: ExitCode.ok };
  const withTargets = desired.filter((d) => selectTargets(d, options.targets).length > 0);
  const reports = await mapLimit(withTargets, 2, async (d) => {
    const targets: VerifyTarget[] = [];
    for (const id of selectTargets(d, options.targets)) {
      try {
        const provider = await providers.get(id);
        const nameservers = await provider.nameservers(d.zone.name);
        // A target that cannot steer serves a steered rrset's plain values (`dynamic: fallback`): expect those there.
        const served = steeringAtTarget(d.zone, provider.capabilities, true);
        const zone = served.fallback.length > 0 ? { zone: verifiableZone(served.zone, selectTargets(d, options.targets)) } : {};
        targets.push({ id, nameservers, ...zone, ...(nameservers.length === 0 ? { nothingAsked: nothingAskedFor(d.zone.name, id, 'no nameserver addresses configured or found', false) } : {}) });
      } catch (error) {
        // Not knowing where a provider's nameservers are is itself a failure to verify.
        targets.push({ id, nameservers: [], nothingAsked: nothingAskedFor(d.zone.name, id, (error as Error).message, true) });
      }
    }
    // What octoDNS flags keep off a target is not expected there; what others write is never asked about (only declared names and types are).
    const checkDnssec = options.dnssec ? await dnssecOptions(d.zone.name, options.dnssec, await registrarDsSet(config, providers, d.config, options.dnssec)) : undefined;
    const { dnssec: _run, shard: _shard, ...verifyOptions } = options;
    return verifyTargets(verifiableZone(d.zone, selectTargets(d, options.targets)), targets, { steering: ecsSamples(config), ...verifyOptions, ...(checkDnssec ? { checkDnssec } : {}) });
  });
  const nothingAsked = reports.length === 0 ? `nothing was asked: no zone has a target to verify${options.targets?.length ? ` among --target ${options.targets.join(', ')}` : ''}` : undefined;
  const exitCode = verifyExitCode(reports, nothingAsked);
  return { reports, ...(nothingAsked ? { nothingAsked } : {}), ok: exitCode === ExitCode.ok, exitCode };
}
