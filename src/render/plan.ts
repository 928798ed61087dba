import { structuredPatch } from 'diff';
import type { Change } from '../core/change.js';
import { formatDuration } from '../core/horizon.js';
import { safetyRuleLine } from '../core/hints.js';
import { countChanges, type Plan, type ZonePlan } from '../core/plan.js';
import { rrsetLines } from './rrset-lines.js';
import { plain, type Style } from './style.js';

function diffLines(change: Change): string[] {
  const before = change.kind === 'create' ? [] : rrsetLines(change.before);
  const after = change.kind === 'delete' ? [] : rrsetLines(change.after);
  const patch = structuredPatch('live', 'desired', before.length ? `${before.join('\n')}\n` : '', after.length ? `${after.join('\n')}\n` : '', '', '', { context: 3 });
  return patch.hunks.flatMap((hunk) => hunk.lines.filter((l) => !l.startsWith('\\')).map((l) => `${l[0]} ${l.slice(1)}`));
}

function summary(changes: Change[]): string {
  const c = countChanges(changes);
  return `${changes.length} change${changes.length === 1 ? '' : 's'}: ${c.create} create, ${c.update} update, ${c.delete} delete`;
}

function horizonText(z: ZonePlan): string[] {
  const h = z.rollback.horizon;
  if (z.changes.length === 0) return [];
  return [
    `every cache shows the change within ${formatDuration(h.changeSeconds)}${h.changeDominatedBy ? ` (longest: ${h.changeDominatedBy})` : ''}`,
    `a rollback applied at time T shows everywhere by T + ${formatDuration(h.rollbackSeconds)}${h.rollbackDominatedBy ? ` (longest: ${h.rollbackDominatedBy})` : ''}`,
  ];
}

export function renderZonePlanText(z: ZonePlan, style: Style = plain, options: { forced?: boolean } = {}): string {
  const out: string[] = [];
  const created = z.zoneExists ? '' : ' (zone will be created)';
  out.push(style.heading(`${z.zone} on ${z.target} (${z.providerType})${created}: ${z.changes.length === 0 ? 'no changes' : summary(z.changes)}`));
  for (const change of z.changes) {
    for (const line of diffLines(change)) {
      if (line.startsWith('+')) out.push(`  ${style.added(line)}`);
      else if (line.startsWith('-')) out.push(`  ${style.removed(line)}`);
      else out.push(`  ${style.dim(line)}`);
    }
  }
  if (!z.safety.ok) {
    for (const reason of z.safety.reasons) out.push(`  ${(options.forced ? style.warn : style.bad)(safetyRuleLine(reason, options.forced === true))}`);
  }
  for (const line of horizonText(z)) out.push(`  ${style.dim(`rollback: ${line}`)}`);
  for (const warning of z.warnings) out.push(`  ${style.warn(`warning: ${warning}`)}`);
  return out.join('\n');
}

export function renderPlanText(plan: Plan, style: Style = plain, options: { forced?: boolean } = {}): string {
  const total = plan.zones.reduce((n, z) => n + z.changes.length, 0);
  const parts = plan.zones.map((z) => renderZonePlanText(z, style, options));
  parts.push(`${total === 0 ? 'No changes.' : `${total} change${total === 1 ? '' : 's'} across ${plan.zones.filter((z) => z.changes.length > 0).length} zone/target pair(s).`} Plan ${plan.checksum.slice(0, 12)} made ${plan.createdAt}.`);
  return `${parts.join('\n\n')}\n`;
}

export function renderPlanJson(plan: Plan): string {
  return `${JSON.stringify(plan, null, 2)}\n`;
}

/** For a pull-request comment: a table, the diffs folded, the rollback horizon, warnings. */
export function renderPlanMarkdown(plan: Plan): string {
  const out: string[] = ['## zonesync plan', ''];
  out.push('| zone | target | create | update | delete | safety | change visible within | rollback visible within |');
  out.push('|---|---|---:|---:|---:|---|---|---|');
  for (const z of plan.zones) {
    const c = countChanges(z.changes);
    const h = z.rollback.horizon;
    const safety = z.safety.ok ? 'ok' : `**refused**: ${z.safety.reasons.join('; ')}`;
    const horizon = z.changes.length ? [formatDuration(h.changeSeconds), formatDuration(h.rollbackSeconds)] : ['–', '–'];
    out.push(`| \`${z.zone}\` | ${z.target} | ${c.create} | ${c.update} | ${c.delete} | ${safety} | ${horizon[0]} | ${horizon[1]} |`);
  }
  out.push('');
  for (const z of plan.zones.filter((zp) => zp.changes.length > 0)) {
    out.push(`<details><summary><code>${z.zone}</code> on ${z.target}: ${summary(z.changes)}</summary>`, '', '```diff');
    for (const change of z.changes) out.push(...diffLines(change));
    out.push('```', '', '</details>', '');
    for (const line of horizonText(z)) out.push(`- Rollback: ${line}`);
    for (const warning of z.warnings) out.push(`- :warning: ${warning}`);
    if (horizonText(z).length || z.warnings.length) out.push('');
  }
  out.push(`Plan checksum \`${plan.checksum}\`, made ${plan.createdAt}.`, '');
  return out.join('\n');
}
