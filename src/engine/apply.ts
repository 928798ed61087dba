import type { Config } from '../config/load.js';
import { ExitCode } from '../core/errors.js';
import { planHasChanges, type Plan } from '../core/plan.js';
import { checkSafety, type SafetyLimits } from '../core/safety.js';
import { stagePhases } from '../core/stage.js';
import type { ProviderSet } from '../providers/registry.js';
import type { RunOptions } from './run/journal.js';
import { withRun } from './run/with-run.js';
import { checkZoneCreation, missingZonesOf } from './zone-lifecycle.js';
import { refuseUnsafe, runZones, type ApplyReport, type PushOptions } from './run/zones.js';

export type { ApplyReport } from './run/zones.js';

export interface ApplyOptions extends PushOptions {
  /** Asked once before the first write; false cancels with nothing written. */
  confirm?: (plan: Plan) => Promise<boolean>;
  /**
   * `--create-zones`. False: a plan that creates zones in an account (Route 53, Cloudflare, NS1)
   * is refused unless `confirm` asks and gets a yes. Absent (`switch`, which the operator runs with
   * --yes to bring a provider into parity): they are created.
   */
  createZones?: boolean;
}

/**
 * Refuse, before anything is written, a plan whose zones trip a safety rule. The verdict is
 * computed again from the changes and the config's limits: a saved plan's `safety` is not trusted.
 */
export function checkPlanSafety(plan: Plan, force: boolean, limits: SafetyLimits): void {
  if (force) return;
  const reasons = plan.zones.flatMap((z) => (z.changes.length === 0 ? [] : checkSafety(z.changes, z.liveRRsets, limits, z.zone).reasons.map((r) => `${z.zone} on ${z.target}: ${r}`)));
  if (reasons.length > 0) refuseUnsafe(reasons);
}

export function runOptions(options: PushOptions): RunOptions {
  const out: RunOptions = { chunkSize: options.chunkSize, verify: options.verify, pauseSeconds: options.pauseSeconds, rollbackOnFailure: options.rollbackOnFailure };
  if (options.lowerTtl !== undefined) out.lowerTtl = options.lowerTtl;
  return out;
}

const MOVED = 'live state moved since the plan was made; nothing was changed there — make a new plan';

/** Apply a plan: safety, confirmation, run files, then every zone on every target, chunk by chunk. */
export async function applyPlan(config: Config, providers: ProviderSet, plan: Plan, options: ApplyOptions): Promise<ApplyReport> {
  checkPlanSafety(plan, options.force, config.defaults.safety);
  if (!planHasChanges(plan)) return { status: 'no-changes', zones: [], exitCode: ExitCode.ok };
  checkZoneCreation(plan, { ...(options.createZones === undefined ? {} : { createZones: options.createZones }), asked: options.confirm !== undefined });
  // A zone the target cannot create (BIND) stops that zone × target: the rest of the plan goes on.
  const byHand = missingZonesOf(plan).filter((m) => m.by === 'hand');
  const left = new Set(byHand.map((m) => `${m.zone} ${m.target}`));
  const todo = plan.zones.filter((zp) => (zp.changes.length > 0 || !zp.zoneExists) && !left.has(`${zp.zone} ${zp.target}`));
  const handed = byHand.length > 0 ? { byHand } : {};
  if (todo.length === 0) return { status: 'no-changes', zones: [], exitCode: ExitCode.error, ...handed };
  if (options.confirm && !(await options.confirm(plan))) return { status: 'cancelled', zones: [], exitCode: ExitCode.ok };
  const now = options.now ?? (() => new Date());
  const start = { kind: 'apply' as const, planChecksum: plan.checksum, options: runOptions(options) };
  const report = await withRun({ stateDir: config.stateDir, redact: (t) => config.redactor.redact(t), open: { plan, now: now() }, start, ...(options.journalObserver ? { observer: options.journalObserver } : {}) }, ({ files, journal }) => {
    const work = todo.map((zp) => ({ zp, phases: () => stagePhases(zp.changes, options.lowerTtl), moved: MOVED, checkSafety: true }));
    return runZones(config, providers, work, files, journal, options);
  });
  if (byHand.length === 0) return report;
  return { ...report, ...handed, exitCode: report.exitCode === ExitCode.ok ? ExitCode.error : report.exitCode };
}
