import { hostname } from 'node:os';
import type { Config } from '../config/load.js';
import { converge, forwardGoals } from '../core/converge.js';
import { ExitCode, ZonesyncError } from '../core/errors.js';
import { liveDigest, type ZonePlan } from '../core/plan.js';
import { planZoneRollback } from '../core/rollback-plan.js';
import { resumeCommand } from '../core/hints.js';
import { stagedStates, stagePhases, type Phase } from '../core/stage.js';
import type { Provider } from '../providers/provider.js';
import type { ProviderSet } from '../providers/registry.js';
import { runZones, executeOptions, type ApplyOptions, type ApplyReport } from './apply.js';
import { executeZone, type ExecuteOptions, type ZoneOutcome } from './execute.js';
import { ExpectedState } from './expected-state.js';
import { Journal } from './journal.js';
import { conflictError, previewRollback, recordedOptions, type RollbackPreview } from './rollback-preview.js';
import { discardIfUnwritten } from './run-status.js';
import { findRun, loadRun, runFiles, createRun } from './runs.js';
import { ZoneLock } from './lock.js';

/** Bring one zone back to the snapshot its plan was made from, whatever chunks went out. */
export async function rollbackZone(provider: Provider, zp: ZonePlan, lowTtl: number | undefined, options: ExecuteOptions, force: boolean, retry?: string): Promise<ZoneOutcome> {
  const live = await provider.read(zp.zone);
  const { plan, conflicts } = planZoneRollback(zp, live, lowTtl, force);
  if (conflicts.length > 0 && !force) throw conflictError(zp, conflicts, 'roll back', retry);
  const phases: Phase[] = [{ name: 'change', changes: plan.changes, waitSeconds: 0 }];
  return executeZone(provider, zp.zone, phases, new ExpectedState(live, zp.zone), options);
}

export interface RollbackRunOptions extends ApplyOptions {
  runId?: string;
  /** What was shown and agreed to: refused when live state moved since. Made here when absent. */
  preview?: RollbackPreview;
}

export type RollbackReport = ApplyReport & { of: string; horizonSeconds: number; preview: RollbackPreview };

/**
 * `zonesync rollback [RUN]`: send the previewed rollback, zone by zone, as a run of its own whose
 * plan is the rollback itself. Each zone is read again under its lock and must not have moved.
 */
export async function rollbackRun(config: Config, providers: ProviderSet, options: RollbackRunOptions): Promise<RollbackReport> {
  const now = options.now ?? (() => new Date());
  const preview = options.preview ?? (await previewRollback(config, providers, { ...(options.runId ? { runId: options.runId } : {}), force: options.force, now: now() }));
  const base = { of: preview.of, preview, horizonSeconds: 0 };
  if (preview.nothingToUndo) return { ...base, status: 'no-changes', zones: [], exitCode: ExitCode.ok };
  const zones = preview.plan.zones.filter((zp) => zp.changes.length > 0);
  const horizonSeconds = Math.max(0, ...zones.map((z) => z.rollback.horizon.changeSeconds));
  const files = await createRun(config.stateDir, preview.plan, now(), (t) => config.redactor.redact(t));
  const journal = await Journal.open(files.journal, (t) => config.redactor.redact(t));
  let aborted = false;
  try {
    await journal.append({ type: 'run-start', runId: files.id, kind: 'rollback', of: preview.of, planChecksum: preview.plan.checksum, options: { chunkSize: options.chunkSize, verify: options.verify, pauseSeconds: options.pauseSeconds, rollbackOnFailure: false }, pid: process.pid, host: hostname() });
    const report: ApplyReport = { runId: files.id, runDir: files.dir, status: 'done', zones: [], exitCode: ExitCode.ok };
    for (const zp of zones) {
      const lock = await ZoneLock.acquire(config.stateDir, zp.zone, zp.target, files.id);
      try {
        const provider = await providers.get(zp.target);
        const live = await provider.read(zp.zone);
        if (liveDigest(live) !== zp.liveDigest) throw new ZonesyncError(`${zp.zone} on ${zp.target}: live state moved since the rollback was shown; nothing more was changed — run rollback ${preview.of} again`);
        const phases: Phase[] = [{ name: 'change', changes: zp.changes, waitSeconds: 0 }];
        const outcome = await executeZone(provider, zp.zone, phases, new ExpectedState(live, zp.zone), executeOptions(options, journal));
        report.zones.push(outcome);
        if (outcome.status === 'failed') {
          report.status = 'failed';
          report.exitCode = outcome.failed?.stage === 'verify' ? ExitCode.verificationFailed : ExitCode.error;
          break;
        }
      } finally {
        await lock.release();
      }
    }
    await journal.append({ type: 'run-end', status: report.status === 'failed' ? 'failed' : 'done' });
    return { ...report, ...base, horizonSeconds };
  } catch (error) {
    aborted = true;
    await journal.append({ type: 'run-end', status: 'aborted' }).catch(() => undefined);
    throw error;
  } finally {
    await journal.close();
    if (aborted) await discardIfUnwritten(files);
  }
}

/** `apply --resume [RUN]`: finish a run that was stopped (crash, failure, or a staged wait), applying nothing twice. */
export async function resumeRun(config: Config, providers: ProviderSet, options: RollbackRunOptions): Promise<ApplyReport> {
  const files = await findRun(config.stateDir, options.runId);
  const { plan, journal } = await loadRun(files);
  const first = journal.find((e) => e.type === 'run-start');
  if (first?.type === 'run-start' && first.kind === 'rollback') throw new ZonesyncError(`Run ${files.id} is a rollback; resume the apply it rolled back, or run rollback again`);
  const lowTtl = recordedOptions(journal)?.lowerTtl;
  const now = options.now ?? (() => new Date());
  const waits = journal.filter((e) => e.type === 'wait');
  for (const w of waits) {
    if (w.type === 'wait' && new Date(w.until).getTime() > now().getTime()) {
      throw new ZonesyncError(`Run ${files.id} is waiting for old TTLs to expire in caches: come back after ${w.until} (${w.zone} on ${w.target})`);
    }
  }
  const done = new Set(journal.filter((e) => e.type === 'zone-done').map((e) => (e.type === 'zone-done' ? `${e.zone} ${e.target}` : '')));
  const phasesDone = new Set(journal.filter((e) => e.type === 'phase-done').map((e) => (e.type === 'phase-done' ? `${e.zone} ${e.target} ${e.phase}` : '')));
  const work = plan.zones
    .filter((zp) => (zp.changes.length > 0 || !zp.zoneExists) && !done.has(`${zp.zone} ${zp.target}`))
    .map((zp) => ({
      zp,
      checkDigest: false,
      phases: (live: Parameters<typeof converge>[1]) => {
        const all = stagePhases(zp.changes, lowTtl).filter((p) => !phasesDone.has(`${zp.zone} ${zp.target} ${p.name}`));
        const [current, ...rest] = all;
        if (!current) return [];
        const result = converge(forwardGoals(current.changes, (c) => stagedStates(c, lowTtl)), live, zp.providerType, { overwrite: options.force });
        if (result.conflicts.length > 0 && !options.force) throw conflictError(zp, result.conflicts, 'resume', resumeCommand(files.id));
        return [{ ...current, changes: result.changes }, ...rest];
      },
    }));
  const journalOut = await Journal.open(files.journal, (t) => config.redactor.redact(t), journal.at(-1)?.seq ?? 0);
  try {
    await journalOut.append({ type: 'run-start', runId: files.id, kind: 'resume', of: files.id, planChecksum: plan.checksum, options: recordedOptions(journal) ?? { chunkSize: options.chunkSize, verify: options.verify, pauseSeconds: options.pauseSeconds, rollbackOnFailure: false }, pid: process.pid, host: hostname() });
    // The run keeps its shape: chunk size and pause as recorded when it started.
    const recorded = recordedOptions(journal);
    const shape = recorded ? { chunkSize: recorded.chunkSize, pauseSeconds: recorded.pauseSeconds } : {};
    const report = await runZones(config, providers, work, runFiles(config.stateDir, files.id), journalOut, { ...options, ...shape, lowerTtl: lowTtl });
    await journalOut.append({ type: 'run-end', status: report.status === 'no-changes' || report.status === 'cancelled' ? 'done' : report.status });
    return report;
  } finally {
    await journalOut.close();
  }
}
