import { formatDuration } from '../core/horizon.js';
import type { SwitchReport, SwitchStep, SwitchStepStatus } from '../engine/switch/report.js';
import { plain, type Style } from './style.js';

/** `switch` reports as text, JSON and markdown: what each step did, or would do. */

const LABEL: Record<SwitchStepStatus, string> = { ok: 'ok', failed: 'FAILED', skipped: 'skipped', 'dry-run': 'dry run', waiting: 'waiting' };

function label(status: SwitchStepStatus, style: Style): string {
  const text = LABEL[status].padEnd(7);
  if (status === 'ok') return style.good(text);
  if (status === 'failed') return style.bad(text);
  if (status === 'dry-run' || status === 'waiting') return style.changed(text);
  return style.dim(text);
}

function headline(report: SwitchReport): string {
  const from = report.from ? ` from ${report.from}` : '';
  const what = `switch ${report.zone}${from} to ${report.to}`;
  if (!report.ok) return `${what}: FAILED (exit ${report.exitCode})`;
  return report.dryRun ? `${what}: dry run — nothing was written; run again with --yes to switch` : `${what}: done`;
}

/** A `--dnssec` step's timing: how long it took, when a wait ends, or that an earlier invocation did it. */
export function timing(s: SwitchStep): string {
  const parts: string[] = [];
  if (s.seconds !== undefined) parts.push(s.seconds < 10 ? `${s.seconds.toFixed(1)} s` : formatDuration(Math.round(s.seconds)));
  if (s.until !== undefined) parts.push(`until ${s.until}`);
  if (s.earlier && s.startedAt) parts.push(`done earlier, ${s.startedAt}`);
  return parts.length > 0 ? ` (${parts.join(', ')})` : '';
}

export function renderSwitchText(report: SwitchReport, style: Style = plain): string {
  const out: string[] = [style.heading(headline(report))];
  for (const s of report.steps) {
    out.push(`  ${label(s.status, style)} ${s.name.padEnd(11)} ${s.detail}${timing(s)}`);
    for (const line of s.lines) out.push(`                      ${line}`);
  }
  if (report.delegation.length > 0) out.push(`delegation: ${report.delegation.join(' ')}`);
  for (const w of report.warnings) out.push(style.warn(`warning: ${w}`));
  if (report.run && report.run.status !== 'done') out.push(`run ${report.run.id} (${report.run.strategy}) is ${report.run.status}: continue it with ${report.run.resumeWith}`);
  return `${out.join('\n')}\n`;
}

export function renderSwitchJson(report: SwitchReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

function stepMarkdown(s: SwitchStep): string[] {
  return [`| ${s.name} | ${LABEL[s.status]} | ${cell(s.detail + timing(s))} |`];
}

export function renderSwitchMarkdown(report: SwitchReport): string {
  const out = [`## ${headline(report)}`, '', '| step | status | detail |', '| --- | --- | --- |', ...report.steps.flatMap(stepMarkdown), ''];
  for (const s of report.steps.filter((x) => x.lines.length > 0)) {
    out.push(`<details><summary>${s.name}</summary>`, '', '```', ...s.lines, '```', '', '</details>', '');
  }
  if (report.delegation.length > 0) out.push(`**Delegation:** ${report.delegation.map((n) => `\`${n}\``).join(' ')}`, '');
  for (const w of report.warnings) out.push(`> **Warning:** ${cell(w)}`, '');
  return `${out.join('\n')}`;
}
