import { describe, expect, it } from 'vitest';
import type { Expected } from '../core/expect.js';
import type { DnsResponse, WireRecord } from '../dns/client.js';
import { DnsError } from '../dns/error.js';
import { compareResponse, verdictForError } from './compare.js';
import type { VerifyProblem } from './report.js';

const Q = 'www.example.com.';
const rec = (value: string, type = 'A', name = Q, ttl = 300): WireRecord => ({ name, type, ttl, value });
const response = (rcode: string, answers: WireRecord[] = [], authoritative = true): DnsResponse => ({ rcode, authoritative, truncated: false, transport: 'udp', edns: true, answers, authorities: [] });
/** An NSEC at `owner` whose next name is `\000.owner` (RFC 9824), listing `types`. */
function compactNsec(owner: string, types: number[]): WireRecord {
  const name = (text: string) => Buffer.concat([...text.replace(/\.$/, '').split('.').map((l) => Buffer.concat([Buffer.from([l.length]), Buffer.from(l, 'latin1')])), Buffer.from([0])]);
  const windows = [...new Set(types.map((t) => t >> 8))].map((window) => {
    const low = types.filter((t) => t >> 8 === window).map((t) => t & 0xff);
    const bits = Buffer.alloc((Math.max(...low) >> 3) + 1);
    for (const type of low) bits[type >> 3] = (bits[type >> 3] as number) | (0x80 >> (type & 7));
    return Buffer.concat([Buffer.from([window, bits.length]), bits]);
  });
  const rdata = Buffer.concat([name(`\u0000.${owner}`), ...windows]);
  return { name: owner, type: 'NSEC', ttl: 300, value: `\\# ${rdata.length} ${rdata.toString('hex')}` };
}
const compact = (rcode: string, types: number[], answers: WireRecord[] = [], owner = Q): DnsResponse => ({ ...response(rcode, answers), authorities: [compactNsec(owner, types)] });
const answer = (values: string[], extra: Partial<Extract<Expected, { kind: 'answer' }>> = {}): Expected => ({ kind: 'answer', rrsets: [{ name: Q, type: 'A', ttl: 300, values }], rcode: 'NOERROR', leavesZone: false, ...extra });

describe('compareResponse', () => {
  it.each<[string, Expected, DnsResponse, VerifyProblem | undefined, string, string]>([
    ['the same data passes', answer(['192.0.2.1', '192.0.2.2']), response('NOERROR', [rec('192.0.2.2'), rec('192.0.2.1')]), undefined, 'A 192.0.2.1, 192.0.2.2', 'A 192.0.2.1, 192.0.2.2'],
    ['a value missing', answer(['192.0.2.1', '192.0.2.2']), response('NOERROR', [rec('192.0.2.1')]), 'missing-data', 'A 192.0.2.1, 192.0.2.2', 'A 192.0.2.1'],
    ['a value too many', answer(['192.0.2.1']), response('NOERROR', [rec('192.0.2.1'), rec('192.0.2.9')]), 'wrong-data', 'A 192.0.2.1', 'A 192.0.2.1, 192.0.2.9'],
    ['NODATA where data is expected', answer(['192.0.2.1']), response('NOERROR'), 'missing-data', 'A 192.0.2.1', 'NODATA'],
    ['NXDOMAIN where data is expected', answer(['192.0.2.1']), response('NXDOMAIN'), 'missing-data', 'A 192.0.2.1', 'NXDOMAIN'],
    ['NXDOMAIN where NODATA is right', { kind: 'nodata' }, response('NXDOMAIN'), 'nxdomain-for-nodata', 'NODATA', 'NXDOMAIN'],
    ['NODATA where NXDOMAIN is right', { kind: 'nxdomain' }, response('NOERROR'), 'nodata-for-nxdomain', 'NXDOMAIN', 'NODATA'],
    ['data where NXDOMAIN is right', { kind: 'nxdomain' }, response('NOERROR', [rec('192.0.2.1')]), 'unexpected-answer', 'NXDOMAIN', 'A 192.0.2.1'],
    ['data where NODATA is right', { kind: 'nodata' }, response('NOERROR', [rec('192.0.2.1')]), 'unexpected-answer', 'NODATA', 'A 192.0.2.1'],
    ['REFUSED', { kind: 'nodata' }, response('REFUSED', [], false), 'refused', 'NODATA', 'REFUSED'],
    ['SERVFAIL', answer(['192.0.2.1']), response('SERVFAIL', [], false), 'servfail', 'A 192.0.2.1', 'SERVFAIL'],
    ['NOTIMP', answer(['192.0.2.1']), response('NOTIMP', [], false), 'unexpected-answer', 'A 192.0.2.1', 'NOTIMP'],
    ['right data without AA', answer(['192.0.2.1']), response('NOERROR', [rec('192.0.2.1')], false), 'not-authoritative', 'A 192.0.2.1 with the AA bit', 'A 192.0.2.1 without the AA bit'],
    ['a referral needs no AA', { kind: 'referral' }, response('NOERROR', [], false), undefined, 'a referral', 'NODATA'],
    ['NXDOMAIN at a delegation', { kind: 'referral' }, response('NXDOMAIN', [], false), 'unexpected-answer', 'a referral', 'NXDOMAIN'],
    ['an ALIAS flattened to anything passes', { kind: 'alias' }, response('NOERROR', [rec('198.51.100.7')]), undefined, 'NOERROR (flattened ALIAS)', 'A 198.51.100.7'],
    ['an ALIAS not flattened passes', { kind: 'alias' }, response('NOERROR'), undefined, 'NOERROR (flattened ALIAS)', 'NODATA'],
    ['NXDOMAIN at an ALIAS', { kind: 'alias' }, response('NXDOMAIN'), 'missing-data', 'NOERROR (flattened ALIAS)', 'NXDOMAIN'],
    [
      'a CNAME chain past the zone may be followed by the server',
      { kind: 'answer', rrsets: [{ name: Q, type: 'CNAME', ttl: 300, values: ['cdn.net.'] }], rcode: 'NOERROR', leavesZone: true },
      response('NOERROR', [rec('cdn.net.', 'CNAME'), rec('192.0.2.5', 'A', 'cdn.net.')]),
      undefined, 'CNAME cdn.net.', 'CNAME cdn.net. → cdn.net. A 192.0.2.5',
    ],
    [
      'inside the zone, records past the expected chain are wrong',
      { kind: 'answer', rrsets: [{ name: Q, type: 'CNAME', ttl: 300, values: ['web.example.com.'] }], rcode: 'NOERROR', leavesZone: false },
      response('NOERROR', [rec('web.example.com.', 'CNAME'), rec('192.0.2.5', 'A', 'web.example.com.')]),
      'wrong-data', 'CNAME web.example.com.', 'CNAME web.example.com. → web.example.com. A 192.0.2.5',
    ],
    [
      'a chain ending in a missing name answers NXDOMAIN (RFC 6604)',
      { kind: 'answer', rrsets: [{ name: Q, type: 'CNAME', ttl: 300, values: ['gone.example.com.'] }], rcode: 'NXDOMAIN', leavesZone: false },
      response('NOERROR', [rec('gone.example.com.', 'CNAME')]),
      'nodata-for-nxdomain', 'CNAME gone.example.com. → NXDOMAIN', 'CNAME gone.example.com.',
    ],
    // RFC 9824: to a query with DO, Cloudflare answers a missing name NOERROR, its NSEC listing RRSIG, NSEC and NXNAME (128).
    ['a compact-denial NXDOMAIN where NXDOMAIN is right', { kind: 'nxdomain' }, compact('NOERROR', [46, 47, 128]), undefined, 'NXDOMAIN', 'NXDOMAIN'],
    ['a compact-denial NXDOMAIN with the pre-RFC TYPE65283', { kind: 'nxdomain' }, compact('NOERROR', [46, 47, 65283]), undefined, 'NXDOMAIN', 'NXDOMAIN'],
    ['a compact-denial NXDOMAIN where NODATA is right', { kind: 'nodata' }, compact('NOERROR', [46, 47, 128]), 'nxdomain-for-nodata', 'NODATA', 'NXDOMAIN'],
    ['a compact NODATA (no NXNAME) where NXDOMAIN is right', { kind: 'nxdomain' }, compact('NOERROR', [46, 47]), 'nodata-for-nxdomain', 'NXDOMAIN', 'NODATA'],
    ['a compact NODATA where NODATA is right', { kind: 'nodata' }, compact('NOERROR', [1, 46, 47]), undefined, 'NODATA', 'NODATA'],
    [
      'a chain ending in a name compact denial says is missing',
      { kind: 'answer', rrsets: [{ name: Q, type: 'CNAME', ttl: 300, values: ['gone.example.com.'] }], rcode: 'NXDOMAIN', leavesZone: false },
      compact('NOERROR', [46, 47, 128], [rec('gone.example.com.', 'CNAME')], 'gone.example.com.'),
      undefined, 'CNAME gone.example.com. → NXDOMAIN', 'CNAME gone.example.com. → NXDOMAIN',
    ],
  ])('%s', (_why, expected, got, problem, expectedText, gotText) => {
    const verdict = compareResponse(expected, got, Q);
    expect(verdict.problem).toBe(problem);
    expect(verdict.expected).toBe(expectedText);
    expect(verdict.got).toBe(gotText);
  });

  it('warns about another TTL without failing', () => {
    const verdict = compareResponse(answer(['192.0.2.1']), response('NOERROR', [rec('192.0.2.1', 'A', Q, 60)]), Q);
    expect(verdict.problem).toBeUndefined();
    expect(verdict.ttlWarnings).toEqual([{ name: Q, type: 'A', expected: 300, got: 60 }]);
  });

  it('reports a transient DNS failure as a timeout and a malformed answer as unexpected', () => {
    expect(verdictForError(new DnsError('no answer over UDP after 2 attempts of 200 ms', {}, { transient: true }), 'NODATA').problem).toBe('timeout');
    expect(verdictForError(new DnsError('malformed answer (3 bytes)'), 'NODATA').problem).toBe('unexpected-answer');
    expect(() => verdictForError(new TypeError('a bug'), 'NODATA')).toThrow(TypeError);
  });
});
