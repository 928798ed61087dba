import { isRecordType } from '../../src/core/model.js';
import type { DeclaredRecord, Scenario, Step } from './scenario.js';

/**
 * One row per record type: the values its transitions go through. A row's transitions are data:
 * create with N values, replace one value, change only the TTL, N → 1, N → 0. A row whose type the
 * model does not know (yet) is left out, so the rows of types being added light up when they land.
 */
export interface TypeRow {
  type: string;
  /** Owner, relative to the zone ('' is the apex). */
  owner: string;
  /** At least three values, or one for a type that holds one value per name. */
  values: string[];
  /** Replaces the last value in the "one value replaced" step. */
  alt: string;
  /** Records the rrset needs beside it in every step (an address for an in-zone target, the NS a DS sits on). */
  support?: DeclaredRecord[];
}

const hex = (bytes: number, seed: string): string => seed.repeat(Math.ceil((bytes * 2) / seed.length)).slice(0, bytes * 2).toUpperCase();

export const TYPE_ROWS: TypeRow[] = [
  { type: 'A', owner: 'a.types', values: ['192.0.2.1', '192.0.2.2', '192.0.2.3'], alt: '192.0.2.4' },
  { type: 'AAAA', owner: 'aaaa.types', values: ['2001:db8::1', '2001:db8::2', '2001:DB8:0:0:0:0:0:3'], alt: '2001:db8::4' },
  {
    type: 'ALIAS', owner: '', values: ['alias-target.types'], alt: 'alias-target2.types',
    support: [
      { name: 'alias-target.types', type: 'A', ttl: 300, values: ['192.0.2.10'] },
      { name: 'alias-target2.types', type: 'A', ttl: 300, values: ['192.0.2.11'] },
    ],
  },
  { type: 'ALIAS', owner: 'alias.types', values: ['alias-target.types'], alt: 'alias-target2.types', support: [
    { name: 'alias-target.types', type: 'A', ttl: 300, values: ['192.0.2.10'] },
    { name: 'alias-target2.types', type: 'A', ttl: 300, values: ['192.0.2.11'] },
  ] },
  {
    type: 'CAA', owner: 'caa.types',
    values: ['0 issue "letsencrypt.org"', '0 issuewild ";"', '128 iodef "mailto:security@example.com"'],
    alt: '0 issue "pki.goog; cansignhttpexchanges=yes"',
  },
  { type: 'CNAME', owner: 'cname.types', values: ['a.types'], alt: 'target.example.net.' },
  {
    type: 'DS', owner: 'ds.types',
    values: [`60485 8 2 ${hex(32, 'd4b7d520e7bb5f0f')}`, `12345 13 2 ${hex(32, '0c72ac70b745ac19')}`, `2371 13 4 ${hex(48, '1f2e3d4c5b6a7988')}`],
    alt: `60485 8 1 ${hex(20, '2bb183af5f225881')}`,
    support: [{ name: 'ds.types', type: 'NS', ttl: 3600, values: ['ns1.example.net.', 'ns2.example.net.'] }],
  },
  {
    type: 'HTTPS', owner: 'https.types',
    values: ['1 . alpn=h2', '2 svc.example.net. alpn=h3 port=8443', '3 . ipv4hint=192.0.2.1,192.0.2.2'],
    alt: '4 . alpn=h2,h3 ipv6hint=2001:db8::1',
  },
  {
    type: 'MX', owner: 'mx.types', values: ['10 mx1.example.net.', '20 MX2.Example.NET.', '30 host.mx.types'], alt: '40 mx4.example.net.',
    support: [{ name: 'host.mx.types', type: 'A', ttl: 300, values: ['192.0.2.25'] }],
  },
  { type: 'NS', owner: 'ns.types', values: ['ns1.example.net.', 'ns2.example.net.', 'ns3.example.org.'], alt: 'ns4.example.org.' },
  { type: 'PTR', owner: '4.2.ptr.types', values: ['host1.example.net.', 'host2.example.net.', 'host3.example.net.'], alt: 'host4.example.net.' },
  {
    type: 'SRV', owner: '_sip._tcp.srv.types',
    values: ['10 60 5060 sip1.example.net.', '10 20 5060 sip2.example.net.', '20 0 5061 sip3.example.net.'], alt: '30 0 5062 sip4.example.net.',
  },
  {
    type: 'SSHFP', owner: 'sshfp.types',
    values: [`1 1 ${hex(20, '123456789abcdef6')}`, `4 2 ${hex(32, '7890123456789abc')}`, `3 2 ${hex(32, 'fedcba9876543210')}`], alt: `2 1 ${hex(20, 'abcdef0123456789')}`,
  },
  {
    type: 'SVCB', owner: '_8443._foo.svcb.types',
    values: ['1 svc1.example.net. alpn=h2 port=8443', '2 svc2.example.net. alpn=h3', '3 . mandatory=alpn alpn=h2'], alt: '4 svc4.example.net. port=53',
  },
  {
    type: 'TLSA', owner: '_443._tcp.tlsa.types',
    values: [`3 1 1 ${hex(32, '0c72ac70b745ac19')}`, `2 0 1 ${hex(32, '998811b131d662c9')}`, `3 1 2 ${hex(64, 'ac69dbdbe7cb23e5')}`], alt: `3 0 1 ${hex(32, 'b514b56664c5d3d6')}`,
  },
  { type: 'TXT', owner: 'txt.types', values: ['"v=spf1 -all"', '"quote \\" backslash \\\\ semicolon ;"', '"caf\\195\\169 and café"'], alt: '"k=v"' },
  // Types the model is gaining (issue 20): their rows run once the model knows the type.
  {
    type: 'NAPTR', owner: 'naptr.types',
    values: ['100 10 "S" "SIP+D2U" "" _sip._udp.example.net.', '102 10 "S" "SIP+D2T" "" _sip._tcp.example.net.', '100 50 "U" "E2U+sip" "!^.*$!sip:info@example.net!" .'],
    alt: '200 10 "S" "SIPS+D2T" "" _sips._tcp.example.net.',
  },
  {
    type: 'LOC', owner: 'loc.types',
    values: ['52 22 23.000 N 4 53 32.000 E -2.00m 0.00m 10000.00m 10.00m', '42 21 54.000 N 71 6 18.000 W -24.00m 30.00m 10000.00m 10.00m', '0 0 0.000 N 0 0 0.000 E 0.00m 1.00m 10000.00m 10.00m'],
    alt: '37 46 30.000 N 122 25 10.000 W 16.00m 1.00m 10000.00m 10.00m',
  },
  { type: 'DNAME', owner: 'dname.types', values: ['example.net.'], alt: 'example.org.' },
  {
    type: 'URI', owner: '_http._tcp.uri.types',
    values: ['10 1 "https://www.example.com/path"', '20 1 "ftp://ftp.example.com/"', '30 0 "mailto:a@example.com"'], alt: '40 1 "https://alt.example.com/"',
  },
  { type: 'SPF', owner: 'spf.types', values: ['"v=spf1 -all"', '"v=spf1 ip4:192.0.2.0/24 -all"', '"v=spf1 include:example.net ~all"'], alt: '"v=spf1 mx -all"' },
  { type: 'HINFO', owner: 'hinfo.types', values: ['"PC" "Linux"', '"ARM" "BSD"', '"RISC-V" "Plan 9"'], alt: '"VAX" "VMS"' },
  { type: 'RP', owner: 'rp.types', values: ['admin.example.com. txt.example.com.', 'ops.example.com. .', 'root.example.net. .'], alt: 'noc.example.org. .' },
  { type: 'OPENPGPKEY', owner: 'openpgpkey.types', values: ['AQIDBA==', 'BQYHCA==', 'CQoLDA=='], alt: 'DQ4PEA==' },
  {
    type: 'SMIMEA', owner: 'smimea.types',
    values: [`3 1 1 ${hex(32, '0c72ac70b745ac19')}`, `2 0 1 ${hex(32, '998811b131d662c9')}`, `3 1 2 ${hex(64, 'ac69dbdbe7cb23e5')}`], alt: `3 0 1 ${hex(32, 'b514b56664c5d3d6')}`,
  },
  {
    type: 'CDS', owner: 'cds.types',
    values: [`60485 8 2 ${hex(32, 'd4b7d520e7bb5f0f')}`, `12345 13 2 ${hex(32, '0c72ac70b745ac19')}`, `2371 13 4 ${hex(48, '1f2e3d4c5b6a7988')}`],
    alt: `60485 8 1 ${hex(20, '2bb183af5f225881')}`,
  },
  {
    type: 'CDNSKEY', owner: 'cdnskey.types',
    values: [
      '257 3 13 mdsswUyr3DPW132mOi8V9xESWE8jTo0dxCjjnopKl+GqJxpVXckHAeF+KkxLbxILfDLUT0rAK9iUzy1L53eKGQ==',
      '256 3 13 koPbw9wmYZ7ggcjnQ6ayHyhHaDNMYELKTqT+qRGrZpWSccr/lBcrm10Z1PuQHB3Azhii+sb0PYFkH1ruxLhe5g==',
      '257 3 15 l02Woi0iS8Aa25FQkUd9RMzZHJpBoRQwAQEX1SxZJA4=',
    ],
    alt: '256 3 15 zPnZ/QwEe7S8C5SPz2OfS5RR40ATk2/rYnE9xHIEijs=',
  },
  { type: 'CERT', owner: 'cert.types', values: ['1 12345 8 AQIDBA==', '2 0 0 BQYHCA==', '3 1 5 CQoLDA=='], alt: '4 2 13 DQ4PEA==' },
  // octoDNS's URL forward (NS1): not asked over DNS, read back through the API.
  {
    type: 'URLFWD', owner: 'urlfwd.types',
    values: ['"/" "https://www.example.com/" 301 0 1', '"/old" "https://www.example.com/new" 302 2 0', '"/a?b=c" "http://example.net/x\\"y" 301 1 0'],
    alt: '"/docs" "https://docs.example.com/" 302 0 0',
  },
  { type: 'TYPE65280', owner: 'generic.types', values: ['\\# 4 0A000001', '\\# 0', '\\# 2 ABCD'], alt: '\\# 1 FF' },
];

/** The rows of types the model knows today. */
export function knownTypeRows(): TypeRow[] {
  return TYPE_ROWS.filter((row) => isRecordType(row.type));
}

function steps(row: TypeRow): Step[] {
  const at = (values: string[], ttl = 300): DeclaredRecord[] => [...(row.support ?? []), ...(values.length > 0 ? [{ name: row.owner, type: row.type, ttl, values }] : [])];
  const [first, second] = row.values as [string, string];
  if (row.values.length === 1) {
    return [
      { title: 'created', records: at([first]) },
      { title: 'value replaced', records: at([row.alt]) },
      { title: 'TTL only', records: at([row.alt], 3600) },
      { title: 'deleted', records: at([]) },
    ];
  }
  return [
    { title: `0 → ${row.values.length} values`, records: at(row.values) },
    { title: 'one value replaced', records: at([...row.values.slice(0, -1), row.alt]) },
    { title: 'TTL only', records: at([...row.values.slice(0, -1), row.alt], 3600) },
    { title: `${row.values.length} → 1 value`, records: at([first]) },
    { title: '1 → 2 values', records: at([first, second]) },
    { title: '2 → 0 values (rrset deleted)', records: at([]) },
  ];
}

export function typeScenarios(): Scenario[] {
  return knownTypeRows().map((row) => ({ id: `${row.type}${row.owner === '' ? ' at the apex' : ''}`, steps: steps(row) }));
}
