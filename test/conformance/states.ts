import type { RecordType } from '../../src/core/model.js';

/** A declared zone state, by relative name: what the conformance suite drives every provider through. */
export interface DeclaredRecord {
  name: string;
  type: RecordType;
  ttl: number;
  values: string[];
}

export interface ConformanceState {
  title: string;
  records: DeclaredRecord[];
}

const longText = `"${'a'.repeat(255)}" "${'b'.repeat(100)}"`;

const base: DeclaredRecord[] = [
  { name: '', type: 'A', ttl: 300, values: ['192.0.2.1', '192.0.2.2'] },
  { name: '', type: 'AAAA', ttl: 300, values: ['2001:db8::1'] },
  { name: '', type: 'MX', ttl: 3600, values: ['10 mx1', '20 mx2'] },
  { name: '', type: 'TXT', ttl: 3600, values: ['"v=spf1 -all"', '"two" "strings"', '"quote \\" and semicolon ;"'] },
  { name: '', type: 'CAA', ttl: 3600, values: ['0 issue "letsencrypt.org"', '128 iodef "mailto:sec@example.com"'] },
  { name: 'mx1', type: 'A', ttl: 3600, values: ['192.0.2.25'] },
  { name: 'mx2', type: 'A', ttl: 3600, values: ['192.0.2.26'] },
  { name: 'www', type: 'CNAME', ttl: 300, values: ['@'] },
  { name: '_sip._tcp', type: 'SRV', ttl: 3600, values: ['10 60 5060 sip'] },
  { name: 'sip', type: 'A', ttl: 3600, values: ['192.0.2.30'] },
  { name: 'sub', type: 'NS', ttl: 3600, values: ['ns1.sub', 'ns2.elsewhere.example.'] },
  { name: 'ns1.sub', type: 'A', ttl: 3600, values: ['192.0.2.53'] },
  { name: 'sub', type: 'DS', ttl: 3600, values: ['60485 8 2 D4B7D520E7BB5F0F67674A0CCEB1E3E0614B93C4F9E99B8383F6A1E4469DA50A'] },
  { name: '1.2', type: 'PTR', ttl: 3600, values: ['host.example.net.'] },
  { name: '_443._tcp.www', type: 'TLSA', ttl: 3600, values: ['3 1 1 0C72AC70B745AC19998811B131D662C9AC69DBDBE7CB23E5B514B56664C5D3D6'] },
  { name: 'host', type: 'SSHFP', ttl: 3600, values: ['4 2 123456789ABCDEF67890123456789ABCDEF67890123456789ABCDEF123456789'] },
  { name: 'svc', type: 'SVCB', ttl: 3600, values: ['1 svc-target alpn=h2,h3 port=8443'] },
  { name: 'svc-target', type: 'A', ttl: 3600, values: ['192.0.2.80'] },
  { name: '', type: 'HTTPS', ttl: 3600, values: ['1 . alpn=h2'] },
];

const replace = (records: DeclaredRecord[], name: string, type: RecordType, change: Partial<DeclaredRecord> | undefined): DeclaredRecord[] =>
  change === undefined
    ? records.filter((r) => !(r.name === name && r.type === type))
    : records.map((r) => (r.name === name && r.type === type ? { ...r, ...change } : r));

const changedValues = replace(replace(replace(base, '', 'A', { values: ['192.0.2.3'] }), '', 'MX', { values: ['5 mx1'] }), 'www', 'CNAME', { values: ['mx1'] });
const changedTtls = replace(replace(changedValues, '', 'A', { ttl: 60 }), 'sip', 'A', { ttl: 120 });
const withExtras = [
  ...changedTtls,
  { name: '*.wild', type: 'A' as const, ttl: 300, values: ['192.0.2.99'] },
  { name: 'long', type: 'TXT' as const, ttl: 300, values: [longText] },
  { name: 'bücher', type: 'A' as const, ttl: 300, values: ['192.0.2.77'] },
];
const afterDeletes = replace(replace(replace(withExtras, '_sip._tcp', 'SRV', undefined), 'sip', 'A', undefined), 'host', 'SSHFP', undefined);

export const CONFORMANCE_STATES: ConformanceState[] = [
  { title: 'creates every record type', records: base },
  { title: 'changes values', records: changedValues },
  { title: 'changes TTLs', records: changedTtls },
  { title: 'adds a wildcard, a long TXT and an IDN name', records: withExtras },
  { title: 'deletes rrsets', records: afterDeletes },
  { title: 'empties the zone', records: [] },
];
