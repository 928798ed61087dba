import { policyFor, type Config, type ZoneConfig } from '../config/load.js';
import { lenientProblems, sharingProblems } from '../core/ownership/index.js';
import { lintZone } from '../core/lint.js';
import { DEFAULT_LIMITS } from '../core/limits.js';
import { safeMessage } from '../core/excerpt.js';
import type { Problem } from '../core/problem.js';
import { steeringAtTarget } from '../core/dynamic/serve.js';
import { rrsetKey } from '../core/model.js';
import { octodnsTargetZone } from '../core/ownership/octodns.js';
import { capabilitiesOf } from '../providers/table.js';
import { mapLimit } from '../lib/map-limit.js';
import { loadDesiredZone, type DesiredZone } from './desired.js';

/** The zone's targets whose provider type cannot serve a signed zone (capabilities `signing`). */
function unsignedTargets(config: Config, targets: readonly string[]): Array<{ id: string; reason: string }> {
  return targets.flatMap((id) => {
    const type = config.providers[id]?.type;
    const signing = type === undefined ? undefined : capabilitiesOf(type)?.signing;
    return signing && !signing.supported ? [{ id, reason: signing.reason ?? 'it cannot sign' }] : [];
  });
}

export interface ValidationReport {
  zones: Array<{ zone: string; file: string; rrsets: number; problems: Problem[]; /** Lint warnings the zone's config turned off (`lint: { disable: [...] }`). */ disabledRules: string[] }>;
  errors: number;
  warnings: number;
  /** Problems past limits.problems: counted in errors and warnings, not listed. */
  omittedProblems: number;
}

/** Steered rrsets a target cannot steer and the config does not let fall back: plan will refuse them, so validate says so first. */
function steeringProblems(config: Config, d: DesiredZone): Problem[] {
  if (!d.zone.rrsets.some((r) => r.dynamic)) return [];
  const problems: Problem[] = [];
  for (const target of d.config.targets) {
    const type = config.providers[target]?.type;
    const caps = type === undefined ? undefined : capabilitiesOf(type);
    if (!caps || d.config.dynamicFallback?.includes(target)) continue;
    const refused = steeringAtTarget(octodnsTargetZone(d.zone, target).zone, caps, false).refused;
    const at = new Map(d.zone.rrsets.map((r) => [rrsetKey(r), r.source]));
    for (const s of refused) {
      const location = at.get(rrsetKey(s));
      const message = `steered (dynamic), but ${target} (${type}) cannot steer it: ${s.reason}; plan refuses it there unless zones.${d.zone.name.replace(/\.$/, '')}.dynamic: fallback`;
      problems.push({ severity: 'warning', rule: 'dynamic-not-served', message, record: rrsetKey(s), ...(location ? { location } : {}) });
    }
  }
  return problems;
}

/** Parse and lint every selected zone; collects every problem, never stops at the first. */
export async function validateZones(config: Config, zones: ZoneConfig[]): Promise<{ report: ValidationReport; desired: DesiredZone[] }> {
  // Bounded: 40,000 zone files opened at once run out of file descriptors (EMFILE).
  const desired = await mapLimit(zones, 64, (zone) => loadDesiredZone(zone));
  const report: ValidationReport = { zones: [], errors: 0, warnings: 0, omittedProblems: 0 };
  // Zone files are input from a pull request: only so many problems are listed, each message escaped and short.
  let room = zones[0]?.limits.problems ?? DEFAULT_LIMITS.problems;
  for (const d of desired) {
    const nsTtl = d.config.nsTtl ?? d.declaredNsTtl;
    const disabled = d.config.lintDisabled ?? [];
    const lint = lintZone(d.zone, { targets: d.config.targets, disabled, unsignedTargets: unsignedTargets(config, d.config.targets), ...(nsTtl === undefined ? {} : { nsTtl }) });
    const sharing = sharingProblems(d.zone, d.config.targets.map((t) => [t, policyFor(d.config, t)]), d.config.targets);
    // `lenient: true` (octoDNS): the record's lint errors are warnings.
    const all = [...d.problems, ...lenientProblems(lint, d.zone), ...sharing, ...steeringProblems(config, d)];
    for (const p of all) {
      if (p.severity === 'error') report.errors++;
      else report.warnings++;
    }
    // Problems the reader only counted are in the totals too.
    report.errors += d.omitted?.errors ?? 0;
    report.warnings += d.omitted?.warnings ?? 0;
    const shown = all.slice(0, Math.max(room, 0));
    room -= shown.length;
    report.omittedProblems += all.length - shown.length + (d.omitted ? d.omitted.errors + d.omitted.warnings : 0);
    const problems = shown.map((p) => {
      const located = p.location || p.rule === 'single-provider' ? p : { ...p, location: { file: d.config.displayFile, line: 1, column: 1 } };
      return { ...located, message: safeMessage(located.message) };
    });
    report.zones.push({ zone: d.zone.name, file: d.config.displayFile, rrsets: d.zone.rrsets.length, problems, disabledRules: [...disabled] });
  }
  return { report, desired };
}
