import type { Nameserver } from '../providers/provider.js';

/** What `verify` and chunk verification report: plain data, rendered by src/render/verify*.ts. */

export type VerifyProblem =
  | 'wrong-data'
  | 'missing-data'
  | 'nxdomain-for-nodata'
  | 'nodata-for-nxdomain'
  | 'unexpected-answer'
  | 'refused'
  | 'servfail'
  | 'timeout'
  | 'not-authoritative'
  | 'serial-mismatch';

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
  /** Answers checked: each question once per EDNS mode, plus the apex SOA. */
  queries: number;
  mismatches: Mismatch[];
  ttlWarnings: TtlWarning[];
  /** Set when the nameserver stopped answering and checking it was given up. */
  unreachable?: boolean;
  /** Checks not made because the nameserver was unreachable. */
  notAsked: number;
}

export interface ProviderReport {
  id: string;
  nameservers: NameserverReport[];
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
}
