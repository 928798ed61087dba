import { describe, expect, it } from 'vitest';
import type { RecordType, RRset } from '../../core/model.js';
import {
  answerParts, answersFor, createBody, keptByNs1, modelName, needsFullRecord, partsFromShortAnswer, rrsetFromRecord, rrsetFromSummary,
  soaFromZone, txtRepresentable, updateBody, valueFromParts, type Ns1Record,
} from './convert.js';

const cases: Array<[RecordType, string, Array<string | number>]> = [
  ['A', '192.0.2.1', ['192.0.2.1']],
  ['AAAA', '2001:db8::1', ['2001:db8::1']],
  ['CNAME', 'target.example.com.', ['target.example.com']],
  ['ALIAS', 'lb.example.net.', ['lb.example.net']],
  ['NS', 'ns1.example.net.', ['ns1.example.net']],
  ['PTR', 'host.example.com.', ['host.example.com']],
  ['MX', '10 mail.example.com.', [10, 'mail.example.com']],
  ['MX', '0 .', [0, '.']],
  ['SRV', '10 20 5060 sip.example.com.', [10, 20, 5060, 'sip.example.com']],
  ['CAA', '0 issue "letsencrypt.org"', [0, 'issue', 'letsencrypt.org']],
  ['CAA', '128 iodef "mailto:a b@example.com"', [128, 'iodef', 'mailto:a b@example.com']],
  ['TXT', '"v=spf1 -all"', ['v=spf1 -all']],
  ['TXT', '"say \\"hi\\""', ['say "hi"']],
  ['DS', '60485 5 1 2bb183af5f22588179a53b0a98631fad1a292118', [60485, 5, 1, '2bb183af5f22588179a53b0a98631fad1a292118']],
  ['TLSA', '3 1 1 abcdef01', [3, 1, 1, 'abcdef01']],
  ['HTTPS', '1 . alpn=h2,h3', [1, '.', 'alpn=h2,h3']],
  ['SVCB', '0 svc.example.net.', [0, 'svc.example.net', '']],
  ['DNAME', 'example.net.', ['example.net']],
  ['RP', 'admin.example.com. .', ['admin.example.com', '.']],
  ['RP', 'first\\.last.example.com. txt.example.com.', ['first\\.last.example.com', 'txt.example.com']],
  ['HINFO', '"RISC-V" "Plan 9"', ['RISC-V', 'Plan 9']],
  ['SPF', '"v=spf1 -all"', ['v=spf1 -all']],
  ['NAPTR', '100 10 "S" "SIP+D2U" "" _sip._udp.example.net.', [100, 10, 'S', 'SIP+D2U', '', '_sip._udp.example.net']],
  ['NAPTR', '100 50 "U" "E2U+sip" "!^.*$!sip:info@example.net!" .', [100, 50, 'U', 'E2U+sip', '!^.*$!sip:info@example.net!', '.']],
  ['CERT', '1 12345 8 AQIDBA==', [1, 12345, 8, 'AQIDBA==']],
  ['SMIMEA', '3 1 1 abcdef01', [3, 1, 1, 'abcdef01']],
  ['CDS', `60485 8 2 ${'ab'.repeat(32)}`, [60485, 8, 2, 'ab'.repeat(32)]],
  ['CDNSKEY', '257 3 15 l02Woi0iS8Aa25FQkUd9RMzZHJpBoRQwAQEX1SxZJA4=', [257, 3, 15, 'l02Woi0iS8Aa25FQkUd9RMzZHJpBoRQwAQEX1SxZJA4=']],
];

describe('NS1 answer parts', () => {
  it.each(cases)('%s %s ↔ %j', (type, value, parts) => {
    expect(answerParts(type, value)).toEqual(parts);
    expect(valueFromParts(type, parts)).toEqual({ ok: true, value });
    // NS1 SDKs send numbers as strings; both read back the same.
    expect(valueFromParts(type, parts.map(String))).toEqual({ ok: true, value });
  });

  it('splits a long TXT answer at 255 bytes as NS1 does on the wire', () => {
    const text = 'a'.repeat(300);
    const value = `"${'a'.repeat(255)}" "${'a'.repeat(45)}"`;
    expect(valueFromParts('TXT', [text])).toEqual({ ok: true, value });
    expect(answerParts('TXT', value)).toEqual([text]);
    expect(txtRepresentable(value)).toBe(true);
  });

  it('knows a TXT with its own string boundaries cannot be kept by NS1', () => {
    expect(txtRepresentable('"v=spf1" "second"')).toBe(false);
  });

  it('reads HINFO and NAPTR from the full record, whose short answers lose empty and spaced strings', () => {
    expect(needsFullRecord({ domain: 'n.example.com', type: 'NAPTR', tier: 1, short_answers: ['100 10 S SIP+D2U  _sip._udp.example.net'] })).toBe(true);
    expect(needsFullRecord({ domain: 'h.example.com', type: 'HINFO', tier: 1, short_answers: ['RISC-V Plan 9'] })).toBe(true);
    expect(needsFullRecord({ domain: 'r.example.com', type: 'RP', tier: 1, short_answers: ['a.example.com .'] })).toBe(false);
    expect(valueFromParts('NAPTR', [100, 10, 'S'])).toEqual({ ok: false, error: 'NAPTR answer has 3 parts, expected 6' });
  });

  it('reports bad rdata from the API', () => {
    expect(valueFromParts('A', ['300.1.1.1']).ok).toBe(false);
    expect(valueFromParts('TXT', ['a', 'b'])).toEqual({ ok: false, error: 'TXT answer has 2 parts, expected 1' });
  });

  it.each([
    ['MX', '10 mail.example.com', ['10', 'mail.example.com']],
    ['TXT', 'v=spf1 include:x -all', ['v=spf1 include:x -all']],
    ['CAA', '0 issue letsencrypt.org; account=1', ['0', 'issue', 'letsencrypt.org; account=1']],
    ['HTTPS', '1 . alpn=h2 port=443', ['1', '.', 'alpn=h2 port=443']],
  ] as Array<[RecordType, string, string[]]>)('reads a %s short answer', (type, short, parts) => {
    expect(partsFromShortAnswer(type, short)).toEqual(parts);
  });
});

const record: Ns1Record = {
  zone: 'example.com', domain: 'www.example.com', type: 'A', ttl: 60,
  answers: [
    { answer: ['192.0.2.2'], meta: { up: true, weight: 2 } },
    { answer: ['192.0.2.1'], meta: {}, region: 'us' },
  ],
  filters: [{ filter: 'up', config: {} }],
  meta: {},
  regions: {},
  use_client_subnet: true,
};

describe('NS1 record ↔ RRset', () => {
  it('reads a full record with its filters and answer meta into providerSettings.ns1', () => {
    expect(rrsetFromRecord(record, 3600)).toEqual({
      name: 'www.example.com.', type: 'A', ttl: 60, values: ['192.0.2.1', '192.0.2.2'],
      providerSettings: { ns1: { filters: [{ filter: 'up', config: {} }], answerMeta: { '192.0.2.2': { up: true, weight: 2 } } } },
    });
  });

  it('reads a plain record without providerSettings, and skips types zonesync does not model', () => {
    expect(rrsetFromRecord({ ...record, filters: [], answers: [{ answer: ['192.0.2.1'] }] }, 3600)).toEqual({ name: 'www.example.com.', type: 'A', ttl: 60, values: ['192.0.2.1'] });
    expect(rrsetFromRecord({ ...record, type: 'AFSDB' }, 3600)).toBeUndefined();
  });

  it('reads a zone summary and says when the full record is needed', () => {
    const summary = { domain: 'example.com', type: 'MX', ttl: 300, tier: 1, short_answers: ['20 b.example.com', '10 a.example.com'] };
    expect(rrsetFromSummary(summary, 3600)).toEqual({ name: 'example.com.', type: 'MX', ttl: 300, values: ['10 a.example.com.', '20 b.example.com.'] });
    expect(needsFullRecord(summary)).toBe(false);
    expect(needsFullRecord({ ...summary, tier: 3 })).toBe(true);
  });

  const after: RRset = { name: 'www.example.com.', type: 'A', ttl: 120, values: ['192.0.2.2', '192.0.2.3'] };

  it('an update sends answers and ttl only, keeping meta and region of answers whose value stays', () => {
    expect(updateBody(after, record)).toEqual({
      answers: [{ answer: ['192.0.2.2'], meta: { up: true, weight: 2 } }, { answer: ['192.0.2.3'] }],
      ttl: 120,
    });
  });

  it('sends filters, meta and answer meta only when the zone file sets them', () => {
    const managed: RRset = { ...after, providerSettings: { ns1: { filters: [], answerMeta: { '192.0.2.3': { weight: 5 } } } } };
    expect(updateBody(managed, record)).toEqual({
      answers: [{ answer: ['192.0.2.2'], meta: { up: true, weight: 2 } }, { answer: ['192.0.2.3'], meta: { weight: 5 } }],
      ttl: 120,
      filters: [],
    });
    expect(createBody('example.com.', after)).toEqual({ zone: 'example.com', domain: 'www.example.com', type: 'A', ttl: 120, answers: [{ answer: ['192.0.2.2'] }, { answer: ['192.0.2.3'] }] });
  });

  it('keeps answers in rrset order', () => {
    expect(answersFor({ ...after, values: ['192.0.2.9'] }).map((a) => a.answer)).toEqual([['192.0.2.9']]);
  });
});

describe('NS1 zone', () => {
  it('turns zone fields into an SOA', () => {
    expect(soaFromZone({ zone: 'example.com', serial: 7, ttl: 3600, nx_ttl: 300, retry: 7200, refresh: 43200, expiry: 1209600, hostmaster: 'hostmaster@nsone.net', primary_master: 'dns1.p01.nsone.net', dns_servers: [] })).toEqual({
      mname: 'dns1.p01.nsone.net.', rname: 'hostmaster.nsone.net.', serial: 7, refresh: 43200, retry: 7200, expire: 1209600, minimum: 300, ttl: 3600,
    });
    expect(modelName('Example.COM')).toBe('example.com.');
  });
});

describe('keptByNs1', () => {
  const Z = 'example.com.';
  const chain = [{ filter: 'up' }, { filter: 'geotarget_country' }, { filter: 'select_first_n', config: { N: 1 } }];
  const lb: RRset = { name: `lb.${Z}`, type: 'A', ttl: 60, values: ['192.0.2.1', '192.0.2.2'], providerSettings: { ns1: { filters: chain, answerMeta: { '192.0.2.1': { country: ['DE'] }, '192.0.2.9': { up: false } } } } };
  const plain: RRset = { name: `www.${Z}`, type: 'A', ttl: 60, values: ['192.0.2.5'] };
  const gone: RRset = { ...lb, name: `old.${Z}` };

  it('names the filter chain and answer meta of a declared record the zone file leaves to NS1', () => {
    const desired = { rrsets: [{ ...lb, providerSettings: undefined }, plain] };
    expect(keptByNs1({ rrsets: [lb, plain, gone] }, desired)).toEqual([
      { name: `lb.${Z}`, type: 'A', detail: 'NS1 keeps its filter chain: up, geotarget_country, select_first_n; meta of 1 answer (zonesync manages the answers and TTL)' },
    ]);
  });

  it('lists nothing the zone file declares itself, and nothing for a zone not read', () => {
    const declared = { rrsets: [{ ...lb, providerSettings: { ns1: { filters: [], answerMeta: { '192.0.2.1': {} } } } }] };
    expect(keptByNs1({ rrsets: [lb] }, declared)).toEqual([]);
    const onlyMeta = { rrsets: [{ ...lb, providerSettings: { ns1: { filters: chain } } }] };
    expect(keptByNs1({ rrsets: [lb] }, onlyMeta).map((k) => k.detail)).toEqual(['NS1 keeps its meta of 1 answer (zonesync manages the answers and TTL)']);
    expect(keptByNs1(undefined, { rrsets: [lb] })).toEqual([]);
  });
});
