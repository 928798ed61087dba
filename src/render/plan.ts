import { structuredPatch } from 'diff';
import { changeSubject, type Change } from '../core/change.js';
import { formatDuration } from '../core/horizon.js';
import { safetyRuleLine } from '../core/hints.js';
import { countChanges, type Plan, type ZonePlan } from '../core/plan.js';
import { missingZone, missingZones, zoneCreationLine, zoneList } from '../core/zone-creation.js';
import { rrsetLines } from './rrset-lines.js';
import { leftAloneLines } from './left-alone.js';
import { steeringFallbackLines } from './steering.js';
import { plain, type Style } from './style.js';

/** How much of a big plan the text shows unless `full`: enough to review, bounded so a prompt after it stays in reach. */
export interface PlanTextLimits {
  /** A zone/target pair with more changes than this shows counts by type and kind, then only the first `shownChanges`. */
  summariseAbove: number;
  shownChanges: number;
  /** Lines of the whole text (a confirmation prompt never follows more than this plus a few). */
  maxLines: number;
  /** Warnings shown per zone/target pair. */
  shownWarnings: number;
  /** Safety refusals listed in each of the two refusal blocks (first and last). */
  shownRefusals: number;
  /** Above this many zone/target pairs without changes, they are counted in one line instead of listed. */
  listedUnchanged: number;
  /** Names listed in a pair's "left alone" section (its counts are always shown). */
  leftAloneNames?: number;
}

export const DEFAULT_PLAN_TEXT_LIMITS: PlanTextLimits = { summariseAbove: 200, shownChanges: 50, maxLines: 5000, shownWarnings: 10, shownRefusals: 20, listedUnchanged: 20 };

export interface PlanTextOptions {
  /** Print every change, warning and refusal, however many (`--full`). */
  full?: boolean;
  /** `apply --force`: a safety verdict is shown as overridden, not as a refusal. */
  forced?: boolean;
  limits?: Partial<PlanTextLimits>;
}

/** What a text names when it leaves something out. */
export const FULL_HINT = '(--full or --format json)';

function diffLines(change: Change): string[] {
  const before = change.kind === 'create' ? [] : rrsetLines(change.before);
  const after = change.kind === 'delete' ? [] : rrsetLines(change.after);
  const patch = structuredPatch('live', 'desired', before.length ? `${before.join('\n')}\n` : '', after.length ? `${after.join('\n')}\n` : '', '', '', { context: 3 });
  return patch.hunks.flatMap((hunk) => hunk.lines.filter((l) => !l.startsWith('\\')).map((l) => `${l[0]} ${l.slice(1)}`));
}

/** `~ www.example.com. A: written again: NS1 monitor "…" is missing`, under a change the provider asked for (`ZonePlan.repairs`). */
function repairLines(z: ZonePlan, change: Change): string[] {
  const subject = changeSubject(change);
  return (z.repairs ?? []).filter((r) => r.name === subject.name && r.type === subject.type).map((r) => `~ ${r.name} ${r.type}: written again: ${r.reason}`);
}

/** A change as the plan shows it: its diff, and why it is written again when the provider asked for that. */
function changeLines(z: ZonePlan, change: Change): string[] {
  return [...diffLines(change), ...repairLines(z, change)];
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

function summary(changes: Change[]): string {
  const c = countChanges(changes);
  return `${plural(changes.length, 'change')}: ${c.create} create, ${c.update} update, ${c.delete} delete`;
}

/** Counts per rrtype, types in alphabetical order: `A: 300 create, 12 update, 0 delete`. */
export function countsByType(changes: Change[]): string[] {
  const byType = new Map<string, { create: number; update: number; delete: number }>();
  for (const change of changes) {
    const type = changeSubject(change).type;
    let counts = byType.get(type);
    if (!counts) byType.set(type, (counts = { create: 0, update: 0, delete: 0 }));
    counts[change.kind]++;
  }
  return [...byType.keys()].sort().map((type) => {
    const c = byType.get(type) as { create: number; update: number; delete: number };
    return `${type}: ${c.create} create, ${c.update} update, ${c.delete} delete`;
  });
}

function horizonText(z: ZonePlan): string[] {
  const h = z.rollback.horizon;
  if (z.changes.length === 0) return [];
  return [
    `every cache shows the change within ${formatDuration(h.changeSeconds)}${h.changeDominatedBy ? ` (longest: ${h.changeDominatedBy})` : ''}`,
    `a rollback applied at time T shows everywhere by T + ${formatDuration(h.rollbackSeconds)}${h.rollbackDominatedBy ? ` (longest: ${h.rollbackDominatedBy})` : ''}`,
  ];
}

function limitsOf(options: PlanTextOptions): PlanTextLimits {
  if (options.full) return { summariseAbove: Infinity, shownChanges: Infinity, maxLines: Infinity, shownWarnings: Infinity, shownRefusals: Infinity, listedUnchanged: Infinity, leftAloneNames: Infinity };
  return { ...DEFAULT_PLAN_TEXT_LIMITS, ...options.limits };
}

/** Lines a zone always ends with: the "more" line, the horizon and the shown warnings with their "more" line. */
function tailReserve(z: ZonePlan, limits: PlanTextLimits): number {
  return 1 + horizonText(z).length + (z.dnssec ? 1 : 0) + steeringFallbackLines(z).length + Math.min(z.warnings.length, limits.shownWarnings) + 1 + leftAloneLines(z, limits.leftAloneNames ?? 0).length;
}

/** The plan line of a zone the target lacks: `create zone example.com. at r53`, or the steps to take by hand first. */
function creationLines(z: ZonePlan): string[] {
  if (z.zoneExists) return [];
  const m = missingZone(z);
  return [zoneCreationLine(m), ...m.steps.map((step) => `  ${step}`)];
}

/** One zone/target pair in at most `budget` lines (plus the tail it reserves); `inlineSafety` for a zone shown on its own. */
function zoneLines(z: ZonePlan, style: Style, limits: PlanTextLimits, budget: number, inlineSafety: boolean, forced = false): string[] {
  const out: string[] = [];
  const created = z.zoneExists ? '' : z.zoneCreation?.by === 'hand' ? ' (zone missing)' : ' (zone will be created)';
  out.push(style.heading(`${z.zone} on ${z.target} (${z.providerType})${created}: ${z.changes.length === 0 ? 'no changes' : summary(z.changes)}`));
  for (const line of creationLines(z)) out.push(`  ${z.zoneCreation?.by === 'hand' ? style.warn(line) : style.added(line)}`);
  if (inlineSafety && !z.safety.ok) {
    for (const reason of z.safety.reasons) out.push(`  ${(forced ? style.warn : style.bad)(safetyRuleLine(reason, forced))}`);
  }
  const summarised = z.changes.length > limits.summariseAbove;
  if (summarised) for (const line of countsByType(z.changes)) out.push(`  ${line}`);
  const cap = summarised ? limits.shownChanges : Infinity;
  const room = budget - out.length - tailReserve(z, limits);
  let used = 0;
  let shown = 0;
  for (const change of z.changes) {
    if (shown >= cap) break;
    const lines = changeLines(z, change);
    if (used + lines.length > room) break;
    for (const line of lines) {
      if (line.startsWith('+')) out.push(`  ${style.added(line)}`);
      else if (line.startsWith('-')) out.push(`  ${style.removed(line)}`);
      else if (line.startsWith('~')) out.push(`  ${style.warn(line)}`);
      else out.push(`  ${style.dim(line)}`);
    }
    used += lines.length;
    shown++;
  }
  if (shown < z.changes.length) out.push(`  ${style.dim(`… ${z.changes.length - shown} more changed rrset${z.changes.length - shown === 1 ? '' : 's'} ${FULL_HINT}`)}`);
  for (const line of horizonText(z)) out.push(`  ${style.dim(`rollback: ${line}`)}`);
  if (z.dnssec) out.push(`  ${style.dim(`dnssec: ${z.dnssec}`)}`);
  for (const line of steeringFallbackLines(z)) out.push(`  ${style.warn(line)}`);
  for (const warning of z.warnings.slice(0, limits.shownWarnings)) out.push(`  ${style.warn(`warning: ${warning}`)}`);
  const hidden = z.warnings.length - Math.min(z.warnings.length, limits.shownWarnings);
  if (hidden > 0) out.push(`  ${style.warn(`… ${plural(hidden, 'more warning')} ${FULL_HINT}`)}`);
  for (const line of leftAloneLines(z, limits.leftAloneNames ?? 0)) out.push(`  ${style.dim(line)}`);
  return out;
}

export function renderZonePlanText(z: ZonePlan, style: Style = plain, options: PlanTextOptions = {}): string {
  const limits = limitsOf(options);
  return zoneLines(z, style, limits, limits.maxLines, true, options.forced === true).join('\n');
}

/** The safety refusals of a plan, one per zone/target and reason: shown before any diff and again at the end. */
function refusalLines(plan: Plan, style: Style, limits: PlanTextLimits, forced: boolean): string[] {
  const reasons = plan.zones.filter((z) => !z.safety.ok).flatMap((z) => z.safety.reasons.map((r) => `${z.zone} on ${z.target}: ${safetyRuleLine(r, forced)}`));
  if (reasons.length === 0) return [];
  const mark = forced ? style.warn : style.bad;
  const out = [mark(forced ? 'Safety rules overridden by --force:' : 'Refused by safety rules (apply writes nothing unless --force):')];
  for (const reason of reasons.slice(0, limits.shownRefusals)) out.push(`  ${mark(reason)}`);
  if (reasons.length > limits.shownRefusals) out.push(`  ${mark(`… ${reasons.length - limits.shownRefusals} more ${FULL_HINT}`)}`);
  return out;
}

/** ` Creates 1 zone (example.com. at r53).` and ` 1 zone to add by hand first (…).` for the footer; empty when none is missing. */
function zonesFooter(plan: Plan): string {
  const missing = missingZones(plan);
  const created = missing.filter((m) => m.by === 'apply');
  const byHand = missing.filter((m) => m.by === 'hand');
  return `${created.length ? ` Creates ${zoneList(created)}.` : ''}${byHand.length ? ` ${zoneList(byHand)} to add by hand first.` : ''}`;
}

/**
 * The plan as text. Unless `full`, a zone/target pair above `summariseAbove` changes shows counts
 * by type and its first `shownChanges` rrsets, and the whole text stays under `maxLines`.
 */
export function renderPlanText(plan: Plan, style: Style = plain, options: PlanTextOptions = {}): string {
  const limits = limitsOf(options);
  const total = plan.zones.reduce((n, z) => n + z.changes.length, 0);
  const refusals = refusalLines(plan, style, limits, options.forced === true);
  const footer = `${total === 0 ? 'No changes.' : `${plural(total, 'change')} across ${plan.zones.filter((z) => z.changes.length > 0).length} zone/target pair(s).`}${zonesFooter(plan)} Plan ${plan.checksum.slice(0, 12)} made ${plan.createdAt}.`;
  // Two refusal blocks with their blank lines, the footer, one line for the unchanged pairs and one for the zones left out.
  let budget = limits.maxLines - 2 * (refusals.length + (refusals.length ? 1 : 0)) - 2 - 2 - 2;
  const parts: string[] = [];
  if (refusals.length) parts.push(refusals.join('\n'));
  const unchanged = plan.zones.filter((z) => z.changes.length === 0 && z.zoneExists);
  const countUnchanged = unchanged.length > limits.listedUnchanged;
  const listed = countUnchanged ? plan.zones.filter((z) => z.changes.length > 0 || !z.zoneExists) : plan.zones;
  let index = 0;
  for (; index < listed.length; index++) {
    const z = listed[index] as ZonePlan;
    // A zone is shown when its heading, counts and tail fit; the rest are summed up in one line.
    const least = 1 + creationLines(z).length + (z.changes.length > limits.summariseAbove ? countsByType(z.changes).length : 0) + tailReserve(z, limits) + 1;
    if (least > budget) break;
    const lines = zoneLines(z, style, limits, budget - 1, false);
    parts.push(lines.join('\n'));
    budget -= lines.length + 1;
  }
  const rest = listed.slice(index);
  if (rest.length > 0) {
    const changes = rest.reduce((n, z) => n + z.changes.length, 0);
    parts.push(style.dim(`… ${rest.length} more zone/target pair(s) with ${plural(changes, 'change')} ${FULL_HINT}`));
  }
  if (countUnchanged) parts.push(style.dim(`${unchanged.length} zone/target pair(s) with no changes, not listed ${FULL_HINT}`));
  parts.push(footer);
  if (refusals.length) parts.push(refusals.join('\n'));
  return `${parts.join('\n\n')}\n`;
}

/** A few lines to read right before a confirmation, when the plan above them was long. */
export function renderPlanRecap(plan: Plan, style: Style = plain, options: { forced?: boolean } = {}): string {
  const changed = plan.zones.filter((z) => z.changes.length > 0);
  const all = changed.flatMap((z) => z.changes);
  const out = [style.heading(`Plan ${plan.checksum.slice(0, 12)}: ${summary(all)} across ${changed.length} zone/target pair(s).${zonesFooter(plan)}`)];
  out.push(...refusalLines(plan, style, DEFAULT_PLAN_TEXT_LIMITS, options.forced === true));
  return `${out.join('\n')}\n`;
}

export function renderPlanJson(plan: Plan): string {
  return `${JSON.stringify(plan, null, 2)}\n`;
}

/** GitHub refuses a pull-request comment above 65,536 characters; the default cap leaves room for what CI adds around it. */
export const GITHUB_COMMENT_LIMIT = 65_536;

export interface PlanMarkdownOptions {
  /** No cap and nothing cut (`--full`). */
  full?: boolean;
  /** Characters of the whole markdown; default 60,000. */
  maxChars?: number;
}

/** Rows of the zone table shown open; a longer table is folded. */
const OPEN_TABLE_ROWS = 20;
/** Warnings of one zone shown open; more are folded. */
const OPEN_WARNINGS = 5;

/** Appends while the text stays under a character cap, and counts what did not fit. */
class MarkdownBudget {
  private size = 0;
  readonly lines: string[] = [];

  constructor(private readonly cap: number) {}

  fits(lines: string[]): boolean {
    return this.size + lines.reduce((n, l) => n + l.length + 1, 0) <= this.cap;
  }

  /** Adds the lines when they fit (always when `force`); false when they did not. */
  add(lines: string[], force = false): boolean {
    if (!force && !this.fits(lines)) return false;
    for (const line of lines) this.size += line.length + 1;
    this.lines.push(...lines);
    return true;
  }
}

/** The zones the plan creates, and those to add by hand first with their steps: a short section under the refusals. */
function zonesMarkdown(plan: Plan): string[] {
  const missing = missingZones(plan);
  if (missing.length === 0) return [];
  const out = ['### Zones', ''];
  for (const m of missing.slice(0, OPEN_TABLE_ROWS)) {
    out.push(`- ${m.by === 'hand' ? ':warning: ' : ''}${zoneCreationLine(m).replace(m.zone, `\`${m.zone}\``)}`);
    if (m.steps.length) out.push('', '  ```', ...m.steps.map((step) => `  ${step}`), '  ```', '');
  }
  if (missing.length > OPEN_TABLE_ROWS) out.push(`- … ${missing.length - OPEN_TABLE_ROWS} more (\`zonesync plan --format json\`)`);
  out.push('');
  return out;
}

/** For a pull-request comment: refusals first, a table, the diffs folded, the rollback horizon, warnings; capped in size, saying what was cut. */
export function renderPlanMarkdown(plan: Plan, options: PlanMarkdownOptions = {}): string {
  const cap = options.full ? Infinity : (options.maxChars ?? 60_000);
  const refused = plan.zones.filter((z) => !z.safety.ok);
  const reasons = refused.flatMap((z) => z.safety.reasons.map((r) => `- \`${z.zone}\` on ${z.target}: ${r}`));
  const head: string[] = ['## zonesync plan', ''];
  if (reasons.length) {
    const shown = options.full ? reasons : reasons.slice(0, DEFAULT_PLAN_TEXT_LIMITS.shownRefusals);
    head.push('> [!CAUTION]', '> **Refused by safety rules** (apply writes nothing unless `--force`):', ...shown.map((r) => `> ${r}`));
    if (shown.length < reasons.length) head.push(`> - … ${reasons.length - shown.length} more (\`zonesync plan --format json\`)`);
    head.push('');
  }
  head.push(...zonesMarkdown(plan));
  const foot: string[] = [];
  if (refused.length) foot.push(`**Refused by safety rules:** ${refused.length} zone/target pair(s), listed at the top.`, '');
  const alone = plan.zones.filter((z) => (z.leftAlone?.length ?? 0) > 0);
  if (alone.length) foot.push(`Left alone (ignore rules, \`purge: false\`, other owners, octoDNS flags, provider routing): ${alone.map((z) => `\`${z.zone}\` on ${z.target}: ${z.leftAlone?.length ?? 0}`).join(', ')} rrset(s), not changed or counted (\`zonesync plan --full\` names them).`, '');
  const fallback = plan.zones.flatMap(steeringFallbackLines);
  if (fallback.length) foot.push('**Steering not served** (`dynamic: fallback`):', ...fallback.map((line) => `- ${line}`), '');
  foot.push(`Plan checksum \`${plan.checksum}\`, made ${plan.createdAt}.`, '');
  // Room for the note that says what was cut.
  const body = new MarkdownBudget(cap - [...head, ...foot].reduce((n, l) => n + l.length + 1, 0) - 600);
  const cut = { rows: 0, zones: 0, changes: 0, warnings: 0 };

  const fold = plan.zones.length > OPEN_TABLE_ROWS;
  const changed = plan.zones.filter((zp) => zp.changes.length > 0);
  if (fold) body.add([`<details><summary>${plan.zones.length} zone/target pairs, ${changed.length} with changes</summary>`, ''], true);
  body.add(['| zone | target | create | update | delete | safety | change visible within | rollback visible within |', '|---|---|---:|---:|---:|---|---|---|'], true);
  // The table's closing lines are kept back so a full budget still closes it.
  const tableEnd = fold ? ['', '</details>', ''] : [''];
  for (const z of plan.zones) {
    const c = countChanges(z.changes);
    const h = z.rollback.horizon;
    const safety = z.safety.ok ? 'ok' : `**refused**: ${z.safety.reasons.join('; ')}`;
    const horizon = z.changes.length ? [formatDuration(h.changeSeconds), formatDuration(h.rollbackSeconds)] : ['–', '–'];
    const row = `| \`${z.zone}\` | ${z.target} | ${c.create} | ${c.update} | ${c.delete} | ${safety} | ${horizon[0]} | ${horizon[1]} |`;
    if (cut.rows > 0 || !body.fits([row, ...tableEnd, ''])) cut.rows++;
    else body.add([row]);
  }
  body.add(tableEnd, true);

  for (const z of changed) {
    const opening = [`<details><summary><code>${z.zone}</code> on ${z.target}: ${summary(z.changes)}</summary>`, '', '```diff'];
    const closing = ['```', '', '</details>', ''];
    // A zone is shown when at least its fold, its horizon and a "more" line fit.
    if (cut.zones > 0 || !body.fits([...opening, ...closing, '', ...horizonText(z), 'x'.repeat(120)])) {
      cut.zones++;
      cut.changes += z.changes.length;
      cut.warnings += z.warnings.length;
      continue;
    }
    body.add(opening);
    const warnings = z.warnings.map((w) => `- :warning: ${w}`);
    // The diff leaves room for the horizon and the first warnings.
    const tail = [...horizonText(z).map((line) => `- Rollback: ${line}`), ...warnings.slice(0, OPEN_WARNINGS), '', '<details><summary>…</summary>', '</details>', ''];
    let shown = 0;
    for (const change of z.changes) {
      const lines = changeLines(z, change);
      if (!body.fits([...lines, ...closing, 'x'.repeat(120), ...tail])) break;
      body.add(lines);
      shown++;
    }
    body.add(['```', ''], true);
    if (shown < z.changes.length) {
      cut.changes += z.changes.length - shown;
      body.add([`_… ${z.changes.length - shown} more changed rrset${z.changes.length - shown === 1 ? '' : 's'} not shown (\`zonesync plan --format json\`)._`, ''], true);
    }
    body.add(['</details>', ''], true);
    body.add(horizonText(z).map((line) => `- Rollback: ${line}`), true);
    const foldWarnings = warnings.length > OPEN_WARNINGS;
    if (foldWarnings) body.add(['', `<details><summary>${plural(warnings.length, 'warning')}</summary>`, ''], true);
    let warned = 0;
    for (const warning of warnings) {
      if (!body.fits([warning, '', '</details>', ''])) break;
      body.add([warning]);
      warned++;
    }
    cut.warnings += warnings.length - warned;
    if (warned < warnings.length) body.add([`- … ${warnings.length - warned} more warning(s) not shown`], true);
    if (foldWarnings) body.add(['', '</details>'], true);
    if (horizonText(z).length || warnings.length) body.add([''], true);
  }

  const note: string[] = [];
  if (cut.rows || cut.zones || cut.changes || cut.warnings) {
    const what = [
      cut.changes ? `${plural(cut.changes, 'changed rrset')}` : '',
      cut.zones ? `the diffs of ${cut.zones} zone/target pair(s)` : '',
      cut.rows ? `${plural(cut.rows, 'table row')}` : '',
      cut.warnings ? `${plural(cut.warnings, 'warning')}` : '',
    ].filter(Boolean);
    note.push(`**Cut to fit a pull-request comment** (GitHub allows ${GITHUB_COMMENT_LIMIT.toLocaleString('en-US')} characters): not shown are ${what.join(', ')}. The whole plan: \`zonesync plan --format json\`, or \`--format markdown --full\` into a file.`, '');
  }
  return [...head, ...body.lines, ...note, ...foot].join('\n');
}
