import type { Check } from './check.js';
import { nothingAskedFor, type CrossProviderDifference, type NameserverReport, type NothingAsked, type ProviderReport, type VerifyReport } from './report.js';

/** Comparing nameservers with each other: serials within one provider, answers across providers. */

export interface NameserverRun {
  report: NameserverReport;
  /** Summary of each answer by check key (see checkKey), for comparing providers. */
  answers: Map<string, { answer: string; informational: boolean }>;
  /** The checks this run covered, in order. */
  checks: Check[];
}

/** RFC 1982 serial arithmetic: true when `a` is newer than `b` (serials wrap at 2^32). */
export function serialNewer(a: number, b: number): boolean {
  const diff = (a - b + 2 ** 32) % 2 ** 32;
  return diff !== 0 && diff < 2 ** 31;
}

/** A nameserver whose serial is behind another of the same provider's is a stale secondary. */
function markStale(zone: string, runs: NameserverRun[]): NameserverReport[] {
  const newest = runs.reduce<NameserverReport | undefined>((best, run) => {
    const serial = run.report.serial;
    if (serial === undefined) return best;
    return !best || serialNewer(serial, best.serial as number) ? run.report : best;
  }, undefined);
  return runs.map(({ report }) => {
    if (!newest || report.serial === undefined || !serialNewer(newest.serial as number, report.serial)) return report;
    const peer = newest.nameserver.name ?? `${newest.nameserver.address}:${newest.nameserver.port}`;
    return {
      ...report,
      ok: false,
      status: 'wrong-answers' as const,
      mismatches: [
        { name: zone, type: 'SOA', edns: true, expected: `serial ${newest.serial} (as ${peer})`, got: `serial ${report.serial}`, problem: 'serial-mismatch' as const },
        ...report.mismatches,
      ],
    };
  });
}

function crossProvider(chosen: Array<{ id: string; run: NameserverRun }>): CrossProviderDifference[] {
  const first = chosen[0];
  if (!first || chosen.length < 2) return [];
  const differences: CrossProviderDifference[] = [];
  for (const check of first.run.checks) {
    const key = `${check.name} ${check.type} ${check.edns ? 'edns' : 'plain'}`;
    const answers = chosen.map(({ id, run }) => ({ provider: id, nameserver: run.report.nameserver, answer: run.answers.get(key)?.answer ?? 'no answer' }));
    if (answers.every((a) => a.answer === answers[0]?.answer)) continue;
    const informational = chosen.some(({ run }) => run.answers.get(key)?.informational === true);
    differences.push({ name: check.name, type: check.type, edns: check.edns, informational, answers });
  }
  return differences;
}

/** The report of a whole run: per nameserver, stale serials marked, providers compared on their first healthy nameserver. */
export function summarize(zone: string, providers: Array<{ id: string; runs: NameserverRun[]; nothingAsked?: NothingAsked }>): VerifyReport {
  const reports: ProviderReport[] = [];
  const chosen: Array<{ id: string; run: NameserverRun }> = [];
  const notCompared: string[] = [];
  for (const provider of providers) {
    const nameservers = markStale(zone, provider.runs);
    // A provider none of whose nameservers was asked is not verified: never an empty green row.
    const nothingAsked = provider.nothingAsked ?? (nameservers.length === 0 ? nothingAskedFor(zone, provider.id, 'no nameserver addresses configured or found', false) : undefined);
    reports.push({ id: provider.id, nameservers, ...(nothingAsked ? { nothingAsked } : {}) });
    const healthy = provider.runs.findIndex((_, i) => nameservers[i]?.ok);
    if (healthy >= 0) chosen.push({ id: provider.id, run: provider.runs[healthy] as NameserverRun });
    else if (provider.runs.length > 0) notCompared.push(provider.id);
  }
  const differences = crossProvider(chosen);
  const ok = reports.length > 0 && reports.every((p) => !p.nothingAsked && p.nameservers.every((ns) => ns.ok)) && differences.every((d) => d.informational);
  return { zone, providers: reports, crossProvider: differences, notCompared, ok };
}
