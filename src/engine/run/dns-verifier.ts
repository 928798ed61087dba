import { changeSubject } from '../../core/change.js';
import { formatNameserver } from '../../dns/nameserver.js';
import { questionsFor, verifyUntil, type VerifyReport } from '../../verify/index.js';
import type { Nameserver } from '../../dns/nameserver.js';
import { apiVerifier, type ChunkVerifier, type VerifyOutcome } from './chunk-verifier.js';
import { DEFAULT_VERIFY_RATE, nameserverPace } from './query-pace.js';

/** Flatten a verify report into the lines a chunk failure shows. */
export function reportProblems(report: VerifyReport): string[] {
  const lines: string[] = [];
  for (const provider of report.providers) {
    for (const ns of provider.nameservers) {
      const where = `${provider.id} ${formatNameserver(ns.nameserver)}`;
      if (ns.unreachable) lines.push(`${where}: unreachable (${ns.notAsked} checks not made)`);
      else for (const u of ns.unanswered) lines.push(`${where}: ${u.type} ${u.name} ${u.edns ? 'with' : 'without'} EDNS: did not answer (${u.error})`);
      for (const m of ns.mismatches) lines.push(`${where}: ${m.type} ${m.name} ${m.edns ? 'with' : 'without'} EDNS: ${m.got}, expected ${m.expected} (${m.problem})`);
    }
  }
  return lines;
}

/**
 * `--verify dns` (the default): read the provider back and, at the same time, ask each of its nameservers every
 * name of the chunk — its changed types plus A and AAAA, with and without EDNS — until they agree
 * or the propagation deadline passes. Each nameserver is asked at most `pace` allows (by default
 * DEFAULT_VERIFY_RATE queries a second, one bucket per address for the whole run).
 */
export function dnsVerifier(deadlineMs: number, pace: (ns: Nameserver) => Promise<void> = nameserverPace(DEFAULT_VERIFY_RATE)): ChunkVerifier {
  return {
    level: 'dns',
    async verify(provider, changes, expected): Promise<VerifyOutcome> {
      const nameservers = await provider.nameservers(expected.name);
      const reading = apiVerifier.verify(provider, changes, expected);
      // Read back only, and said so: never reported as asked over DNS.
      if (nameservers.length === 0) return { ...(await reading), note: `nothing was asked over DNS for ${expected.name} on ${provider.id}: set providers.${provider.id}.nameservers to the address:port of each server that answers for it` };
      const zone = expected.zone();
      const names = new Set(changes.map((c) => changeSubject(c).name));
      const types = new Set<string>(['A', 'AAAA', ...changes.map((c) => changeSubject(c).type)]);
      // The read-back and the questions go out together (the provider's API and its nameservers
      // answer in parallel); a failed read-back ends the questions' retries and is the outcome.
      let readFailed = false;
      const asking = verifyUntil(zone, [{ id: provider.id, nameservers }], { questions: questionsFor(zone, names, types), deadlineMs, pace, stop: () => readFailed });
      const stopAsking = () => {
        readFailed = true;
        asking.catch(() => undefined);
      };
      const api = await reading.catch((error: unknown) => {
        stopAsking();
        throw error;
      });
      if (!api.ok) {
        stopAsking();
        return api;
      }
      const report = await asking;
      const queries = report.providers.flatMap((p) => p.nameservers).reduce((n, ns) => n + ns.queries, 0);
      return { ok: report.ok, level: 'dns', queries, nameservers: nameservers.length, problems: reportProblems(report), ...(api.readBack ? { readBack: api.readBack } : {}) };
    },
  };
}
