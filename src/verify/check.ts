import { expectationsFor, questionsFor, type Expected, type Question } from '../core/expect.js';
import type { Zone } from '../core/model.js';
import type { DnsResponse } from '../dns/client.js';
import { mapLimit } from '../lib/map-limit.js';
import type { Nameserver } from '../dns/nameserver.js';
import { compareResponse, describeExpected, describeResponse, verdictForError, type Verdict } from './compare.js';
import { summarize, type NameserverRun } from './parity.js';
import { nameserverStatus, type Mismatch, type NothingAsked, type NameserverReport, type TtlWarning, type Unanswered, type VerifyReport } from './report.js';
import { NameserverSession } from '../dns/session.js';
import { answerFindings, askDnskey, formatDs, keyLabel, zoneIsSigned, nameserverKeys, splitFindings, type DnssecOptions, type NameserverKeys } from './dnssec.js';
import type { DnssecFinding } from '../dns/dnssec/index.js';

/** Asking every nameserver, one by one and by address, every question of a zone, and comparing with the zone. */

export interface VerifyOptions {
  /** Ask each question with EDNS, without, or both (the incident: NXDOMAIN only for AAAA with EDNS). */
  edns: 'both' | 'on' | 'off';
  /** Queries in flight per nameserver. */
  concurrency: number;
  /** Per attempt. */
  timeoutMs: number;
  /** Further UDP attempts after a timeout. */
  retries: number;
  /** Give up on a nameserver after this many timeouts in a row (a dead server must not cost a timeout per question). */
  unreachableAfter: number;
  /** Set when the zone is signed somewhere: every nameserver is then asked with DO and its signatures and proofs checked. */
  dnssec?: DnssecOptions;
  /**
   * Awaited before every query to `ns`: the caller's bound on how fast one nameserver is asked
   * (apply's chunk verification: `defaults.verifyRate`). Absent: only `concurrency` bounds it.
   */
  pace?: (ns: Nameserver) => Promise<void>;
}

export const DEFAULT_VERIFY_OPTIONS: VerifyOptions = { edns: 'both', concurrency: 32, timeoutMs: 1000, retries: 1, unreachableAfter: 8 };

/** One provider's nameservers, by address. `id` is the provider key in zonesync.yaml. */
export interface VerifyTarget {
  id: string;
  nameservers: Nameserver[];
  /** Why no nameserver of this target can be asked (the report marks it not verified). */
  nothingAsked?: NothingAsked;
}

/** One query to make: a question with or without EDNS. */
export interface Check extends Question {
  edns: boolean;
}

/** The label of the name a signed zone is asked for its denial proof (no zone declares it). */
export const NXDOMAIN_PROBE = '_zonesync-nxdomain-probe';

export const checkKey = (check: Check): string => `${check.name} ${check.type} ${check.edns ? 'edns' : 'plain'}`;

function ednsModes(edns: VerifyOptions['edns']): boolean[] {
  if (edns === 'on') return [true];
  if (edns === 'off') return [false];
  return [true, false];
}

/** The queries for `questions`: each in every EDNS mode; the provider's own apex SOA/NS are not compared. */
export function checksFor(zone: Zone, questions: Question[], edns: VerifyOptions['edns']): Check[] {
  const expect = expectationsFor(zone);
  return questions.filter((q) => expect(q.name, q.type).kind !== 'provider-owned').flatMap((q) => ednsModes(edns).map((mode) => ({ ...q, edns: mode })));
}

function serialOf(response: DnsResponse): number | undefined {
  const soa = response.answers.find((record) => record.type === 'SOA');
  const serial = soa ? Number(soa.value.split(/\s+/)[2]) : NaN;
  return Number.isInteger(serial) ? serial : undefined;
}

/** Answers whose difference between providers the zone cannot judge. */
const undetermined = (expected: Expected): boolean => expected.kind === 'alias' || (expected.kind === 'answer' && expected.leavesZone);

interface Asked {
  verdict: Verdict;
  response?: DnsResponse;
}

async function ask(session: NameserverSession, check: Check, expected: Expected, options: VerifyOptions): Promise<Asked> {
  try {
    const response = await session.query(check.name, check.type, { edns: check.edns, timeoutMs: options.timeoutMs, retries: options.retries, dnssec: options.dnssec !== undefined });
    return { verdict: compareResponse(expected, response, check.name), response };
  } catch (error) {
    return { verdict: verdictForError(error, describeExpected(expected, check.name)) };
  }
}

/**
 * Ask `ns` the apex SOA and every check, at most `concurrency` at a time, and compare each answer.
 * Also keeps each answer's summary, for comparing providers.
 */
export async function runChecks(ns: Nameserver, zone: Zone, checks: Check[], options: VerifyOptions): Promise<NameserverRun> {
  const session = await NameserverSession.open(ns);
  try {
    return await runOn(session, ns, zone, checks, options);
  } finally {
    session.close();
  }
}

async function runOn(session: NameserverSession, ns: Nameserver, zone: Zone, checks: Check[], options: VerifyOptions): Promise<NameserverRun> {
  const expect = expectationsFor(zone);
  const mismatches: Mismatch[] = [];
  const unanswered: Unanswered[] = [];
  const ttlWarnings = new Map<string, TtlWarning>();
  const answers: NameserverRun['answers'] = new Map();
  let streak = 0;
  let unreachable = false;
  let asked = 0;
  const dnssecFindings: DnssecFinding[] = [];
  const paced = async <T>(query: () => Promise<T>): Promise<T> => {
    await options.pace?.(ns);
    return query();
  };
  const keys: NameserverKeys | undefined = options.dnssec ? nameserverKeys(zone.name, ns, await paced(() => askDnskey(ns, zone.name, options.timeoutMs)), options.dnssec) : undefined;
  if (keys) dnssecFindings.push(...keys.findings);

  const record = (check: Check, expected: Expected, result: Asked): void => {
    const { verdict } = result;
    if (keys && result.response && check.edns) dnssecFindings.push(...answerFindings(result.response, check.name, check.type, keys));
    if (verdict.problem === 'timeout') unanswered.push({ name: check.name, type: check.type, edns: check.edns, error: verdict.got });
    else if (verdict.problem) mismatches.push({ name: check.name, type: check.type, edns: check.edns, expected: verdict.expected, got: verdict.got, problem: verdict.problem });
    for (const warning of verdict.ttlWarnings) ttlWarnings.set(`${warning.name} ${warning.type}`, warning);
    if (result.response) answers.set(checkKey(check), { answer: describeResponse(result.response, check.name), informational: undetermined(expected) });
    streak = verdict.problem === 'timeout' ? streak + 1 : 0;
    if (streak >= options.unreachableAfter) unreachable = true;
  };

  const soaCheck: Check = { name: zone.name, type: 'SOA', edns: options.edns !== 'off' };
  const soa = (async () => {
    const result = await paced(() => ask(session, soaCheck, { kind: 'provider-owned' }, options));
    if (result.verdict.problem || !result.response) {
      record(soaCheck, { kind: 'provider-owned' }, result);
      return undefined;
    }
    const serial = serialOf(result.response);
    if (serial === undefined) mismatches.push({ ...soaCheck, expected: 'an SOA record', got: describeResponse(result.response, zone.name), problem: 'missing-data' });
    return serial;
  })();

  let next = 0;
  const worker = async (): Promise<void> => {
    while (!unreachable && next < checks.length) {
      const check = checks[next++] as Check;
      asked++;
      const expected = expect(check.name, check.type);
      record(check, expected, await paced(() => ask(session, check, expected, options)));
    }
  };
  const workers = Array.from({ length: Math.min(Math.max(1, options.concurrency), checks.length) }, worker);
  const [serial] = await Promise.all([soa, ...workers]);
  // Answers arrive in any order; report in question order, the apex SOA first.
  const order = new Map(checks.map((check, i) => [checkKey(check), i]));
  const inOrder = (a: Check, b: Check) => (order.get(checkKey(a)) ?? -1) - (order.get(checkKey(b)) ?? -1);
  mismatches.sort(inOrder);
  unanswered.sort(inOrder);
  const dnssec = splitFindings(dnssecFindings);
  mismatches.push(...dnssec.mismatches);

  const report: NameserverReport = {
    nameserver: ns,
    ...(serial === undefined ? {} : { serial }),
    ok: mismatches.length === 0 && unanswered.length === 0 && !unreachable,
    status: nameserverStatus(mismatches, unanswered, unreachable),
    queries: asked + 1,
    mismatches,
    unanswered,
    ttlWarnings: [...ttlWarnings.values()],
    ...(unreachable ? { unreachable } : {}),
    notAsked: checks.length - asked,
    ...(keys ? { dnssec: { keys: keys.keys.map(keyLabel), warnings: dnssec.warnings } } : {}),
  };
  return { report, answers, checks };
}

/** Check one nameserver against the zone: what `verify` does for each, one by one. */
export async function checkNameserver(ns: Nameserver, zone: Zone, questions: Question[], options: Partial<VerifyOptions> = {}): Promise<NameserverReport> {
  const settings = { ...DEFAULT_VERIFY_OPTIONS, ...options };
  return (await runChecks(ns, zone, checksFor(zone, questions, settings.edns), settings)).report;
}

export interface VerifyRunOptions extends Partial<VerifyOptions> {
  /** Default: questionsFor(zone), the whole zone. Chunk verification passes questionsFor(zone, chunkNames). */
  questions?: Question[];
  /** Nameservers checked at the same time. Default 8. */
  parallelNameservers?: number;
  /** Check DNSSEC when the zone is signed on any nameserver or has a DS at the parent (`verify` sets it; chunk verification does not). */
  checkDnssec?: DnssecOptions;
}

/** Ask every nameserver of every target and report per nameserver, stale serials and differences between providers. */
export async function verifyTargets(zone: Zone, targets: VerifyTarget[], options: VerifyRunOptions = {}): Promise<VerifyReport> {
  const all = targets.flatMap((target) => target.nameservers.map((ns) => ({ target, ns })));
  const dnssec = options.checkDnssec;
  const signed = dnssec !== undefined && (await zoneIsSigned(zone.name, all.map((a) => a.ns), { timeoutMs: options.timeoutMs ?? DEFAULT_VERIFY_OPTIONS.timeoutMs, ...(dnssec.parentDs ? { parentDs: dnssec.parentDs } : {}) }));
  // DNSSEC is checked only when the zone is signed, whatever `options.dnssec` says.
  const { dnssec: _given, ...rest } = options;
  const settings: VerifyOptions = { ...DEFAULT_VERIFY_OPTIONS, ...rest, ...(signed ? { dnssec } : {}) };
  // A signed zone is also asked one name it does not have: the NXDOMAIN answer must carry its proof.
  const questions = [...(options.questions ?? questionsFor(zone)), ...(signed ? [{ name: `${NXDOMAIN_PROBE}.${zone.name}`, type: 'A' }] : [])];
  const checks = checksFor(zone, questions, settings.edns);
  const runs = await mapLimit(all, options.parallelNameservers ?? 8, ({ ns }) => runChecks(ns, zone, checks, settings));
  let at = 0;
  const report = summarize(zone.name, targets.map((target) => ({ id: target.id, runs: target.nameservers.map(() => runs[at++] as NameserverRun), ...(target.nothingAsked ? { nothingAsked: target.nothingAsked } : {}) })));
  // An unsigned zone's report is what it always was.
  if (!dnssec || !signed) return report;
  return { ...report, dnssec: { signed, ...(dnssec.parentDs ? { parentDs: dnssec.parentDs.records.map(formatDs), parentDsSource: dnssec.parentDs.source } : {}), ...(dnssec.parentDsNote ? { parentDsNote: dnssec.parentDsNote } : {}) } };
}
