import { describe, expect, it } from 'vitest';
import { formatYamlZone } from './format-yaml.js';
import { renderMasterFile, renderYamlZone } from './write.js';
import { parseYamlZone } from './yaml.js';
import { steeredZone } from '../../../test/support/steered-zone.js';

const FILE = 'zones/example.com.yaml';

const STEERED = steeredZone();

const problems = (text: string) => parseYamlZone(text, FILE, 'example.com.').problems.map((p) => `${p.location?.line}:${p.location?.column} ${p.severity} ${p.rule} ${p.message}`);

describe('octoDNS dynamic: read', () => {
  it('reads pools, rules, fallback and health settings into canonical RRset.dynamic', () => {
    const { zone, problems: found } = parseYamlZone(STEERED, FILE, 'example.com.');
    expect(found).toEqual([]);
    const rrset = zone.rrsets[0];
    expect(rrset?.values).toEqual(['192.0.2.250']);
    expect(rrset?.providerSettings).toBeUndefined();
    expect(rrset?.dynamic).toEqual({
      pools: {
        eu: { values: [{ value: '198.51.100.1', weight: 1, status: 'obey' }], fallback: 'us' },
        office: { values: [{ value: '203.0.113.9', weight: 1, status: 'down' }] },
        us: { values: [{ value: '192.0.2.1', weight: 3, status: 'obey' }, { value: '192.0.2.2', weight: 1, status: 'up' }] },
      },
      rules: [{ pool: 'office', subnets: ['10.1.0.0/16'] }, { pool: 'eu', geos: ['EU-DE', 'EU-FR'] }, { pool: 'us' }],
      healthcheck: { host: 'www.example.com', path: '/health', port: 8443, protocol: 'HTTPS' },
      providerHealthcheck: { route53: { measure_latency: false } },
    });
  });

  it('reads the same block through the yaml package (a file the fast reader declines)', () => {
    const fast = parseYamlZone(STEERED, FILE, 'example.com.');
    // An anchor sends the file to the yaml package.
    const slow = parseYamlZone(`${STEERED}other: &o\n  type: A\n  value: 192.0.2.9\n`, FILE, 'example.com.');
    expect(slow.problems).toEqual([]);
    expect(slow.zone.rrsets[0]?.dynamic).toEqual(fast.zone.rrsets[0]?.dynamic);
  });

  it('resolves CNAME pool values and keeps flow-style blocks', () => {
    const text = "app:\n  type: CNAME\n  value: fallback.example.net.\n  dynamic:\n    pools:\n      a: { values: [{ value: lb1.example.net. }, { value: lb2.example.net., weight: 2 }] }\n    rules: [{ pool: a }]\n";
    const { zone, problems: found } = parseYamlZone(text, FILE, 'example.com.');
    expect(found).toEqual([]);
    expect(zone.rrsets[0]?.dynamic?.pools.a?.values).toEqual([{ value: 'lb1.example.net.', weight: 1, status: 'obey' }, { value: 'lb2.example.net.', weight: 2, status: 'obey' }]);
  });

  it.each([
    ['dynamic on MX', "'':\n  type: MX\n  value: { preference: 10, exchange: mx.example.com. }\n  dynamic:\n    pools: {}\n", ['4:3 error dynamic-type Invalid record "example.com." MX: dynamic is for A, AAAA and CNAME records only (octoDNS), not MX']],
    ['a value not an address', 'www:\n  type: A\n  value: 192.0.2.1\n  dynamic:\n    pools:\n      a:\n        values:\n          - value: not-an-ip\n    rules:\n      - pool: a\n', ['8:20 error bad-value Invalid record "www.example.com." A: pool "a" value 1: "not-an-ip" is not an IPv4 address']],
    ['a bad status and a weight that is no number', 'www:\n  type: A\n  value: 192.0.2.1\n  dynamic:\n    pools:\n      a:\n        values:\n          - value: 192.0.2.1\n            status: sideways\n          - value: 192.0.2.2\n            weight: heavy\n    rules:\n      - pool: a\n', [
      '9:21 error dynamic-status Invalid record "www.example.com." A: invalid status "sideways" in pool "a" value 1 (expected up, down or obey)',
      '11:21 error dynamic-weight Invalid record "www.example.com." A: invalid weight "heavy" in pool "a" value 2',
    ]],
    ['no pools, no rules', 'www:\n  type: A\n  value: 192.0.2.1\n  dynamic: {}\n', [
      '4:12 error dynamic-missing-pools Invalid record "www.example.com." A: missing pools',
      '4:12 error dynamic-missing-rules Invalid record "www.example.com." A: missing rules',
    ]],
    ['a bad health-check protocol', 'www:\n  type: A\n  value: 192.0.2.1\n  dynamic:\n    pools: { a: { values: [{ value: 192.0.2.1 }] } }\n    rules: [{ pool: a }]\n  octodns:\n    healthcheck: { protocol: GOPHER }\n', ['8:30 error dynamic-healthcheck Invalid record "www.example.com." A: invalid healthcheck protocol "GOPHER" (expected HTTP, HTTPS or TCP)']],
  ])('%s: reported where it is', (_, text, want) => expect(problems(text)).toEqual(want));

  it("reports octoDNS's rules at the node they name", () => {
    const text = `www:
  type: A
  value: 192.0.2.1
  dynamic:
    pools:
      a:
        fallback: b
        values:
          - value: 192.0.2.1
            weight: 5
      b:
        fallback: a
        values:
          - value: 192.0.2.2
      spare:
        values:
          - value: 192.0.2.3
    rules:
      - pool: a
        geos: [EU-DE, NA-US]
      - pool: nowhere
        geos: [EU, XX-YY]
        subnets: [10.0.0.1/8]
      - pool: b
`;
    expect(problems(text)).toEqual([
      '7:19 error dynamic-fallback-loop Invalid record "www.example.com." A: loop in pool fallbacks: a -> b',
      '10:21 error dynamic-weight Invalid record "www.example.com." A: pool "a" has single value with weight!=1',
      '12:19 error dynamic-fallback-loop Invalid record "www.example.com." A: loop in pool fallbacks: b -> a',
      '15:7 error dynamic-unused-pool Invalid record "www.example.com." A: unused pools: "spare"',
      '21:9 error dynamic-rule-order Invalid record "www.example.com." A: rule 2 with subnet(s) and geo(s) should appear before all geo-only rules',
      '21:15 error dynamic-unknown-pool Invalid record "www.example.com." A: rule 2 undefined pool "nowhere"',
      '22:20 error dynamic-geo Invalid record "www.example.com." A: rule 2 unknown continent code "XX-YY"',
      '23:19 error dynamic-subnet Invalid record "www.example.com." A: rule 2 invalid subnet "10.0.0.1/8"',
    ]);
  });

  it('lenient: octoDNS rules become warnings and the record keeps its steering', () => {
    const text = 'www:\n  type: A\n  value: 192.0.2.1\n  dynamic:\n    pools: { a: { values: [{ value: 192.0.2.1 }] }, spare: { values: [{ value: 192.0.2.3 }] } }\n    rules: [{ pool: a }]\n  octodns:\n    lenient: true\n';
    const { zone, problems: found } = parseYamlZone(text, FILE, 'example.com.');
    expect(found.map((p) => `${p.severity} ${p.message}`)).toEqual(['warning Record "www.example.com." A: unused pools: "spare" (lenient: kept as a warning)']);
    expect(Object.keys(zone.rrsets[0]?.dynamic?.pools ?? {})).toEqual(['a', 'spare']);
  });
});

const read = (text: string) => {
  const result = parseYamlZone(text, FILE, 'example.com.');
  expect(result.problems).toEqual([]);
  return result.zone;
};
const soa = { mname: 'ns1.example.com.', rname: 'hostmaster.example.com.', serial: 1, refresh: 3600, retry: 600, expire: 86400, minimum: 300, ttl: 3600 };

describe('a steered rrset written back', () => {
  it('renderYamlZone writes dynamic and its health settings in octoDNS form, read back the same', () => {
    const zone = read(STEERED);
    const text = renderYamlZone(zone);
    expect(text).toContain('  dynamic:\n    pools:\n      eu:\n        fallback: us\n        values:\n          - value: 198.51.100.1\n');
    expect(text).toContain('    rules:\n      - pool: office\n        subnets:\n          - 10.1.0.0/16\n      - geos:\n          - EU-DE\n          - EU-FR\n        pool: eu\n      - pool: us\n');
    expect(text).toContain('  octodns:\n    route53:\n      healthcheck:\n        measure_latency: false\n    healthcheck:\n      path: \'/health\'\n      port: 8443\n');
    const strip = (rrsets: typeof zone.rrsets) => rrsets.map(({ source, ...rest }) => (void source, rest)).sort((a, b) => (a.name < b.name ? -1 : 1));
    expect(strip(read(text).rrsets)).toEqual(strip(zone.rrsets));
  });

  it('fmt keeps the steering: the formatted file reads back to the same dynamic', () => {
    const formatted = formatYamlZone(STEERED, 'example.com.');
    expect(formatted.ok).toBe(true);
    if (!formatted.ok) return;
    const www = (text: string) => read(text).rrsets.find((r) => r.name === 'www.example.com.')?.dynamic;
    expect(www(formatted.text)).toEqual(www(STEERED));
    expect(www(STEERED)).toBeDefined();
    // Rules keep their order: it is their meaning.
    expect(formatted.text.indexOf('pool: office')).toBeLessThan(formatted.text.indexOf('pool: us\n'));
    const again = formatYamlZone(formatted.text, 'example.com.');
    expect(again.ok && again.changed).toBe(false);
  });

  it('an RFC 1035 master file cannot hold it: refused, naming the record', () => {
    expect(() => renderMasterFile(read(STEERED), { soa, nameservers: ['ns1.example.com.'] })).toThrow(/cannot write www\.example\.com\. A in an RFC 1035 zone file: it is steered/);
  });
});

describe('fmt: a dynamic block in canonical form', () => {
  it('sorts pool values and each rule\'s geos and subnets, canonicalises addresses, keeps the rules in order', () => {
    const text = "www:\n  type: AAAA\n  value: 2001:db8::1\n  dynamic:\n    pools:\n      b:\n        values:\n          - value: 2001:DB8:0::9\n          - value: 2001:db8::2\n            weight: 2\n      a:\n        values:\n          - value: 2001:db8::3\n    rules:\n      - pool: b\n        geos: [NA-US, EU-FR]\n      - pool: a\n";
    const formatted = formatYamlZone(text, 'example.com.');
    expect(formatted.ok && formatted.text).toBe("www:\n  dynamic:\n    pools:\n      a:\n        values:\n          - value: 2001:db8::3\n      b:\n        values:\n          - value: 2001:db8::2\n            weight: 2\n          - value: 2001:db8::9\n    rules:\n      - geos:\n          - EU-FR\n          - NA-US\n        pool: b\n      - pool: a\n  type: AAAA\n  value: 2001:db8::1\n");
  });
});
