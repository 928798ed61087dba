import { describe, expect, it } from 'vitest';
import type { RecordType } from './model.js';
import { canonicalRdata, rdataFields, txtFromText } from './rdata.js';

const origin = 'example.com.';

describe('canonicalRdata', () => {
  it.each<[RecordType, string, string]>([
    ['A', '192.0.2.1', '192.0.2.1'],
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
    ['DS', '60485 8 2 D4B7D520D4B7D520D4B7D520D4B7D520 D4B7D520D4B7D520D4B7D520D4B7D520', `60485 8 2 ${'d4b7d520'.repeat(8)}`],
    ['DS', '60485 8 9 D4B7', '60485 8 9 d4b7'],
    ['CDS', '0 0 0 00', '0 0 0 00'],
    ['NAPTR', '100 10 S SIP+D2U "" _sip._udp', '100 10 "S" "SIP+D2U" "" _sip._udp.example.com.'],
    ['LOC', '52 22 23 N 4 53 32 E -2m', '52 22 23.000 N 4 53 32.000 E -2.00m 1m 10000m 10m'],
    ['LOC', '42 21 43.528 N 71 05 06.284 W 12m 30m 0.5m 0', '42 21 43.528 N 71 5 6.284 W 12.00m 30m 0.50m 0.00m'],
    ['LOC', '0 S 0 W 0', '0 0 0.000 N 0 0 0.000 E 0.00m 1m 10000m 10m'],
    ['LOC', '1 S 2 W 0', '1 0 0.000 S 2 0 0.000 W 0.00m 1m 10000m 10m'],
    ['DNAME', 'Other.Example.', 'other.example.'],
    ['URI', '10 1 "ftp://ftp1.example.com/public"', '10 1 "ftp://ftp1.example.com/public"'],
    ['SPF', '"v=spf1 -all"', '"v=spf1 -all"'],
    ['HINFO', 'PC Linux', '"PC" "Linux"'],
    ['RP', 'john\\.doe bob', 'john\\.doe.example.com. bob.example.com.'],
    ['OPENPGPKEY', 'AAEC Aw==', 'AAECAw=='],
    ['SMIMEA', '3 1 1 ABCD', '3 1 1 abcd'],
    ['CDNSKEY', '257 3 13 AAEC Aw==', '257 3 13 AAECAw=='],
    ['CERT', 'PGP 0 RSASHA256 AAECAw==', '3 0 8 AAECAw=='],
    ['TYPE65280', '\\# 4 0A000001', '\\# 4 0a000001'],
    ['TYPE65280', '\\# 0', '\\# 0'],
    ['NAPTR', '\\# 9 000100020153000000', '1 2 "S" "" "" .'],
    ['PTR', '!@#3.', '!\\@#3.'],
    ['TLSA', '3 1 1 ABCDEF', '3 1 1 abcdef'],
    ['SSHFP', '4 3 ABCDEF01', '4 3 abcdef01'],
    ['HTTPS', '1 . alpn="h2,h3" port=0443 ipv4hint=192.0.2.1', '1 . alpn=h2,h3 port=443 ipv4hint=192.0.2.1'],
    ['SVCB', '0 other.example.net.', '0 other.example.net.'],
    ['PTR', 'host.example.net.', 'host.example.net.'],
    ['NS', 'ns1.bücher.example.', 'ns1.xn--bcher-kva.example.'],
  ])('%s %s → %s', (type, input, expected) => {
    expect(canonicalRdata(type, input, origin)).toEqual({ ok: true, value: expected });
  });

  it.each<[RecordType, string, string]>([
    ['A', '192.0.2', '"192.0.2" is not an IPv4 address'],
    ['A', '256.1.1.1', '"256.1.1.1" is not an IPv4 address'],
    ['A', '010.0.0.1', '"010.0.0.1" is not an IPv4 address'], // BIND and Knot refuse leading zeros (octal to inet_aton)
    ['AAAA', '2001:db8::1::2', '"2001:db8::1::2" is not an IPv6 address'],
    ['MX', 'mail', 'expected "preference exchange", got 1 field'],
    ['MX', 'ten mail', 'preference "ten" is not a number'],
    ['SRV', '1 2 70000 sip', 'port 70000 is larger than 65535'],
    ['CAA', '0 is-sue "x"', 'tag "is-sue" must be letters and digits'],
    ['DS', '1 8 2 XYZ', 'digest "XYZ" is not hexadecimal'],
    ['TXT', '"unterminated', 'a quoted string is not closed'],
    ['CNAME', 'a..b', '"a..b" has an empty label'],
    ['HTTPS', '0 . alpn=h2', 'alias mode (priority 0) takes no parameters'],
    ['DS', '1 8 1 ABCD', 'digest is 2 bytes; digest type 1 takes 20'],
    ['SSHFP', '1 2 ABCD', 'fingerprint is 2 bytes; fingerprint type 2 takes 32'],
    ['LOC', '91 N 0 E 0', 'beyond 90 degrees'],
    ['LOC', '1 60 N 0 E 0', 'minutes and seconds run from 0 to 59'],
    ['LOC', '1 N 0 E', 'missing altitude'],
    ['HINFO', 'one', 'missing field 2'],
    ['OPENPGPKEY', 'not*base64', 'is not base64'],
    ['TYPE65280', '\\# 2 00', 'generic rdata says 2 bytes but has 1'],
    ['NAPTR', '\\# 2 0001', 'rdata does not fit NAPTR'],
    ['A', '\\# 4 C0000201', 'write A in its own presentation form'],
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
