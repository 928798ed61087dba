import { describe, expect, it } from 'vitest';
import { lintZone, type LintContext } from './lint.js';
import type { RRset, Zone } from './model.js';

const Z = 'example.com.';
const rr = (name: string, type: RRset['type'], values: string[], ttl = 300): RRset => ({ name: name ? `${name}.${Z}` : Z, type, ttl, values, source: { file: 'zones/example.com.yaml', line: 3, column: 1 } });
const two: LintContext = { targets: ['a', 'b'] };

describe('lint rules', () => {
  it.each<[string, RRset[], LintContext, string[]]>([
    ['a clean zone', [rr('www', 'A', ['192.0.2.1'])], two, []],
    ['CNAME at the apex', [rr('', 'CNAME', ['other.example.net.'])], two, ['cname-at-apex']],
    ['CNAME beside other data', [rr('www', 'CNAME', ['x.example.net.']), rr('www', 'TXT', ['"x"'])], two, ['cname-beside-data']],
    ['CNAME with two targets', [rr('www', 'CNAME', ['a.example.net.', 'b.example.net.'])], two, ['cname-single-value']],
    ['TTL above the NS TTL', [rr('www', 'A', ['192.0.2.1'], 86400)], { targets: ['a', 'b'], nsTtl: 3600 }, ['ttl-above-ns-ttl']],
    ['one provider', [rr('www', 'A', ['192.0.2.1'])], { targets: ['a'] }, ['single-provider']],
    ['data at a delegation', [rr('sub', 'NS', ['ns.example.net.']), rr('sub', 'A', ['192.0.2.1'])], two, ['data-at-delegation']],
    ['ALIAS below the apex', [rr('www', 'ALIAS', ['lb.example.net.'])], two, ['alias-below-apex']],
    ['an rrset declared twice', [rr('www', 'A', ['192.0.2.1']), rr('www', 'A', ['192.0.2.2'])], two, ['duplicate']],
  ])('%s', (_t, rrsets, context, rules) => {
    const zone: Zone = { name: Z, rrsets };
    expect(lintZone(zone, context).map((p) => p.rule)).toEqual(rules);
  });

  it('says where and what', () => {
    const [problem] = lintZone({ name: Z, rrsets: [rr('', 'CNAME', ['x.example.net.'])] }, two);
    expect(problem).toEqual({
      severity: 'error',
      rule: 'cname-at-apex',
      record: 'example.com. CNAME',
      location: { file: 'zones/example.com.yaml', line: 3, column: 1 },
      message: 'a CNAME cannot be at the zone apex (the apex has SOA and NS); use ALIAS',
    });
  });
});
