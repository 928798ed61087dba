import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, readSignedZone } from '../../test/support/signed-zone.js';
import { parseDsValue } from '../dns/dnssec/index.js';
import type { DnsResponse } from '../dns/client.js';
import { nameserverKeys, splitFindings } from './dnssec.js';
import { dnssecLine } from '../render/verify.js';
import type { VerifyReport } from './report.js';

const records = readSignedZone(join(FIXTURES, 'ED25519.db'));
const dnskeyAnswer: DnsResponse = { rcode: 'NOERROR', authoritative: true, truncated: false, transport: 'tcp', edns: true, answers: records.filter((r) => r.name === 'example.test.' && (r.type === 'DNSKEY' || (r.type === 'RRSIG' && r.value.includes(' 0030')))), authorities: [] };
const ns = { name: 'ns1.', address: '192.0.2.53', port: 53 };
const now = Date.parse('2027-01-01T00:00:00Z') / 1000;
const good = parseDsValue('11775 15 2 DAD6C562755100C1C7307DF4B2CAB2FF0E96F7EAAB7DA64FE860E6A7674CACB8');
const stale = parseDsValue('4711 15 2 00');

describe('a nameserver\'s keys against the parent\'s DS', () => {
  it('passes when a DS matches its KSK, warning about a stale one beside it', () => {
    const keys = nameserverKeys('example.test.', ns, dnskeyAnswer, { now, sigWarnDays: 7, parentDs: { records: [good, stale], source: 'parent 192.0.2.1:53' } });
    expect(keys.keys).toHaveLength(2);
    const { mismatches, warnings } = splitFindings(keys.findings);
    expect(mismatches).toEqual([]);
    expect(warnings.map((w) => w.reason)).toEqual(['DS 4711/15 (parent 192.0.2.1:53) matches no DNSKEY at ns1.']);
  });

  it('fails, named, when no DS matches', () => {
    const keys = nameserverKeys('example.test.', ns, dnskeyAnswer, { now, sigWarnDays: 7, parentDs: { records: [stale], source: 'registrar' } });
    expect(splitFindings(keys.findings).mismatches).toEqual([{ name: 'example.test.', type: 'DS', edns: true, expected: 'valid DNSSEC', got: 'DS 4711/15 (registrar) matches no DNSKEY at ns1.: validating resolvers get SERVFAIL', problem: 'dnssec' }]);
  });

  it('fails a nameserver that did not answer DNSKEY, and one that serves none', () => {
    expect(splitFindings(nameserverKeys('example.test.', ns, undefined, { now, sigWarnDays: 7 }).findings).mismatches.map((m) => m.got)).toEqual(['no answer to DNSKEY']);
    expect(splitFindings(nameserverKeys('example.test.', ns, { ...dnskeyAnswer, answers: [] }, { now, sigWarnDays: 7 }).findings).mismatches.map((m) => m.got)).toEqual(['no DNSKEY']);
  });

  it('reports each finding once', () => {
    const finding = { name: 'a.', type: 'A', severity: 'error' as const, reason: 'no RRSIG' };
    expect(splitFindings([finding, finding]).mismatches).toHaveLength(1);
  });
});

describe('the DNSSEC line of a report', () => {
  const base: VerifyReport = { zone: 'example.test.', providers: [{ id: 'p', nameservers: [] }], crossProvider: [], notCompared: [], ok: true };
  it('is absent for an unsigned zone, and names keys and the parent DS for a signed one', () => {
    expect(dnssecLine(base)).toBeUndefined();
    expect(dnssecLine({ ...base, dnssec: { signed: true, parentDs: ['1 13 2 AB'], parentDsSource: 'parent 192.0.2.1:53' } })).toBe('DNSSEC: signed; keys none; parent DS 1 13 2 AB (parent 192.0.2.1:53)');
    expect(dnssecLine({ ...base, dnssec: { signed: true } })).toBe('DNSSEC: signed; keys none; parent DS not read (--parent-ns)');
  });
});
