import { execFileSync } from 'node:child_process';
import { cpus, freemem, loadavg, totalmem } from 'node:os';

/** Benchmark results as data, and RESULTS.md rendered from them. */

export interface Row {
  /** What was measured. */
  metric: string;
  /** The goal as text ("≤ 0.5 s", "≥ 5,000 q/s", "≤ 20 calls"); empty when the row only informs. */
  target: string;
  /** The median (or the count) as text, with how many runs. */
  measured: string;
  /** measured ÷ target; ≤ 1 passes an upper bound, ≥ 1 a lower bound. */
  ratio?: number;
  pass?: boolean;
  /** Peak RSS of the process that did the work. */
  memory?: string;
  /** The exact command that produced the line. */
  command: string;
}

export interface CaseResult {
  id: string;
  title: string;
  rows: Row[];
  /** Set-up, what dominates a missed target, anything a reader needs to trust the numbers. */
  notes: string[];
}

export const seconds = (ms: number): string => `${(ms / 1000).toFixed(ms < 10_000 ? 3 : 1)} s`;
export const mebibytes = (bytes: number): string => `${Math.round(bytes / 2 ** 20)} MiB`;
export const count = (n: number): string => n.toLocaleString('en-US');

/** A row for an upper bound (time, memory, calls): passes when measured ≤ target. */
export function atMost(metric: string, measured: number, target: number, shown: { measured: string; target: string }, command: string, memory?: string): Row {
  const row: Row = { metric, target: `≤ ${shown.target}`, measured: shown.measured, ratio: measured / target, pass: measured <= target, command };
  if (memory) row.memory = memory;
  return row;
}

/** A row for a lower bound (throughput): passes when measured ≥ target. */
export function atLeast(metric: string, measured: number, target: number, shown: { measured: string; target: string }, command: string): Row {
  return { metric, target: `≥ ${shown.target}`, measured: shown.measured, ratio: measured / target, pass: measured >= target, command };
}

export function machine(): string {
  const node = process.version;
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  const nproc = (() => {
    try {
      return execFileSync('nproc', { encoding: 'utf8' }).trim();
    } catch {
      return String(cpus().length);
    }
  })();
  const load = loadavg().map((l) => l.toFixed(2)).join(' ');
  return `nproc ${nproc} (${cpu}), memory ${mebibytes(totalmem())} total / ${mebibytes(freemem())} free at start, node ${node}, load average at start ${load}`;
}

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function renderResults(results: CaseResult[], header: { started: Date; machine: string; argv: string; elapsedMs: number }): string {
  const lines = [
    '# zonesync benchmarks',
    '',
    `Written by \`${header.argv}\` on ${header.started.toISOString()} (took ${seconds(header.elapsedMs)}).`,
    '',
    `Machine: ${header.machine}.`,
    '',
    'Every number below was measured in this one run. The machine is shared and noisy, so times are medians;',
    '"ratio" is measured ÷ target (an upper bound passes at ≤ 1, a lower bound at ≥ 1).',
    '',
  ];
  const all = results.flatMap((r) => r.rows).filter((r) => r.pass !== undefined);
  lines.push(`Summary: ${all.filter((r) => r.pass).length} of ${all.length} targets met.`, '');
  for (const result of results) {
    lines.push(`## ${result.title} (\`--only ${result.id}\`)`, '');
    lines.push('| metric | target | measured | ratio | result | peak memory | command |', '|---|---|---|---|---|---|---|');
    for (const row of result.rows) {
      const verdict = row.pass === undefined ? 'info' : row.pass ? 'PASS' : '**FAIL**';
      lines.push(`| ${cell(row.metric)} | ${cell(row.target || '—')} | ${cell(row.measured)} | ${row.ratio === undefined ? '—' : row.ratio.toFixed(2)} | ${verdict} | ${row.memory ?? '—'} | \`${cell(row.command)}\` |`);
    }
    if (result.notes.length > 0) lines.push('', ...result.notes.map((n) => `- ${n}`));
    lines.push('');
  }
  return lines.join('\n');
}
