import { CONFORMANCE_ZONE, type DeclaredRecord, type Scenario } from './scenario.js';
import { typeScenarios } from './type-rows.js';

/**
 * The edge cases other DNS-as-code suites drive providers through (DNSControl's integration tests,
 * octoDNS provider suites): long and tricky TXT, case, IDN, name length, type flips at one name,
 * null targets, wildcards, delegations, TTLs.
 */

const rec = (name: string, type: string, ttl: number, ...values: string[]): DeclaredRecord => ({ name, type, ttl, values });

/** A TXT value of one text of exactly `bytes` bytes, full of quotes, backslashes and semicolons. */
export function trickyText(bytes: number): string {
  const unit = 'v=1; "q" \\b;';
  const text = unit.repeat(Math.ceil(bytes / unit.length)).slice(0, bytes);
  return `"${text.replace(/["\\]/g, (c) => `\\${c}`)}"`;
}

/** A relative name that makes `length` characters (no trailing dot) with the zone: labels of 63, then the rest. */
export function nameOfLength(length: number, zone = CONFORMANCE_ZONE): string {
  let left = length - zone.length; // the zone without its trailing dot, and the dot joining it on
  const labels: string[] = [];
  while (left > 63) {
    const size = left === 64 ? 62 : 63; // never leave an empty last label
    labels.push(String.fromCharCode(97 + labels.length).repeat(size));
    left -= size + 1;
  }
  labels.push('z'.repeat(left));
  return labels.join('.');
}

const TXT_LENGTHS = [254, 255, 256, 510, 511];
const LONG = nameOfLength(253);

const SPECIALS: Scenario[] = [
  {
    id: 'TXT length',
    steps: TXT_LENGTHS.map((n) => ({ title: `${n} bytes with quotes, backslashes and semicolons`, records: [rec('len.txt', 'TXT', 300, trickyText(n))] })),
  },
  {
    id: 'TXT strings',
    steps: [
      { title: 'several character-strings, one empty', records: [rec('strings.txt', 'TXT', 300, '"two" "strings"', '"a" "" "c"')] },
      { title: 'same text, other string boundaries', records: [rec('strings.txt', 'TXT', 300, '"tw" "ostrings"', '"a" "" "c"')] },
      { title: 'one string each', records: [rec('strings.txt', 'TXT', 300, '"twostrings"', '"ac"')] },
    ],
  },
  {
    id: 'case',
    steps: [
      { title: 'upper-case owners and targets', records: [rec('MiXeD.Case', 'CNAME', 300, 'Target.Example.NET.'), rec('MX.Case', 'MX', 300, '10 MAIL.Example.Net.'), rec('Srv._TCP.Case', 'SRV', 300, '0 5 443 WWW.Example.Org.')] },
      { title: 'the same in lower case (no change)', records: [rec('mixed.case', 'CNAME', 300, 'target.example.net.'), rec('mx.case', 'MX', 300, '10 mail.example.net.'), rec('srv._tcp.case', 'SRV', 300, '0 5 443 www.example.org.')] },
      { title: 'targets change, written in upper case', records: [rec('MIXED.CASE', 'CNAME', 300, 'OTHER.EXAMPLE.NET.'), rec('mx.case', 'MX', 300, '10 MAIL2.EXAMPLE.NET.'), rec('srv._tcp.case', 'SRV', 300, '0 5 443 www.example.org.')] },
    ],
  },
  {
    id: 'IDN',
    steps: [
      { title: 'IDN owners and targets', records: [rec('bücher.idn', 'A', 300, '192.0.2.77'), rec('www.idn', 'CNAME', 300, 'straße.example.'), rec('mail.idn', 'MX', 300, '10 mx.bücher.example.')] },
      { title: 'IDN owner renamed, targets changed', records: [rec('münchen.idn', 'A', 300, '192.0.2.78'), rec('www.idn', 'CNAME', 300, 'bücher.idn'), rec('mail.idn', 'MX', 300, '10 xn--mnchen-3ya.example.')] },
      { title: 'Unicode upper case is the same name', records: [rec('MÜNCHEN.idn', 'A', 300, '192.0.2.78'), rec('www.idn', 'CNAME', 300, 'bücher.idn'), rec('mail.idn', 'MX', 300, '10 xn--mnchen-3ya.example.')] },
    ],
  },
  {
    id: '253-character name',
    steps: [
      { title: 'A at a 253-character owner', records: [rec(LONG, 'A', 300, '192.0.2.53')] },
      { title: 'TXT beside it, CNAME to it', records: [rec(LONG, 'A', 300, '192.0.2.53'), rec(LONG, 'TXT', 300, '"long"'), rec('to-long', 'CNAME', 300, LONG)] },
      { title: 'deleted', records: [] },
    ],
  },
  {
    id: 'CNAME ⇄ A',
    steps: [
      { title: 'CNAME', records: [rec('flip', 'CNAME', 300, 'target.example.net.')] },
      { title: 'CNAME → A at the same name', records: [rec('flip', 'A', 300, '192.0.2.90', '192.0.2.91')] },
      { title: 'A → CNAME at the same name', records: [rec('flip', 'CNAME', 300, 'other.example.net.')] },
    ],
  },
  {
    id: 'null targets',
    steps: [
      { title: 'null MX (0 .) and SRV to .', records: [rec('nullmx', 'MX', 300, '0 .'), rec('_imap._tcp.nullsrv', 'SRV', 300, '0 0 0 .')] },
      { title: 'null MX → real MX, SRV . → host', records: [rec('nullmx', 'MX', 300, '10 mx.example.net.'), rec('_imap._tcp.nullsrv', 'SRV', 300, '10 5 993 imap.example.net.')] },
      { title: 'back to null MX and SRV to .', records: [rec('nullmx', 'MX', 300, '0 .'), rec('_imap._tcp.nullsrv', 'SRV', 300, '0 0 0 .')] },
    ],
  },
  {
    id: 'wildcard',
    steps: [
      { title: 'wildcard A', records: [rec('*.wild', 'A', 300, '192.0.2.99')] },
      { title: 'wildcard value changed, wildcard TXT added', records: [rec('*.wild', 'A', 300, '192.0.2.98'), rec('*.wild', 'TXT', 300, '"wild"')] },
      { title: 'explicit name beside the wildcard', records: [rec('*.wild', 'A', 300, '192.0.2.98'), rec('*.wild', 'TXT', 300, '"wild"'), rec('exact.wild', 'A', 300, '192.0.2.97')] },
      { title: 'wildcard removed, explicit name kept', records: [rec('exact.wild', 'A', 300, '192.0.2.97')] },
    ],
  },
  {
    id: 'delegation',
    steps: [
      { title: 'NS below the apex with glue', records: [rec('deleg', 'NS', 3600, 'ns1.deleg', 'ns2.example.net.'), rec('ns1.deleg', 'A', 3600, '192.0.2.53'), rec('ns1.deleg', 'AAAA', 3600, '2001:db8::53')] },
      { title: 'glue address changed', records: [rec('deleg', 'NS', 3600, 'ns1.deleg', 'ns2.example.net.'), rec('ns1.deleg', 'A', 3600, '192.0.2.54'), rec('ns1.deleg', 'AAAA', 3600, '2001:db8::53')] },
      { title: 'second in-zone server with glue', records: [rec('deleg', 'NS', 3600, 'ns1.deleg', 'ns2.deleg', 'ns2.example.net.'), rec('ns1.deleg', 'A', 3600, '192.0.2.54'), rec('ns1.deleg', 'AAAA', 3600, '2001:db8::53'), rec('ns2.deleg', 'A', 3600, '192.0.2.55')] },
      { title: 'out-of-zone servers only, glue removed', records: [rec('deleg', 'NS', 3600, 'ns3.example.net.', 'ns2.example.net.')] },
      { title: 'delegation removed', records: [] },
    ],
  },
  {
    id: 'TTL',
    steps: [
      { title: 'TTL 300', records: [rec('ttl', 'A', 300, '192.0.2.70')] },
      { title: 'TTL only: 300 → 86400', records: [rec('ttl', 'A', 86400, '192.0.2.70')] },
      { title: 'TTL only: 86400 → 60', records: [rec('ttl', 'A', 60, '192.0.2.70')] },
      { title: 'TTL only: 60 → 1', records: [rec('ttl', 'A', 1, '192.0.2.70')] },
      { title: 'TTL only: 1 → 0', records: [rec('ttl', 'A', 0, '192.0.2.70')] },
    ],
  },
];

/** Every scenario that runs side by side, one plan per round. */
export function lockstepScenarios(): Scenario[] {
  return [...typeScenarios(), ...SPECIALS];
}

/** Zone sizes that sit on page boundaries of 100 and 300 entries (and their multiples). */
export const ZONE_SIZES = [99, 100, 101, 300, 301, 1000, 1001];
