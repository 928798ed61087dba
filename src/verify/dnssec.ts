import { checkAnswer, checkDnskeySet, dsMatches, formatDs, isKsk, parseDnskey, rdataOf, type AnswerToCheck, type Dnskey, type DnssecFinding, type Ds, type ValidationContext } from '../dns/dnssec/index.js';
import { query, type DnsResponse } from '../dns/client.js';
import { DnsError } from '../dns/error.js';
import type { Nameserver } from '../dns/nameserver.js';
import { mapLimit } from '../lib/map-limit.js';
import type { Mismatch } from './report.js';

/** DNSSEC in `verify`: is the zone signed anywhere, the DNSKEY set and DS of each nameserver, each answer's signatures and proofs. */

export interface DnssecOptions {
  /** Seconds since 1970 when verify runs (the clock is the caller's). */
  now: number;
  /** Warn when a signature expires within this many days. */
  sigWarnDays: number;
  /** The DS set at the parent, and where it was read; absent when neither a registrar nor the parent's nameservers told. */
  parentDs?: { records: Ds[]; source: string };
  /** Why the parent's DS is not known (the registrar could not tell and no parent nameserver was given). */
  parentDsNote?: string;
}

/** What one nameserver serves for DNSSEC, as the JSON report shows it. */
export interface NameserverDnssec {
  /** `12345/13 KSK`, `54321/13 ZSK`. */
  keys: string[];
  /** Expiry soon, a stale DS beside a good one: not failures. */
  warnings: DnssecFinding[];
}

export const keyLabel = (key: Dnskey): string => `${key.keyTag}/${key.algorithm} ${isKsk(key) ? 'KSK' : 'ZSK'}`;

/** The DNSKEY answer at the apex, asked with DO over TCP (a key set seldom fits 1232 bytes). */
export async function askDnskey(ns: Nameserver, zone: string, timeoutMs: number, attempts = 2): Promise<DnsResponse | undefined> {
  for (let attempt = 0; attempt < attempts; attempt++) {
    try {
      return await query(ns, zone, 'DNSKEY', { dnssec: true, tcp: true, timeoutMs, retries: 0 });
    } catch (error) {
      if (!(error instanceof DnsError)) throw error;
    }
  }
  return undefined;
}

/**
 * True when any nameserver serves a DNSKEY set at the apex (or the parent holds a DS): the zone is then checked as signed everywhere.
 * A parent read to hold no DS makes the delegation insecure (RFC 4035 §4.3): resolvers validate nothing, so an unsigned provider is no failure.
 */
export async function zoneIsSigned(zone: string, nameservers: Nameserver[], options: { timeoutMs: number; parentDs?: DnssecOptions['parentDs'] }): Promise<boolean> {
  if (options.parentDs !== undefined) return options.parentDs.records.length > 0;
  const answers = await mapLimit(nameservers, 8, (ns) => askDnskey(ns, zone, options.timeoutMs));
  return answers.some((answer) => answer?.answers.some((r) => r.type === 'DNSKEY' && r.name === zone));
}

/** One nameserver's DNSSEC state: its keys, and the findings about its key set and the parent's DS. */
export interface NameserverKeys {
  context: ValidationContext;
  findings: DnssecFinding[];
  keys: Dnskey[];
}

/** DS check (RFC 4035 §5.2): at least one DS must match a key this nameserver serves; each that matches none is named. */
function dsFindings(zone: string, keys: Dnskey[], parentDs: NonNullable<DnssecOptions['parentDs']>, where: string): DnssecFinding[] {
  const matching = parentDs.records.filter((ds) => keys.some((key) => dsMatches(zone, ds, key)));
  const stale = parentDs.records.filter((ds) => !matching.includes(ds));
  const severity = matching.length === 0 ? 'error' : 'warning';
  return stale.map((ds) => ({ name: zone, type: 'DS', severity, reason: `DS ${ds.keyTag}/${ds.algorithm} (${parentDs.source}) matches no DNSKEY at ${where}${severity === 'warning' ? '' : ': validating resolvers get SERVFAIL'}` }));
}

export function nameserverKeys(zone: string, ns: Nameserver, answer: DnsResponse | undefined, options: DnssecOptions): NameserverKeys {
  const records = answer?.answers ?? [];
  const keys = records.filter((r) => r.type === 'DNSKEY' && r.name === zone).map((r) => parseDnskey(rdataOf(r)));
  const context: ValidationContext = { zone, keys, now: options.now, warnSeconds: options.sigWarnDays * 86400 };
  const findings = answer ? checkDnskeySet(records, context) : [{ name: zone, type: 'DNSKEY', severity: 'error' as const, reason: 'no answer to DNSKEY' }];
  if (options.parentDs && options.parentDs.records.length > 0) findings.push(...dsFindings(zone, keys, options.parentDs, ns.name ?? ns.address));
  return { context, findings, keys };
}

export function answerFindings(answer: AnswerToCheck, qname: string, qtype: string, keys: NameserverKeys): DnssecFinding[] {
  return checkAnswer(answer, qname, qtype, keys.context);
}

/** Findings that fail as mismatches (each named by name, type and reason, once), and the warnings apart. */
export function splitFindings(findings: DnssecFinding[]): { mismatches: Mismatch[]; warnings: DnssecFinding[] } {
  const seen = new Set<string>();
  const mismatches: Mismatch[] = [];
  const warnings: DnssecFinding[] = [];
  for (const finding of findings) {
    const key = `${finding.name} ${finding.type} ${finding.reason}`;
    if (seen.has(key)) continue;
    seen.add(key);
    if (finding.severity === 'warning') warnings.push(finding);
    else mismatches.push({ name: finding.name, type: finding.type, edns: true, expected: 'valid DNSSEC', got: finding.reason, problem: 'dnssec' });
  }
  return { mismatches, warnings };
}

export { formatDs };
