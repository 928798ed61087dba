import { countChanges, type ZonePlan } from '../core/plan.js';
import type { RollbackPreview } from '../engine/rollback-preview.js';
import { renderPlanText } from './plan.js';
import { plain, type Style } from './style.js';

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

function runLine(preview: RollbackPreview): string {
  const what = preview.kind === 'rollback' ? 'a rollback' : 'an apply';
  const started = preview.startedAt ? `, started ${preview.startedAt}` : '';
  const ended = preview.ended ? `ended ${preview.ended}` : 'did not finish';
  return `Run ${preview.of}: ${what}${started}, ${ended}.`;
}

function scopeLine(zones: ZonePlan[]): string {
  const changes = zones.flatMap((z) => z.changes);
  const c = countChanges(changes);
  const names = new Set(zones.map((z) => z.zone)).size;
  const targets = new Set(zones.map((z) => z.target)).size;
  const pairs = zones.map((z) => `${z.zone} on ${z.target}`);
  const shown = pairs.length > 10 ? `${pairs.slice(0, 10).join(', ')} and ${pairs.length - 10} more` : pairs.join(', ');
  return `Rollback: ${plural(changes.length, 'change')} (${c.create} create, ${c.update} update, ${c.delete} delete) in ${plural(names, 'zone')} × ${plural(targets, 'target')}: ${shown}.`;
}

/** What `rollback` will send, before it asks: the run, its scope and counts, then the diff in the plan's own format. */
export function renderRollbackPreview(preview: RollbackPreview, style: Style = plain, options: { full?: boolean } = {}): string {
  const zones = preview.plan.zones.filter((z) => z.changes.length > 0);
  const out = [style.heading(runLine(preview)), scopeLine(zones)];
  const created = createdZonesLine(preview);
  if (created) out.push(style.warn(created));
  if (preview.conflicts.length > 0) {
    out.push(style.warn(`Overwritten with the run's snapshot (--force), changed by someone else since the run: ${preview.conflicts.length} rrset(s)`));
    for (const c of preview.conflicts.slice(0, 20)) out.push(`  - ${c}`);
    if (preview.conflicts.length > 20) out.push(`  … ${preview.conflicts.length - 20} more`);
  }
  return `${out.join('\n')}\n\n${renderPlanText(preview.plan, style, { full: options.full === true })}`;
}

/** Rollback never deletes a zone: the zones the run created stay, and this says so. */
function createdZonesLine(preview: RollbackPreview): string | undefined {
  const zones = preview.createdZones ?? [];
  if (zones.length === 0) return undefined;
  const shown = zones.length > 10 ? `${zones.slice(0, 10).join(', ')} and ${zones.length - 10} more` : zones.join(', ');
  return `The run created ${zones.length === 1 ? 'zone' : 'zones'} ${shown}: rollback never deletes a zone, so ${zones.length === 1 ? 'it stays' : 'they stay'} (delete by hand at the provider if ${zones.length === 1 ? 'it' : 'they'} should go).`;
}

export function renderNothingToUndo(preview: RollbackPreview): string {
  const created = createdZonesLine(preview);
  return `Nothing to undo for run ${preview.of}: ${preview.nothingToUndo ?? 'no changes'}.\n${created ? `${created}\n` : ''}`;
}

/** The last line of a rollback that went through: which run it undid, and the run that did it. */
export function renderRolledBack(of: string, runId: string | undefined): string {
  return `Rolled back run ${of}${runId ? ` (as run ${runId})` : ''}.\n`;
}
