import type { Zone } from '../core/model.js';
import { questionsFor } from '../core/expect.js';
import { mapLimit } from '../lib/map-limit.js';
import { sleep } from '../io/sleep.js';
import type { Nameserver } from '../dns/nameserver.js';
import { checkKey, checksFor, DEFAULT_VERIFY_OPTIONS, runChecks, type VerifyOptions, type VerifyRunOptions, type VerifyTarget } from './check.js';
import { summarize, type NameserverRun } from './parity.js';
import type { VerifyReport } from './report.js';

/** Verification that tolerates propagation delay: ask again, only what failed, until it passes or time is up. */

export interface VerifyUntilOptions extends VerifyRunOptions {
  /** Give up this long after starting (the report of the last round is returned). */
  deadlineMs: number;
  /** Wait before the first re-ask; doubles each round. Default 250. */
  firstDelayMs?: number;
  /** Longest wait between rounds. Default 5000. */
  maxDelayMs?: number;
  /** Asked before each new round: true ends it there (the caller no longer needs the answer). */
  stop?: () => boolean;
}


/** Ask `ns` again only the checks that failed (all of them when it was unreachable), and the apex SOA. */
async function reask(ns: Nameserver, zone: Zone, run: NameserverRun, options: VerifyOptions): Promise<NameserverRun> {
  if (run.report.unreachable) return runChecks(ns, zone, run.checks, options);
  const failing = new Set([...run.report.mismatches, ...run.report.unanswered].map(checkKey));
  const fresh = await runChecks(ns, zone, run.checks.filter((check) => failing.has(checkKey(check))), options);
  const ttlWarnings = new Map([...run.report.ttlWarnings, ...fresh.report.ttlWarnings].map((w) => [`${w.name} ${w.type}`, w]));
  const { serial: _old, ...before } = run.report;
  return {
    report: {
      ...before,
      ...(fresh.report.serial === undefined ? {} : { serial: fresh.report.serial }),
      ok: fresh.report.ok,
      status: fresh.report.status,
      mismatches: fresh.report.mismatches,
      unanswered: fresh.report.unanswered,
      ttlWarnings: [...ttlWarnings.values()],
    },
    answers: new Map([...run.answers, ...fresh.answers]),
    checks: run.checks,
  };
}

/**
 * verifyTargets, then re-ask the failing questions with backoff until every nameserver passes or
 * `deadlineMs` has passed. The report says how many rounds it took.
 */
export async function verifyUntil(zone: Zone, targets: VerifyTarget[], options: VerifyUntilOptions): Promise<VerifyReport & { rounds: number }> {
  const started = Date.now();
  const settings = { ...DEFAULT_VERIFY_OPTIONS, ...options };
  const checks = checksFor(zone, options.questions ?? questionsFor(zone), settings.edns);
  const parallel = options.parallelNameservers ?? 8;
  const all = targets.flatMap((target, t) => target.nameservers.map((ns) => ({ t, ns })));
  const report = (runs: NameserverRun[]): VerifyReport =>
    summarize(zone.name, targets.map((target, t) => ({ id: target.id, runs: runs.filter((_, i) => all[i]?.t === t) })));

  let runs = await mapLimit(all, parallel, ({ ns }) => runChecks(ns, zone, checks, settings));
  let current = report(runs);
  let rounds = 1;
  let delay = options.firstDelayMs ?? 250;
  while (!current.ok && !options.stop?.() && Date.now() - started + delay < options.deadlineMs) {
    await sleep(delay);
    delay = Math.min(delay * 2, options.maxDelayMs ?? 5000);
    const previous = runs;
    runs = await mapLimit(all, parallel, ({ ns }, i) => reask(ns, zone, previous[i] as NameserverRun, settings));
    current = report(runs);
    rounds++;
  }
  return { ...current, rounds };
}
