import type { RRset, RecordType, Soa, Zone } from '../../src/core/model.js';
import { canonicalRdata } from '../../src/core/rdata.js';

// A zone with every record type zonesync writes, the awkward TXT cases included: the zone-file
// writer's round trip (src/core/zonefile/write.test.ts) and BIND's acceptance of it
// (test/zonefile/named-checkzone.test.ts) use the same one.

export const ORIGIN = 'example.com.';
export const SOA: Soa = { mname: 'ns1.example.com.', rname: 'hostmaster.example.com.', serial: 2024010101, refresh: 3600, retry: 600, expire: 604800, minimum: 300, ttl: 3600 };

export function rrset(name: string, type: RecordType, values: string[], ttl = 300): RRset {
  const canonical = values.map((v) => {
    const result = canonicalRdata(type, v, ORIGIN);
    if (!result.ok) throw new Error(`${type} ${v}: ${result.error}`);
    return result.value;
  });
  return { name, type, ttl, values: [...new Set(canonical)].sort() };
}

export const EVERY_TYPE: Zone = {
  name: ORIGIN,
  rrsets: [
    rrset(ORIGIN, 'A', ['192.0.2.1', '192.0.2.2']),
    rrset(ORIGIN, 'AAAA', ['2001:db8::1']),
    rrset(ORIGIN, 'MX', ['10 mx1', '20 mx2.example.net.']),
    rrset(ORIGIN, 'TXT', ['"v=spf1 include:_spf.example.com; -all"', `"${'x'.repeat(300)}"`, '"caf\\195\\169 \\"q\\" back\\\\slash"', '"a" "b"', '"\\"starts with a quote"']),
    rrset(ORIGIN, 'CAA', ['0 issue "letsencrypt.org"', '128 iodef "mailto:sec@example.com"']),
    rrset(ORIGIN, 'HTTPS', ['1 . alpn=h2 no-default-alpn']),
    rrset('www.example.com.', 'CNAME', ['example.com.']),
    rrset('_sip._tcp.example.com.', 'SRV', ['10 5 5060 sip.example.com.']),
    rrset('sub.example.com.', 'NS', ['ns1.other.net.']),
    rrset('sub.example.com.', 'DS', ['12345 13 2 ABCDEF0123456789abcdef0123456789abcdef0123456789abcdef0123456789']),
    rrset('host.example.com.', 'SSHFP', ['1 1 0123456789abcdef0123456789abcdef01234567']),
    rrset('_443._tcp.example.com.', 'TLSA', ['3 1 1 0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef']),
    rrset('svc.example.com.', 'SVCB', ['1 svc2.example.com. alpn=h2,h3 port=8443 ipv4hint=192.0.2.1', '0 alias.example.net.']),
    rrset('2.example.com.', 'PTR', ['host.example.com.']),
    rrset('*.example.com.', 'A', ['192.0.2.9'], 60),
    rrset('xn--bcher-kva.example.com.', 'A', ['192.0.2.10']),
    rrset('_sip._udp.example.com.', 'NAPTR', ['100 10 "S" "SIP+D2U" "" _sip._udp.example.com.', '100 20 U "E2U+sip" "!^.*$!sip:info@example.com!" .']),
    rrset('loc.example.com.', 'LOC', ['52 22 23.000 N 4 53 32.000 E -2.00m 1m 10000m 10m', '42 21 43.528 N 71 05 06.284 W 12m']),
    rrset('old.example.com.', 'DNAME', ['example.net.']),
    rrset('_ftp._tcp.example.com.', 'URI', ['10 1 "ftp://ftp1.example.com/public"']),
    rrset(ORIGIN, 'SPF', ['"v=spf1 -all"']),
    rrset('host.example.com.', 'HINFO', ['"PC-Intel-700mhz" "Linux"']),
    rrset(ORIGIN, 'RP', ['john\\.doe.example.com. txt.example.com.']),
    rrset('k._openpgpkey.example.com.', 'OPENPGPKEY', ['mQENBFVHm5sBCADQ ZN8vtEaBmTy5']),
    rrset('_443._tcp.example.com.', 'SMIMEA', ['3 1 1 0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef']),
    rrset('sub.example.com.', 'CDS', ['12345 13 2 ABCDEF0123456789abcdef0123456789abcdef0123456789abcdef0123456789']),
    rrset('sub.example.com.', 'CDNSKEY', ['257 3 13 mdsswUyr3DPW132mOi8V9xESWE8jTo0dxCjjnopKl+GqJxpVXckHAeF+KkxLbxILfDLUT0rAK9iUzy1L53eKGQ==']),
    rrset('cert.example.com.', 'CERT', ['PKIX 65535 RSASHA256 MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8A']),
    rrset('generic.example.com.', 'TYPE65280', ['\\# 4 0a000001']),
    rrset('35.32/27.example.com.', 'PTR', ['!\\@#3.example.net.']),
    rrset('sub.*.example.com.', 'TXT', ['"not a wildcard"']),
    rrset('_sip+d2t._tcp.example.com.', 'SRV', ['0 0 5060 sip.example.com.']),
  ],
};
