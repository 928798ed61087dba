import { describe, expect, it } from 'vitest';
import type { RecordType } from '../../core/model.js';
import { answerParts, needsFullRecord, partsFromShortAnswer, txtRepresentable, valueFromParts } from './answers.js';

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
  // octodns-ns1's _params_for_URLFWD: [path, target, code, masking, query].
  ['URLFWD', '"/" "http://foo.unit.tests" 301 2 0', ['/', 'http://foo.unit.tests', 301, 2, 0]],
  ['URLFWD', '"/a\\"b" "http://x/?q=\\\\1" 302 0 1', ['/a"b', 'http://x/?q=\\1', 302, 0, 1]],
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
    expect(valueFromParts('URLFWD', ['/', 'http://x', 301, 0])).toEqual({ ok: false, error: 'URLFWD answer has 4 parts, expected 5' });
    expect(valueFromParts('URLFWD', ['/', 'http://x', 307, 0, 0])).toEqual({ ok: false, error: 'unrecognized return code "307" (expected 301, 302)', at: 2 });
  });

  it.each([
    ['MX', '10 mail.example.com', ['10', 'mail.example.com']],
    ['TXT', 'v=spf1 include:x -all', ['v=spf1 include:x -all']],
    ['CAA', '0 issue letsencrypt.org; account=1', ['0', 'issue', 'letsencrypt.org; account=1']],
    ['HTTPS', '1 . alpn=h2 port=443', ['1', '.', 'alpn=h2 port=443']],
    // octodns-ns1's test summary for a URLFWD record.
    ['URLFWD', '/ http://foo.unit.tests 301 2 0', ['/', 'http://foo.unit.tests', '301', '2', '0']],
  ] as Array<[RecordType, string, string[]]>)('reads a %s short answer', (type, short, parts) => {
    expect(partsFromShortAnswer(type, short)).toEqual(parts);
  });
});
