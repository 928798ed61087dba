import type { Config } from '../config/load.js';
import { converge, forwardGoals } from '../core/converge.js';
import { ZonesyncError } from '../core/errors.js';
import { resumeCommand } from '../core/hints.js';
import type { Zone } from '../core/model.js';
import { stagedStates, stagePhases } from '../core/stage.js';
import type { ProviderSet } from '../providers/registry.js';
import type { ApplyOptions } from './apply.js';
import { conflictError } from './run/conflict.js';
import { readJournalEnds, recordedOptions } from './run/journal.js';
import { findRun, loadRun } from './run/runs.js';
import { withRun } from './run/with-run.js';
import { runZones, type ApplyReport } from './run/zones.js';

/** `apply --resume [RUN]`: finish a run that was stopped (crash, failure, or a staged wait), applying nothing twice. */
export async function resumeRun(config: Config, providers: ProviderSet, options: ApplyOptions & { runId?: string }): Promise<ApplyReport> {
  const files = await findRun(config.stateDir, options.runId);
  const started = (await readJournalEnds(files.journal)).first;
  if (started?.type === 'run-start' && started.kind === 'switch') throw new ZonesyncError(`Run ${files.id} is a switch; continue it with ${started.resumeWith ?? 'the same zonesync switch command and --resume'}`);
  const { plan, journal } = await loadRun(files);
  const first = journal.find((e) => e.type === 'run-start');
  if (first?.type === 'run-start' && first.kind === 'rollback') throw new ZonesyncError(`Run ${files.id} is a rollback; resume the apply it rolled back, or run rollback again`);
  const recorded = recordedOptions(journal);
  const lowTtl = recorded?.lowerTtl;
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
      phases: (live: Zone | undefined) => {
        const all = stagePhases(zp.changes, lowTtl).filter((p) => !phasesDone.has(`${zp.zone} ${zp.target} ${p.name}`));
        const [current, ...rest] = all;
        if (!current) return [];
        const result = converge(forwardGoals(current.changes, (c) => stagedStates(c, lowTtl)), live, zp.providerType, { overwrite: options.force });
        if (result.conflicts.length > 0 && !options.force) throw conflictError(zp, result.conflicts, 'resume', resumeCommand(files.id));
        return [{ ...current, changes: result.changes }, ...rest];
      },
    }));
  const start = { kind: 'resume' as const, of: files.id, planChecksum: plan.checksum, options: recorded ?? { chunkSize: options.chunkSize, verify: options.verify, pauseSeconds: options.pauseSeconds, rollbackOnFailure: false } };
  // The run keeps its shape: chunk size and pause as recorded when it started.
  const shape = recorded ? { chunkSize: recorded.chunkSize, pauseSeconds: recorded.pauseSeconds } : {};
  const open = { resume: files, lastSeq: journal.at(-1)?.seq ?? 0 };
  return withRun({ stateDir: config.stateDir, redact: (t) => config.redactor.redact(t), open, start, ...(options.journalObserver ? { observer: options.journalObserver } : {}) }, (run) =>
    runZones(config, providers, work, run.files, run.journal, { ...options, ...shape, lowerTtl: lowTtl }),
  );
}
