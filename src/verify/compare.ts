import type { Expected, ExpectedRRset } from '../core/expect.js';
import type { DnsResponse, WireRecord } from '../dns/client.js';
import { DnsError } from '../dns/error.js';
import { isCompactNxdomain } from '../dns/dnssec/index.js';
import type { TtlWarning, VerifyProblem } from './report.js';

/** Comparing one nameserver's answer with what the zone says it should be. */

export interface Verdict {
  /** `timeout`: no answer at all, which the report keeps apart from wrong answers. */
  problem?: VerifyProblem | 'timeout';
  expected: string;
  got: string;
  ttlWarnings: TtlWarning[];
}

interface Served {
  name: string;
  type: string;
  ttl: number;
  values: string[];
}

/** DNSSEC records come only with DO, which we never set; skip them should a server send them anyway. */
const IGNORED = new Set(['RRSIG', 'NSEC', 'NSEC3', 'OPT']);

/** Answer records grouped into rrsets, in the order their owners first appear. */
export function rrsetsOf(records: WireRecord[]): Served[] {
  const sets = new Map<string, Served>();
  for (const record of records) {
    if (IGNORED.has(record.type)) continue;
    const key = `${record.name} ${record.type}`;
    const set = sets.get(key) ?? { name: record.name, type: record.type, ttl: record.ttl, values: [] };
    set.ttl = Math.min(set.ttl, record.ttl);
    if (!set.values.includes(record.value)) set.values.push(record.value);
    sets.set(key, set);
  }
  for (const set of sets.values()) set.values.sort();
  return [...sets.values()];
}

function rrsetText(rrset: { name: string; type: string; values: string[]; anyOf?: string[] }, question: string): string {
  const owner = rrset.name === question ? '' : `${rrset.name} `;
  if (rrset.anyOf) return `${owner}${rrset.type} steered: any of ${rrset.anyOf.join(', ')}`;
  return `${owner}${rrset.type} ${rrset.values.join(', ')}`;
}

/**
 * The answer with the rcode it stands for: a Compact Denial NXDOMAIN (RFC 9824 §3.1, Cloudflare's
 * answer to a query with DO for a name it does not have) is sent as NOERROR, its NSEC listing NXNAME.
 */
function withMeantRcode(response: DnsResponse): DnsResponse {
  return response.rcode === 'NOERROR' && isCompactNxdomain(response.authorities) ? { ...response, rcode: 'NXDOMAIN' } : response;
}

/** `NXDOMAIN`, `NODATA`, `A 192.0.2.1, 192.0.2.2`, `CNAME web.example.com. → web.example.com. A 192.0.2.1`. */
export function describeResponse(sent: DnsResponse, question: string): string {
  const response = withMeantRcode(sent);
  const sets = rrsetsOf(response.answers);
  if (response.rcode !== 'NOERROR' && sets.length === 0) return response.rcode;
  if (sets.length === 0) return 'NODATA';
  const data = sets.map((set) => rrsetText(set, question)).join(' → ');
  return response.rcode === 'NOERROR' ? data : `${data} → ${response.rcode}`;
}

export function describeExpected(expected: Expected, question: string): string {
  switch (expected.kind) {
    case 'answer': {
      const data = expected.rrsets.map((set) => rrsetText(set, question)).join(' → ');
      return expected.rcode === 'NXDOMAIN' ? `${data} → NXDOMAIN` : data;
    }
    case 'nodata':
      return 'NODATA';
    case 'nxdomain':
      return 'NXDOMAIN';
    case 'referral':
      return 'a referral';
    case 'alias':
      return 'NOERROR (flattened ALIAS)';
    case 'provider-owned':
      return 'the provider\'s data';
  }
}

/** What a failed query means: a timeout (the server may come back) or an answer we could not read. */
export function verdictForError(error: unknown, expected: string): Verdict {
  if (!(error instanceof DnsError)) throw error;
  // The message starts with the server and question, which the report already names.
  const detail = error.server || error.question ? error.message.slice(error.message.indexOf(': ') + 2) : error.message;
  return { problem: error.transient ? 'timeout' : 'unexpected-answer', expected, got: detail, ttlWarnings: [] };
}

const sameValues = (a: string[], b: string[]): boolean => a.length === b.length && a.every((value, i) => value === b[i]);

function compareData(expected: ExpectedRRset[], leavesZone: boolean, served: Served[]): { problem?: VerifyProblem; ttlWarnings: TtlWarning[] } {
  const byKey = new Map(served.map((set) => [`${set.name} ${set.type}`, set]));
  const owners = new Set(expected.map((set) => set.name));
  const ttlWarnings: TtlWarning[] = [];
  let missing = false;
  let wrong = false;
  for (const want of expected) {
    const got = byKey.get(`${want.name} ${want.type}`);
    byKey.delete(`${want.name} ${want.type}`);
    if (!got) {
      missing = true;
      continue;
    }
    if (want.anyOf) {
      const anyOf = want.anyOf;
      if (got.values.length === 0 || !got.values.every((value) => anyOf.includes(value))) wrong = true;
    } else if (!sameValues(want.values, got.values)) {
      if (got.values.every((value) => want.values.includes(value))) missing = true;
      else wrong = true;
    }
    if (got.ttl !== want.ttl) ttlWarnings.push({ name: want.name, type: want.type, expected: want.ttl, got: got.ttl });
  }
  // Past the zone's edge the server may add the rest of the chain; anything else at our owners is wrong.
  for (const extra of byKey.values()) if (!leavesZone || owners.has(extra.name)) wrong = true;
  if (wrong) return { problem: 'wrong-data', ttlWarnings };
  if (missing) return { problem: 'missing-data', ttlWarnings };
  return { ttlWarnings };
}

function dataVerdict(expected: Expected, response: DnsResponse, served: Served[]): { problem?: VerifyProblem; ttlWarnings: TtlWarning[] } {
  const none = { ttlWarnings: [] };
  switch (expected.kind) {
    case 'answer':
      if (response.rcode === 'NXDOMAIN' && expected.rcode === 'NOERROR') return { problem: 'missing-data', ttlWarnings: [] };
      if (response.rcode === 'NOERROR' && expected.rcode === 'NXDOMAIN' && served.length === 0) return { problem: 'nodata-for-nxdomain', ttlWarnings: [] };
      {
        const data = compareData(expected.rrsets, expected.leavesZone, served);
        if (!data.problem && response.rcode !== expected.rcode) return { problem: expected.rcode === 'NXDOMAIN' ? 'nodata-for-nxdomain' : 'nxdomain-for-nodata', ttlWarnings: data.ttlWarnings };
        return data;
      }
    case 'nodata':
      if (response.rcode === 'NXDOMAIN') return { problem: 'nxdomain-for-nodata', ttlWarnings: [] };
      return served.length > 0 ? { problem: 'unexpected-answer', ttlWarnings: [] } : none;
    case 'nxdomain':
      if (served.length > 0) return { problem: 'unexpected-answer', ttlWarnings: [] };
      return response.rcode === 'NOERROR' ? { problem: 'nodata-for-nxdomain', ttlWarnings: [] } : none;
    case 'alias':
      return response.rcode === 'NXDOMAIN' ? { problem: 'missing-data', ttlWarnings: [] } : none;
    case 'referral':
      // A parent never says NXDOMAIN at or below its own delegation: it refers.
      return response.rcode === 'NXDOMAIN' ? { problem: 'unexpected-answer', ttlWarnings: [] } : none;
    case 'provider-owned':
      return none;
  }
}

/** Compare one response with the expectation for `question` (the asked name). */
export function compareResponse(expected: Expected, sent: DnsResponse, question: string): Verdict {
  const response = withMeantRcode(sent);
  const want = describeExpected(expected, question);
  const got = describeResponse(response, question);
  if (response.rcode === 'REFUSED') return { problem: 'refused', expected: want, got, ttlWarnings: [] };
  if (response.rcode === 'SERVFAIL') return { problem: 'servfail', expected: want, got, ttlWarnings: [] };
  if (response.rcode !== 'NOERROR' && response.rcode !== 'NXDOMAIN') return { problem: 'unexpected-answer', expected: want, got, ttlWarnings: [] };
  const served = rrsetsOf(response.answers);
  const data = dataVerdict(expected, response, served);
  if (data.problem) return { problem: data.problem, expected: want, got, ttlWarnings: data.ttlWarnings };
  if (!response.authoritative && expected.kind !== 'referral') {
    return { problem: 'not-authoritative', expected: `${want} with the AA bit`, got: `${got} without the AA bit`, ttlWarnings: data.ttlWarnings };
  }
  return { expected: want, got, ttlWarnings: data.ttlWarnings };
}
