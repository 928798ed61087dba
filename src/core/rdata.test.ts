import { describe, expect, it } from 'vitest';
import type { RecordType } from './model.js';
import { canonicalRdata, rdataFields, txtFromText } from './rdata.js';

const origin = 'example.com.';

describe('canonicalRdata', () => {
  it.each<[RecordType, string, string]>([
    ['A', '192.0.2.1', '192.0.2.1'],
    ['A', '010.0.0.1', '10.0.0.1'],
    ['AAAA', '2001:DB8:0:0:0:0:0:1', '2001:db8::1'],
    ['AAAA', '2001:db8:0:0:1:0:0:1', '2001:db8::1:0:0:1'],
    ['AAAA', '::ffff:192.0.2.1', '::ffff:c000:201'],
    ['AAAA', '0:0:0:0:0:0:0:0', '::'],
    ['CNAME', 'www', 'www.example.com.'],
    ['CNAME', 'Target.Example.NET.', 'target.example.net.'],
    ['CNAME', '@', 'example.com.'],
    ['MX', '10 mail', '10 mail.example.com.'],
    ['MX', '0 .', '0 .'],
    ['TXT', 'plain', '"plain"'],
    ['TXT', '"a \\"quoted\\" word"', '"a \\"quoted\\" word"'],
    ['TXT', '"one" "two"', '"one" "two"'],
    ['TXT', '"caf\\195\\169"', '"caf\\195\\169"'],
    ['TXT', '"café"', '"caf\\195\\169"'],
    ['SRV', '10 60 5060 sip', '10 60 5060 sip.example.com.'],
    ['CAA', '0 ISSUE "letsencrypt.org"', '0 issue "letsencrypt.org"'],
    ['DS', '60485 8 2 D4B7 D520', '60485 8 2 d4b7d520'],
    ['TLSA', '3 1 1 ABCDEF', '3 1 1 abcdef'],
    ['SSHFP', '4 2 ABCDEF01', '4 2 abcdef01'],
    ['HTTPS', '1 . ALPN="h2,h3" port=0443 ipv4hint=192.0.2.1', '1 . alpn=h2,h3 port=443 ipv4hint=192.0.2.1'],
    ['SVCB', '0 other.example.net.', '0 other.example.net.'],
    ['PTR', 'host.example.net.', 'host.example.net.'],
    ['NS', 'ns1.bücher.example.', 'ns1.xn--bcher-kva.example.'],
  ])('%s %s → %s', (type, input, expected) => {
    expect(canonicalRdata(type, input, origin)).toEqual({ ok: true, value: expected });
  });

  it.each<[RecordType, string, string]>([
    ['A', '192.0.2', '"192.0.2" is not an IPv4 address'],
    ['A', '256.1.1.1', '"256.1.1.1" is not an IPv4 address'],
    ['AAAA', '2001:db8::1::2', '"2001:db8::1::2" is not an IPv6 address'],
    ['MX', 'mail', 'expected "preference exchange", got 1 field'],
    ['MX', 'ten mail', 'preference "ten" is not a number'],
    ['SRV', '1 2 70000 sip', 'port 70000 is larger than 65535'],
    ['CAA', '0 is-sue "x"', 'tag "is-sue" must be letters and digits'],
    ['DS', '1 8 2 XYZ', 'digest "XYZ" is not hexadecimal'],
    ['TXT', '"unterminated', 'a quoted string is not closed'],
    ['CNAME', 'a..b', '"a..b" has an empty label'],
    ['HTTPS', '0 . alpn=h2', 'alias mode (priority 0) takes no parameters'],
  ])('%s %s is refused: %s', (type, input, error) => {
    expect(canonicalRdata(type, input, origin)).toEqual({ ok: false, error: expect.stringContaining(error) });
  });

  it('splits a long TXT string into 255-byte character-strings', () => {
    const result = canonicalRdata('TXT', `"${'x'.repeat(300)}"`, origin);
    expect(result).toEqual({ ok: true, value: `"${'x'.repeat(255)}" "${'x'.repeat(45)}"` });
  });

  it('never cuts a UTF-8 sequence when splitting', () => {
    const value = txtFromText(`${'x'.repeat(254)}é`);
    expect(value).toBe(`"${'x'.repeat(254)}" "\\195\\169"`);
  });

  it('gives the fields of a canonical value, unescaped', () => {
    expect(rdataFields('0 issue "le\\"x"')).toEqual(['0', 'issue', 'le"x']);
    expect(rdataFields('"caf\\195\\169" "b"')).toEqual(['café', 'b']);
  });
});
