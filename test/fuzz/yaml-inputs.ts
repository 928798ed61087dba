import fc from 'fast-check';
import { RECORD_TYPES } from '../../src/core/model.js';
import { deepNest, hugeNumber } from './mutations.js';

/** A valid octoDNS zone file and the fragments mutations splice into it. */
export const FILE = 'zones/example.com.yaml';
export const ORIGIN = 'example.com.';

export const VALID = `'':
  - type: A
    ttl: 300
    values: [192.0.2.10, 192.0.2.11]
  - type: MX
    values:
      - { preference: 10, exchange: mx1.example.com. }
      - { preference: 20, exchange: mx2.example.com. }
  - type: TXT
    values:
      - v=spf1 include:_spf.example.net -all
      - "quoted \\"text\\" here"
  - type: CAA
    value: { flags: 0, tag: issue, value: letsencrypt.org }
_sip._tcp:
  type: SRV
  value: { priority: 10, weight: 60, port: 5060, target: sip.example.com. }
www:
  type: CNAME
  value: example.com.
api:
  - type: AAAA
    ttl: 60
    value: 2001:db8::40
  - type: SSHFP
    value: { algorithm: 1, fingerprint_type: 2, fingerprint: 123456789abcdef67890123456789abcdef67890123456789abcdef123456789 }
_443._tcp.api:
  type: TLSA
  value: { certificate_usage: 3, selector: 1, matching_type: 1, certificate_association_data: abcdef0123 }
sub:
  - { type: NS, values: [ns1.sub.example.com., ns2.sub.example.com.] }
  - { type: DS, value: { key_tag: 60485, algorithm: 5, digest_type: 1, digest: 2bb183af5f22588179a53b0a98631fad1a292118 } }
svc:
  type: HTTPS
  value: 1 . alpn=h2,h3 port=443
`;

export const fragment = fc.oneof(
  fc.constantFrom(
    "'': { type: A, value: 192.0.2.1 }",
    'www: { type: A, value: 192.0.2.1 }',
    "x: 'unterminated",
    'x: "unterminated',
    'x: "bad escape \\q \\x"',
    '\tx: { type: A, value: 192.0.2.1 }',
    '  - type: 42',
    '  - type: [A, AAAA]',
    '  - type: NOPE',
    '    ttl: abc',
    '    ttl: [1, 2]',
    '    ttl: { a: b }',
    '    value: [1, { a: b }, [c]]',
    '    value: ~',
    '    values: []',
    '    values: {}',
    '    octodns: { cloudflare: { proxied: yes } }',
    'a: &a [*a]',
    'b: *nope',
    'c: !!binary AAAA',
    'd: !custom x',
    '---',
    '...',
    '%YAML 1.1',
    '? [complex, key]',
    ': empty key',
    '- a list at the top',
    'null',
    '"": { type: TXT, value: "\u0000\uffff\ud800" }',
    'long: { type: TXT, value: ' + 'x'.repeat(3000) + ' }',
    'caa: { type: CAA, value: { flags: 300, tag: "", value: 1 } }',
    'mx: { type: MX, value: { preference: -1 } }',
    'srv: { type: SRV, value: { priority: 1, weight: 2, port: 70000, target: 5 } }',
    '*.*: { type: A, value: 1.2.3.4 }',
    '..: { type: A, value: 1.2.3.4 }',
    'Ünïcode-ñame: { type: A, value: 192.0.2.1 }',
    'a.b.c.d.e.f.g.h.i.j.k.l.m.n.o.p.q.r.s.t.u.v.w.x.y.z.a.b.c.d.e.f.g.h.i.j.k.l.m.n.o.p.q.r.s.t.u.v.w.x.y.z.a.b.c.d.e.f.g.h.i.j.k.l.m.n.o.p.q.r.s.t.u.v.w.x.y.z.a.b.c.d.e.f.g.h.i.j.k.l.m.n.o.p.q.r.s.t.u.v.w.x.y.z.a.b.c.d.e.f.g.h.i.j.k: { type: A, value: 192.0.2.1 }',
  ),
  hugeNumber.map((n) => `    ttl: ${n}`),
  hugeNumber.map((n) => `mx: { type: MX, value: { preference: ${n}, exchange: mx.example.com. } }`),
  fc.integer({ min: 20, max: 300 }).map((d) => `deep: ${deepNest(d, '[', ']')}`),
  fc.integer({ min: 20, max: 300 }).map((d) => `deep: ${deepNest(d, '{a: ', '}')}`),
  fc.integer({ min: 10, max: 200 }).map((d) => Array.from({ length: d }, (_, i) => `${' '.repeat(i * 2)}k${i}:`).join('\n')),
  fc.constantFrom(...RECORD_TYPES).map((t) => `r: { type: ${t}, value: garbage here }`),
);
