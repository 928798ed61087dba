// test-project: unit
import { describe, expect, it } from 'vitest';
import { rdataBytes } from '../../src/dns/packet.js';
import { rdataToPacket, type WireType } from '../../src/dns/rdata-wire.js';
import type { RecordType } from '../../src/core/model.js';
import { canonicalRdata } from '../../src/core/rdata.js';
import { MAX_RDATA_BYTES, mayExceedRdata, rdataWireLength } from '../../src/core/rdata-length.js';

const samples: Array<[RecordType, string]> = [
  ['A', '192.0.2.1'],
  ['AAAA', '2001:db8::1'],
  ['CNAME', 'www.example.com.'],
  ['NS', 'ns1.example.net.'],
  ['PTR', 'host.example.com.'],
  ['MX', '10 mail.example.com.'],
  ['SRV', '10 20 5060 sip.example.com.'],
  ['TXT', '"v=spf1 -all" "second string" "caf\\195\\169"'],
  ['CAA', '0 issue "letsencrypt.org"'],
  ['DS', '12345 13 2 49FD46E6C4B45C55D4AC69CBD3CD34AC1AFE51DE49FD46E6C4B45C55D4AC69CB'],
  ['TLSA', '3 1 1 0123456789ABCDEF0123456789ABCDEF'],
  ['SSHFP', '4 2 123456789abcdef67890123456789abcdef67890123456789abcdef123456789'],
  ['SVCB', '1 svc.example.com. alpn=h2,h3 port=8443 ipv4hint=192.0.2.1,192.0.2.2 ipv6hint=2001:db8::1'],
  ['HTTPS', '1 . mandatory=alpn,port alpn=h2 port=443 ech=AEn+DQBFKwAgACABWIHUGj4u+PIggYXcR5JF0gYk3dCRioBW8uJq9H4mKAAIAAEAAQABAANAEnB1YmxpYy50bHMtZWNoLmRldgAA'],
];

describe('rdataWireLength', () => {
  it.each(samples)('%s %s: the length the wire encoder gives', (type, text) => {
    const value = canonicalRdata(type, text, 'example.com.');
    if (!value.ok) throw new Error(value.error);
    const packet = rdataToPacket(type as WireType, value.value);
    expect(rdataWireLength(type, value.value)).toBe(rdataBytes(packet.type, packet.data).length);
  });

  it('counts a TXT of 300 strings of 255 bytes as 300 × 256 bytes, over the limit', () => {
    const value = Array.from({ length: 300 }, () => `"${'x'.repeat(255)}"`).join(' ');
    expect(mayExceedRdata(value)).toBe(true);
    expect(rdataWireLength('TXT', value)).toBe(300 * 256);
    expect(rdataWireLength('TXT', value)).toBeGreaterThan(MAX_RDATA_BYTES);
  });

  it('leaves short values to the quick check: no value under 21,800 characters can exceed 65,535 bytes', () => {
    expect(mayExceedRdata('x'.repeat(21_000))).toBe(false);
    expect(mayExceedRdata('x'.repeat(22_000))).toBe(true);
  });
});
