import { describe, expect, it } from 'vitest';
import { diffZones } from './diff.js';
import type { RRset, Zone } from './model.js';
import { isSignerType } from './dnssec.js';
import { parseMasterFile } from './zonefile/rfc1035.js';
import { parseYamlZone } from './zonefile/yaml.js';

const Z = 'example.com.';

describe('DNSSEC records belong to the signer', () => {
  it('names the signer types, in any case', () => {
    for (const type of ['DNSKEY', 'rrsig', 'NSEC', 'NSEC3', 'NSEC3PARAM']) expect(isSignerType(type)).toBe(true);
    for (const type of ['DS', 'CDS', 'CDNSKEY', 'A', 'TXT']) expect(isSignerType(type)).toBe(false);
  });

  it('the diff never deletes or rewrites what a signing provider serves', () => {
    const signed = [
      { name: Z, type: 'DNSKEY', ttl: 3600, values: ['257 3 13 AAAA'] },
      { name: Z, type: 'CDS', ttl: 3600, values: ['1 13 2 00'] },
      { name: `www.${Z}`, type: 'NSEC', ttl: 300, values: [`${Z} A RRSIG NSEC`] },
    ] as unknown as RRset[];
    const www: RRset = { name: `www.${Z}`, type: 'A', ttl: 300, values: ['192.0.2.1'] };
    const live: Zone = { name: Z, rrsets: [...signed, www] };
    expect(diffZones({ name: Z, rrsets: [www] }, live)).toEqual([]);
    // A zone file that declares CDS owns them: the live CDS it does not declare goes.
    const cds: RRset = { name: `sub.${Z}`, type: 'CDS', ttl: 3600, values: ['2 13 2 11'] };
    expect(diffZones({ name: Z, rrsets: [www, cds] }, live).map((c) => c.kind)).toEqual(['create', 'delete']);
  });

  it('a zone file declaring DNSKEY or RRSIG is refused, saying who owns them', () => {
    const text = `$ORIGIN ${Z}\n$TTL 300\n@ DNSKEY 257 3 13 AAAA\nwww A 192.0.2.1\nwww RRSIG A 13 3 300 20360101000000 20260101000000 1 ${Z} AAAA\n`;
    const result = parseMasterFile(text, 'z.zone', Z, () => undefined as never);
    const errors = result.problems.filter((p) => p.severity === 'error').map((p) => p.message);
    expect(errors).toHaveLength(2);
    expect(errors[0]).toMatch(/DNSKEY belongs to the provider that signs the zone: zonesync never writes DNSSEC records/);
    expect(errors[1]).toMatch(/RRSIG belongs to the provider that signs the zone/);
    const yaml = parseYamlZone("'':\n  type: DNSKEY\n  value: 257 3 13 AAAA\n", 'z.yaml', Z);
    expect(yaml.problems.map((p) => p.message)).toEqual([expect.stringMatching(/DNSKEY belongs to the provider that signs the zone/)]);
  });
});
