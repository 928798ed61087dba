import type { Config } from '../../config/load.js';
import { sleep as defaultSleep } from '../../io/sleep.js';
import { ExitCode, ZonesyncError, type ExitCodeValue } from '../../core/errors.js';
import { managedRRsets } from '../../core/diff.js';
import { SAFETY_REFUSAL } from '../../core/hints.js';
import { liveDigest, type ZonePlan } from '../../core/plan.js';
import { managedLive } from '../../core/ownership/index.js';
import { planZoneRollback } from '../../core/rollback-plan.js';
import { checkSafety } from '../../core/safety.js';
import type { Zone } from '../../core/model.js';
import type { MissingZone } from '../../core/zone-creation.js';
import type { Phase } from '../../core/stage.js';
import type { Provider } from '../../providers/provider.js';
import type { ProviderSet } from '../../providers/registry.js';
import { mapLimit } from '../../lib/map-limit.js';
import type { ChunkVerifier } from './chunk-verifier.js';
import { conflictError } from './conflict.js';
import { executeZone, type ExecuteOptions, type ZoneOutcome } from './execute.js';
import { ExpectedState } from './expected-state.js';
import type { Journal, JournalEntry, JournalObserver, RunOptions } from './journal.js';
import { ZoneLock } from './lock.js';
import { createMissingZone } from '../zone-lifecycle.js';
import type { RunFiles } from './runs.js';

/** How a run pushes its zones: what apply, resume, rollback and switch all hand to `runZones`. */
export interface PushOptions extends RunOptions {
  force: boolean;
  /** Zones applied at once (default 1). */
  parallelZones?: number;
  maxWaitSeconds: number;
  syncTimeoutMs: number;
  verifier: ChunkVerifier;
  onEvent?: (entry: JournalEntry) => void;
  /** Told of each journal entry once it is on disk (the crash tests' seam; see src/cli/test-seams.ts). */
  journalObserver?: JournalObserver;
  now?: () => Date;
  sleep?: (ms: number) => Promise<void>;
}

export interface ApplyReport {
  runId?: string;
  runDir?: string;
  status: 'done' | 'no-changes' | 'failed' | 'waiting' | 'cancelled' | 'rolled-back';
  zones: ZoneOutcome[];
  rollback?: ZoneOutcome;
  /** Zones the target cannot create (BIND): not applied there until they are added by hand. */
  byHand?: MissingZone[];
  exitCode: ExitCodeValue;
}

export function refuseUnsafe(reasons: string[]): never {
  throw new ZonesyncError(SAFETY_REFUSAL, { exitCode: ExitCode.refusedBySafety, details: reasons });
}

export function executeOptions(options: PushOptions, journal: Journal): ExecuteOptions {
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

/** One zone plan to run; `phases` is computed from the live state read under the lock. */
export interface ZoneWork {
  zp: ZonePlan;
  phases: (live: Zone | undefined) => Phase[];
  /** When set, the live state must still have the plan's digest; this says why not and what to do. */
  moved?: string;
  /** Judge the changes again against the live rrsets just read (a saved plan's counts may lie). */
  checkSafety?: boolean;
}

/** Bring one zone back to the snapshot its plan was made from, whatever chunks went out. */
export async function rollbackZone(provider: Provider, zp: ZonePlan, lowTtl: number | undefined, options: ExecuteOptions, force: boolean, retry?: string): Promise<ZoneOutcome> {
  const live = await provider.read(zp.zone);
  const { plan, conflicts } = planZoneRollback(zp, live, lowTtl, force);
  if (conflicts.length > 0 && !force) throw conflictError(zp, conflicts, 'roll back', retry);
  const phases: Phase[] = [{ name: 'change', changes: plan.changes, waitSeconds: 0 }];
  return executeZone(provider, zp.zone, phases, new ExpectedState(live, zp.zone), options);
}

/**
 * Run zone plans: up to `parallelZones` zones at once, the targets of one zone one after another
 * (so a bad change reaches one provider, not all). The first failure stops every zone before its
 * next chunk. Each provider paces its own API calls across all zones of the run.
 */
export async function runZones(config: Config, providers: ProviderSet, work: ZoneWork[], files: RunFiles, journal: Journal, options: PushOptions): Promise<ApplyReport> {
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
      const { zp, phases } = w;
      const lock = await ZoneLock.acquire(config.stateDir, zp.zone, zp.target, files.id);
      try {
        const provider = await providers.get(zp.target);
        const live = await provider.read(zp.zone);
        // Digest and counts cover only what the plan's sharing rules let zonesync manage: another writer's records may come and go.
        const managed = managedLive(live, zp.zone, zp.sharing).live;
        if (w.moved !== undefined && liveDigest(managed) !== zp.liveDigest) throw new ZonesyncError(`${zp.zone} on ${zp.target}: ${w.moved}`);
        if (w.checkSafety && !options.force) {
          const verdict = checkSafety(zp.changes, managed ? managedRRsets(managed).length : 0, config.defaults.safety, zp.zone);
          if (!verdict.ok) refuseUnsafe(verdict.reasons.map((r) => `${zp.zone} on ${zp.target}: ${r}`));
        }
        let start = live;
        if (!live) {
          const created = await createMissingZone(provider, zp.zone);
          const entry: JournalEntry = { type: 'zone-created', zone: zp.zone, target: zp.target, ...(created?.nameservers.length ? { nameservers: created.nameservers } : {}) };
          await journal.append(entry);
          options.onEvent?.(entry);
          // What the provider put in the new zone (SOA, its apex NS) is part of the state the run must leave.
          start = await provider.read(zp.zone);
        }
        const outcome = await executeZone(provider, zp.zone, phases(live), new ExpectedState(start, zp.zone), exec);
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
