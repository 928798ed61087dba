import { ZonesyncError } from '../core/errors.js';
import type { Config } from '../config/load.js';
import { rollbackCommand } from '../core/hints.js';
import { buildPlan, type Plan, type ZonePlan } from '../core/plan.js';
import { planZoneRollback } from '../core/rollback-plan.js';
import type { ProviderSet } from '../providers/registry.js';
import { conflictError } from './run/conflict.js';
import { recordedOptions, type JournalRecord, type RunEndStatus } from './run/journal.js';
import { lastRollbackOf, lastRunToUndo, summarizeRun } from './run/run-status.js';
import { findRun, loadRun } from './run/runs.js';

/** What `rollback` will undo, read from the run's files and from live state, before anything is asked or sent. */
export interface RollbackPreview {
  /** The run undone. */
  of: string;
  kind: 'apply' | 'rollback';
  startedAt?: string;
  /** How its journal was closed; absent when the run did not finish. */
  ended?: RunEndStatus;
  /** The rollback's own changes per zone and target, newest zone first: what will be sent. */
  plan: Plan;
  /** rrsets someone else changed since the run, overwritten with the run's snapshot (only with --force; without, the preview is refused). */
  conflicts: string[];
  /** Why nothing is left to undo, when nothing is. */
  nothingToUndo?: string;
  /** Zones the run created (`example.com. at r53`): rollback empties what the run wrote there but never deletes a zone. */
  createdZones?: string[];
}

function touched(journal: JournalRecord[], zp: ZonePlan): boolean {
  return journal.some((e) => (e.type === 'chunk-start' || e.type === 'zone-created') && e.zone === zp.zone && e.target === zp.target);
}

async function whyNothing(stateDir: string, preview: Omit<RollbackPreview, 'nothingToUndo'>, touchedAny: boolean): Promise<string | undefined> {
  if (preview.plan.zones.some((z) => z.changes.length > 0)) return undefined;
  if (!touchedAny) return preview.ended ? 'it wrote nothing' : 'it stopped before writing anything';
  if (preview.conflicts.length > 0) return `what is left of it (${preview.conflicts.length} rrset(s)) was changed by someone else since, and stays as it is`;
  const by = await lastRollbackOf(stateDir, preview.of);
  return by ? `it was already rolled back by run ${by.id}` : 'none of its changes is live any more (live state matches the snapshot its plan was made from)';
}

/**
 * Read the named run (or the last one that wrote something) and live state, and work out the
 * rollback. Conflicts refuse here, before any question is asked, unless `force`.
 */
export async function previewRollback(config: Config, providers: ProviderSet, options: { runId?: string; force: boolean; now: Date }): Promise<RollbackPreview> {
  const summary = options.runId ? await summarizeRun(config.stateDir, (await findRun(config.stateDir, options.runId)).id) : await lastRunToUndo(config.stateDir);
  if (summary.kind === 'switch') throw new ZonesyncError(`Run ${summary.id} is a switch: it has no rollback plan; move the delegation back with another zonesync switch`);
  const { plan, journal } = await loadRun(summary.files);
  const lowTtl = recordedOptions(journal)?.lowerTtl;
  const zones = plan.zones.filter((zp) => touched(journal, zp)).reverse();
  const rollbacks: ZonePlan[] = [];
  const conflicts: string[] = [];
  for (const zp of zones) {
    const provider = await providers.get(zp.target);
    const rollback = planZoneRollback(zp, await provider.read(zp.zone), lowTtl, options.force);
    if (rollback.conflicts.length > 0 && !options.force) throw conflictError(zp, rollback.conflicts, 'roll back', rollbackCommand(summary.id));
    conflicts.push(...rollback.conflicts.map((c) => `${zp.zone} on ${zp.target}: ${c}`));
    rollbacks.push(rollback.plan);
  }
  const preview: RollbackPreview = { of: summary.id, kind: summary.kind === 'rollback' ? 'rollback' : 'apply', plan: buildPlan(rollbacks, options.now), conflicts };
  if (summary.startedAt) preview.startedAt = summary.startedAt;
  if (summary.ended) preview.ended = summary.ended;
  const created = journal.flatMap((e) => (e.type === 'zone-created' ? [`${e.zone} at ${e.target}`] : []));
  if (created.length > 0) preview.createdZones = created;
  const nothing = await whyNothing(config.stateDir, preview, zones.length > 0);
  if (nothing) preview.nothingToUndo = nothing;
  return preview;
}
