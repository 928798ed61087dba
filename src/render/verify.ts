import { formatNameserver } from '../dns/nameserver.js';
import type { CrossProviderDifference, Mismatch, NameserverReport, Unanswered, VerifyReport } from '../verify/report.js';
import { plain, type Style } from './style.js';

/** `verify` reports as text, JSON and markdown (HTML in verify-html.ts). Each takes one zone's report or several. */

const list = (reports: VerifyReport | VerifyReport[]): VerifyReport[] => (Array.isArray(reports) ? reports : [reports]);
const plural = (count: number, word: string, words = `${word}s`): string => `${count} ${count === 1 ? word : words}`;

/** `AAAA www.example.com. with EDNS: NXDOMAIN, expected NODATA` */
export function mismatchText(m: Mismatch): string {
  return `${m.type} ${m.name} ${m.edns ? 'with EDNS' : 'without EDNS'}: ${m.got}, expected ${m.expected}`;
}

/** `A www.example.com. with EDNS: did not answer (no answer over UDP after 2 attempts of 1000 ms)` */
export function unansweredText(u: Unanswered): string {
  return `${u.type} ${u.name} ${u.edns ? 'with EDNS' : 'without EDNS'}: did not answer (${u.error})`;
}

/** What is wrong with one nameserver, in one line: `12 of 240 answers wrong: …`, or `did not answer …`. */
export function nameserverSummary(ns: NameserverReport): string {
  if (ns.unreachable) {
    return `did not answer (unreachable): ${plural(ns.unanswered.length, 'query', 'queries')} went unanswered, ${ns.notAsked} not asked`;
  }
  const serial = ns.serial === undefined ? '' : `, serial ${ns.serial}`;
  if (ns.ok) return `${plural(ns.queries, 'answer')} right${serial}`;
  const silent = ns.unanswered[0];
  if (ns.status === 'did-not-answer') return `did not answer ${ns.unanswered.length} of ${plural(ns.queries, 'query', 'queries')}${silent ? `: ${unansweredText(silent)}` : ''}`;
  const first = ns.mismatches[0];
  const unanswered = ns.unanswered.length > 0 ? `; ${ns.unanswered.length} did not answer` : '';
  return `${ns.mismatches.length} of ${plural(ns.queries, 'answer')} wrong${first ? `: ${mismatchText(first)}` : ''}${unanswered}`;
}

/** The lines under a nameserver's summary line: further wrong answers, then questions left unanswered. */
export function nameserverDetails(ns: NameserverReport): string[] {
  if (ns.status === 'did-not-answer') return ns.unreachable ? [] : ns.unanswered.slice(1).map(unansweredText);
  return [...ns.mismatches.slice(1).map(mismatchText), ...ns.unanswered.map(unansweredText)];
}

/** `DNSSEC RRSIG A www.example.com.: RRSIG expires 2026-12-04 (in 2 days)` */
export function dnssecWarningLines(ns: NameserverReport): string[] {
  return (ns.dnssec?.warnings ?? []).map((w) => `DNSSEC ${w.type} ${w.name}: ${w.reason}`);
}

/** `DNSSEC: signed; keys 12345/13 KSK, 23456/13 ZSK; parent DS 12345 13 2 … (parent 192.0.2.1:53)`, or undefined when not checked. */
export function dnssecLine(report: VerifyReport): string | undefined {
  if (!report.dnssec?.signed) return undefined;
  const keys = [...new Set(report.providers.flatMap((p) => p.nameservers.flatMap((ns) => ns.dnssec?.keys ?? [])))];
  const ds = report.dnssec.parentDs ? `; parent DS ${report.dnssec.parentDs.length === 0 ? 'none' : report.dnssec.parentDs.join(', ')} (${report.dnssec.parentDsSource ?? ''})` : `; parent DS not read (${report.dnssec.parentDsNote ? `${report.dnssec.parentDsNote}; ` : ''}--parent-ns)`;
  return `DNSSEC: signed; keys ${keys.join(', ') || 'none'}${ds}`;
}

/** `OK`, `FAILED`, or `NOT VERIFIED` when the only trouble is a provider nothing was asked of. */
export function zoneVerdict(report: VerifyReport): 'OK' | 'FAILED' | 'NOT VERIFIED' {
  if (report.ok) return 'OK';
  const asked = report.providers.every((p) => p.nameservers.every((ns) => ns.ok)) && report.crossProvider.every((d) => d.informational);
  return asked ? 'NOT VERIFIED' : 'FAILED';
}

/** The label of a nameserver line: distinct for one that did not answer and one that answered wrong. */
export function nameserverLabel(ns: NameserverReport): 'ok' | 'BROKEN' | 'SILENT' {
  return ns.ok ? 'ok' : ns.status === 'did-not-answer' ? 'SILENT' : 'BROKEN';
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
    const verdict = zoneVerdict(report);
    out.push(style.heading(`${report.zone} ${verdict === 'OK' ? style.good(verdict) : style.bad(verdict)}: ${plural(report.providers.length, 'provider')}, ${plural(nameserverCount(report), 'nameserver')}`));
    for (const provider of report.providers) {
      out.push(`  ${provider.id}`);
      if (provider.nothingAsked) out.push(style.bad(`    NOT VERIFIED — ${provider.nothingAsked.message}`));
      for (const ns of provider.nameservers) {
        const label = nameserverLabel(ns).padEnd(6);
        out.push(`    ${ns.ok ? style.good(label) : style.bad(label)} ${formatNameserver(ns.nameserver)} — ${nameserverSummary(ns)}`);
        const rest = nameserverDetails(ns);
        for (const line of rest.slice(0, maxLines)) out.push(`             ${line}`);
        if (rest.length > maxLines) out.push(style.dim(`             … and ${rest.length - maxLines} more`));
        for (const w of ns.ttlWarnings.slice(0, maxLines)) out.push(style.warn(`             warning: ${w.type} ${w.name} served with TTL ${w.got}, declared ${w.expected}`));
        if (ns.ttlWarnings.length > maxLines) out.push(style.dim(`             … and ${ns.ttlWarnings.length - maxLines} more TTL warnings`));
        for (const line of dnssecWarningLines(ns).slice(0, maxLines)) out.push(style.warn(`             warning: ${line}`));
      }
    }
    if (report.crossProvider.length > 0) {
      out.push('  providers answer differently:');
      for (const d of report.crossProvider.slice(0, maxLines)) out.push(`    ${d.informational ? style.warn(differenceText(d)) : style.bad(differenceText(d))}`);
      if (report.crossProvider.length > maxLines) out.push(style.dim(`    … and ${report.crossProvider.length - maxLines} more`));
    }
    const dnssec = dnssecLine(report);
    if (dnssec) out.push(`  ${dnssec}`);
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
    const verdict = zoneVerdict(report);
    const headline = verdict === 'OK' ? '✅' : verdict === 'NOT VERIFIED' ? '⚠️' : '❌';
    const unasked = report.providers.filter((p) => p.nothingAsked).map((p) => p.id).join(', ');
    const said = verdict === 'OK' ? 'every nameserver answers as declared' : verdict === 'NOT VERIFIED' ? `not verified: nothing was asked on ${unasked}` : 'verification failed';
    out.push(`### ${headline} \`${report.zone}\` — ${said}`, '');
    out.push('| | provider | nameserver | serial | result |', '|---|---|---|---|---|');
    for (const provider of report.providers) {
      if (provider.nothingAsked) out.push(`| ⚠️ not verified | ${cell(provider.id)} | — | — | ${cell(provider.nothingAsked.message)} |`);
      for (const ns of provider.nameservers) {
        const icon = ns.ok ? '✅' : ns.status === 'did-not-answer' ? '🔇 did not answer' : '❌';
        out.push(`| ${icon} | ${cell(provider.id)} | \`${cell(formatNameserver(ns.nameserver))}\` | ${ns.serial ?? '—'} | ${cell(nameserverSummary(ns))} |`);
      }
    }
    const detailed = report.providers.flatMap((p) => p.nameservers.filter((ns) => ns.mismatches.length + ns.unanswered.length > 1).map((ns) => ({ p, ns })));
    for (const { p, ns } of detailed) {
      const counts = [ns.mismatches.length > 0 ? plural(ns.mismatches.length, 'wrong answer') : '', ns.unanswered.length > 0 ? `${ns.unanswered.length} did not answer` : ''].filter(Boolean).join(', ');
      out.push('', `<details><summary>${cell(p.id)} ${cell(formatNameserver(ns.nameserver))}: ${counts}</summary>`, '');
      const lines = [...ns.mismatches.map((m) => `${mismatchText(m)} (${m.problem})`), ...ns.unanswered.map(unansweredText)];
      for (const line of lines.slice(0, maxLines)) out.push(`- ${cell(line)}`);
      if (lines.length > maxLines) out.push(`- … and ${lines.length - maxLines} more`);
      out.push('', '</details>');
    }
    const dnssec = dnssecLine(report);
    if (dnssec) out.push('', cell(dnssec));
    const warnings = report.providers.flatMap((p) => p.nameservers.flatMap((ns) => dnssecWarningLines(ns).map((line) => `${formatNameserver(ns.nameserver)}: ${line}`)));
    for (const line of warnings.slice(0, maxLines)) out.push(`- ⚠️ ${cell(line)}`);
    if (report.crossProvider.length > 0) {
      out.push('', '**Providers answer differently:**', '');
      for (const d of report.crossProvider.slice(0, maxLines)) out.push(`- ${cell(differenceText(d))}`);
      if (report.crossProvider.length > maxLines) out.push(`- … and ${report.crossProvider.length - maxLines} more`);
    }
    out.push('');
  }
  return `${out.join('\n')}`;
}
