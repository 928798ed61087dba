// test-project: unit
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { octodnsTargetZone } from '../../src/core/ownership/octodns.js';
import { renderYamlZone } from '../../src/core/zonefile/write-yaml.js';
import { parseYamlZone } from '../../src/core/zonefile/yaml.js';

/**
 * octoDNS's own test zone (tests/config/unit.tests.yaml, copied with its licence header) read by
 * zonesync, against what octoDNS's tests say of it (tests/test_octodns_provider_yaml.py,
 * test_provider): 25 records; 22 Creates for a target that keeps no root NS, with id `test`
 * (`ignored` and `excluded: [test]` stay off it); and, written back, which names hold one `value`
 * and which several `values`.
 */
const FIXTURE = 'test/fixtures/octodns-unit.tests.yaml';
const TEXT = readFileSync(FIXTURE, 'utf8');
const ORIGIN = 'unit.tests.';

/** The apex A without its `geo:` block (13 lines from `- geo:` to the A's `ttl`). */
function withoutGeo(text: string): string {
  const out = text.replace(/: - geo:\n(?: {6}.*\n| {4}[A-Z-]+:\n)+ {4}ttl: 300\n/, ': - ttl: 300\n');
  if (out === text) throw new Error('the fixture no longer has the geo block this test removes');
  return out;
}

/** Every rrset of the file in zonesync's canonical form, as octoDNS's records hold the same data (its default TTL is 3600). */
const EXPECTED: Array<[string, string, number, string[]]> = [
  ['unit.tests.', 'A', 300, ['1.2.3.4', '1.2.3.5']],
  ['unit.tests.', 'SSHFP', 3600, ['1 1 7491973e5f8b39d5327cd4e08bc81b05f7710b49', '1 1 bf6b6825d2977c511a475bbefb88aad54a92ac73']],
  ['unit.tests.', 'CAA', 3600, ['0 issue "ca.unit.tests"']],
  ['_imap._tcp.unit.tests.', 'SRV', 600, ['0 0 0 .']],
  ['_pop3._tcp.unit.tests.', 'SRV', 600, ['0 0 0 .']],
  ['_srv._tcp.unit.tests.', 'SRV', 600, ['10 20 30 foo-1.unit.tests.', '12 20 30 foo-2.unit.tests.']],
  ['aaaa.unit.tests.', 'AAAA', 600, ['2601:644:500:e210:62f8:1dff:feb8:947a']],
  ['cname.unit.tests.', 'CNAME', 300, ['unit.tests.']],
  ['dname.unit.tests.', 'DNAME', 300, ['unit.tests.']],
  ['excluded.unit.tests.', 'CNAME', 3600, ['unit.tests.']],
  ['ignored.unit.tests.', 'A', 3600, ['9.9.9.9']],
  ['included.unit.tests.', 'CNAME', 3600, ['unit.tests.']],
  ['loc.unit.tests.', 'LOC', 300, ['31 58 52.100 S 115 49 11.700 E 20.00m 10m 10m 2m', '53 13 10.000 N 2 18 26.000 W 20.00m 10m 1000m 2m']],
  // `priority: 10, value: smtp-4.unit.tests.` is octoDNS's older MX spelling.
  ['mx.unit.tests.', 'MX', 300, ['10 smtp-4.unit.tests.', '20 smtp-2.unit.tests.', '30 smtp-3.unit.tests.', '40 smtp-1.unit.tests.']],
  ['naptr.unit.tests.', 'NAPTR', 600, ['10 100 "S" "SIP+D2U" "!^.*$!sip:info@bar.example.com!" .', '100 100 "U" "SIP+D2U" "!^.*$!sip:info@bar.example.com!" .']],
  ['ptr.unit.tests.', 'PTR', 300, ['foo.bar.com.']],
  ['spf.unit.tests.', 'SPF', 600, ['"v=spf1 ip4:192.168.0.1/16-all"']],
  ['sub.unit.tests.', 'NS', 3600, ['6.2.3.4.', '7.2.3.4.']],
  ['sub.txt.unit.tests.', 'NS', 3600, ['ns1.test.', 'ns2.test.']],
  ['subzone.unit.tests.', 'NS', 3600, ['192.0.2.1.', '192.0.2.8.']],
  // octoDNS's `\;` is a `;` in the record's text.
  ['txt.unit.tests.', 'TXT', 600, ['"Bah bah black sheep"', '"have you any wool."', '"v=DKIM1;k=rsa;s=email;h=sha256;p=A/kinda+of/long/string+with+numb3rs"']],
  // octoDNS's UrlfwdValue.to_rdata_text: "path" "target" code masking query.
  ['urlfwd.unit.tests.', 'URLFWD', 300, ['"/" "http://www.unit.tests" 302 2 0', '"/target" "http://target.unit.tests" 301 2 0']],
  ['www.unit.tests.', 'A', 300, ['2.2.3.6']],
  ['www.sub.unit.tests.', 'A', 300, ['2.2.3.6']],
];

const brief = (rrsets: Array<{ name: string; type: string; ttl: number; values: string[] }>) => rrsets.map((r): [string, string, number, string[]] => [r.name, r.type, r.ttl, r.values]);
const sortKey = ([name, type]: [string, string, number, string[]]) => `${name} ${type}`;
const sorted = (rows: Array<[string, string, number, string[]]>) => [...rows].sort((a, b) => (sortKey(a) < sortKey(b) ? -1 : 1));

describe("octoDNS's unit.tests.yaml", () => {
  it('refuses the legacy geo block with one error at its key; everything else reads, URLFWD included', () => {
    const read = parseYamlZone(TEXT, FIXTURE, ORIGIN);
    expect(read.problems.map((p) => [p.location?.line, p.location?.column, p.severity, p.rule])).toEqual([
      [7, 5, 'error', 'octodns-geo'],
      [34, 11, 'warning', 'apex-ns-ignored'],
    ]);
    expect(read.problems[0]?.message).toMatch(/^Invalid record "unit\.tests\." A: "geo" \(octoDNS's deprecated GeoDNS.* write it as "dynamic"/);
    // Not served with its plain values alone: the refused record is not in the zone.
    expect(sorted(brief(read.zone.rrsets))).toEqual(sorted(EXPECTED.filter(([name, type]) => !(name === ORIGIN && type === 'A'))));
  });

  it('without geo: 25 records, as octoDNS populates them (the root NS kept apart, for delegate)', () => {
    const read = parseYamlZone(withoutGeo(TEXT), FIXTURE, ORIGIN);
    expect(read.problems.map((p) => p.rule)).toEqual(['apex-ns-ignored']);
    expect(sorted(brief(read.zone.rrsets))).toEqual(sorted(EXPECTED));
    expect(read.apexNameservers?.values).toEqual(['6.2.3.4.', '7.2.3.4.']);
    expect(read.zone.rrsets.length + 1).toBe(25);
    expect(read.zone.rrsets.find((r) => r.name === `included.${ORIGIN}`)?.octodns).toEqual({ included: ['test'] });
  });

  it("a target with id test gets octoDNS's 22 Creates, written back with octoDNS's value and values keys", () => {
    const read = parseYamlZone(withoutGeo(TEXT), FIXTURE, ORIGIN);
    const target = octodnsTargetZone(read.zone, 'test');
    expect(target.zone.rrsets).toHaveLength(22);
    expect([...target.skipped]).toEqual([
      [`excluded.${ORIGIN} CNAME`, 'octodns-excluded'],
      [`ignored.${ORIGIN} A`, 'octodns-ignored'],
    ]);
    const written = parseYaml(renderYamlZone(target.zone)) as Record<string, Record<string, unknown> | Array<Record<string, unknown>>>;
    const roots = [...(written[''] as Array<Record<string, unknown>>)].sort((a, b) => String(a.type).localeCompare(String(b.type)));
    expect(roots.map((r) => [r.type, 'values' in r ? 'values' : 'value'])).toEqual([['A', 'values'], ['CAA', 'value'], ['SSHFP', 'values']]);
    const keyOf = (name: string) => ('values' in (written[name] as Record<string, unknown>) ? 'values' : 'value');
    const plural = ['_srv._tcp', 'mx', 'naptr', 'sub', 'txt', 'loc', 'urlfwd', 'sub.txt', 'subzone'];
    const singular = ['_imap._tcp', '_pop3._tcp', 'aaaa', 'cname', 'dname', 'included', 'ptr', 'spf', 'www', 'www.sub'];
    expect(plural.map(keyOf)).toEqual(plural.map(() => 'values'));
    expect(singular.map(keyOf)).toEqual(singular.map(() => 'value'));
    expect(Object.keys(written).sort()).toEqual(['', ...plural, ...singular].sort());
    // Read back, the written zone is the target's zone.
    expect(sorted(brief(parseYamlZone(renderYamlZone(target.zone), 'back.yaml', ORIGIN).zone.rrsets))).toEqual(sorted(brief(target.zone.rrsets)));
  });
});
