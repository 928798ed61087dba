import { formatDuration, visibleAt } from '../core/horizon.js';
import { failedRunHint, waitingHint } from '../core/hints.js';
import type { ApplyReport } from '../engine/apply.js';
import type { VerifyLevel } from '../engine/run/chunk-verifier.js';
import type { ZoneOutcome } from '../engine/run/execute.js';
import type { JournalEntry } from '../engine/run/journal.js';
import type { ReadBack } from '../providers/provider.js';
import { plain, type Style } from './style.js';

/** What a live chunk was checked with, in the words every report uses. */
export const LEVEL_TEXT: Record<VerifyLevel, string> = {
  dns: 'verified over DNS',
  api: 'read back by API, not asked over DNS',
  none: 'not verified',
};

/** `3 of 3 chunk(s) live and verified over DNS`, `… live, read back by API, not asked over DNS`, `… live, not verified`, or a count per level. */
export function liveChunksText(z: ZoneOutcome): string {
  const counts = new Map<VerifyLevel, number>();
  for (const chunk of z.live) counts.set(chunk.verified, (counts.get(chunk.verified) ?? 0) + 1);
  const head = `${z.live.length} of ${z.chunks} chunk(s) live`;
  const levels = [...counts.keys()];
  const only = levels.length === 0 ? z.verify : levels.length === 1 ? levels[0] : undefined;
  if (only === 'dns') return `${head} and ${LEVEL_TEXT.dns}`;
  if (only) return `${head}, ${LEVEL_TEXT[only]}`;
  return `${head}: ${(['dns', 'api', 'none'] as const).filter((l) => counts.has(l)).map((l) => `${counts.get(l)} ${LEVEL_TEXT[l]}`).join(', ')}`;
}

const READ_BACK_TEXT: Record<ReadBack['method'], string> = {
  partial: 'read back by a partial read',
  range: 'read back with the range of the zone it covers',
  whole: 'read back by a whole read of the zone',
  written: 'read back from the file just written',
};

/** How a chunk was read back, as a progress line ends: `read back by a partial read (1 call)`. */
export function readBackText(readBack: ReadBack): string {
  const calls = readBack.calls === undefined ? '' : ` (${readBack.calls} call${readBack.calls === 1 ? '' : 's'})`;
  return `${READ_BACK_TEXT[readBack.method]}${calls}`;
}

/** One progress line per journal step: grep-able in CI logs. */
export function renderProgressLine(entry: JournalEntry): string | undefined {
  switch (entry.type) {
    case 'zone-created':
      return `${entry.zone} on ${entry.target}: zone created${entry.nameservers?.length ? ` (nameservers ${entry.nameservers.join(' ')})` : ''}`;
    case 'chunk-start':
      return `${entry.zone} on ${entry.target}: ${entry.phase} chunk ${entry.chunk}/${entry.chunks}: pushing ${entry.changes.length} change(s)`;
    case 'chunk-verified': {
      const where = `${entry.zone} on ${entry.target}: ${entry.phase} chunk ${entry.chunk}`;
      const readBack = entry.readBack ? `; ${readBackText(entry.readBack)}` : '';
      // Journals written before levels were recorded say only that the chunk passed.
      if (entry.level === 'none' || entry.level === 'api') return `${where} live, ${LEVEL_TEXT[entry.level]}${entry.note ? ` (${entry.note})` : ''}${readBack}`;
      return `${where} ${entry.level ? LEVEL_TEXT.dns : 'verified'}${entry.nameservers ? ` (${entry.queries} queries to ${entry.nameservers} nameserver(s))` : ''}${readBack}`;
    }
    case 'chunk-failed':
      return `${entry.zone} on ${entry.target}: ${entry.phase} chunk ${entry.chunk} FAILED at ${entry.stage}: ${entry.error}`;
    case 'wait':
      return `${entry.zone} on ${entry.target}: waiting for old TTLs until ${entry.until}`;
    case 'drift-checked':
      return entry.problems.length === 0
        ? `${entry.zone} on ${entry.target}: final drift check: the whole zone is as expected (${entry.rrsets} rrsets${entry.method ? `; ${entry.method}` : ''})`
        : `${entry.zone} on ${entry.target}: final drift check FAILED: ${entry.problems.length} rrset(s) differ from the expected state`;
    case 'zone-prepared':
    case 'zone-settled':
      return `${entry.zone} on ${entry.target}: ${entry.detail}`;
    case 'zone-done':
      return `${entry.zone} on ${entry.target}: done`;
    default:
      return undefined;
  }
}

export function renderApplyReport(report: ApplyReport, style: Style = plain): string {
  const out: string[] = [];
  // A zone the target cannot create (BIND) was left alone: what to do is said first.
  for (const m of report.byHand ?? []) {
    out.push(style.bad(`${m.zone} on ${m.target}: not applied: ${m.target} (${m.providerType}) does not have the zone and cannot create it`));
    for (const step of m.steps) out.push(`  ${step}`);
  }
  if (report.status === 'no-changes') return out.length ? `${out.join('\n')}\n` : 'No changes: nothing to apply.\n';
  if (report.status === 'cancelled') return 'Cancelled: nothing was written.\n';
  for (const z of report.zones) {
    const head = `${z.zone} on ${z.target}: ${z.status}, ${liveChunksText(z)}`;
    const checkedLess = z.live.some((c) => c.verified !== 'dns');
    out.push(z.status === 'failed' ? style.bad(head) : z.status === 'done' && !checkedLess ? style.good(head) : style.warn(head));
    for (const note of new Set(z.live.flatMap((c) => (c.note ? [c.note] : [])))) out.push(style.warn(`  ${note}`));
    if (z.failed) {
      out.push(`  chunk ${z.failed.chunk} (${z.failed.phase}) failed at ${z.failed.stage}: ${z.failed.error}`);
      for (const d of z.failed.details.slice(0, 20)) out.push(`    - ${d}`);
      if (z.failed.details.length > 20) out.push(`    … ${z.failed.details.length - 20} more`);
      out.push(`  chunk ${z.failed.chunk} is ${z.failed.state}; chunks after it were not sent`);
    }
    if (z.waitUntil) out.push(`  ${waitingHint(z.waitUntil, report.runId)}`);
  }
  if (report.rollback) {
    out.push(report.rollback.status === 'done' ? style.warn(`rolled back ${report.rollback.zone} on ${report.rollback.target} to the snapshot the plan was made from`) : style.bad(`rollback of ${report.rollback.zone} on ${report.rollback.target} ${report.rollback.status}`));
  }
  if (report.runId) out.push(style.dim(`run ${report.runId}: journal, plan and rollback plan in ${report.runDir}`));
  if (report.status === 'failed' && !report.rollback) out.push(failedRunHint(report.runId));
  return `${out.join('\n')}\n`;
}

export function renderRollbackHorizon(seconds: number, now: Date): string {
  return `Every cache will have seen the rollback by ${visibleAt(now, seconds)} (within ${formatDuration(seconds)}: the longest TTL of what it replaced, or the negative-caching TTL for names it removes).`;
}
