import { ALGORITHMS, sigDate, signatureValid, timeBefore } from './crypto.js';
import { denialProblem } from './denial.js';
import { isAtOrBelow, parseRrsig, rdataOf, typeNumberOf, type Dnskey, type Rrsig } from './wire.js';
import type { WireRecord } from '../rdata-wire.js';

/** Checking one authoritative answer's signatures and proofs against the zone's DNSKEY set. */

export interface DnssecFinding {
  name: string;
  type: string;
  severity: 'error' | 'warning';
  /** `RRSIG expired 2026-11-30`, `no RRSIG`, `NXDOMAIN without an NSEC or NSEC3 proof`… */
  reason: string;
}

export interface ValidationContext {
  zone: string;
  keys: Dnskey[];
  /** Seconds since 1970: the clock is an argument. */
  now: number;
  /** Warn when the signature that holds expires sooner than this many seconds, and is in the last quarter of its validity. */
  warnSeconds: number;
}

export interface AnswerToCheck {
  rcode: string;
  answers: WireRecord[];
  authorities: WireRecord[];
}

const day = (date: Date): string => date.toISOString().slice(0, 10);

function rrsets(records: WireRecord[]): WireRecord[][] {
  const sets = new Map<string, WireRecord[]>();
  for (const record of records) {
    if (record.type === 'RRSIG') continue;
    const key = `${record.name} ${record.type}`;
    sets.set(key, [...(sets.get(key) ?? []), record]);
  }
  return [...sets.values()];
}

function signaturesFor(name: string, type: string, records: WireRecord[]): Rrsig[] {
  const covered = typeNumberOf(type);
  return records.filter((r) => r.type === 'RRSIG' && r.name === name).map((r) => parseRrsig(rdataOf(r))).filter((sig) => sig.typeCovered === covered);
}

/** Why this signature does not hold for the rrset (a date problem last, so a bad signature is named first). */
function signatureProblem(sig: Rrsig, rrset: WireRecord[], context: ValidationContext): string | undefined {
  const tag = `${sig.keyTag}/${sig.algorithm}`;
  if (!ALGORITHMS[sig.algorithm]) return `RRSIG ${tag}: algorithm ${sig.algorithm} not supported`;
  if (sig.signer !== context.zone) return `RRSIG ${tag} signed by ${sig.signer}, not ${context.zone}`;
  const keys = context.keys.filter((key) => key.keyTag === sig.keyTag && key.algorithm === sig.algorithm && (key.flags & 0x0100) !== 0);
  if (keys.length === 0) return `RRSIG ${tag} matches no DNSKEY`;
  let valid = false;
  try {
    valid = keys.some((key) => signatureValid(sig, rrset, key));
  } catch (error) {
    return `RRSIG ${tag}: ${(error as Error).message}`;
  }
  if (!valid) return `RRSIG ${tag} does not verify`;
  if (timeBefore(sig.expiration, context.now)) return `RRSIG expired ${day(sigDate(sig.expiration, context.now))}`;
  if (timeBefore(context.now, sig.inception)) return `RRSIG not valid before ${day(sigDate(sig.inception, context.now))}`;
  return undefined;
}

/** Check the signatures over one rrset; findings empty when one signature holds and is not near expiry. */
export function checkRrset(rrset: WireRecord[], signatures: Rrsig[], context: ValidationContext): DnssecFinding[] {
  const first = rrset[0] as WireRecord;
  const at = { name: first.name, type: first.type };
  if (signatures.length === 0) return [{ ...at, severity: 'error', reason: 'no RRSIG' }];
  const problems: string[] = [];
  let best: Rrsig | undefined;
  for (const sig of signatures) {
    const problem = signatureProblem(sig, rrset, context);
    if (problem) problems.push(problem);
    else if (!best || timeBefore(best.expiration, sig.expiration)) best = sig;
  }
  if (!best) return [{ ...at, severity: 'error', reason: [...new Set(problems)].join('; ') }];
  const expires = sigDate(best.expiration, context.now);
  const left = expires.getTime() / 1000 - context.now;
  const lifetime = expires.getTime() / 1000 - sigDate(best.inception, context.now).getTime() / 1000;
  // Online signers (Cloudflare, NS1, Route 53) sign as they answer, for a day or two, and sign
  // again long before that runs out: such a signature is always inside a 7-day window. So the
  // warning is for one that is running out: inside the window and in its last quarter of validity.
  if (left < context.warnSeconds && left < lifetime / 4) {
    const when = left < 86400 ? `in ${Math.floor(left / 3600)} hours` : `in ${Math.floor(left / 86400)} days`;
    return [{ ...at, severity: 'warning', reason: `RRSIG expires ${day(expires)} (${when})` }];
  }
  return [];
}

/** The DNSKEY set at the apex, self-signed: its own RRSIGs checked with its own keys. */
export function checkDnskeySet(records: WireRecord[], context: ValidationContext): DnssecFinding[] {
  const set = records.filter((r) => r.type === 'DNSKEY' && r.name === context.zone);
  if (set.length === 0) return [{ name: context.zone, type: 'DNSKEY', severity: 'error', reason: 'no DNSKEY' }];
  return checkRrset(set, signaturesFor(context.zone, 'DNSKEY', records), context);
}

/**
 * Check an answer to `qname qtype`: every rrset in the zone signed; a negative answer proven.
 * A referral (delegation NS, not signed by design) is checked only for its DS or the proof there is none.
 */
export function checkAnswer(answer: AnswerToCheck, qname: string, qtype: string, context: ValidationContext): DnssecFinding[] {
  const findings: DnssecFinding[] = [];
  const inZone = (r: WireRecord): boolean => isAtOrBelow(r.name, context.zone);
  const referral = answer.answers.length === 0 && answer.authorities.some((r) => r.type === 'NS' && r.name !== context.zone) && !answer.authorities.some((r) => r.type === 'SOA');
  for (const rrset of rrsets(answer.answers).filter((set) => inZone(set[0] as WireRecord))) {
    const first = rrset[0] as WireRecord;
    findings.push(...checkRrset(rrset, signaturesFor(first.name, first.type, answer.answers), context));
  }
  for (const rrset of rrsets(answer.authorities).filter((set) => inZone(set[0] as WireRecord))) {
    const first = rrset[0] as WireRecord;
    if (referral && first.type === 'NS') continue;
    findings.push(...checkRrset(rrset, signaturesFor(first.name, first.type, answer.authorities), context));
  }
  const name = qname.toLowerCase();
  const answered = answer.answers.some((r) => r.name === name && (r.type === qtype || r.type === 'CNAME'));
  let denial: 'nxdomain' | 'nodata' | undefined;
  if (answer.rcode === 'NXDOMAIN' && !answer.answers.some((r) => r.type === 'CNAME')) denial = 'nxdomain';
  else if (answer.rcode === 'NOERROR' && !answered && !referral) denial = 'nodata';
  else if (referral && !answer.authorities.some((r) => r.type === 'DS')) {
    const owner = answer.authorities.find((r) => r.type === 'NS')?.name ?? name;
    const problem = denialProblem('nodata', owner, 'DS', context.zone, answer.authorities);
    if (problem) findings.push({ name: owner, type: 'DS', severity: 'error', reason: `insecure delegation not proven: ${problem}` });
  }
  if (denial) {
    const problem = denialProblem(denial, name, qtype, context.zone, answer.authorities);
    if (problem) findings.push({ name, type: qtype, severity: 'error', reason: problem });
  }
  return findings;
}
