import type { Merged } from '../engine/report.js';
import { renderPlanMarkdown, renderPlanText } from './plan.js';
import type { Style } from './style.js';
import { renderVerifyHtml } from './verify-html.js';
import { renderVerifyMarkdown, renderVerifyText } from './verify.js';

/** `zonesync report merge`: the merged reports in the format asked, saying first which shards are missing. */

export function missingShardLines(merged: Merged): string[] {
  return merged.missingShards.map((s) => `shard ${s} has no report: its zones are not in this ${merged.kind === 'plan' ? 'plan' : 'status'}`);
}

export function renderMerged(merged: Merged, format: 'text' | 'json' | 'markdown', style: Style): string {
  const missing = missingShardLines(merged);
  if (format === 'json') {
    const body = merged.kind === 'verify' ? { reports: merged.reports } : { plan: merged.plan };
    return `${JSON.stringify({ kind: merged.kind, createdAt: merged.createdAt, missingShards: merged.missingShards, exitCode: merged.exitCode, ...body }, null, 2)}\n`;
  }
  if (format === 'markdown') {
    const warning = missing.length > 0 ? ['> [!WARNING]', ...missing.map((m) => `> ${m}`), ''] : [];
    const body = merged.kind === 'verify' ? `## zonesync verify\n\n${renderVerifyMarkdown(merged.reports)}` : renderPlanMarkdown(merged.plan);
    return `${[...warning, body].join('\n')}`;
  }
  const body = merged.kind === 'verify' ? renderVerifyText(merged.reports, style) : renderPlanText(merged.plan, style);
  return `${[...missing.map((m) => style.warn(`warning: ${m}`)), body].join('\n')}`;
}

export function renderMergedHtml(merged: Merged & { kind: 'verify' }): string {
  return renderVerifyHtml(merged.reports, new Date(merged.createdAt), 50, missingShardLines(merged));
}
