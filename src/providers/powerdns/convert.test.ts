import { describe, expect, it } from 'vitest';
import type { Change } from '../../core/change.js';
import type { RRset } from '../../core/model.js';
import { ConversionError, contentFor, createZoneBody, rrsetNamedInError, rrsetPatch, soaFromContent, zoneFromApi, type ApiRRset } from './convert.js';

const zone = 'example.test.';

function set(name: string, type: string, contents: string[], ttl = 300, disabled = false): ApiRRset {
  return { name, type, ttl, records: contents.map((content) => ({ content, disabled })) };
}

describe('zoneFromApi', () => {
  it.each([
    ['A', '192.0.2.1', '192.0.2.1'],
    ['AAAA', '2001:db8:0:0:0:0:0:1', '2001:db8::1'],
    ['CNAME', 'Target.Example.ORG.', 'target.example.org.'],
    ['ALIAS', 'target.example.org.', 'target.example.org.'],
    ['MX', '10 mail.example.test.', '10 mail.example.test.'],
    ['TXT', '"a b" "c\\"d"', '"a b" "c\\"d"'],
    ['TXT', '"caf\\195\\169"', '"caf\\195\\169"'],
    ['CAA', '0 issue "letsencrypt.org"', '0 issue "letsencrypt.org"'],
    ['DS', `12345 13 2 ${'ABCDEF01'.repeat(8)}`, `12345 13 2 ${'abcdef01'.repeat(8)}`],
    // PowerDNS writes LOC sizes with two decimals (LOCRecordContent::getZoneRepresentation).
    ['LOC', '51 30 12.748 N 0 7 39.611 W 0.00m 1.00m 10000.00m 10.00m', '51 30 12.748 N 0 7 39.611 W 0.00m 1m 10000m 10m'],
    ['NAPTR', '100 10 "u" "E2U+sip" "!^.*$!sip:info@example.test!" .', '100 10 "u" "E2U+sip" "!^.*$!sip:info@example.test!" .'],
    // An unknown type comes back in RFC 3597 form.
    ['TYPE65280', '\\# 4 0A000001', '\\# 4 0a000001'],
    ['SVCB', '1 . alpn=h2,h3 port=443 ipv4hint=192.0.2.1', '1 . alpn=h2,h3 port=443 ipv4hint=192.0.2.1'],
    ['HTTPS', '1 . ipv4hint=192.0.2.1 alpn=h2', '1 . alpn=h2 ipv4hint=192.0.2.1'],
  ])('reads %s %s as canonical %s', (type, content, value) => {
    const { zone: result } = zoneFromApi({ name: zone, rrsets: [set('x.example.test.', type, [content])] }, zone);
    expect(result.rrsets).toEqual([{ name: 'x.example.test.', type, ttl: 300, values: [value] }]);
  });

  it('sorts values, drops duplicates after canonicalisation and lowercases names', () => {
    const { zone: result } = zoneFromApi({ name: zone, rrsets: [set('WWW.Example.Test.', 'AAAA', ['2001:db8::2', '2001:DB8::1', '2001:db8:0::1'])] }, zone);
    expect(result.rrsets).toEqual([{ name: 'www.example.test.', type: 'AAAA', ttl: 300, values: ['2001:db8::1', '2001:db8::2'] }]);
  });

  it('puts SOA into zone.soa, not among the rrsets', () => {
    const { zone: result } = zoneFromApi(
      { name: zone, rrsets: [set(zone, 'SOA', ['ns1.example.test. hostmaster.example.test. 2024010101 10800 3600 604800 300'], 3600), set(zone, 'NS', ['ns1.example.test.'], 3600)] },
      zone,
    );
    expect(result.soa).toEqual({ mname: 'ns1.example.test.', rname: 'hostmaster.example.test.', serial: 2024010101, refresh: 10800, retry: 3600, expire: 604800, minimum: 300, ttl: 3600 });
    expect(result.rrsets).toEqual([{ name: zone, type: 'NS', ttl: 3600, values: ['ns1.example.test.'] }]);
  });

  it('leaves out disabled records and types the model has no place for, and lists them', () => {
    const mixed: ApiRRset = { name: 'a.example.test.', type: 'A', ttl: 60, records: [{ content: '192.0.2.1', disabled: false }, { content: '192.0.2.2', disabled: true }] };
    const { zone: result, skipped } = zoneFromApi(
      { name: zone, rrsets: [mixed, set('off.example.test.', 'A', ['192.0.2.3'], 60, true), set('k.example.test.', 'DNSKEY', ['257 3 13 AAAA'])] },
      zone,
    );
    expect(result.rrsets).toEqual([{ name: 'a.example.test.', type: 'A', ttl: 60, values: ['192.0.2.1'] }]);
    expect(skipped).toEqual([
      { name: 'a.example.test.', type: 'A', reason: '1 disabled record(s) not served' },
      { name: 'off.example.test.', type: 'A', reason: '1 disabled record(s) not served' },
      { name: 'k.example.test.', type: 'DNSKEY', reason: 'type DNSKEY is not one zonesync manages' },
    ]);
  });

  it('throws a ConversionError naming the record when PowerDNS holds rdata the model cannot', () => {
    expect(() => zoneFromApi({ name: zone, rrsets: [set('bad.example.test.', 'MX', ['mail.example.test.'])] }, zone)).toThrow(ConversionError);
    try {
      zoneFromApi({ name: zone, rrsets: [set('bad.example.test.', 'MX', ['mail.example.test.'])] }, zone);
    } catch (error) {
      expect((error as ConversionError).record).toBe('bad.example.test. MX');
    }
  });
});

describe('contentFor', () => {
  it('writes LOC as PowerDNS writes it back (sizes with two decimals, zero coordinates as S and W), the rest as it is', () => {
    expect(contentFor('LOC', '52 22 23.000 N 4 53 32.000 E -2.00m 1m 10000m 10m')).toBe('52 22 23.000 N 4 53 32.000 E -2.00m 1.00m 10000.00m 10.00m');
    expect(contentFor('LOC', '0 0 0.000 N 0 0 0.000 E 0.00m 1m 10000m 0.50m')).toBe('0 0 0.000 S 0 0 0.000 W 0.00m 1.00m 10000.00m 0.50m');
    expect(contentFor('TYPE65280', '\\# 0')).toBe('\\# 0 ');
    expect(contentFor('TYPE65280', '\\# 1 ff')).toBe('\\# 1 ff');
    expect(contentFor('TXT', '"a"')).toBe('"a"');
  });
});

describe('soaFromContent', () => {
  it('rejects an SOA without 7 fields', () => {
    expect(() => soaFromContent('ns1. host. 1 2 3', 60, zone)).toThrow(/7 fields/);
  });
});

describe('rrsetPatch', () => {
  const www: RRset = { name: 'www.example.test.', type: 'TXT', ttl: 120, values: ['"one"', '"two"'] };

  it.each<[string, Change]>([
    ['create', { kind: 'create', after: www }],
    ['update', { kind: 'update', before: { ...www, values: ['"old"'] }, after: www }],
  ])('%s is one REPLACE carrying every value of the new rrset', (_, change) => {
    expect(rrsetPatch(change)).toEqual({
      name: 'www.example.test.',
      type: 'TXT',
      ttl: 120,
      changetype: 'REPLACE',
      records: [
        { content: '"one"', disabled: false },
        { content: '"two"', disabled: false },
      ],
    });
  });

  it('delete is a DELETE of the name and type', () => {
    expect(rrsetPatch({ kind: 'delete', before: www })).toEqual({ name: 'www.example.test.', type: 'TXT', changetype: 'DELETE' });
  });
});

describe('createZoneBody', () => {
  it('creates a Native zone with the apex NS and an SOA naming the first nameserver', () => {
    expect(createZoneBody(zone, ['ns1.example.net.', 'ns2.example.net.'])).toEqual({
      name: zone,
      kind: 'Native',
      nameservers: ['ns1.example.net.', 'ns2.example.net.'],
      rrsets: [{ name: zone, type: 'SOA', ttl: 3600, changetype: 'REPLACE', records: [{ content: 'ns1.example.net. hostmaster.example.test. 1 10800 3600 604800 3600', disabled: false }] }],
    });
  });
});

describe('rrsetNamedInError', () => {
  const sent = [rrsetPatch({ kind: 'create', after: { name: 'ok.example.test.', type: 'A', ttl: 60, values: ['192.0.2.1'] } }), rrsetPatch({ kind: 'create', after: { name: 'www.example.test.', type: 'A', ttl: 60, values: ['192.0.2.2'] } })];

  it.each([
    ["Record www.example.test./A '300.1.1.1': Parsing record content (try 'pdnsutil check-zone'): unable to parse IP address", 'www.example.test.'],
    ['RRset www.example.test. IN A: Conflicts with pre-existing RRset', 'www.example.test.'],
    ["Record sub.ok.example.test./A 'x': unable to parse IP address", undefined],
    ['RRset ok.example.test. IN AAAA: Conflicts', undefined],
    ['Something else entirely', undefined],
  ])('finds the rrset PowerDNS named in "%s"', (message, name) => {
    expect(rrsetNamedInError(message, sent)?.name).toBe(name);
  });
});
