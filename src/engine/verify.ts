import type { Config, ZoneConfig } from '../config/load.js';
import { ZonesyncError } from '../core/errors.js';
import { problemLines } from '../core/problem.js';
import { DEFAULT_LIMITS } from '../core/limits.js';
import type { ProviderSet } from '../providers/registry.js';
import { verifyTargets, type VerifyReport, type VerifyRunOptions, type VerifyTarget } from '../verify/index.js';
import { mapLimit } from './concurrency.js';
import { loadDesiredZone } from './desired.js';
import { selectTargets } from './plan.js';

export interface VerifyRun {
  reports: VerifyReport[];
  /** Targets that could not be asked at all (no nameservers known, or their addresses could not be found). */
  skipped: Array<{ zone: string; target: string; reason: string; failed: boolean }>;
  ok: boolean;
}

/**
 * Ask every nameserver of every target of every zone, by address, and compare with the zone
 * files. A provider whose API is down is still verified when its nameserver addresses are configured.
 */
export async function verifyZones(config: Config, providers: ProviderSet, zones: ZoneConfig[], options: VerifyRunOptions & { targets?: string[] }): Promise<VerifyRun> {
  const run: VerifyRun = { reports: [], skipped: [], ok: true };
  const desired = await Promise.all(zones.map(loadDesiredZone));
  const errors = desired.flatMap((d) => d.problems.filter((p) => p.severity === 'error'));
  if (errors.length > 0) throw new ZonesyncError('Zone files have errors; fix them (see `zonesync validate`) before verifying', { details: problemLines(errors, desired[0]?.config.limits.problems ?? DEFAULT_LIMITS.problems) });
  run.reports = await mapLimit(desired, 2, async (d) => {
    const targets: VerifyTarget[] = [];
    for (const id of selectTargets(d, options.targets)) {
      try {
        const provider = await providers.get(id);
        const nameservers = await provider.nameservers(d.zone.name);
        if (nameservers.length === 0) run.skipped.push({ zone: d.zone.name, target: id, reason: 'no nameservers configured or found (set `nameservers:` to IP:port)', failed: false });
        else targets.push({ id, nameservers });
      } catch (error) {
        // Not knowing where a provider's nameservers are is itself a failure to verify.
        run.skipped.push({ zone: d.zone.name, target: id, reason: (error as Error).message, failed: true });
      }
    }
    return verifyTargets(d.zone, targets, options);
  });
  run.ok = run.reports.every((r) => r.ok) && run.skipped.every((s) => !s.failed);
  return run;
}
