import { describe, expect, it } from 'vitest';
import { DISABLEABLE_LINT_RULES, LINT_RULE_SEVERITY, lintZone, type LintContext } from './lint.js';
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
    ['an MX exchange that is not a host name', [rr('', 'MX', ['10 mail_1.example.net.'])], two, ['host-name-syntax']],
    ['an NS host that is not a host name', [rr('sub', 'NS', ['-ns.example.net.'])], two, ['host-name-syntax']],
    ['a null MX and LDH hosts', [rr('', 'MX', ['0 .']), rr('sub', 'NS', ['ns1.example.net.', '1ns.example.net.'])], two, []],
    ['underscore owners of SRV and TXT', [rr('_sip._tcp', 'SRV', ['10 20 5060 sip.example.net.']), rr('_dmarc', 'TXT', ['"v=DMARC1"']), rr('_x', 'A', ['192.0.2.1'])], two, []],
    ['an in-zone MX target owned by a non-LDH A and AAAA', [rr('', 'MX', ['10 mx_a.example.com.']), rr('mx_a', 'A', ['192.0.2.1']), rr('mx_a', 'AAAA', ['2001:db8::1'])], two, ['host-name-syntax', 'host-name-syntax', 'host-name-syntax']],
    ['an rrset declared twice', [rr('www', 'A', ['192.0.2.1']), rr('www', 'A', ['192.0.2.2'])], two, ['duplicate']],
    ['data below a DNAME', [rr('old', 'DNAME', ['new.example.net.']), rr('www.old', 'A', ['192.0.2.1']), rr('a.b.old', 'TXT', ['"x"'])], two, ['dname-occludes', 'dname-occludes']],
    ['data beside a DNAME, and a name that only ends like it', [rr('old', 'DNAME', ['new.example.net.']), rr('old', 'TXT', ['"x"']), rr('gold', 'A', ['192.0.2.1']), rr('x\\.old', 'A', ['192.0.2.1'])], two, []],
    ['everything below a DNAME at the apex', [rr('', 'DNAME', ['example.net.']), rr('www', 'A', ['192.0.2.1'])], two, ['dname-occludes']],
    ['a DS at a delegation while a target cannot sign', [rr('sub', 'NS', ['ns.example.net.']), rr('sub', 'DS', ['2371 13 2 ' + 'ab'.repeat(32)])], { targets: ['a', 'b'], unsignedTargets: [{ id: 'b', reason: 'a zone file on disk' }] }, ['ds-without-signer']],
    ['a DS at a delegation when every target signs', [rr('sub', 'NS', ['ns.example.net.']), rr('sub', 'DS', ['2371 13 2 ' + 'ab'.repeat(32)])], { targets: ['a', 'b'], unsignedTargets: [] }, []],
    ['a delegation NS TTL above its DS TTL', [rr('sub', 'NS', ['ns.example.net.'], 86400), rr('sub', 'DS', ['2371 13 2 ' + 'ab'.repeat(32)], 3600)], two, ['ns-ttl-above-ds-ttl']],
    ['a delegation NS TTL at or below its DS TTL, and NS without DS', [rr('sub', 'NS', ['ns.example.net.'], 3600), rr('sub', 'DS', ['2371 13 2 ' + 'ab'.repeat(32)], 3600), rr('other', 'NS', ['ns.example.net.'], 86400)], two, []],
  ])('%s', (_t, rrsets, context, rules) => {
    const zone: Zone = { name: Z, rrsets };
    expect(lintZone(zone, context).map((p) => p.rule)).toEqual(rules);
  });

  it('warns on host-name syntax, naming the host, and can be disabled per zone', () => {
    const zone: Zone = { name: Z, rrsets: [rr('', 'MX', ['10 mx_a.example.com.']), rr('mx_a', 'A', ['192.0.2.1'])] };
    const problems = lintZone(zone, two);
    expect(problems.map((p) => [p.severity, p.record, p.message])).toEqual([
      ['warning', 'example.com. MX', 'mail exchange mx_a.example.com. is not a host name (RFC 952/1123: letters, digits and inner hyphens)'],
      ['warning', 'mx_a.example.com. A', 'mx_a.example.com. is named by an MX record, so it should be a host name (RFC 952/1123: letters, digits and inner hyphens)'],
    ]);
    expect(lintZone(zone, { ...two, disabled: ['host-name-syntax'] })).toEqual([]);
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

  it('every rule lint prints is in LINT_RULE_SEVERITY, with the severity it prints', () => {
    const all: RRset[] = [
      rr('', 'CNAME', ['other.example.net.']),
      rr('www', 'CNAME', ['a.example.net.', 'b.example.net.']),
      rr('www', 'TXT', ['"x"']),
      rr('big', 'A', ['192.0.2.1'], 86400),
      rr('sub', 'NS', ['ns.example.net.']),
      rr('sub', 'A', ['192.0.2.1']),
      rr('lb', 'ALIAS', ['lb.example.net.']),
      rr('dup', 'A', ['192.0.2.1']),
      rr('dup', 'A', ['192.0.2.2']),
      rr('long', 'TXT', [Array.from({ length: 300 }, () => `"${'x'.repeat(250)}"`).join(' ')]),
      rr('old', 'DNAME', ['new.example.net.'], 60),
      rr('www.old', 'A', ['192.0.2.1'], 60),
      rr('', 'MX', ['10 mx_1.example.net.']),
      rr('sub', 'DS', ['2371 13 2 ' + 'ab'.repeat(32)], 60),
      rr('go', 'CNAME', ['nowhere.example.com.']),
    ];
    const printed = new Map(lintZone({ name: Z, rrsets: all }, { targets: ['a'], nsTtl: 3600, unsignedTargets: [{ id: 'a', reason: 'a zone file' }] }).map((p) => [p.rule, p.severity]));
    expect(Object.fromEntries(printed)).toEqual(LINT_RULE_SEVERITY);
    expect(DISABLEABLE_LINT_RULES).toEqual(['alias-below-apex', 'ttl-above-ns-ttl', 'single-provider', 'data-at-delegation', 'host-name-syntax', 'ds-without-signer', 'ns-ttl-above-ds-ttl', 'dangling-target']);
  });

  it('drops disabled warnings and keeps every other problem', () => {
    const rrsets = [rr('lb', 'ALIAS', ['lb.example.net.'], 86400), rr('', 'CNAME', ['x.example.net.'])];
    const rules = (disabled: string[]) => lintZone({ name: Z, rrsets }, { targets: ['a'], nsTtl: 3600, disabled }).map((p) => p.rule);
    expect(rules([])).toEqual(['cname-at-apex', 'alias-below-apex', 'ttl-above-ns-ttl', 'single-provider']);
    expect(rules(['single-provider', 'ttl-above-ns-ttl'])).toEqual(['cname-at-apex', 'alias-below-apex']);
    // An error rule is never dropped, even when a Config built by hand names it.
    expect(rules(['cname-at-apex', 'alias-below-apex'])).toEqual(['cname-at-apex', 'ttl-above-ns-ttl', 'single-provider']);
  });
});

describe('DNSSEC delegation lint', () => {
  it('names both TTLs and the name, and the target that cannot sign, at the NS or DS line', () => {
    const ns = { ...rr('sub', 'NS', ['ns.example.net.'], 86400), source: { file: 'zones/example.com.yaml', line: 7, column: 1 } };
    const ds = { ...rr('sub', 'DS', ['2371 13 2 ' + 'ab'.repeat(32)], 3600), source: { file: 'zones/example.com.yaml', line: 9, column: 1 } };
    const problems = lintZone({ name: Z, rrsets: [ns, ds] }, { targets: ['pdns', 'files'], unsignedTargets: [{ id: 'files', reason: 'a zone file on disk' }] });
    expect(problems.map((p) => [p.rule, p.location?.line, p.message])).toEqual([
      ['ds-without-signer', 9, 'a DS for sub.example.com. while a target of example.com. cannot sign it: files (a zone file on disk); validating resolvers asking there get no signed DS, and the child\'s chain of trust breaks'],
      ['ns-ttl-above-ds-ttl', 7, 'NS TTL 86400 at sub.example.com. is above its DS TTL 3600: after a switch, resolvers can keep the old delegation for 86400s while already holding the new DS, so validation fails until the NS expires; lower the NS TTL to 3600 or less'],
    ]);
  });
});
