import { hostname } from 'node:os';
import type { Config } from '../config/load.js';
import { sleep as defaultSleep } from '../io/sleep.js';
import { ExitCode, ZonesyncError, type ExitCodeValue } from '../core/errors.js';
import { managedRRsets } from '../core/diff.js';
import { SAFETY_REFUSAL } from '../core/hints.js';
import { liveDigest, planHasChanges, type Plan, type ZonePlan } from '../core/plan.js';
import { checkSafety, type SafetyLimits } from '../core/safety.js';
import type { Zone } from '../core/model.js';
import { stagePhases, type Phase } from '../core/stage.js';
import type { ProviderSet } from '../providers/registry.js';
import type { ChunkVerifier } from './chunk-verifier.js';
import { executeZone, type ExecuteOptions, type ZoneOutcome } from './execute.js';
import { ExpectedState } from './expected-state.js';
import { Journal, type JournalEntry, type RunOptions } from './journal.js';
import { ZoneLock } from './lock.js';
import { rollbackZone } from './rollback.js';
import { discardIfUnwritten } from './run-status.js';
import { createRun, type RunFiles } from './runs.js';
import { mapLimit } from '../lib/map-limit.js';

export interface ApplyOptions extends RunOptions {
  force: boolean;
  /** Zones applied at once (default 1). */
  parallelZones?: number;
  maxWaitSeconds: number;
  syncTimeoutMs: number;
  verifier: ChunkVerifier;
  /** Asked once before the first write; false cancels with nothing written. */
  confirm?: (plan: Plan) => Promise<boolean>;
  onEvent?: (entry: JournalEntry) => void;
  now?: () => Date;
  sleep?: (ms: number) => Promise<void>;
}

export interface ApplyReport {
  runId?: string;
  runDir?: string;
  status: 'done' | 'no-changes' | 'failed' | 'waiting' | 'cancelled' | 'rolled-back';
  zones: ZoneOutcome[];
  rollback?: ZoneOutcome;
  exitCode: ExitCodeValue;
}


function refuse(reasons: string[]): never {
  throw new ZonesyncError(SAFETY_REFUSAL, { exitCode: ExitCode.refusedBySafety, details: reasons });
}

/**
 * Refuse, before anything is written, a plan whose zones trip a safety rule. The verdict is
 * computed again from the changes and the config's limits: a saved plan's `safety` is not trusted.
 */
export function checkPlanSafety(plan: Plan, force: boolean, limits: SafetyLimits): void {
  if (force) return;
  const reasons = plan.zones.flatMap((z) => (z.changes.length === 0 ? [] : checkSafety(z.changes, z.liveRRsets, limits, z.zone).reasons.map((r) => `${z.zone} on ${z.target}: ${r}`)));
  if (reasons.length > 0) refuse(reasons);
}

export function executeOptions(options: ApplyOptions, journal: Journal): ExecuteOptions {
  const out: ExecuteOptions = {
    chunkSize: options.chunkSize,
    pauseSeconds: options.pauseSeconds,
    verifier: options.verifier,
    journal,
    maxWaitSeconds: options.maxWaitSeconds,
    syncTimeoutMs: options.syncTimeoutMs,
    sleep: options.sleep ?? defaultSleep,
    now: options.now ?? (() => new Date()),
  };
  if (options.onEvent) out.onEvent = options.onEvent;
  return out;
}

export function runOptions(options: ApplyOptions): RunOptions {
  const out: RunOptions = { chunkSize: options.chunkSize, verify: options.verify, pauseSeconds: options.pauseSeconds, rollbackOnFailure: options.rollbackOnFailure };
  if (options.lowerTtl !== undefined) out.lowerTtl = options.lowerTtl;
  return out;
}

/** One zone plan to run; `phases` is computed from the live state read under the lock. */
export interface ZoneWork {
  zp: ZonePlan;
  phases: (live: Zone | undefined) => Phase[];
  checkDigest: boolean;
  /** Judge the changes again against the live rrsets just read (a saved plan's counts may lie). */
  checkSafety?: boolean;
}

/**
 * Run zone plans: up to `parallelZones` zones at once, the targets of one zone one after another
 * (so a bad change reaches one provider, not all). The first failure stops every zone before its
 * next chunk. Each provider paces its own API calls across all zones of the run.
 */
export async function runZones(config: Config, providers: ProviderSet, work: ZoneWork[], files: RunFiles, journal: Journal, options: ApplyOptions): Promise<ApplyReport> {
  const report: ApplyReport = { runId: files.id, runDir: files.dir, status: 'done', zones: [], exitCode: ExitCode.ok };
  const byZone = new Map<string, ZoneWork[]>();
  for (const w of work) byZone.set(w.zp.zone, [...(byZone.get(w.zp.zone) ?? []), w]);
  let failed = false;
  let thrown: unknown;
  const outcomes = new Map<ZoneWork, ZoneOutcome>();
  const exec = { ...executeOptions(options, journal), shouldStop: () => failed };
  await mapLimit([...byZone.values()], options.parallelZones ?? 1, async (group) => {
    for (const w of group) {
      if (failed) return;
      const { zp, phases, checkDigest } = w;
      const lock = await ZoneLock.acquire(config.stateDir, zp.zone, zp.target, files.id);
      try {
        const provider = await providers.get(zp.target);
        const live = await provider.read(zp.zone);
        if (checkDigest && liveDigest(live) !== zp.liveDigest) {
          throw new ZonesyncError(`${zp.zone} on ${zp.target}: live state moved since the plan was made; nothing was changed there — make a new plan`);
        }
        if (w.checkSafety && !options.force) {
          const verdict = checkSafety(zp.changes, live ? managedRRsets(live).length : 0, config.defaults.safety, zp.zone);
          if (!verdict.ok) refuse(verdict.reasons.map((r) => `${zp.zone} on ${zp.target}: ${r}`));
        }
        if (!live) {
          await provider.ensureZone(zp.zone);
          await journal.append({ type: 'zone-created', zone: zp.zone, target: zp.target });
        }
        const outcome = await executeZone(provider, zp.zone, phases(live), new ExpectedState(live, zp.zone), exec);
        outcomes.set(w, outcome);
        if (outcome.status === 'failed') {
          failed = true;
          report.exitCode = outcome.failed?.stage === 'verify' ? ExitCode.verificationFailed : ExitCode.error;
          if (options.rollbackOnFailure) report.rollback = await rollbackZone(provider, zp, options.lowerTtl, executeOptions(options, journal), false);
        }
        if (outcome.status !== 'done') return;
      } catch (error) {
        // Held until every zone in flight has stopped, so the journal outlives them all.
        failed = true;
        thrown ??= error;
        return;
      } finally {
        await lock.release();
      }
    }
  });
  if (thrown !== undefined) throw thrown;
  report.zones = work.filter((w) => outcomes.has(w)).map((w) => outcomes.get(w) as ZoneOutcome);
  if (failed) report.status = report.rollback?.status === 'done' ? 'rolled-back' : 'failed';
  else if (report.zones.some((z) => z.status === 'waiting')) report.status = 'waiting';
  return report;
}

/** Apply a plan: safety, confirmation, run files, then every zone on every target, chunk by chunk. */
export async function applyPlan(config: Config, providers: ProviderSet, plan: Plan, options: ApplyOptions): Promise<ApplyReport> {
  checkPlanSafety(plan, options.force, config.defaults.safety);
  if (!planHasChanges(plan)) return { status: 'no-changes', zones: [], exitCode: ExitCode.ok };
  if (options.confirm && !(await options.confirm(plan))) return { status: 'cancelled', zones: [], exitCode: ExitCode.ok };
  const now = options.now ?? (() => new Date());
  const files = await createRun(config.stateDir, plan, now(), (t) => config.redactor.redact(t));
  const journal = await Journal.open(files.journal, (t) => config.redactor.redact(t));
  let aborted = false;
  try {
    await journal.append({ type: 'run-start', runId: files.id, kind: 'apply', planChecksum: plan.checksum, options: runOptions(options), pid: process.pid, host: hostname() });
    const work = plan.zones
      .filter((zp) => zp.changes.length > 0 || !zp.zoneExists)
      .map((zp) => ({ zp, phases: () => stagePhases(zp.changes, options.lowerTtl), checkDigest: true, checkSafety: true }));
    const report = await runZones(config, providers, work, files, journal, options);
    await journal.append({ type: 'run-end', status: report.status === 'no-changes' || report.status === 'cancelled' ? 'done' : report.status });
    return report;
  } catch (error) {
    aborted = true;
    await journal.append({ type: 'run-end', status: 'aborted' }).catch(() => undefined);
    throw error;
  } finally {
    await journal.close();
    if (aborted) await discardIfUnwritten(files);
  }
}
