import { describe, expect, it } from 'vitest';
import { parseMasterFile, type IncludeFile } from './rfc1035.js';

const FILE = 'zones/example.com.zone';
const none: IncludeFile = () => undefined;
const parse = (text: string, include: IncludeFile = none) => parseMasterFile(text, FILE, 'example.com.', include);
const brief = (text: string, include: IncludeFile = none) => {
  const { zone, problems } = parse(text, include);
  return { rrsets: zone.rrsets.map(({ name, type, ttl, values }) => ({ name, type, ttl, values })), problems: problems.map((p) => `${p.location?.file}:${p.location?.line}:${p.location?.column} ${p.severity} ${p.message}`) };
};
const HEAD = '$TTL 3600\n';

describe('parseMasterFile: features', () => {
  it.each([
    ['@, relative names and $TTL', `${HEAD}@ IN A 192.0.2.1\nwww IN CNAME @\n`, [
      { name: 'example.com.', type: 'A', ttl: 3600, values: ['192.0.2.1'] },
      { name: 'www.example.com.', type: 'CNAME', ttl: 3600, values: ['example.com.'] },
    ]],
    ['blank owner repeats the previous owner', `${HEAD}www IN A 192.0.2.1\n    IN A 192.0.2.2\n\tIN AAAA ::1\n`, [
      { name: 'www.example.com.', type: 'A', ttl: 3600, values: ['192.0.2.1', '192.0.2.2'] },
      { name: 'www.example.com.', type: 'AAAA', ttl: 3600, values: ['::1'] },
    ]],
    ['TTL and class in either order, BIND units', `${HEAD}a 300 IN A 192.0.2.1\nb IN 1h A 192.0.2.1\nc A 192.0.2.1\n`, [
      { name: 'a.example.com.', type: 'A', ttl: 300, values: ['192.0.2.1'] },
      { name: 'b.example.com.', type: 'A', ttl: 3600, values: ['192.0.2.1'] },
      { name: 'c.example.com.', type: 'A', ttl: 3600, values: ['192.0.2.1'] },
    ]],
    ['$ORIGIN changes relative names', `${HEAD}$ORIGIN sub\nwww A 192.0.2.1\n$ORIGIN example.com.\nmx MX 10 mail\n`, [
      { name: 'www.sub.example.com.', type: 'A', ttl: 3600, values: ['192.0.2.1'] },
      { name: 'mx.example.com.', type: 'MX', ttl: 3600, values: ['10 mail.example.com.'] },
    ]],
    ['parentheses, comments and quoted ;', `${HEAD}t TXT ( "a;b" ; comment\n  "c" )\n`, [{ name: 't.example.com.', type: 'TXT', ttl: 3600, values: ['"a;b" "c"'] }]],
    ['escapes in names and TXT', `${HEAD}\\065bc TXT "q\\"\\195\\169" x\\;y\n`, [{ name: 'abc.example.com.', type: 'TXT', ttl: 3600, values: ['"q\\"\\195\\169" "x;y"'] }]],
    ['lowest TTL of an rrset wins', `a 600 A 192.0.2.1\na 300 A 192.0.2.2\n`, [{ name: 'a.example.com.', type: 'A', ttl: 300, values: ['192.0.2.1', '192.0.2.2'] }]],
    ['every managed type', `${HEAD}@ CAA 0 issue "ca.example"\n@ HTTPS 1 . alpn=h2\n_s._tcp SRV 1 2 3 t\nh SSHFP 1 1 ABABABABABABABABABABABABABABABABABABABAB\n_443._tcp TLSA 3 1 1 AB\nsub NS ns\nsub DS 1 8 2 ABABABABABABABABABABABABABABABABABABABABABABABABABABABABABABABAB\n1 PTR h\n`, [
      { name: 'example.com.', type: 'CAA', ttl: 3600, values: ['0 issue "ca.example"'] },
      { name: 'example.com.', type: 'HTTPS', ttl: 3600, values: ['1 . alpn=h2'] },
      { name: '_s._tcp.example.com.', type: 'SRV', ttl: 3600, values: ['1 2 3 t.example.com.'] },
      { name: 'h.example.com.', type: 'SSHFP', ttl: 3600, values: ['1 1 abababababababababababababababababababab'] },
      { name: '_443._tcp.example.com.', type: 'TLSA', ttl: 3600, values: ['3 1 1 ab'] },
      { name: 'sub.example.com.', type: 'NS', ttl: 3600, values: ['ns.example.com.'] },
      { name: 'sub.example.com.', type: 'DS', ttl: 3600, values: ['1 8 2 abababababababababababababababababababababababababababababababab'] },
      { name: '1.example.com.', type: 'PTR', ttl: 3600, values: ['h.example.com.'] },
    ]],
  ])('%s', (_what, text, rrsets) => {
    const result = brief(text);
    expect(result.rrsets).toEqual(rrsets);
    expect(result.problems.filter((p) => p.includes(' error '))).toEqual([]);
  });

  it('expands $GENERATE as BIND does: counter, step, ${offset,width,base}, nibbles, \\$', () => {
    expect(brief(`${HEAD}$GENERATE 1-5/2 h$ A 192.0.2.$\n$GENERATE 10-11 r\${-9,3,x} CNAME a\\$\${0,4,n}\n`).rrsets).toEqual([
      { name: 'h1.example.com.', type: 'A', ttl: 3600, values: ['192.0.2.1'] },
      { name: 'h3.example.com.', type: 'A', ttl: 3600, values: ['192.0.2.3'] },
      { name: 'h5.example.com.', type: 'A', ttl: 3600, values: ['192.0.2.5'] },
      { name: 'r001.example.com.', type: 'CNAME', ttl: 3600, values: ['a\\$a.0.'] },
      { name: 'r002.example.com.', type: 'CNAME', ttl: 3600, values: ['a\\$b.0.'] },
    ]);
  });

  it('keeps the SOA as zone.soa and the apex NS apart, with a warning', () => {
    const result = parse('$TTL 1h\n@ IN SOA ns1 hostmaster ( 2024010101 ; serial\n 1h 10m 1w 300 )\n@ 86400 NS ns1\n@ 86400 NS ns2.example.net.\n');
    expect(result.zone.soa).toEqual({ mname: 'ns1.example.com.', rname: 'hostmaster.example.com.', serial: 2024010101, refresh: 3600, retry: 600, expire: 604800, minimum: 300, ttl: 3600 });
    expect(result.zone.rrsets).toEqual([]);
    expect(result.apexNameservers).toEqual({ name: 'example.com.', type: 'NS', ttl: 86400, values: ['ns1.example.com.', 'ns2.example.net.'], source: { file: FILE, line: 4, column: 1 } });
    expect(result.problems.map((p) => `${p.location?.line}:${p.location?.column} ${p.message}`)).toEqual(['4:1 Record "example.com." NS: apex NS is handled by "delegate", ignored']);
  });

  it('reads $INCLUDE through the callback, with its own origin, and restores the parent origin', () => {
    const files: Record<string, string> = { 'hosts.zone': 'www A 192.0.2.1\n' };
    const include: IncludeFile = (path) => (files[path] === undefined ? undefined : { text: files[path] as string, file: `zones/${path}` });
    expect(brief(`${HEAD}$INCLUDE hosts.zone sub.example.com.\nmail A 192.0.2.2\n`, include).rrsets).toEqual([
      { name: 'www.sub.example.com.', type: 'A', ttl: 3600, values: ['192.0.2.1'] },
      { name: 'mail.example.com.', type: 'A', ttl: 3600, values: ['192.0.2.2'] },
    ]);
  });

  it('detects an include cycle at the directive', () => {
    const files: Record<string, string> = { 'a.zone': '$INCLUDE b.zone\n', 'b.zone': 'x A 192.0.2.1\n$INCLUDE a.zone\n' };
    const include: IncludeFile = (path) => ({ text: files[path] ?? '', file: `zones/${path}` });
    expect(brief(`${HEAD}$INCLUDE a.zone\n`, include).problems).toEqual([
      'zones/b.zone:2:10 error include cycle: zones/example.com.zone → zones/a.zone → zones/b.zone → zones/a.zone',
    ]);
  });

  it('reports all ten mistakes of one file, each at its token', () => {
    const text = [
      '$ORIGIN example.com.', //                    1
      '$TTL 3600', //                               2
      'www IN A 192.0.2.300', //                    3  bad address
      'mail CH A 192.0.2.1', //                     4  bad class
      '  IN MX mx', //                              5  missing preference
      'txt IN TXT "unclosed', //                    6  unclosed quote
      'bad..x IN A 192.0.2.1', //                   7  bad name
      'x 99999999999 IN A 192.0.2.1', //            8  bad ttl
      'y IN TYPE0 \\# 1 00', //                     9  no type 0
      'z IN NAPTR 1 2 "s" "" ""', //                10 missing replacement
      '$INCLUDE missing.zone', //                   11 missing include
      '$GENERATE 1-10 h$', //                       12 incomplete $GENERATE
      'out.example.org. IN A 192.0.2.1', //         13 outside the zone
      '',
    ].join('\n');
    const { problems } = parse(text);
    expect(problems.map((p) => [p.location?.line, p.location?.column, p.severity, p.rule, p.message])).toEqual([
      [3, 10, 'error', 'bad-value', 'Invalid record "www.example.com." A: "192.0.2.300" is not an IPv4 address'],
      [4, 6, 'error', 'bad-class', 'class CH is not supported (only IN)'],
      [5, 9, 'error', 'bad-value', 'Invalid record "mail.example.com." MX: expected "preference exchange", got 1 field'],
      [6, 12, 'error', 'syntax', 'a quoted string is not closed on its line'],
      [7, 1, 'error', 'bad-name', 'Invalid name "bad..x": "bad..x" has an empty label'],
      [8, 3, 'error', 'bad-ttl', 'TTL "99999999999" is not a number of seconds from 0 to 2147483647'],
      [9, 6, 'error', 'unknown-type', expect.stringContaining('Invalid record "y.example.com.": unknown type "TYPE0"')],
      [10, 12, 'error', 'bad-value', 'Invalid record "z.example.com." NAPTR: missing field 6 (name)'],
      [11, 10, 'error', 'include-missing', 'cannot read included file "missing.zone"'],
      [12, 1, 'error', 'bad-directive', '$GENERATE needs "range lhs [ttl] [class] type rhs"'],
      [13, 1, 'error', 'bad-name', 'Invalid name "out.example.org.": out.example.org. is outside the zone example.com.'],
    ]);
  });

  it.each([
    ['differing TTLs in one rrset', 'a 300 A 192.0.2.1\na 600 A 192.0.2.2\n', [`${FILE}:2:1 warning Record "a.example.com." A: TTL 600 differs from the TTL 300 of the same rrset at ${FILE}:1:1; the lowest is used (RFC 2181)`]],
    ['a duplicate value', `${HEAD}a A 192.0.2.1\na A 192.0.2.1\n`, [`${FILE}:3:5 warning Record "a.example.com." A: value 192.0.2.1 is given twice, kept once`]],
    ['no TTL anywhere', 'a A 192.0.2.1\n', [`${FILE}:1:3 error Invalid record "a.example.com." A: no TTL, no $TTL and no SOA before it`]],
    ['a blank owner first', `${HEAD}  A 192.0.2.1\n`, [`${FILE}:2:3 error a record with no owner name before any owner was given`]],
    ['an unbalanced parenthesis', `${HEAD}a TXT ( "x"\n`, [`${FILE}:2:7 error unbalanced "(": no ")" before the end of the file`]],
    ['a generic rdata of the wrong length', `${HEAD}a TYPE999 \\# 4 C00002\n`, [`${FILE}:2:11 error Invalid record "a.example.com." TYPE999: generic rdata says 4 bytes but has 3`]],
    ['an SvcParam error at its own column', `${HEAD}s SVCB 1 . port=53 alpn=a,,b\n`, [`${FILE}:2:20 error Invalid record "s.example.com." SVCB: alpn has an empty item`]],
    ['a quoted SvcParam value read as BIND reads it, its error at the key', `${HEAD}s SVCB 1 . alpn=h2 mandatory="port"\n`, [`${FILE}:2:20 error Invalid record "s.example.com." SVCB: mandatory lists "port", which the record does not have`]],
    ['a DS digest of the wrong length', `${HEAD}a DS 1 8 2 ABCD\n`, [`${FILE}:2:6 error Invalid record "a.example.com." DS: digest is 2 bytes; digest type 2 takes 32`]],
    ['an SSHFP fingerprint of the wrong length', `${HEAD}a SSHFP 1 1 ABCD\n`, [`${FILE}:2:9 error Invalid record "a.example.com." SSHFP: fingerprint is 2 bytes; fingerprint type 1 takes 20`]],
    ['a class other than IN', `${HEAD}a CLASS3 A 192.0.2.1\n`, [`${FILE}:2:3 error class CLASS3 is not supported (only IN)`]],
    ['$GENERATE past limits.generated', `${HEAD}$GENERATE 1-100001 h$ A 192.0.2.1\n`, [`${FILE}:2:11 error $GENERATE 1-100001 would make more than 100000 records in the zone (limits.generated)`]],
    ['$GENERATE with a bad modifier', `${HEAD}$GENERATE 1-2 h\${1,2,q} A 192.0.2.1\n`, [`${FILE}:2:15 error $GENERATE: "\${1,2,q}" is not \${offset[,width[,base]]}`]],
  ])('%s', (_what, text, problems) => {
    expect(brief(text).problems).toEqual(problems);
  });
});
