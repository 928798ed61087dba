import { describe, expect, it } from 'vitest';
import { canonicalRdata } from '../core/rdata.js';
import { decodePacket, encodePacket } from './packet.js';
import { recordFromPacket, recordToPacket, soaFromPacket, soaToPacket, type WireType } from './rdata-wire.js';

/** Encode one record into a whole message and decode it again, as a server and client would. */
function roundTrip(type: WireType, value: string): { type: string; value: string; ttl: number; name: string } {
  const message = encodePacket({
    id: 1, type: 'response', flags: 0, questions: [{ name: 'x.example.com', type: 'A', class: 'IN' }],
    answers: [recordToPacket({ name: 'x.example.com.', type, ttl: 300, value })], authorities: [], additionals: [],
  });
  const decoded = decodePacket(message);
  return recordFromPacket(decoded.answers[0]!);
}

const cases: Array<[WireType, string]> = [
  ['A', '192.0.2.1'],
  ['AAAA', '2001:db8::1'],
  ['AAAA', '::ffff:c000:201'],
  ['CNAME', 'target.example.net.'],
  ['NS', 'ns1.example.com.'],
  ['PTR', 'host.example.com.'],
  ['MX', '10 mail.example.com.'],
  ['MX', '0 .'],
  ['SRV', '10 20 443 sip.example.com.'],
  ['CAA', '0 issue "letsencrypt.org"'],
  ['CAA', '128 iodef "mailto:security@example.com"'],
  ['CAA', '0 issue "ca.example; account=\\"x\\""'],
  ['DS', '12345 13 1 49fd46e6c4b45c55d4ac69cbd3cd34ac1afe51de'],
  ['TLSA', '3 1 1 0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef'],
  ['SSHFP', '4 2 0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef'],
  ['SSHFP', '1 1 0123456789abcdef0123456789abcdef01234567'],
  ['TXT', '"v=spf1 -all"'],
  ['TXT', '"first" "second" "third"'],
  ['TXT', '"say \\"hi\\" \\\\ back"'],
  ['TXT', '"caf\\195\\169 \\255\\000"'],
  ['TXT', '""'],
  ['TXT', `"${'a'.repeat(255)}" "${'b'.repeat(10)}"`],
  ['SVCB', '0 svc.example.com.'],
  ['SVCB', '1 . alpn=h2,h3 port=8443 ipv4hint=192.0.2.1,192.0.2.2 ipv6hint=2001:db8::1'],
  ['HTTPS', '1 . alpn=h3 no-default-alpn ech=AEX+DQBBpAAgACA='],
  ['HTTPS', '2 pool.example.com. mandatory=alpn,port alpn=h2 port=443 key65000=hello'],
];

describe('rdata on the wire', () => {
  it.each(cases)('%s %s survives canonical → wire → canonical', (type, value) => {
    if (type !== 'SOA') {
      // The table holds canonical values, so the round trip must give them back byte for byte.
      const canonical = canonicalRdata(type, value, '.');
      expect(canonical).toEqual({ ok: true, value });
    }
    expect(roundTrip(type, value)).toEqual({ name: 'x.example.com.', type, ttl: 300, value });
  });

  it('reads SOA into the Soa fields and writes it back', () => {
    const soa = { mname: 'ns1.example.com.', rname: 'hostmaster.example.com.', serial: 2024010101, refresh: 3600, retry: 600, expire: 604800, minimum: 300, ttl: 3600 };
    const message = encodePacket({ id: 1, type: 'response', flags: 0, questions: [], answers: [soaToPacket('example.com.', soa)], authorities: [], additionals: [] });
    const record = decodePacket(message).answers[0]!;
    expect(soaFromPacket(record)).toEqual(soa);
    expect(recordFromPacket(record)).toEqual({ name: 'example.com.', type: 'SOA', ttl: 3600, value: 'ns1.example.com. hostmaster.example.com. 2024010101 3600 600 604800 300' });
  });

  it('gives types zonesync does not model as RFC 3597 generic rdata', () => {
    const message = encodePacket({
      id: 1, type: 'response', flags: 0, questions: [],
      answers: [
        { name: 'example.com', type: 'DNSKEY', class: 'IN', ttl: 60, data: { flags: 257, algorithm: 13, key: Buffer.from([1, 2, 3]) } },
        { name: 'example.com', type: 'UNKNOWN_65280', class: 'IN', ttl: 60, data: Buffer.from([0xab, 0xcd]) },
      ],
      authorities: [], additionals: [],
    });
    const [dnskey, private_] = decodePacket(message).answers.map(recordFromPacket);
    expect(dnskey).toEqual({ name: 'example.com.', type: 'DNSKEY', ttl: 60, value: '\\# 7 0101030d010203' });
    expect(private_).toEqual({ name: 'example.com.', type: 'TYPE65280', ttl: 60, value: '\\# 2 abcd' });
  });

  it('lowercases owner names and targets', () => {
    const message = encodePacket({
      id: 1, type: 'response', flags: 0, questions: [],
      answers: [{ name: 'WWW.Example.COM', type: 'CNAME', class: 'IN', ttl: 1, data: 'Target.Example.NET' }], authorities: [], additionals: [],
    });
    expect(recordFromPacket(decodePacket(message).answers[0]!)).toEqual({ name: 'www.example.com.', type: 'CNAME', ttl: 1, value: 'target.example.net.' });
  });
});

describe('SVCB wire form (RFC 9460 appendix D vectors)', () => {
  it.each([
    ['1 foo.example.com. port=53', '000103666f6f076578616d706c6503636f6d00000300020035'],
    [
      '16 foo.example.org. mandatory=alpn,ipv4hint alpn=h2,h3-19 ipv4hint=192.0.2.1',
      '0010' + '03666f6f076578616d706c65036f726700' + '0000000400010004' + '000100090268320568332d3139' + '00040004c0000201',
    ],
  ])('%s', (value, hex) => {
    const record = recordToPacket({ name: 'x.example.', type: 'SVCB', ttl: 1, value });
    expect((record.data as Buffer).toString('hex')).toBe(hex);
  });
});

describe('the types described field by field, on the wire', () => {
  it.each([
    ['NAPTR', '100 10 "S" "SIP+D2U" "" _sip._udp.example.com.'],
    ['LOC', '52 22 23.000 N 4 53 32.000 E -2.00m 1m 10000m 10m'],
    ['DNAME', 'example.net.'],
    ['URI', '10 1 "ftp://ftp1.example.com/public"'],
    ['SPF', '"v=spf1 -all"'],
    ['HINFO', '"PC" "Linux"'],
    ['RP', 'john.example.com. txt.example.com.'],
    ['OPENPGPKEY', 'AAECAw=='],
    ['SMIMEA', '3 1 1 abcd'],
    ['CDS', '0 0 0 00'],
    ['CDNSKEY', '257 3 13 AAECAw=='],
    ['CERT', '3 0 8 AAECAw=='],
    ['TYPE65280', '\\# 4 0a000001'],
  ] as const)('%s %s goes out and comes back the same', (type, value) => {
    const packet = recordToPacket({ name: 'x.example.com.', type, ttl: 60, value });
    const decoded = decodePacket(encodePacket({ id: 1, type: 'response', flags: 0, questions: [], answers: [packet], authorities: [], additionals: [] }));
    expect(recordFromPacket(decoded.answers[0] as never)).toEqual({ name: 'x.example.com.', type, ttl: 60, value });
  });
});
