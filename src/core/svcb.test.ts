import { describe, expect, it } from 'vitest';
import { canonicalRdata } from './rdata.js';

// SvcParams as RFC 9460 and RFC 9461 write them, and as named-compilezone reads them (the
// differential test in test/zonefile/ checks the same against BIND and Knot at random).
const ORIGIN = 'example.com.';

describe('SvcParams: canonical form', () => {
  it.each([
    ['quoted values', '1 . alpn="h2,h3" port="0443" ipv4hint="10.10.10.10"', '1 . alpn=h2,h3 port=443 ipv4hint=10.10.10.10'],
    ['keys in any order come out ascending', '1 . ipv6hint=2001:db8::1 port=53 key65000=x alpn=h2 mandatory=port,alpn', '1 . mandatory=alpn,port alpn=h2 port=53 ipv6hint=2001:db8::1 key65000=x'],
    ['an escaped comma inside an alpn id keeps both escaping levels', '1 . alpn="h2,h\\\\,3"', '1 . alpn="h2,h\\\\,3"'],
    ['an escaped backslash inside an alpn id', '1 . alpn=a\\\\\\\\b', '1 . alpn="a\\\\\\\\b"'],
    ['\\044 is a comma at the character-string level, so it separates ids (RFC 9460 A.1)', '1 . alpn=c\\044d', '1 . alpn=c,d'],
    ['a space inside a quoted value', '1 . alpn="a b"', '1 . alpn="a b"'],
    ['dohpath is written back as key7 (BIND 9.18 writes it so; Knot 3.2 reads only key7)', '1 . alpn=h2 dohpath=/dns-query{?dns}', '1 . alpn=h2 key7=/dns-query{?dns}'],
    ['dohpath with more variables', '1 . alpn=h2 key7="/q{?dns,x}"', '1 . alpn=h2 key7=/q{?dns,x}'],
    ['ech as base64', '1 . ech=AAEC', '1 . ech=AAEC'],
    ['address lists', '1 . ipv4hint=192.0.2.1,192.0.2.2 ipv6hint=2001:DB8::1,::ffff:1.2.3.4', '1 . ipv4hint=192.0.2.1,192.0.2.2 ipv6hint=2001:db8::1,::ffff:102:304'],
    ['port bounds', '1 . port=0', '1 . port=0'],
    ['generic keys, with and without a value', '1 . key9 key65534="" key300="\\001x"', '1 . key9 key300="\\001x" key65534'],
    ['no-default-alpn with alpn', '1 . no-default-alpn alpn=h2', '1 . alpn=h2 no-default-alpn'],
  ])('%s', (_what, input, expected) => {
    expect(canonicalRdata('SVCB', input, ORIGIN)).toEqual({ ok: true, value: expected });
  });

  it('is a fixed point: the canonical value reads back to itself', () => {
    for (const value of ['1 . alpn="h2,h\\\\,3"', '1 . alpn="a\\\\\\\\b"', '1 . key300="\\001x"', '1 . alpn="a b"']) {
      expect(canonicalRdata('HTTPS', value, ORIGIN)).toEqual({ ok: true, value });
    }
  });
});

describe('SvcParams: refused as BIND refuses them', () => {
  it.each([
    ['1 . alpn=a,,b', 'alpn has an empty item', 2],
    ['1 . alpn=a,', 'alpn has an empty item', 2],
    ['1 . alpn=', 'SvcParam alpn needs a value', 2],
    ['1 . alpn=a\\\\x', 'a backslash in a list item escapes only "," or "\\"', 2],
    ['1 . port=53 mandatory=mandatory', 'mandatory may not list "mandatory" itself', 3],
    ['1 . alpn=h2 mandatory=port', 'mandatory lists "port", which the record does not have', 3],
    ['1 . alpn=h2 mandatory=alpn,alpn', 'mandatory lists "alpn" twice', 3],
    ['1 . alpn=h2 mandatory=colour', 'mandatory lists an unknown key "colour"', 3],
    ['1 . alpn=h2 alpn=h3', 'SvcParam "alpn" appears twice', 3],
    ['1 . port=1 key3=2', 'write SvcParam key3 as "port"', 3],
    ['1 . key003=1', 'unknown SvcParam key "key003"', 2],
    ['1 . ALPN=h2', 'SvcParam key "ALPN" must be written in lower case', 2],
    ['1 . alpn=h2 dohpath=/q', 'has no "dns" variable', 3],
    ['1 . alpn=h2 dohpath=q{?dns}', 'is not a relative URI template starting with "/"', 3],
    ['1 . alpn=h2 dohpath="/q{?dns"', 'unbalanced', 3],
    ['1 . alpn=h2 dohpath=/q\\255{?dns}', 'is not UTF-8', 3],
    ['1 . ech=!!', 'ech "!!" is not base64', 2],
    ['1 . ech=', 'ech "" is not base64', 2],
    ['1 . port=65536', 'port "65536" is not a port number', 2],
    ['1 . ipv4hint=1.2.3', 'ipv4hint "1.2.3" is not an IPv4 address', 2],
    ['1 . ipv4hint=', 'SvcParam ipv4hint needs a value', 2],
    ['1 . ipv6hint=::1,', 'ipv6hint "::1," is not a list of IPv6 addresses', 2],
    ['1 . key65535', 'key65535 is reserved', 2],
    ['1 . no-default-alpn', 'no-default-alpn needs an alpn', 2],
    ['1 . no-default-alpn=x alpn=h2', 'no-default-alpn takes no value', 2],
    ['1 . "h2"', 'a quoted value with no key', 2],
  ])('%s: %s', (input, error, at) => {
    expect(canonicalRdata('SVCB', input, ORIGIN)).toEqual({ ok: false, error: expect.stringContaining(error), at });
  });
});
