import { formatNameserver } from '../providers/nameserver.js';
import type { CrossProviderDifference, Mismatch, NameserverReport, VerifyReport } from '../verify/report.js';
import { plain, type Style } from './style.js';

/** `verify` reports as text, JSON and markdown (HTML in verify-html.ts). Each takes one zone's report or several. */

const list = (reports: VerifyReport | VerifyReport[]): VerifyReport[] => (Array.isArray(reports) ? reports : [reports]);
const plural = (count: number, word: string, words = `${word}s`): string => `${count} ${count === 1 ? word : words}`;

/** `AAAA www.example.com. with EDNS: NXDOMAIN, expected NODATA` */
export function mismatchText(m: Mismatch): string {
  return `${m.type} ${m.name} ${m.edns ? 'with EDNS' : 'without EDNS'}: ${m.got}, expected ${m.expected}`;
}

/** What is wrong with one nameserver, in one line: `12 of 240 answers wrong: …`. */
export function nameserverSummary(ns: NameserverReport): string {
  if (ns.unreachable) {
    return `unreachable: ${plural(ns.mismatches.filter((m) => m.problem === 'timeout').length, 'query', 'queries')} went unanswered, ${ns.notAsked} not asked`;
  }
  const serial = ns.serial === undefined ? '' : `, serial ${ns.serial}`;
  if (ns.ok) return `${plural(ns.queries, 'answer')} right${serial}`;
  const first = ns.mismatches[0];
  return `${ns.mismatches.length} of ${plural(ns.queries, 'answer')} wrong${first ? `: ${mismatchText(first)}` : ''}`;
}

export function differenceText(d: CrossProviderDifference): string {
  const answers = d.answers.map((a) => `${a.provider}: ${a.answer}`).join('; ');
  return `${d.type} ${d.name} ${d.edns ? 'with EDNS' : 'without EDNS'}: ${answers}${d.informational ? ' (outside the zone; not a failure)' : ''}`;
}

function nameserverCount(report: VerifyReport): number {
  return report.providers.reduce((sum, p) => sum + p.nameservers.length, 0);
}

/** Text for a terminal or a log: a line per nameserver, a broken one named with what it answered wrong. */
export function renderVerifyText(reports: VerifyReport | VerifyReport[], style: Style = plain, maxLines = 10): string {
  const out: string[] = [];
  for (const report of list(reports)) {
    const verdict = report.ok ? style.good('OK') : style.bad('FAILED');
    out.push(style.heading(`${report.zone} ${verdict}: ${plural(report.providers.length, 'provider')}, ${plural(nameserverCount(report), 'nameserver')}`));
    for (const provider of report.providers) {
      out.push(`  ${provider.id}`);
      for (const ns of provider.nameservers) {
        const label = ns.ok ? style.good('ok    ') : style.bad('BROKEN');
        out.push(`    ${label} ${formatNameserver(ns.nameserver)} — ${nameserverSummary(ns)}`);
        const rest = ns.mismatches.slice(1);
        for (const m of rest.slice(0, maxLines)) out.push(`             ${mismatchText(m)}`);
        if (rest.length > maxLines) out.push(style.dim(`             … and ${rest.length - maxLines} more`));
        for (const w of ns.ttlWarnings.slice(0, maxLines)) out.push(style.warn(`             warning: ${w.type} ${w.name} served with TTL ${w.got}, declared ${w.expected}`));
        if (ns.ttlWarnings.length > maxLines) out.push(style.dim(`             … and ${ns.ttlWarnings.length - maxLines} more TTL warnings`));
      }
    }
    if (report.crossProvider.length > 0) {
      out.push('  providers answer differently:');
      for (const d of report.crossProvider.slice(0, maxLines)) out.push(`    ${d.informational ? style.warn(differenceText(d)) : style.bad(differenceText(d))}`);
      if (report.crossProvider.length > maxLines) out.push(style.dim(`    … and ${report.crossProvider.length - maxLines} more`));
    }
    if (report.notCompared.length > 0) out.push(style.warn(`  not compared across providers (no healthy nameserver): ${report.notCompared.join(', ')}`));
  }
  return `${out.join('\n')}\n`;
}

/** The reports as they are: one object for one zone, an array for several. */
export function renderVerifyJson(reports: VerifyReport | VerifyReport[]): string {
  return `${JSON.stringify(reports, null, 2)}\n`;
}

/** Inside a markdown table cell: no pipes or line breaks, no HTML. */
function cell(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

/** Markdown for a pull-request comment or a job summary. */
export function renderVerifyMarkdown(reports: VerifyReport | VerifyReport[], maxLines = 20): string {
  const out: string[] = [];
  for (const report of list(reports)) {
    out.push(`### ${report.ok ? '✅' : '❌'} \`${report.zone}\` — ${report.ok ? 'every nameserver answers as declared' : 'verification failed'}`, '');
    out.push('| | provider | nameserver | serial | result |', '|---|---|---|---|---|');
    for (const provider of report.providers) {
      for (const ns of provider.nameservers) {
        out.push(`| ${ns.ok ? '✅' : '❌'} | ${cell(provider.id)} | \`${cell(formatNameserver(ns.nameserver))}\` | ${ns.serial ?? '—'} | ${cell(nameserverSummary(ns))} |`);
      }
    }
    const broken = report.providers.flatMap((p) => p.nameservers.filter((ns) => ns.mismatches.length > 1).map((ns) => ({ p, ns })));
    for (const { p, ns } of broken) {
      out.push('', `<details><summary>${cell(p.id)} ${cell(formatNameserver(ns.nameserver))}: ${ns.mismatches.length} wrong answers</summary>`, '');
      for (const m of ns.mismatches.slice(0, maxLines)) out.push(`- ${cell(mismatchText(m))} (${m.problem})`);
      if (ns.mismatches.length > maxLines) out.push(`- … and ${ns.mismatches.length - maxLines} more`);
      out.push('', '</details>');
    }
    if (report.crossProvider.length > 0) {
      out.push('', '**Providers answer differently:**', '');
      for (const d of report.crossProvider.slice(0, maxLines)) out.push(`- ${cell(differenceText(d))}`);
      if (report.crossProvider.length > maxLines) out.push(`- … and ${report.crossProvider.length - maxLines} more`);
    }
    out.push('');
  }
  return `${out.join('\n')}`;
}
