import { describe, expect, it } from 'vitest';
import type { ResourceRecordSet } from '@aws-sdk/client-route-53';
import type { RecordType, RRset } from '../../core/model.js';
import { canonicalRdata } from '../../core/rdata.js';
import { nameFromRoute53, nameToRoute53, rrsetToRoute53, valueFromRoute53, valueToRoute53, zoneFromRoute53 } from './convert.js';

const ZONE = 'example.com.';
const ZONE_ID = 'Z0001';

function canonical(type: RecordType, text: string): string {
  const result = canonicalRdata(type, text, ZONE);
  if (!result.ok) throw new Error(result.error);
  return result.value;
}

function set(name: string, type: string, values: string[], extra: Partial<ResourceRecordSet> = {}): ResourceRecordSet {
  return { Name: name, Type: type as ResourceRecordSet['Type'], TTL: 300, ResourceRecords: values.map((Value) => ({ Value })), ...extra };
}

describe('names', () => {
  it.each([
    ['\\052.example.com.', '*.example.com.'],
    ['WWW.Example.COM', 'www.example.com.'],
    ['_sip._tcp.example.com.', '_sip._tcp.example.com.'],
  ])('reads %s as %s', (route53, model) => {
    expect(nameFromRoute53(route53)).toBe(model);
  });

  it('sends names without the trailing dot', () => {
    expect(nameToRoute53('*.example.com.')).toBe('*.example.com');
  });
});

describe('values', () => {
  it.each([
    ['TXT', '"v=spf1 -all"', '"v=spf1 -all"'],
    ['TXT', '"caf\\303\\251" "tab\\011" "q\\"b\\\\"', '"caf\\195\\169" "tab\\009" "q\\"b\\\\"'],
    ['TXT', '"\\177\\377"', '"\\127\\255"'],
    ['CAA', '0 issue "letsencrypt.org"', '0 issue "letsencrypt.org"'],
    ['MX', '10 mail.example.com.', '10 mail.example.com.'],
  ] as const)('%s: Route 53 %s is model %s and back', (type, route53, model) => {
    expect(valueFromRoute53(type, route53)).toEqual({ ok: true, value: model });
    expect(valueToRoute53(type, model)).toBe(route53);
  });

  it.each([
    ['CNAME', 'Target.Example.net', 'target.example.net.'],
    ['MX', '10 MAIL.example.com', '10 mail.example.com.'],
    ['SRV', '10 5 5060 sip.example.com', '10 5 5060 sip.example.com.'],
    ['TLSA', '3 1 1 ABCDEF01', '3 1 1 abcdef01'],
    ['AAAA', '2001:0db8:0:0:0:0:0:1', '2001:db8::1'],
    ['TXT', 'unquoted words', '"unquoted" "words"'],
    ['TXT', '"\\101\\102"', '"AB"'],
  ] as const)('%s: normalises what Route 53 returns (%s)', (type, route53, model) => {
    expect(valueFromRoute53(type, route53)).toEqual({ ok: true, value: model });
  });

  it('splits nothing and escapes every non-printable byte in octal on the way out', () => {
    const model = canonical('TXT', `"${'a'.repeat(300)}"`);
    expect(valueToRoute53('TXT', model)).toBe(`"${'a'.repeat(255)}" "${'a'.repeat(45)}"`);
    expect(valueToRoute53('TXT', '"\\000\\031\\032"')).toBe('"\\000\\037 "');
  });
});

describe('zoneFromRoute53', () => {
  it('puts SOA aside, keeps apex NS, sorts values and decodes wildcards', () => {
    const read = zoneFromRoute53(ZONE, ZONE_ID, [
      set('example.com.', 'SOA', ['ns-1.awsdns-1.org. hostmaster.example.com. 1 7200 900 1209600 86400'], { TTL: 900 }),
      set('example.com.', 'NS', ['ns-2.awsdns-2.net.', 'ns-1.awsdns-1.org.'], { TTL: 172800 }),
      set('\\052.example.com.', 'A', ['192.0.2.2', '192.0.2.1']),
    ]);
    expect(read.zone.soa).toEqual({ mname: 'ns-1.awsdns-1.org.', rname: 'hostmaster.example.com.', serial: 1, refresh: 7200, retry: 900, expire: 1209600, minimum: 86400, ttl: 900 });
    expect(read.zone.rrsets).toEqual([
      { name: 'example.com.', type: 'NS', ttl: 172800, values: ['ns-1.awsdns-1.org.', 'ns-2.awsdns-2.net.'] },
      { name: '*.example.com.', type: 'A', ttl: 300, values: ['192.0.2.1', '192.0.2.2'] },
    ]);
    expect(read.unmanaged).toEqual([]);
    expect(read.raw.get('*.example.com. A')?.Name).toBe('\\052.example.com.');
  });

  it('reads SPF and NAPTR, which Route 53 serves, into the model', () => {
    const read = zoneFromRoute53(ZONE, ZONE_ID, [set('s.example.com.', 'SPF', ['"v=spf1 -all"']), set('n.example.com.', 'NAPTR', ['100 10 "u" "E2U+sip" "" .'])]);
    expect(read.zone.rrsets).toEqual([
      { name: 's.example.com.', type: 'SPF', ttl: 300, values: ['"v=spf1 -all"'] },
      { name: 'n.example.com.', type: 'NAPTR', ttl: 300, values: ['100 10 "u" "E2U+sip" "" .'] },
    ]);
    expect(read.unmanaged).toEqual([]);
  });

  it('keeps weighted, other alias, traffic-policy and unknown-type records aside with a reason', () => {
    const read = zoneFromRoute53(ZONE, ZONE_ID, [
      set('w.example.com.', 'A', ['192.0.2.1'], { SetIdentifier: 'blue', Weight: 10 }),
      set('l.example.com.', 'A', ['192.0.2.1'], { SetIdentifier: 'eu', Region: 'eu-west-1' }),
      { Name: 'v6.example.com.', Type: 'AAAA', AliasTarget: { DNSName: 'x.example.com.', HostedZoneId: ZONE_ID, EvaluateTargetHealth: false } },
      set('k.example.com.', 'DNSKEY', ['257 3 13 AAAA']),
    ]);
    expect(read.zone.rrsets).toEqual([]);
    expect(read.unmanaged).toEqual([
      { name: 'w.example.com.', type: 'A', setIdentifier: 'blue', reason: 'weighted record (SetIdentifier "blue")' },
      { name: 'l.example.com.', type: 'A', setIdentifier: 'eu', reason: 'latency record (SetIdentifier "eu")' },
      { name: 'v6.example.com.', type: 'AAAA', reason: "alias AAAA record (the model's ALIAS is an alias A record)" },
      { name: 'k.example.com.', type: 'DNSKEY', reason: 'type DNSKEY is not in the zone model' },
    ]);
  });

  it('reads an alias A record as ALIAS with its in-zone target TTL, or settings for an outside target', () => {
    const read = zoneFromRoute53(ZONE, ZONE_ID, [
      { Name: 'example.com.', Type: 'A', AliasTarget: { DNSName: 'www.example.com.', HostedZoneId: ZONE_ID, EvaluateTargetHealth: false } },
      set('www.example.com.', 'A', ['192.0.2.1'], { TTL: 120 }),
      { Name: 'lb.example.com.', Type: 'A', AliasTarget: { DNSName: 'My-LB.eu-west-1.elb.amazonaws.com.', HostedZoneId: 'Z32O12XQLNTSW2', EvaluateTargetHealth: true } },
    ]);
    expect(read.zone.rrsets).toEqual([
      { name: 'example.com.', type: 'ALIAS', ttl: 120, values: ['www.example.com.'], providerSettings: { route53: { hostedZoneId: ZONE_ID, evaluateTargetHealth: false } } },
      { name: 'www.example.com.', type: 'A', ttl: 120, values: ['192.0.2.1'] },
      { name: 'lb.example.com.', type: 'ALIAS', ttl: 60, values: ['my-lb.eu-west-1.elb.amazonaws.com.'], providerSettings: { route53: { hostedZoneId: 'Z32O12XQLNTSW2', evaluateTargetHealth: true } } },
    ]);
  });

  it('keeps a record whose value cannot be read aside rather than guessing', () => {
    const read = zoneFromRoute53(ZONE, ZONE_ID, [set('bad.example.com.', 'A', ['999.1.1.1'])]);
    expect(read.zone.rrsets).toEqual([]);
    expect(read.unmanaged[0]?.reason).toMatch(/^value "999\.1\.1\.1": /);
  });
});

describe('rrsetToRoute53', () => {
  it('sends values escaped the Route 53 way', () => {
    const rrset: RRset = { name: 'txt.example.com.', type: 'TXT', ttl: 60, values: [canonical('TXT', '"é" "b"')] };
    expect(rrsetToRoute53(rrset, ZONE_ID)).toEqual({ Name: 'txt.example.com', Type: 'TXT', TTL: 60, ResourceRecords: [{ Value: '"\\303\\251" "b"' }] });
  });

  it('sends ALIAS as an alias A record, this zone by default', () => {
    const rrset: RRset = { name: 'example.com.', type: 'ALIAS', ttl: 300, values: ['www.example.com.'] };
    expect(rrsetToRoute53(rrset, ZONE_ID)).toEqual({ Name: 'example.com', Type: 'A', AliasTarget: { DNSName: 'www.example.com.', HostedZoneId: ZONE_ID, EvaluateTargetHealth: false } });
    const outside: RRset = { ...rrset, providerSettings: { route53: { hostedZoneId: 'Z2FDTNDATAQYW2', evaluateTargetHealth: true } } };
    expect(rrsetToRoute53(outside, ZONE_ID).AliasTarget).toEqual({ DNSName: 'www.example.com.', HostedZoneId: 'Z2FDTNDATAQYW2', EvaluateTargetHealth: true });
  });

  it.each<[RecordType, string]>([
    ['TXT', '"a\\"b\\\\c" "\\255\\000"'],
    ['CAA', '0 issuewild "ca.example.net; account=\\195\\169"'],
    ['HTTPS', '1 . alpn=h2,h3 port=8443'],
    ['SSHFP', `1 2 ${'abcdef01'.repeat(8)}`],
    // Route 53 serves SPF and NAPTR ("Supported DNS record types"); their strings travel escaped in octal like TXT's.
    ['SPF', '"v=spf1 -all" "\\"q\\""'],
    ['NAPTR', '100 10 "u" "E2U+sip" "!^.*$!sip:\\\\1@example.com!" .'],
  ])('round-trips %s %s', (type, text) => {
    const rrset: RRset = { name: 'r.example.com.', type, ttl: 300, values: [canonical(type, text)] };
    const read = zoneFromRoute53(ZONE, ZONE_ID, [{ ...rrsetToRoute53(rrset, ZONE_ID), Name: 'r.example.com.' }]);
    expect(read.zone.rrsets).toEqual([rrset]);
  });
});

describe('moto quirks', () => {
  it("reads moto's SOA value that comes wrapped as a Python dict", () => {
    const read = zoneFromRoute53(ZONE, ZONE_ID, [set('example.com.', 'SOA', ["{'Value': 'ns-2048.awsdns-64.com. hostmaster.example.com. 1 7200 900 1209600 86400'}"], { TTL: 900 })]);
    expect(read.zone.soa).toEqual({ mname: 'ns-2048.awsdns-64.com.', rname: 'hostmaster.example.com.', serial: 1, refresh: 7200, retry: 900, expire: 1209600, minimum: 86400, ttl: 900 });
  });
});
