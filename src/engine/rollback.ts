import type { Config } from '../config/load.js';
import { ExitCode } from '../core/errors.js';
import type { Phase } from '../core/stage.js';
import type { ProviderSet } from '../providers/registry.js';
import type { ApplyOptions } from './apply.js';
import { previewRollback, type RollbackPreview } from './rollback-preview.js';
import { withRun } from './run/with-run.js';
import { runZones, type ApplyReport } from './run/zones.js';

export interface RollbackRunOptions extends ApplyOptions {
  runId?: string;
  /** What was shown and agreed to: refused when live state moved since. Made here when absent. */
  preview?: RollbackPreview;
}

export type RollbackReport = ApplyReport & { of: string; horizonSeconds: number; preview: RollbackPreview };

/**
 * `zonesync rollback [RUN]`: send the previewed rollback, zone by zone, as a run of its own whose
 * plan is the rollback itself. Each zone is read again under its lock and must not have moved.
 *
 * What is sent is worked out from the run's journal and the live state read now (the preview),
 * never from a rollback stored in the plan: only what the run left live is undone, staged TTL
 * states included, and rrsets changed by someone else since are conflicts. A plan made before the
 * run cannot know any of that, so plans carry only the TTL horizon of their rollback.
 */
export async function rollbackRun(config: Config, providers: ProviderSet, options: RollbackRunOptions): Promise<RollbackReport> {
  const now = options.now ?? (() => new Date());
  const preview = options.preview ?? (await previewRollback(config, providers, { ...(options.runId ? { runId: options.runId } : {}), force: options.force, now: now() }));
  const base = { of: preview.of, preview, horizonSeconds: 0 };
  if (preview.nothingToUndo) return { ...base, status: 'no-changes', zones: [], exitCode: ExitCode.ok };
  const zones = preview.plan.zones.filter((zp) => zp.changes.length > 0);
  const horizonSeconds = Math.max(0, ...zones.map((z) => z.rollback.horizon.changeSeconds));
  const moved = `live state moved since the rollback was shown; nothing more was changed — run rollback ${preview.of} again`;
  const work = zones.map((zp) => ({ zp, moved, phases: (): Phase[] => [{ name: 'change', changes: zp.changes, waitSeconds: 0 }] }));
  const start = { kind: 'rollback' as const, of: preview.of, planChecksum: preview.plan.checksum, options: { chunkSize: options.chunkSize, verify: options.verify, pauseSeconds: options.pauseSeconds, rollbackOnFailure: false } };
  const report = await withRun({ stateDir: config.stateDir, redact: (t) => config.redactor.redact(t), open: { plan: preview.plan, now: now() }, start, ...(options.journalObserver ? { observer: options.journalObserver } : {}) }, ({ files, journal }) =>
    // One zone at a time, newest first, and never rolled back again on failure.
    runZones(config, providers, work, files, journal, { ...options, parallelZones: 1, rollbackOnFailure: false }),
  );
  return { ...report, ...base, horizonSeconds };
}
