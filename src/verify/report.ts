import type { Nameserver } from '../dns/nameserver.js';
import type { NameserverDnssec } from './dnssec.js';
import type { SteeringCheck } from './steering.js';

/** What `verify` and chunk verification report: plain data, rendered by src/render/verify*.ts. */

export type VerifyProblem =
  | 'wrong-data'
  | 'missing-data'
  | 'nxdomain-for-nodata'
  | 'nodata-for-nxdomain'
  | 'unexpected-answer'
  | 'refused'
  | 'servfail'
  | 'not-authoritative'
  | 'serial-mismatch'
  /** A signature that does not hold, a missing proof, a DS that matches no key: `got` says which. */
  | 'dnssec'
  /** Asked with EDNS Client Subnet, the answer is not from the pool the rule picks (`expected` names rule, subnet and pool). */
  | 'wrong-steering';

/** One question a nameserver answered wrong. `expected` and `got` are short summaries (`NODATA`, `A 192.0.2.1`…). */
export interface Mismatch {
  name: string;
  type: string;
  /** Whether the query carried EDNS. */
  edns: boolean;
  expected: string;
  got: string;
  problem: VerifyProblem;
}

/** One question a nameserver did not answer (every attempt timed out): not a wrong answer, no answer. */
export interface Unanswered {
  name: string;
  type: string;
  edns: boolean;
  /** What the client saw, e.g. `no answer over UDP after 2 attempts of 1000 ms`. */
  error: string;
}

/** A nameserver is right, answers wrong, or does not answer (it may be down, not wrong). */
export type NameserverStatus = 'ok' | 'wrong-answers' | 'did-not-answer';

/** An rrset served with another TTL than declared: a warning, not a failure (providers clamp TTLs). */
export interface TtlWarning {
  name: string;
  type: string;
  expected: number;
  got: number;
}

export interface NameserverReport {
  nameserver: Nameserver;
  /** SOA serial at the apex, when the nameserver answered it. */
  serial?: number;
  ok: boolean;
  /** `wrong-answers` as soon as one answer is wrong; `did-not-answer` when the only failures are questions left unanswered. */
  status: NameserverStatus;
  /** Answers checked: each question once per EDNS mode, plus the apex SOA. */
  queries: number;
  /** Answers that differ from the zone (unanswered questions are in `unanswered`, not here). */
  mismatches: Mismatch[];
  /** Questions that got no answer at all. */
  unanswered: Unanswered[];
  ttlWarnings: TtlWarning[];
  /** Set when the nameserver stopped answering and checking it was given up. */
  unreachable?: boolean;
  /** Checks not made because the nameserver was unreachable. */
  notAsked: number;
  /** Set when the zone is signed: the keys this nameserver serves and the DNSSEC warnings (failures are mismatches). */
  dnssec?: NameserverDnssec;
  /**
   * Set when the zone has steered rrsets and `verify` checked them: one check per rule and client
   * subnet. A wrong pool is also a mismatch (`wrong-steering`); `cannot-check` keeps the zone from
   * being reported OK (verdict NOT VERIFIED) without making this nameserver's answers wrong.
   */
  steering?: SteeringCheck[];
}

export interface NothingAsked {
  /** `nothing was asked for example.com. on files: set providers.files.nameservers to the address:port of each server that answers for it (…)` */
  message: string;
  error: boolean;
}

/** The one sentence every format shows for a provider none of whose nameservers was asked. */
export function nothingAskedFor(zone: string, provider: string, why: string, error: boolean): NothingAsked {
  return { message: `nothing was asked for ${zone} on ${provider}: set providers.${provider}.nameservers to the address:port of each server that answers for it (${why})`, error };
}

export interface ProviderReport {
  id: string;
  nameservers: NameserverReport[];
  /**
   * Set when no nameserver of this provider was asked (none configured, no delegation to resolve,
   * or its API down so they could not be learned): the zone is not verified there. `error` when an
   * error (not missing config) stopped the asking.
   */
  nothingAsked?: NothingAsked;
}

/** One question the providers answer differently (compared on the first healthy nameserver of each). */
export interface CrossProviderDifference {
  name: string;
  type: string;
  edns: boolean;
  /** In data the zone does not determine (a flattened ALIAS, a CNAME chain past the zone): reported, not failed. */
  informational: boolean;
  answers: Array<{ provider: string; nameserver: Nameserver; answer: string }>;
}

export interface VerifyReport {
  zone: string;
  providers: ProviderReport[];
  crossProvider: CrossProviderDifference[];
  /** Providers left out of the cross-provider comparison because none of their nameservers was healthy. */
  notCompared: string[];
  ok: boolean;
  /** Steering checks that could not be made (no ECS sample, a server that does not do ECS) or answered by a health fallback: the zone is not verified. */
  steeringUnchecked?: number;
  /** Set when the zone is signed somewhere and DNSSEC was checked; the parent's DS set when known. */
  dnssec?: { signed: boolean; parentDs?: string[]; parentDsSource?: string; parentDsNote?: string };
}

export function nameserverStatus(mismatches: Mismatch[], unanswered: Unanswered[], unreachable: boolean): NameserverStatus {
  if (mismatches.length > 0) return 'wrong-answers';
  return unanswered.length > 0 || unreachable ? 'did-not-answer' : 'ok';
}
