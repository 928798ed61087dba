import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EVERY_TYPE, ORIGIN, SOA, rrset } from '../../../test/support/every-type-zone.js';
import type { NamedType, RRset, RecordType, Zone } from '../model.js';
import { compareNames } from '../name.js';
import { txtFromText } from '../rdata.js';
import { quoteCharacterString } from '../rdata-text.js';
import { sortRRsets } from './order.js';
import { parseMasterFile } from './rfc1035.js';
import { renderMasterFile, renderYamlZone } from './write.js';
import { parseYamlZone } from './yaml.js';

const comparable = (rrsets: RRset[]) => sortRRsets(rrsets).map(({ name, type, ttl, values, providerSettings }) => ({ name, type, ttl, values, ...(providerSettings ? { providerSettings } : {}) }));

describe('renderMasterFile', () => {
  it('writes $ORIGIN, SOA, apex NS, then rrsets in canonical order with aligned columns', () => {
    const zone: Zone = { name: ORIGIN, rrsets: [rrset('www.example.com.', 'A', ['192.0.2.1']), rrset(ORIGIN, 'MX', ['10 mx'], 86400)] };
    expect(renderMasterFile(zone, { soa: SOA, nameservers: ['ns2.example.net.', 'ns1.example.com.'], now: new Date('2024-01-01T00:00:00Z') })).toBe(
      [
        '; written by zonesync at 2024-01-01T00:00:00.000Z',
        '$ORIGIN example.com.',
        '@    3600 IN SOA   ns1.example.com. hostmaster.example.com. 2024010101 3600 600 604800 300',
        '@    3600 IN NS    ns1.example.com.',
        '@    3600 IN NS    ns2.example.net.',
        '@   86400 IN MX    10 mx.example.com.',
        'www   300 IN A     192.0.2.1',
        '',
      ].join('\n'),
    );
  });

  it('refuses ALIAS, which has no master-file form', () => {
    expect(() => renderMasterFile({ name: ORIGIN, rrsets: [rrset(ORIGIN, 'ALIAS', ['lb.example.net.'])] }, { soa: SOA, nameservers: ['ns1.example.com.'] })).toThrow(
      'zone example.com.: cannot write ALIAS "example.com." in an RFC 1035 zone file',
    );
  });

  it('refuses URLFWD, an HTTP redirect with no master-file form', () => {
    expect(() => renderMasterFile({ name: ORIGIN, rrsets: [rrset(`go.${ORIGIN}`, 'URLFWD', ['"/" "https://example.net/" 301 0 1'])] }, { soa: SOA, nameservers: ['ns1.example.com.'] })).toThrow(
      'zone example.com.: cannot write URLFWD "go.example.com." in an RFC 1035 zone file: URLFWD is an HTTP redirect a provider serves (NS1), not a DNS record type (keep the zone as octoDNS YAML)',
    );
  });

  it('reads back to the same zone, SOA and nameservers', () => {
    const text = renderMasterFile(EVERY_TYPE, { soa: SOA, nameservers: ['ns1.example.com.', 'ns2.example.net.'] });
    const back = parseMasterFile(text, 'served.zone', ORIGIN, () => undefined);
    expect(back.problems.map((p) => p.rule)).toEqual(['apex-ns-ignored']);
    expect(comparable(back.zone.rrsets)).toEqual(comparable(EVERY_TYPE.rrsets));
    expect(back.zone.soa).toEqual(SOA);
    expect(back.apexNameservers?.values).toEqual(['ns1.example.com.', 'ns2.example.net.']);
  });
});

describe('renderYamlZone', () => {
  it('reads back to the same zone for every type, TXT with ;, quotes and non-ASCII included', () => {
    const zone: Zone = { ...EVERY_TYPE, rrsets: [...EVERY_TYPE.rrsets, { ...rrset('cdn.example.com.', 'ALIAS', ['lb.example.net.']), providerSettings: { cloudflare: { proxied: true } } }] };
    const back = parseYamlZone(renderYamlZone(zone), 'example.com.yaml', ORIGIN);
    expect(back.problems).toEqual([]);
    expect(comparable(back.zone.rrsets)).toEqual(comparable(zone.rrsets));
  });

  it('writes the octoDNS layout', () => {
    const zone: Zone = { name: ORIGIN, rrsets: [rrset(ORIGIN, 'A', ['192.0.2.1'], 3600), rrset(ORIGIN, 'TXT', ['"a;b"']), rrset('www.example.com.', 'MX', ['10 mx'])] };
    expect(renderYamlZone(zone)).toBe(
      ['---', "'':", '  - type: A', '    value: 192.0.2.1', '  - type: TXT', '    ttl: 300', '    value: a\\;b', 'www:', '  type: MX', '  ttl: 300', '  value:', '    preference: 10', '    exchange: mx.example.com.', ''].join('\n'),
    );
  });
});

describe('sortRRsets', () => {
  it('orders names like compareNames', () => {
    const names = ['b.example.com.', 'example.com.', 'a.b.example.com.', 'a-b.example.com.', 'a.example.com.', '*.example.com.', '_x.example.com.'];
    const sorted = sortRRsets(names.map((name) => ({ name, type: 'A' as const, ttl: 1, values: [] }))).map((r) => r.name);
    expect(sorted).toEqual([...names].sort(compareNames));
  });
});

const label = fc.stringMatching(/^[a-z0-9_]([a-z0-9_-]{0,8}[a-z0-9_])?$/);
const host = fc.array(label, { minLength: 1, maxLength: 3 }).map((labels) => `${labels.join('.')}.`);
const octet = fc.integer({ min: 0, max: 255 });
const u16 = fc.integer({ min: 0, max: 65535 });
const hex = fc.uint8Array({ minLength: 1, maxLength: 40 }).map((bytes) => Buffer.from(bytes).toString('hex'));
const text = fc.string({ unit: 'binary', maxLength: 300 });
const quoted = fc.string({ unit: 'binary', maxLength: 30 }).map((s) => quoteCharacterString(Buffer.from(s).subarray(0, 255)));
const base64 = fc.uint8Array({ minLength: 1, maxLength: 40 }).map((bytes) => Buffer.from(bytes).toString('base64'));
/** Digest and fingerprint lengths the types name (rdata.ts checks them); other type numbers take any length. */
const DIGEST_BYTES: Record<number, number> = { 1: 20, 2: 32, 3: 32, 4: 48 };
const FINGERPRINT_BYTES: Record<number, number> = { 1: 20, 2: 32 };
const sized = (n: number | undefined) => (n === undefined ? hex : fc.uint8Array({ minLength: n, maxLength: n }).map((bytes) => Buffer.from(bytes).toString('hex')));
const digest = fc.tuple(u16, octet, fc.constantFrom(1, 2, 3, 4, 0, 9)).chain(([k, a, t]) => sized(DIGEST_BYTES[t]).map((h) => `${k} ${a} ${t} ${h}`));

const VALUES: Record<NamedType | 'TYPE65280', fc.Arbitrary<string>> = {
  A: fc.tuple(octet, octet, octet, octet).map((p) => p.join('.')),
  AAAA: fc.array(fc.integer({ min: 0, max: 0xffff }), { minLength: 8, maxLength: 8 }).map((p) => p.map((n) => n.toString(16)).join(':')),
  ALIAS: host,
  CNAME: host,
  NS: host,
  PTR: host,
  MX: fc.tuple(u16, host).map(([p, h]) => `${p} ${h}`),
  SRV: fc.tuple(u16, u16, u16, host).map((p) => p.join(' ')),
  CAA: fc.tuple(octet, fc.constantFrom('issue', 'issuewild', 'iodef'), text).map(([f, t, v]) => `${f} ${t} ${quoteCharacterString(Buffer.from(v))}`),
  TXT: fc.oneof(text.map(txtFromText), fc.array(text.map((s) => quoteCharacterString(Buffer.from(s).subarray(0, 255))), { minLength: 1, maxLength: 3 }).map((parts) => parts.join(' '))),
  DS: digest,
  CDS: digest,
  SSHFP: fc.tuple(octet, fc.constantFrom(...Object.keys(FINGERPRINT_BYTES).map(Number), 0, 9)).chain(([a, t]) => sized(FINGERPRINT_BYTES[t]).map((h) => `${a} ${t} ${h}`)),
  TLSA: fc.tuple(octet, octet, octet, hex).map((p) => p.join(' ')),
  SVCB: fc.oneof(host.map((h) => `0 ${h}`), fc.tuple(fc.integer({ min: 1, max: 65535 }), host, fc.array(fc.stringMatching(/^[a-z0-9]{1,5}$/), { minLength: 1, maxLength: 3 }), u16).map(([p, h, alpn, port]) => `${p} ${h} alpn=${alpn.join(',')} port=${port}`)),
  HTTPS: fc.tuple(fc.integer({ min: 1, max: 65535 }), host).map(([p, h]) => `${p} ${h} ipv4hint=192.0.2.1`),
  NAPTR: fc.tuple(u16, u16, fc.array(quoted, { minLength: 3, maxLength: 3 }), host).map(([o, p, s, h]) => `${o} ${p} ${s.join(' ')} ${h}`),
  LOC: fc
    .tuple(fc.integer({ min: 0, max: 89 }), fc.integer({ min: 0, max: 59 }), fc.integer({ min: 0, max: 59999 }), fc.constantFrom('N', 'S'), fc.integer({ min: 0, max: 179 }), fc.constantFrom('E', 'W'), fc.integer({ min: -100000, max: 100000 }))
    .map(([d, m, ms, ns, e, ew, alt]) => `${d} ${m} ${(ms / 1000).toFixed(3)} ${ns} ${e} ${ew} ${alt}m`),
  DNAME: host,
  URI: fc.tuple(u16, u16, fc.string({ minLength: 1, maxLength: 40 })).map(([p, w, t]) => `${p} ${w} ${quoteCharacterString(Buffer.from(t))}`),
  SPF: text.map(txtFromText),
  HINFO: fc.array(quoted, { minLength: 2, maxLength: 2 }).map((p) => p.join(' ')),
  RP: fc.tuple(host, host).map((p) => p.join(' ')),
  OPENPGPKEY: base64,
  SMIMEA: fc.tuple(octet, octet, octet, hex).map((p) => p.join(' ')),
  CDNSKEY: fc.tuple(u16, octet, octet, base64).map((p) => p.join(' ')),
  CERT: fc.tuple(u16, u16, octet, base64).map((p) => p.join(' ')),
  // Paths and targets with quotes, backslashes and non-ASCII, never a blank (URLFWD fields hold none).
  URLFWD: fc
    .tuple(fc.stringMatching(/^\/[!-~é]{0,12}$/), fc.stringMatching(/^https?:\/\/[!-~é]{1,20}$/), fc.constantFrom(301, 302), fc.constantFrom(0, 1, 2), fc.constantFrom(0, 1))
    .map(([path, target, ...settings]) => [path, target].map((t) => quoteCharacterString(Buffer.from(t))).concat(settings.map(String)).join(' ')),
  TYPE65280: fc.uint8Array({ maxLength: 20 }).map((b) => (b.length === 0 ? '\\# 0' : `\\# ${b.length} ${Buffer.from(b).toString('hex')}`)),
};

const TYPES = Object.keys(VALUES) as RecordType[];
const rrsetArb = fc
  .tuple(fc.option(fc.array(label, { minLength: 1, maxLength: 2 }), { nil: undefined }), fc.constantFrom(...TYPES), fc.integer({ min: 0, max: 2147483647 }))
  .chain(([labels, type, ttl]) =>
    fc.array(VALUES[type as keyof typeof VALUES], { minLength: 1, maxLength: 4 }).map((values) => rrset(labels ? `${labels.join('.')}.${ORIGIN}` : ORIGIN, type, values, ttl)),
  );
const zoneArb = fc.array(rrsetArb, { maxLength: 12 }).map((rrsets): Zone => {
  const unique = new Map<string, RRset>();
  for (const r of rrsets) if (!((r.type === 'NS' || r.type === 'DS') && r.name === ORIGIN)) unique.set(`${r.name} ${r.type}`, r);
  return { name: ORIGIN, rrsets: [...unique.values()] };
});

describe('round trip (property)', () => {
  it('render YAML → parse gives the same zone', () => {
    fc.assert(
      fc.property(zoneArb, (zone) => {
        const back = parseYamlZone(renderYamlZone(zone), 'z.yaml', ORIGIN);
        expect(back.problems.filter((p) => p.severity === 'error')).toEqual([]);
        expect(comparable(back.zone.rrsets)).toEqual(comparable(zone.rrsets));
      }),
      { numRuns: 200 },
    );
  });

  it('render master file → parse gives the same zone', () => {
    fc.assert(
      fc.property(zoneArb.map((z) => ({ ...z, rrsets: z.rrsets.filter((r) => r.type !== 'ALIAS' && r.type !== 'URLFWD') })), (zone) => {
        const back = parseMasterFile(renderMasterFile(zone, { soa: SOA, nameservers: ['ns1.example.com.'] }), 'z.zone', ORIGIN, () => undefined);
        expect(back.problems.filter((p) => p.severity === 'error')).toEqual([]);
        expect(comparable(back.zone.rrsets)).toEqual(comparable(zone.rrsets));
      }),
      { numRuns: 200 },
    );
  });
});
