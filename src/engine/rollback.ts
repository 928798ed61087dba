import { hostname } from 'node:os';
import type { Config } from '../config/load.js';
import { redactor } from '../config/secrets.js';
import { backwardGoals, converge, forwardGoals } from '../core/converge.js';
import { ExitCode, ZonesyncError } from '../core/errors.js';
import { conflictForceHint, resumeCommand, rollbackCommand } from '../core/hints.js';
import type { ZonePlan } from '../core/plan.js';
import { stagedStates, stagePhases, type Phase } from '../core/stage.js';
import type { Provider } from '../providers/provider.js';
import type { ProviderSet } from '../providers/registry.js';
import { runZones, executeOptions, type ApplyOptions, type ApplyReport } from './apply.js';
import { executeZone, type ExecuteOptions, type ZoneOutcome } from './execute.js';
import { ExpectedState } from './expected-state.js';
import { Journal, type JournalRecord } from './journal.js';
import { findRun, loadRun, runFiles, createRun } from './runs.js';
import { ZoneLock } from './lock.js';

function conflictError(zp: ZonePlan, conflicts: string[], what: string, retry?: string): ZonesyncError {
  return new ZonesyncError(`${zp.zone} on ${zp.target}: cannot ${what}: ${conflicts.length} rrset(s) were changed by someone else since the run`, {
    details: [...conflicts, conflictForceHint(retry)],
  });
}

/** Bring one zone back to the snapshot its plan was made from, whatever chunks went out. */
export async function rollbackZone(provider: Provider, zp: ZonePlan, lowTtl: number | undefined, options: ExecuteOptions, force: boolean, retry?: string): Promise<ZoneOutcome> {
  const live = await provider.read(zp.zone);
  const result = converge(backwardGoals(zp.changes, (c) => stagedStates(c, lowTtl)), live, provider.type, { overwrite: force });
  if (result.conflicts.length > 0 && !force) throw conflictError(zp, result.conflicts, 'roll back', retry);
  const phases: Phase[] = [{ name: 'change', changes: result.changes, waitSeconds: 0 }];
  return executeZone(provider, zp.zone, phases, new ExpectedState(live, zp.zone), options);
}

function touched(journal: JournalRecord[], zp: ZonePlan): boolean {
  return journal.some((e) => (e.type === 'chunk-start' || e.type === 'zone-created') && e.zone === zp.zone && e.target === zp.target);
}

function runOptionsOf(journal: JournalRecord[]) {
  const start = journal.find((e) => e.type === 'run-start');
  return start?.type === 'run-start' ? start.options : undefined;
}

export interface RollbackRunOptions extends ApplyOptions {
  runId?: string;
}

/** `zonesync rollback [RUN]`: restore every zone the run touched, newest first, as a run of its own. */
export async function rollbackRun(config: Config, providers: ProviderSet, options: RollbackRunOptions): Promise<ApplyReport & { of: string; horizonSeconds: number }> {
  const source = await findRun(config.stateDir, options.runId);
  const { plan, journal } = await loadRun(source);
  const lowTtl = runOptionsOf(journal)?.lowerTtl;
  const zones = plan.zones.filter((zp) => touched(journal, zp)).reverse();
  const horizonSeconds = Math.max(0, ...zones.map((z) => z.rollback.horizon.rollbackSeconds));
  if (zones.length === 0) return { status: 'no-changes', zones: [], exitCode: ExitCode.ok, of: source.id, horizonSeconds: 0 };
  const now = options.now ?? (() => new Date());
  const files = await createRun(config.stateDir, plan, now());
  const journalOut = await Journal.open(files.journal, (t) => redactor.redact(t));
  try {
    await journalOut.append({ type: 'run-start', runId: files.id, kind: 'rollback', of: source.id, planChecksum: plan.checksum, options: { chunkSize: options.chunkSize, verify: options.verify, pauseSeconds: options.pauseSeconds, rollbackOnFailure: false }, pid: process.pid, host: hostname() });
    const report: ApplyReport = { runId: files.id, runDir: files.dir, status: 'done', zones: [], exitCode: ExitCode.ok };
    for (const zp of zones) {
      const lock = await ZoneLock.acquire(config.stateDir, zp.zone, zp.target, files.id);
      try {
        const provider = await providers.get(zp.target);
        const outcome = await rollbackZone(provider, zp, lowTtl, executeOptions(options, journalOut), options.force, rollbackCommand(source.id));
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
    await journalOut.append({ type: 'run-end', status: report.status === 'failed' ? 'failed' : 'done' });
    return { ...report, of: source.id, horizonSeconds };
  } finally {
    await journalOut.close();
  }
}

/** `apply --resume [RUN]`: finish a run that was stopped (crash, failure, or a staged wait), applying nothing twice. */
export async function resumeRun(config: Config, providers: ProviderSet, options: RollbackRunOptions): Promise<ApplyReport> {
  const files = await findRun(config.stateDir, options.runId);
  const { plan, journal } = await loadRun(files);
  const first = journal.find((e) => e.type === 'run-start');
  if (first?.type === 'run-start' && first.kind === 'rollback') throw new ZonesyncError(`Run ${files.id} is a rollback; resume the apply it rolled back, or run rollback again`);
  const lowTtl = runOptionsOf(journal)?.lowerTtl;
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
  const journalOut = await Journal.open(files.journal, (t) => redactor.redact(t), journal.at(-1)?.seq ?? 0);
  try {
    await journalOut.append({ type: 'run-start', runId: files.id, kind: 'resume', of: files.id, planChecksum: plan.checksum, options: runOptionsOf(journal) ?? { chunkSize: options.chunkSize, verify: options.verify, pauseSeconds: options.pauseSeconds, rollbackOnFailure: false }, pid: process.pid, host: hostname() });
    // The run keeps its shape: chunk size and pause as recorded when it started.
    const recorded = runOptionsOf(journal);
    const shape = recorded ? { chunkSize: recorded.chunkSize, pauseSeconds: recorded.pauseSeconds } : {};
    const report = await runZones(config, providers, work, runFiles(config.stateDir, files.id), journalOut, { ...options, ...shape, lowerTtl: lowTtl });
    await journalOut.append({ type: 'run-end', status: report.status === 'no-changes' || report.status === 'cancelled' ? 'done' : report.status });
    return report;
  } finally {
    await journalOut.close();
  }
}
