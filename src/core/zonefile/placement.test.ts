import { describe, expect, it } from 'vitest';
import { parseMasterFile } from './rfc1035.js';
import { parseYamlZone } from './yaml.js';

const Z = 'example.com.';
const hex32 = 'ab'.repeat(32);

describe('DS at the apex and NS at a wildcard are refused by both readers, as BIND refuses them', () => {
  it('octoDNS YAML', () => {
    const yaml = `'':\n  type: DS\n  value: 12345 13 2 ${hex32}\n'*.w':\n  type: NS\n  value: ns.example.net.\nsub:\n  type: DS\n  value: 12345 13 2 ${hex32}\n`;
    const problems = parseYamlZone(yaml, 'z.yaml', Z).problems.filter((p) => p.severity === 'error');
    expect(problems.map((p) => [p.message, p.location?.line])).toEqual([
      ['Invalid record "example.com." DS: a DS rrset at the zone apex belongs in the parent zone', 2],
      ['Invalid record "*.w.example.com." NS: an NS rrset may not be owned by a wildcard (RFC 4592 §4.2)', 5],
    ]);
  });

  it('an RFC 1035 master file says the same', () => {
    const text = `$ORIGIN ${Z}\n$TTL 300\n@ DS 12345 13 2 ${hex32}\n*.w NS ns.example.net.\n`;
    const errors = parseMasterFile(text, 'z.zone', Z, () => undefined as never).problems.filter((p) => p.severity === 'error');
    expect(errors.map((p) => p.message)).toEqual([
      'Invalid record "example.com." DS: a DS rrset at the zone apex belongs in the parent zone',
      'Invalid record "*.w.example.com." NS: an NS rrset may not be owned by a wildcard (RFC 4592 §4.2)',
    ]);
  });
});
