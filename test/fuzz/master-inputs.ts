import fc from 'fast-check';
import { RECORD_TYPES } from '../../src/core/model.js';
import { deepNest, hugeNumber, randomBytes } from './mutations.js';

/** A valid master file, the files its $INCLUDEs reach, and the fragments mutations splice in. */
export const FILE = 'zones/example.com.zone';
export const ORIGIN = 'example.com.';

export const VALID = `$ORIGIN example.com.
$TTL 3600
@       IN SOA ns1.example.com. hostmaster.example.com. ( 2024010101 ; serial
                7200 3600 1209600 300 )
@       300 IN A     192.0.2.10
@       300 IN AAAA  2001:db8::10
@           IN MX    10 mx1.example.com.
@           IN TXT   "v=spf1 -all" "second \\"quoted\\" \\065"
@           IN CAA   0 issue "letsencrypt.org"
www         IN CNAME example.com.
_sip._tcp   IN SRV   10 60 5060 sip.example.com.
sip         IN A     192.0.2.30
sub         IN NS    ns1.sub
sub         IN DS    60485 5 1 2BB183AF5F22588179A53B0A98631FAD1A292118
api     60  IN SSHFP 1 2 123456789abcdef67890123456789abcdef67890123456789abcdef123456789
svc         IN HTTPS 1 . alpn=h2,h3 port=443
multi       IN TXT   ( "multi"
                       "line" )
$INCLUDE extra.zone
`;

/** Files $INCLUDE can reach: a valid one, loops (self, two-step), garbage, and one that does not exist. */
export const INCLUDES: Record<string, string> = {
  'extra.zone': 'extra IN A 192.0.2.99\n',
  'self.zone': 'self IN A 192.0.2.1\n$INCLUDE self.zone\n',
  'a.zone': 'a IN A 192.0.2.1\n$INCLUDE b.zone\n',
  'b.zone': 'b IN A 192.0.2.2\n$INCLUDE a.zone\n',
  'main-loop.zone': `$INCLUDE ${FILE}\n`,
  'garbage.zone': '( ( ( "\\\n$ORIGIN\n$TTL -1\n@ IN A\n',
};

export const fragment = fc.oneof(
  fc.constantFrom(
    '$INCLUDE self.zone',
    '$INCLUDE a.zone',
    '$INCLUDE main-loop.zone',
    '$INCLUDE garbage.zone',
    '$INCLUDE missing.zone',
    '$INCLUDE extra.zone other.origin.',
    '$INCLUDE',
    '$ORIGIN',
    '$ORIGIN not-absolute',
    '$ORIGIN ..',
    '$TTL',
    '$TTL abc',
    '$TTL 1w2d3h',
    '$TTL -5',
    '$GENERATE 1-100 host$ A 192.0.2.$',
    '$UNKNOWN directive',
    '@ IN SOA (',
    'x IN A ( 192.0.2.1',
    'x IN A 192.0.2.1 )',
    ')',
    '(',
    'x IN TXT "unterminated',
    'x IN TXT "bad escape \\9"',
    'x IN TXT "\\999\\256\\"',
    'x IN TXT \\',
    'x\\ IN A 192.0.2.1',
    'x\\0 IN A 192.0.2.1',
    'x IN TYPE65534 \\# 3 abcdef',
    'x IN TYPE1 \\# 4 c0000201',
    'x IN A \\# 3 c00002',
    'x IN CLASS255 A 192.0.2.1',
    'x CH A 192.0.2.1',
    'x IN NOPE data',
    'x IN MX',
    'x IN MX -1 mx.',
    'x IN SRV 1 2 99999 t.',
    'x IN CAA 256 issue "x"',
    'x IN DS 1 2 3 nothex',
    'x IN HTTPS 1 . key65535="a" port=99999 alpn=',
    '   IN A 192.0.2.1',
    '; only a comment',
    '"quoted owner" IN A 192.0.2.1',
    '* IN A 192.0.2.1',
    '*.*.x IN A 192.0.2.1',
    'x.example.org. IN A 192.0.2.1',
    `${'a'.repeat(64)} IN A 192.0.2.1`,
    `${'a.'.repeat(130)} IN A 192.0.2.1`,
    `x IN TXT "${'y'.repeat(300)}"`,
    '\tx\tIN\tA\t192.0.2.1',
    'x\r\nIN A 192.0.2.1',
    '\u0000\uffff IN A 192.0.2.1',
  ),
  hugeNumber.map((n) => `x ${n} IN A 192.0.2.1`),
  hugeNumber.map((n) => `$TTL ${n}`),
  hugeNumber.map((n) => `x IN MX ${n} mx.example.com.`),
  fc.integer({ min: 2, max: 300 }).map((d) => `x IN TXT ${deepNest(d, '( ', ' )', '"t"')}`),
  fc.constantFrom(...RECORD_TYPES).map((t) => `r IN ${t} garbage "here`),
  randomBytes.map((b) => `x IN TXT ${b}`),
);
