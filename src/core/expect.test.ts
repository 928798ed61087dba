import { describe, expect, it } from 'vitest';
import { expectedAnswer, questionsFor, type Expected } from './expect.js';
import type { RRset, Zone } from './model.js';

const Z = 'example.com.';
const n = (name: string): string => (name === '@' ? Z : `${name}.${Z}`);
const rr = (name: string, type: RRset['type'], values: string[], ttl = 300): RRset => ({ name: n(name), type, ttl, values });

const zone: Zone = {
  name: Z,
  rrsets: [
    rr('@', 'NS', ['ns1.provider.net.'], 3600),
    rr('@', 'ALIAS', ['lb.cdn.net.']),
    rr('@', 'MX', ['10 mail.example.com.']),
    rr('www', 'A', ['192.0.2.1', '192.0.2.2']),
    rr('www', 'TXT', ['"hello"']),
    rr('web', 'CNAME', ['www.example.com.'], 60),
    rr('chain', 'CNAME', ['web.example.com.'], 30),
    rr('dangling', 'CNAME', ['gone.example.com.']),
    rr('empty-target', 'CNAME', ['www.example.com.']),
    rr('out', 'CNAME', ['elsewhere.net.']),
    rr('loop1', 'CNAME', ['loop2.example.com.']),
    rr('loop2', 'CNAME', ['loop1.example.com.']),
    rr('to-sub', 'CNAME', ['host.sub.example.com.']),
    rr('a.b.c', 'A', ['192.0.2.9']),
    rr('*', 'TXT', ['"wild"']),
    rr('*', 'A', ['192.0.2.99']),
    rr('*.cn', 'CNAME', ['www.example.com.']),
    rr('sub', 'NS', ['ns.sub.example.com.']),
    rr('sub', 'DS', ['1 13 2 abcdef']),
    rr('ns.sub', 'A', ['192.0.2.53']),
  ],
};

const answer = (rrsets: Array<[string, string, number, string[]]>, rcode: 'NOERROR' | 'NXDOMAIN' = 'NOERROR', leavesZone = false): Expected => ({
  kind: 'answer',
  rrsets: rrsets.map(([name, type, ttl, values]) => ({ name: n(name), type, ttl, values })),
  rcode,
  leavesZone,
});

describe('expectedAnswer', () => {
  it.each<[string, string, string, Expected]>([
    ['an rrset that exists', 'www', 'A', answer([['www', 'A', 300, ['192.0.2.1', '192.0.2.2']]])],
    ['another type at an existing name is NODATA', 'www', 'AAAA', { kind: 'nodata' }],
    ['a name that does not exist, with no wildcard at its closest encloser', 'x.www', 'A', { kind: 'nxdomain' }],
    ['an empty non-terminal is NODATA, never NXDOMAIN', 'b.c', 'A', { kind: 'nodata' }],
    ['an empty non-terminal higher up', 'c', 'AAAA', { kind: 'nodata' }],
    ['a wildcard synthesises for a name that does not exist', 'nothere', 'TXT', answer([['nothere', 'TXT', 300, ['"wild"']]])],
    ['a wildcard synthesises for deeper missing names under the apex', 'x.y', 'A', answer([['x.y', 'A', 300, ['192.0.2.99']]])],
    ['a wildcard answers NODATA for a type it lacks', 'nothere', 'AAAA', { kind: 'nodata' }],
    ['a wildcard does not cover a name that exists with other types', 'www', 'AAAA', { kind: 'nodata' }],
    ['a wildcard does not cover an empty non-terminal', 'b.c', 'TXT', { kind: 'nodata' }],
    ['a wildcard does not cover names below an existing name', 'x.b.c', 'TXT', { kind: 'nxdomain' }],
    ['the wildcard owner itself answers', '*', 'TXT', answer([['*', 'TXT', 300, ['"wild"']]])],
    ['a CNAME and its chain inside the zone', 'chain', 'A', answer([['chain', 'CNAME', 30, ['web.example.com.']], ['web', 'CNAME', 60, ['www.example.com.']], ['www', 'A', 300, ['192.0.2.1', '192.0.2.2']]])],
    ['asking for the CNAME itself does not follow it', 'web', 'CNAME', answer([['web', 'CNAME', 60, ['www.example.com.']]])],
    ['a CNAME whose in-zone target lacks the type', 'empty-target', 'AAAA', answer([['empty-target', 'CNAME', 300, ['www.example.com.']]])],
    ['a CNAME to a missing in-zone name follows the wildcard', 'dangling', 'A', answer([['dangling', 'CNAME', 300, ['gone.example.com.']], ['gone', 'A', 300, ['192.0.2.99']]])],
    ['a CNAME out of the zone leaves the zone', 'out', 'A', answer([['out', 'CNAME', 300, ['elsewhere.net.']]], 'NOERROR', true)],
    ['a CNAME loop stops', 'loop1', 'A', answer([['loop1', 'CNAME', 300, ['loop2.example.com.']], ['loop2', 'CNAME', 300, ['loop1.example.com.']], ['loop1', 'CNAME', 300, ['loop2.example.com.']], ['loop2', 'CNAME', 300, ['loop1.example.com.']], ['loop1', 'CNAME', 300, ['loop2.example.com.']], ['loop2', 'CNAME', 300, ['loop1.example.com.']], ['loop1', 'CNAME', 300, ['loop2.example.com.']], ['loop2', 'CNAME', 300, ['loop1.example.com.']]], 'NOERROR', true)],
    ['a CNAME into a delegation leaves the zone', 'to-sub', 'A', answer([['to-sub', 'CNAME', 300, ['host.sub.example.com.']]], 'NOERROR', true)],
    ['a wildcard CNAME is synthesised and followed', 'q.cn', 'A', answer([['q.cn', 'CNAME', 300, ['www.example.com.']], ['www', 'A', 300, ['192.0.2.1', '192.0.2.2']]])],
    ['the NS at a delegation is a referral', 'sub', 'NS', { kind: 'referral' }],
    ['A at a delegation is a referral', 'sub', 'A', { kind: 'referral' }],
    ['DS at a delegation is the parent\'s data', 'sub', 'DS', answer([['sub', 'DS', 300, ['1 13 2 abcdef']]])],
    ['glue below a delegation is a referral', 'ns.sub', 'A', { kind: 'referral' }],
    ['a missing name below a delegation is a referral, not NXDOMAIN', 'nope.sub', 'AAAA', { kind: 'referral' }],
    ['A at an ALIAS is compared by presence', '@', 'A', { kind: 'alias' }],
    ['AAAA at an ALIAS is compared by presence', '@', 'AAAA', { kind: 'alias' }],
    ['other types at an ALIAS name are answered', '@', 'MX', answer([['@', 'MX', 300, ['10 mail.example.com.']]])],
    ['apex SOA is the provider\'s', '@', 'SOA', { kind: 'provider-owned' }],
    ['apex NS is the provider\'s', '@', 'NS', { kind: 'provider-owned' }],
    ['TXT at the apex with none declared is NODATA', '@', 'TXT', { kind: 'nodata' }],
  ])('%s: %s %s', (_why, name, type, expected) => {
    expect(expectedAnswer(zone, n(name), type)).toEqual(expected);
  });

  it('answers the same for upper-case questions', () => {
    expect(expectedAnswer(zone, 'WWW.Example.COM.', 'a')).toEqual(expectedAnswer(zone, n('www'), 'A'));
  });

  it('refuses a name outside the zone', () => {
    expect(() => expectedAnswer(zone, 'www.example.org.', 'A')).toThrow(/not in zone example\.com\./);
  });

  it('ends a chain to a missing in-zone name in NXDOMAIN (RFC 6604) when no wildcard covers it', () => {
    const plain: Zone = { name: Z, rrsets: [rr('dangling', 'CNAME', ['gone.example.com.'])] };
    expect(expectedAnswer(plain, n('dangling'), 'A')).toEqual(answer([['dangling', 'CNAME', 300, ['gone.example.com.']]], 'NXDOMAIN'));
  });

  it('sees an empty zone apex as existing', () => {
    expect(expectedAnswer({ name: Z, rrsets: [] }, Z, 'A')).toEqual({ kind: 'nodata' });
    expect(expectedAnswer({ name: Z, rrsets: [] }, n('www'), 'A')).toEqual({ kind: 'nxdomain' });
  });
});

describe('questionsFor', () => {
  const small: Zone = { name: Z, rrsets: [rr('@', 'ALIAS', ['lb.cdn.net.']), rr('@', 'MX', ['10 mail.example.com.']), rr('www', 'CNAME', ['web.example.com.']), rr('a.b', 'TXT', ['"x"'])] };
  const q = (list: Array<[string, string]>) => list.map(([name, type]) => ({ name: n(name), type }));

  it('asks every declared name × type plus A and AAAA at every name, ALIAS as A/AAAA', () => {
    expect(questionsFor(small)).toEqual(q([['@', 'A'], ['@', 'AAAA'], ['@', 'MX'], ['a.b', 'A'], ['a.b', 'AAAA'], ['a.b', 'TXT'], ['www', 'A'], ['www', 'AAAA'], ['www', 'CNAME']]));
  });

  it('asks only the names given, including names the zone no longer has', () => {
    expect(questionsFor(small, new Set([n('www'), n('gone'), 'other.org.']))).toEqual(q([['gone', 'A'], ['gone', 'AAAA'], ['www', 'A'], ['www', 'AAAA'], ['www', 'CNAME']]));
  });

  it('asks exactly the types given at each name', () => {
    expect(questionsFor(small, new Set([n('@'), n('gone')]), new Set(['MX', 'ALIAS']))).toEqual(q([['@', 'A'], ['@', 'AAAA'], ['@', 'MX'], ['gone', 'A'], ['gone', 'AAAA'], ['gone', 'MX']]));
  });
});

describe('the index of a zone is built once per zone object and rrsets array', () => {
  it('a zone whose rrsets array grows or is replaced is indexed again', () => {
    const z: Zone = { name: Z, rrsets: [rr('a', 'A', ['192.0.2.1'])] };
    expect(expectedAnswer(z, n('b'), 'A')).toEqual({ kind: 'nxdomain' });
    z.rrsets.push(rr('b', 'A', ['192.0.2.2']));
    expect(expectedAnswer(z, n('b'), 'A')).toMatchObject({ kind: 'answer', rrsets: [{ values: ['192.0.2.2'] }] });
    z.rrsets = [rr('a', 'A', ['192.0.2.1'])];
    expect(expectedAnswer(z, n('b'), 'A')).toEqual({ kind: 'nxdomain' });
    expect(questionsFor(z)).toEqual([{ name: n('a'), type: 'A' }, { name: n('a'), type: 'AAAA' }]);
  });
});
