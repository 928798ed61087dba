import { describe, expect, it } from 'vitest';
import { ZonesyncError } from '../core/errors.js';
import { policyFor } from './load.js';
import { parseConfig } from './parse.js';

const FILE = 'zonesync.yaml';
const config = (zone: string[]) => ['providers:', '  a: { type: file, directory: served }', '  b: { type: file, directory: other }', 'zones:', '  example.com:', '    file: z.yaml', '    targets: [a, b]', ...zone.map((l) => `    ${l}`)].join('\n');

function reasons(text: string): string[] {
  try {
    parseConfig(text, FILE, {});
  } catch (error) {
    expect(error).toBeInstanceOf(ZonesyncError);
    return (error as ZonesyncError).details;
  }
  throw new Error('the config was accepted');
}

describe('ignore, purge, ownership and overrides in zonesync.yaml', () => {
  it('gives each target its policy: overrides replace purge and ownership and add ignore rules', () => {
    const zone = parseConfig(
      config([
        'ignore:',
        "  - { name: '_acme-challenge.**', type: txt }",
        '  - { owner: external-dns, id: k8s, prefix: "%{record_type}-reg." }',
        'purge: false',
        'ownership: { id: repo-a }',
        'overrides:',
        '  b: { purge: true, ignore: [{ type: [NS, a], name: dyn }] }',
      ]),
      FILE,
      {},
    ).zones[0];
    if (!zone) throw new Error('no zone');
    expect(policyFor(zone, 'a')).toEqual({ ignore: [{ name: '_acme-challenge.**', type: ['TXT'] }, { owner: 'external-dns', id: 'k8s', prefix: '%{record_type}-reg.' }], purge: false, ownership: { id: 'repo-a' } });
    expect(policyFor(zone, 'b')).toEqual({
      ignore: [{ name: '_acme-challenge.**', type: ['TXT'] }, { owner: 'external-dns', id: 'k8s', prefix: '%{record_type}-reg.' }, { name: 'dyn', type: ['NS', 'A'] }],
      purge: true,
      ownership: { id: 'repo-a' },
    });
  });

  it('leaves a zone that says nothing without a policy', () => {
    const zone = parseConfig(config([]), FILE, {}).zones[0];
    expect(zone?.sharing).toBeUndefined();
    expect(policyFor(zone as NonNullable<typeof zone>, 'a')).toEqual({ ignore: [], purge: true });
  });

  it('names each mistake by its key and line', () => {
    expect(
      reasons(
        config([
          'ignore:',
          '  - { name: "a**", colour: red }',
          '  - { type: [A, BOGUS] }',
          '  - { owner: external-dns, name: x, prefix: p, suffix: s }',
          '  - {}',
          '  - { id: k8s }',
          'purge: maybe',
          'ownership: { id: "a b" }',
        ]),
      ),
    ).toEqual([
      'zonesync.yaml:9:17: zones.example.com.ignore.0.name: "**" stands for whole labels only (as in "_acme-challenge.**")',
      'zonesync.yaml:9:24: zones.example.com.ignore.0.colour: unknown key "colour"',
      'zonesync.yaml:10:17: zones.example.com.ignore.1.type: names a type zonesync does not know (known: A, AAAA, ALIAS, CAA, CDNSKEY, CDS, CERT, CNAME, DNAME, DS, HINFO, HTTPS, LOC, MX, NAPTR, NS, OPENPGPKEY, PTR, RP, SMIMEA, SPF, SRV, SSHFP, SVCB, TLSA, TXT, URI, URLFWD)',
      'zonesync.yaml:11:9: zones.example.com.ignore.2.id: is required with owner: external-dns (its --txt-owner-id)',
      'zonesync.yaml:11:38: zones.example.com.ignore.2.name: does not go with owner: external-dns (the registry says which records are its)',
      'zonesync.yaml:11:60: zones.example.com.ignore.2.suffix: external-dns takes --txt-prefix or --txt-suffix, not both',
      'zonesync.yaml:12:9: zones.example.com.ignore.3: an ignore rule gives name, type or value (or owner: external-dns)',
      'zonesync.yaml:13:15: zones.example.com.ignore.4.id: goes only with owner: external-dns',
      "zonesync.yaml:14:12: zones.example.com.purge: expected true or false, got 'maybe'",
      'zonesync.yaml:15:22: zones.example.com.ownership.id: is 1 to 63 letters, digits, ".", "_" or "-" (starting with a letter or digit)',
    ]);
  });

  it('refuses an override for a provider that is not a target of the zone', () => {
    expect(reasons(config(['overrides: { c: { purge: false } }']))).toEqual(['zonesync.yaml:8:18: zones.example.com.overrides.c: "c" is not one of the zone\'s targets (a, b)']);
  });
});
