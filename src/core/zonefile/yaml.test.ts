import { describe, expect, it } from 'vitest';
import { parseYamlZone } from './yaml.js';
import { parseFastYaml } from './yaml-fast.js';
import { readWithYamlPackage } from './yaml-package.js';

const FILE = 'zones/example.com.yaml';
const parse = (text: string) => parseYamlZone(text, FILE, 'example.com.');
const brief = (text: string) => {
  const { zone, problems } = parse(text);
  return { rrsets: zone.rrsets.map(({ name, type, ttl, values, providerSettings }) => ({ name, type, ttl, values, ...(providerSettings ? { providerSettings } : {}) })), problems: problems.map((p) => `${p.location?.line}:${p.location?.column} ${p.severity} ${p.message}`) };
};

describe('parseYamlZone: features', () => {
  it.each([
    ['apex A with values, default ttl', "'':\n  type: A\n  values:\n    - 192.0.2.2\n    - 192.0.2.1\n", [{ name: 'example.com.', type: 'A', ttl: 3600, values: ['192.0.2.1', '192.0.2.2'] }]],
    ['single value and ttl', 'www:\n  type: CNAME\n  ttl: 300\n  value: Example.COM.\n', [{ name: 'www.example.com.', type: 'CNAME', ttl: 300, values: ['example.com.'] }]],
    ['list of records under one name', "'':\n  - type: A\n    value: 192.0.2.1\n  - type: AAAA\n    value: 2001:DB8:0::1\n", [
      { name: 'example.com.', type: 'A', ttl: 3600, values: ['192.0.2.1'] },
      { name: 'example.com.', type: 'AAAA', ttl: 3600, values: ['2001:db8::1'] },
    ]],
    ['MX with preference/exchange and priority/value', "'':\n  type: MX\n  values:\n    - preference: 20\n      exchange: mx2.example.com.\n    - priority: 10\n      value: mx1.example.com.\n", [{ name: 'example.com.', type: 'MX', ttl: 3600, values: ['10 mx1.example.com.', '20 mx2.example.com.'] }]],
    ['MX where preference outranks priority, whichever comes first', "'':\n  type: MX\n  values:\n    - { priority: 5, preference: 20, value: mx2.example.com. }\n    - { preference: 10, priority: 7, exchange: mx1.example.com., value: other.example.com. }\n", [{ name: 'example.com.', type: 'MX', ttl: 3600, values: ['10 mx1.example.com.', '20 mx2.example.com.'] }]],
    ['SRV', '_sip._tcp:\n  type: SRV\n  value: {priority: 10, weight: 5, port: 5060, target: sip.example.com.}\n', [{ name: '_sip._tcp.example.com.', type: 'SRV', ttl: 3600, values: ['10 5 5060 sip.example.com.'] }]],
    ['CAA with default flags', "'':\n  type: CAA\n  value:\n    tag: issue\n    value: letsencrypt.org\n", [{ name: 'example.com.', type: 'CAA', ttl: 3600, values: ['0 issue "letsencrypt.org"'] }]],
    ['SSHFP', 'h:\n  type: SSHFP\n  value: {algorithm: 1, fingerprint_type: 1, fingerprint: ABCDEF0123ABCDEF0123ABCDEF0123ABCDEF0123}\n', [{ name: 'h.example.com.', type: 'SSHFP', ttl: 3600, values: ['1 1 abcdef0123abcdef0123abcdef0123abcdef0123'] }]],
    ['SPF, as octoDNS writes it', "'':\n  type: SPF\n  value: v=spf1 -all\n", [{ name: 'example.com.', type: 'SPF', ttl: 3600, values: ['"v=spf1 -all"'] }]],
    ['NAPTR, octoDNS fields', "'':\n  type: NAPTR\n  value: {order: 100, preference: 10, flags: S, service: SIP+D2U, regexp: '', replacement: _sip._udp.example.com.}\n", [{ name: 'example.com.', type: 'NAPTR', ttl: 3600, values: ['100 10 "S" "SIP+D2U" "" _sip._udp.example.com.'] }]],
    ['URI, octoDNS fields', "_ftp._tcp:\n  type: URI\n  value: {priority: 10, weight: 1, target: 'ftp://ftp1.example.com/public'}\n", [{ name: '_ftp._tcp.example.com.', type: 'URI', ttl: 3600, values: ['10 1 "ftp://ftp1.example.com/public"'] }]],
    ['LOC, octoDNS fields', "loc:\n  type: LOC\n  value: {lat_degrees: 52, lat_minutes: 22, lat_seconds: 23, lat_direction: N, long_degrees: 4, long_minutes: 53, long_seconds: 32, long_direction: E, altitude: -2, size: 1, precision_horz: 10000, precision_vert: 10}\n", [{ name: 'loc.example.com.', type: 'LOC', ttl: 3600, values: ['52 22 23.000 N 4 53 32.000 E -2.00m 1m 10000m 10m'] }]],
    ['DNAME and a generic type', "old:\n  - type: DNAME\n    value: example.net.\n  - type: TYPE65280\n    value: '\\# 2 abcd'\n", [{ name: 'old.example.com.', type: 'DNAME', ttl: 3600, values: ['example.net.'] }, { name: 'old.example.com.', type: 'TYPE65280', ttl: 3600, values: ['\\# 2 abcd'] }]],
    ['DNS-SD and classless names', "_sip+d2t._tcp:\n  type: PTR\n  value: '!@#3.example.net.'\n35.32/27:\n  type: PTR\n  value: host.example.net.\n", [{ name: '_sip+d2t._tcp.example.com.', type: 'PTR', ttl: 3600, values: ['!\\@#3.example.net.'] }, { name: '35.32/27.example.com.', type: 'PTR', ttl: 3600, values: ['host.example.net.'] }]],
    ['TLSA', '_443._tcp:\n  type: TLSA\n  value: {certificate_usage: 3, selector: 1, matching_type: 1, certificate_association_data: 0A0B}\n', [{ name: '_443._tcp.example.com.', type: 'TLSA', ttl: 3600, values: ['3 1 1 0a0b'] }]],
    ['DS with an all-digit digest', "sub:\n  type: DS\n  value: {key_tag: 60485, algorithm: 5, digest_type: 1, digest: '2BB183AF5F22588179A53B0A98631FAD1A292118'}\n", [{ name: 'sub.example.com.', type: 'DS', ttl: 3600, values: ['60485 5 1 2bb183af5f22588179a53b0a98631fad1a292118'] }]],
    ['HTTPS with svcparams', "'':\n  type: HTTPS\n  value:\n    svcpriority: 1\n    targetname: .\n    svcparams:\n      port: 8443\n      alpn: [h3, h2]\n      no-default-alpn: null\n", [{ name: 'example.com.', type: 'HTTPS', ttl: 3600, values: ['1 . alpn=h3,h2 no-default-alpn port=8443'] }]],
    ['TXT with \\; escapes', "'':\n  type: TXT\n  value: v=DKIM1\\; k=rsa\\; p=abc\n", [{ name: 'example.com.', type: 'TXT', ttl: 3600, values: ['"v=DKIM1; k=rsa; p=abc"'] }]],
    ['long TXT split into 255-byte strings', `t:\n  type: TXT\n  value: ${'a'.repeat(300)}\n`, [{ name: 't.example.com.', type: 'TXT', ttl: 3600, values: [`"${'a'.repeat(255)}" "${'a'.repeat(45)}"`] }]],
    ['TXT already split keeps its strings', "t:\n  type: TXT\n  value: '\"abc\" \"def\"'\n", [{ name: 't.example.com.', type: 'TXT', ttl: 3600, values: ['"abc" "def"'] }]],
    ['TXT with quotes and non-ASCII', "t:\n  type: TXT\n  value: 'say \"hé\"'\n", [{ name: 't.example.com.', type: 'TXT', ttl: 3600, values: ['"say \\"h\\195\\169\\""'] }]],
    ['IDN name to punycode', 'bücher:\n  type: A\n  value: 192.0.2.1\n', [{ name: 'xn--bcher-kva.example.com.', type: 'A', ttl: 3600, values: ['192.0.2.1'] }]],
    ['wildcard and nested names', "'*.sub':\n  type: A\n  value: 192.0.2.1\n", [{ name: '*.sub.example.com.', type: 'A', ttl: 3600, values: ['192.0.2.1'] }]],
    ['delegation NS below the apex', 'sub:\n  type: NS\n  values: [ns1.other.net., ns2.other.net.]\n', [{ name: 'sub.example.com.', type: 'NS', ttl: 3600, values: ['ns1.other.net.', 'ns2.other.net.'] }]],
    ['octodns provider settings', 'www:\n  type: A\n  value: 192.0.2.1\n  octodns:\n    cloudflare:\n      proxied: true\n    route53:\n      healthcheck: {port: 443}\n', [{ name: 'www.example.com.', type: 'A', ttl: 3600, values: ['192.0.2.1'], providerSettings: { cloudflare: { proxied: true }, route53: { healthcheck: { port: 443 } } } }]],
  ])('%s', (_what, text, rrsets) => {
    expect(brief(text)).toEqual({ rrsets, problems: [] });
  });

  it('keeps the location of each rrset key as its source', () => {
    const { zone } = parse("---\n# comment\n'':\n  type: A\n  value: 192.0.2.1\nwww:\n  - type: A\n    value: 192.0.2.1\n");
    expect(zone.rrsets.map((r) => r.source)).toEqual([{ file: FILE, line: 3, column: 1 }, { file: FILE, line: 6, column: 1 }]);
  });

  it.each([
    ['SOA is ignored with a warning', "'':\n  type: SOA\n  value: x\n", ['2:9 warning Record "example.com." SOA: SOA belongs to the provider, ignored']],
    ['unescaped ; in TXT is a warning', "'':\n  type: TXT\n  value: a;b\n", ['3:10 warning Record "example.com." TXT: unescaped ";" in TXT value (octoDNS wants "\\;")']],
    ['unknown field in a structured value', "'':\n  type: MX\n  value: {preference: 1, exchange: mx.example.com., weight: 3}\n", ['3:53 warning Record "example.com." MX: unknown field "weight" (expected preference, exchange)']],
    ['value and values together', "'':\n  type: A\n  value: 192.0.2.1\n  values: [192.0.2.2]\n", ['4:3 error Invalid record "example.com." A: give "value" or "values", not both']],
    ['relative CNAME target', 'www:\n  type: CNAME\n  value: example.com\n', ['3:10 error Invalid record "www.example.com." CNAME: "example.com" must be a fully qualified name ending in "."']],
    ['missing type', 'www:\n  value: 192.0.2.1\n', ['2:3 error Invalid record "www.example.com.": missing type']],
    ['name outside the zone', 'www.example.org.:\n  type: A\n  value: 192.0.2.1\n', ['1:1 error Invalid name "www.example.org.": not inside example.com.']],
    ['a YAML syntax error', "www:\n  type: A\n  value: [192.0.2.1\n", ['4:1 error Flow sequence in block collection must be sufficiently indented and end with a ]']],
    ['a TTL above 2^31-1', 'www:\n  type: A\n  ttl: 2147483648\n  value: 192.0.2.1\n', ['3:8 error Invalid record "www.example.com." A: ttl "2147483648" is not an integer from 0 to 2147483647']],
  ])('%s', (_what, text, problems) => {
    expect(brief(text).problems).toEqual(problems);
  });

  it('reports all ten mistakes of one file, each at its node', () => {
    const text = [
      "'':", //                                     1
      '  - type: A', //                             2
      '    values: [192.0.2.1, 192.0.2.300]', //    3  bad address
      '  - type: MX', //                            4
      '    value:', //                              5
      '      exchange: mx.example.com.', //         6  missing preference
      'www:', //                                    7
      '  type: CNAME', //                           8
      '  ttl: forever', //                          9  bad ttl
      '  value: example.com.', //                   10
      'api:', //                                    11
      '  type: AAAA', //                            12
      '  value: 2001:db8::1', //                    13
      '  colour: blue', //                          14 unknown key
      'bad..name:', //                              15 bad name
      '  type: A', //                               16
      '  value: 192.0.2.1', //                      17
      'mail:', //                                   18
      '  type: NAPTRX', //                          19 unknown type
      '  value: x', //                              20
      'txt:', //                                    21
      '  type: TXT', //                             22 missing value
      'srv:', //                                    23
      '  type: SRV', //                             24
      '  value: {priority: 1, weight: x, port: 80, target: t.example.com.}', // 25 bad weight
      'www:', //                                    26 duplicate
      '  type: CNAME', //                           27
      '  value: other.example.com.', //             28
      'dup:', //                                    29
      '  type: A', //                               30
      '  values:', //                               31
      '    - 192.0.2.5', //                         32
      '    - 192.0.2.5', //                         33 duplicate value
      '',
    ].join('\n');
    const { problems } = parse(text);
    expect(problems.map((p) => [p.location?.line, p.location?.column, p.severity, p.rule, p.message])).toEqual([
      [3, 25, 'error', 'bad-value', 'Invalid record "example.com." A: "192.0.2.300" is not an IPv4 address'],
      [6, 7, 'error', 'bad-value', 'Invalid record "example.com." MX: missing preference'],
      [9, 8, 'error', 'bad-ttl', 'Invalid record "www.example.com." CNAME: ttl "forever" is not an integer from 0 to 2147483647'],
      [14, 3, 'warning', 'unknown-key', 'Record "api.example.com.": unknown key "colour" (expected type, ttl, value, values, octodns, dynamic)'],
      [15, 1, 'error', 'bad-name', 'Invalid name "bad..name": "bad..name" has an empty label'],
      [19, 9, 'error', 'unknown-type', 'Invalid record "mail.example.com.": unknown type "NAPTRX" (supported: A, AAAA, ALIAS, CAA, CDNSKEY, CDS, CERT, CNAME, DNAME, DS, HINFO, HTTPS, LOC, MX, NAPTR, NS, OPENPGPKEY, PTR, RP, SMIMEA, SPF, SRV, SSHFP, SVCB, TLSA, TXT, URI, URLFWD and RFC 3597 TYPEnnn)'],
      [22, 3, 'error', 'missing-value', 'Invalid record "txt.example.com." TXT: missing value(s)'],
      [25, 32, 'error', 'bad-value', 'Invalid record "srv.example.com." SRV: weight "x" is not a number'],
      [26, 1, 'error', 'duplicate-rrset', 'Invalid record "www.example.com." CNAME: defined twice (first at zones/example.com.yaml:7:1)'],
      [33, 7, 'warning', 'duplicate-value', 'Record "dup.example.com." A: value 192.0.2.5 is given twice, kept once'],
    ]);
    expect(problems.every((p) => p.location?.file === FILE)).toBe(true);
  });

  it("refuses octoDNS's legacy geo as an error, never serving its plain values alone", () => {
    const read = parse("www:\n  type: A\n  values: [192.0.2.1]\n  geo:\n    EU: [192.0.2.2]\n");
    expect(read.zone.rrsets).toEqual([]);
    expect(read.problems.map((p) => [p.location?.line, p.location?.column, p.severity, p.rule, p.record])).toEqual([[4, 3, 'error', 'octodns-geo', 'www.example.com. A']]);
    expect(read.problems[0]?.message).toBe(
      'Invalid record "www.example.com." A: "geo" (octoDNS\'s deprecated GeoDNS: values per geo code, "values" elsewhere) is neither served nor dropped; write it as "dynamic": ' +
        'a pool per code, rules from the most specific code to the least, a last rule without geos to a pool of "values" (a pool answers one value per query, health-checked unless status: up)',
    );
  });

  it('ignores the apex NS with a warning but exposes it', () => {
    const result = parse("'':\n  type: NS\n  ttl: 86400\n  values: [ns2.example.net., ns1.example.net.]\n");
    expect(result.zone.rrsets).toEqual([]);
    expect(result.apexNameservers).toMatchObject({ name: 'example.com.', type: 'NS', ttl: 86400, values: ['ns1.example.net.', 'ns2.example.net.'] });
    expect(result.problems.map((p) => p.rule)).toEqual(['apex-ns-ignored']);
  });
});

describe('fast YAML reader', () => {
  it.each([
    ["---\n'':\n  - type: A\n    ttl: 300\n    values:\n    - 1.2.3.4\n    - \"x\\u00e9\" # c\n  - type: MX\n    value:\n      preference: 10\n      exchange: mx.\n"],
    ["www:\n  type: TXT\n  value: 'it''s ; fine'\n  octodns:\n    cloudflare:\n      proxied: true\n      n: ~\n  ttl:\n1:\n  - - nested\n"],
  ])('reads the same tree as the yaml package: %#', (text) => {
    const fast = parseFastYaml(text);
    expect(fast.ok).toBe(true);
    expect(fast.ok && fast.root).toEqual(readWithYamlPackage(text, 'f').root);
  });

  it.each([['a: &x 1\n'], ['a: |\n  b\n'], ['a: b\n  c\n'], ['a: 1.5\n'], ['a: [1.5]\n'], ['[a]: 1\n'], ['a:\tb\n'], ['a: b: c\n']])('leaves %j to the yaml package', (text) => {
    expect(parseFastYaml(text).ok).toBe(false);
  });
});
