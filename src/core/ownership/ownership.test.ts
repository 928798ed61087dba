import { describe, expect, it } from 'vitest';
import type { RRset, Zone } from '../model.js';
import { planZone } from '../plan.js';
import { DEFAULT_SAFETY } from '../safety.js';
import { externalDnsClaims, externalDnsLabels, registryName } from './external-dns.js';
import { declaredButIgnored, managedLive, sharedView, sharingProblems, verifiableZone } from './index.js';
import { lenientProblems, octodnsSkip } from './octodns.js';
import { ownershipClaims, ownershipName, parseOwnership } from './registry.js';
import { nameMatches, ruleMatches, type SharePolicy } from './rules.js';
import { splitLive } from './split.js';

const Z = 'example.com.';
const rr = (name: string, type: RRset['type'], values: string[], extra: Partial<RRset> = {}): RRset => ({ name: name ? `${name}.${Z}` : Z, type, ttl: 300, values, ...extra });
const heritage = (owner: string) => `"heritage=external-dns,external-dns/owner=${owner},external-dns/resource=ingress/default/web"`;
const policy = (p: Partial<SharePolicy>): SharePolicy => ({ ignore: [], purge: true, ...p });

describe('name globs', () => {
  it.each([
    ['_acme-challenge.*', '_acme-challenge.www', true],
    ['_acme-challenge.*', '_acme-challenge', false],
    ['_acme-challenge.*', '_acme-challenge.a.b', false],
    ['_acme-challenge.**', '_acme-challenge', true],
    ['_acme-challenge.**', '_acme-challenge.a.b', true],
    ['k8s-*', 'k8s-web', true],
    ['k8s-*', 'k8s-web.x', false],
    ['**.dyn', 'dyn', true],
    ['**.dyn', 'a.b.dyn', true],
    ['@', '', true],
    ['*', '', false],
    ['WWW', 'www', true],
  ])('%s against %s: %s', (pattern, name, want) => {
    expect(nameMatches(pattern, name ? `${name}.${Z}` : Z, Z)).toBe(want);
  });

  it('matches types as a list and TXT values by their text', () => {
    const txt = rr('', 'TXT', ['"google-site-verification=abc"', '"v=spf1 -all"']);
    expect(ruleMatches({ type: ['TXT'], value: 'google-site-verification=*' }, txt, Z)).toBe(true);
    expect(ruleMatches({ type: ['A', 'AAAA'] }, txt, Z)).toBe(false);
    expect(ruleMatches({ value: 'v=spf2*' }, txt, Z)).toBe(false);
  });
});

describe('external-dns registry (names as its mapper makes them, docs/registry/txt.md)', () => {
  it('maps names with no affix, a templated prefix, a templated suffix and the older format', () => {
    expect(registryName({}, 'www.ex.com.', 'A')).toBe('a-www.ex.com.');
    expect(registryName({ prefix: '%{record_type}-abc-.' }, 'www.ex.com.', 'CNAME')).toBe('cname-abc-.www.ex.com.');
    expect(registryName({ prefix: '%{record_type}-abc-.' }, 'ex.com.', 'CNAME')).toBe('cname-abc-.ex.com.');
    expect(registryName({ suffix: '-.%{record_type}' }, 'www.ex.com.', 'CNAME')).toBe('www-.cname.ex.com.');
    expect(registryName({ prefix: 'reg-' }, 'www.ex.com.', 'AAAA')).toBe('reg-aaaa-www.ex.com.');
    expect(registryName({ prefix: 'reg-' }, 'www.ex.com.', undefined)).toBe('reg-www.ex.com.');
    expect(registryName({ wildcardReplacement: 'any' }, '*.ex.com.', 'A')).toBe('a-any.ex.com.');
  });

  it('reads the labels with or without literal quotes, and refuses another heritage', () => {
    expect(externalDnsLabels('"heritage=external-dns,external-dns/owner=k8s"')).toEqual({ owner: 'k8s' });
    expect(externalDnsLabels('heritage=external-dns,external-dns/owner=k8s,external-dns/resource=service/a/b')).toEqual({ owner: 'k8s', resource: 'service/a/b' });
    expect(externalDnsLabels('heritage=someone-else,external-dns/owner=k8s')).toBeUndefined();
    expect(externalDnsLabels('v=spf1 -all')).toBeUndefined();
  });

  it('claims the owner\'s registry records and the records they name, not another owner\'s', () => {
    const live = [rr('web', 'A', ['192.0.2.7']), rr('a-web', 'TXT', [heritage('k8s')]), rr('api', 'A', ['192.0.2.8']), rr('a-api', 'TXT', [heritage('other')])];
    const claims = externalDnsClaims({ owner: 'external-dns', id: 'k8s' }, live);
    expect([...claims.registry]).toEqual([`a-web.${Z} TXT`]);
    expect([...claims.claimed]).toEqual([`web.${Z} A`]);
  });
});

describe('splitLive', () => {
  const acme = rr('_acme-challenge.www', 'TXT', ['"token"']);
  const web = rr('web', 'A', ['192.0.2.7']);
  const reg = rr('a-web', 'TXT', [heritage('k8s')]);
  const console = rr('console', 'CNAME', ['elsewhere.example.net.']);
  const live = [rr('', 'NS', ['ns1.example.net.']), rr('www', 'A', ['192.0.2.1']), acme, web, reg, console];

  it('gives each left-alone rrset its reason; SOA and apex NS stay with the diff', () => {
    const split = splitLive(live, {
      zone: Z,
      policy: policy({ ignore: [{ name: '_acme-challenge.**', type: ['TXT'] }, { owner: 'external-dns', id: 'k8s' }], purge: false }),
      declared: new Set([`www.${Z} A`]),
    });
    expect(split.managed.map((r) => `${r.name} ${r.type}`)).toEqual([`${Z} NS`, `www.${Z} A`]);
    expect(split.leftAlone).toEqual([
      { name: acme.name, type: 'TXT', reason: 'rule', rule: 0 },
      { name: web.name, type: 'A', reason: 'external-dns', rule: 1, owner: 'k8s' },
      { name: reg.name, type: 'TXT', reason: 'external-dns', rule: 1, owner: 'k8s' },
      { name: console.name, type: 'CNAME', reason: 'purge-off' },
    ]);
  });

  it('with the matching rules the first plan is empty; without them it deletes and the safety rule counts the deletes', () => {
    const desired: Zone = { name: Z, rrsets: [rr('www', 'A', ['192.0.2.1'])] };
    const limits = { ...DEFAULT_SAFETY, minExistingRecords: 1 };
    const shared = planZone({ target: 'pdns', providerType: 'powerdns', desired, live: { name: Z, rrsets: live }, limits, policy: policy({ ignore: [{ name: '_acme-challenge.**', type: ['TXT'] }, { owner: 'external-dns', id: 'k8s' }, { name: 'console', type: ['CNAME'] }] }) });
    expect(shared.changes).toEqual([]);
    expect(shared.safety.ok).toBe(true);
    expect(shared.liveRRsets).toBe(1);
    expect(shared.leftAlone).toHaveLength(4);
    const bare = planZone({ target: 'pdns', providerType: 'powerdns', desired, live: { name: Z, rrsets: live }, limits });
    expect(bare.changes.map((c) => c.kind)).toEqual(['delete', 'delete', 'delete', 'delete']);
    expect(bare.safety.reasons[0]).toMatch(/^deletes 4 of 5 rrsets/);
    expect(bare).not.toHaveProperty('leftAlone');
    expect(bare).not.toHaveProperty('sharing');
  });

  it('judges live state at apply time as the plan did (the plan carries the rules)', () => {
    const desired: Zone = { name: Z, rrsets: [rr('www', 'A', ['192.0.2.1'])] };
    const zp = planZone({ target: 't', providerType: 'file', desired, live: { name: Z, rrsets: live }, limits: DEFAULT_SAFETY, policy: policy({ purge: false }) });
    // A new ACME token written between plan and apply moves nothing zonesync manages.
    const later = managedLive({ name: Z, rrsets: [...live, rr('_acme-challenge', 'TXT', ['"new"'])] }, Z, zp.sharing);
    expect(later.live?.rrsets.map((r) => r.name)).toEqual([Z, `www.${Z}`]);
  });
});

describe('octoDNS flags (Zone.changes in octodns/zone/base.py)', () => {
  it('ignored: never created, changed or deleted; excluded / included pick targets by provider id', () => {
    expect(octodnsSkip({ octodns: { ignored: true } }, 'a')).toBe('octodns-ignored');
    expect(octodnsSkip({ octodns: { excluded: ['b'] } }, 'a')).toBeUndefined();
    expect(octodnsSkip({ octodns: { excluded: ['b'] } }, 'b')).toBe('octodns-excluded');
    expect(octodnsSkip({ octodns: { included: ['a'] } }, 'b')).toBe('octodns-not-included');
    expect(octodnsSkip({ octodns: { included: [] } }, 'b')).toBeUndefined();
  });

  it('leaves the live rrset of an ignored or excluded record as it is on that target', () => {
    const desired: Zone = { name: Z, rrsets: [rr('a', 'A', ['192.0.2.1'], { octodns: { ignored: true } }), rr('b', 'A', ['192.0.2.2'], { octodns: { excluded: ['pdns'] } }), rr('c', 'A', ['192.0.2.3'], { octodns: { included: ['pdns'] } })] };
    const live: Zone = { name: Z, rrsets: [rr('a', 'A', ['198.51.100.1']), rr('b', 'A', ['198.51.100.2'])] };
    const onPdns = planZone({ target: 'pdns', providerType: 'powerdns', desired, live, limits: DEFAULT_SAFETY });
    expect(onPdns.changes).toEqual([{ kind: 'create', after: rr('c', 'A', ['192.0.2.3']) }]);
    expect(onPdns.leftAlone?.map((l) => `${l.name} ${l.reason}`)).toEqual([`a.${Z} octodns-ignored`, `b.${Z} octodns-excluded`]);
    const onBind = planZone({ target: 'bind', providerType: 'bind', desired, live, limits: DEFAULT_SAFETY });
    expect(onBind.changes.map((c) => `${c.kind} ${c.kind === 'delete' ? c.before.name : c.after.name}`)).toEqual([`update b.${Z}`]);
    expect(verifiableZone(desired, ['pdns', 'bind']).rrsets).toEqual([]);
  });

  it('lenient: the record\'s lint errors become warnings', () => {
    const zone: Zone = { name: Z, rrsets: [rr('x', 'CNAME', ['a.example.net.'], { octodns: { lenient: true } })] };
    const out = lenientProblems([{ severity: 'error', rule: 'cname-beside-data', message: 'm', record: `x.${Z} CNAME` }, { severity: 'error', rule: 'cname-beside-data', message: 'm', record: `y.${Z} CNAME` }], zone);
    expect(out.map((p) => p.severity)).toEqual(['warning', 'error']);
  });
});

describe('validate', () => {
  it('refuses a declared rrset an ignore rule also covers, with its location, and warns about unknown excluded ids', () => {
    const at = { file: 'z.yaml', line: 3, column: 1 };
    const zone: Zone = { name: Z, rrsets: [rr('_acme-challenge', 'TXT', ['"x"'], { source: at }), rr('b', 'A', ['192.0.2.1'], { octodns: { excluded: ['nope'] } })] };
    const problems = sharingProblems(zone, [['pdns', policy({ ignore: [{ name: '_acme-challenge.**' }] })]], ['pdns']);
    expect(problems).toEqual([
      { severity: 'error', rule: 'declared-and-ignored', message: 'declared, and also left alone by ignore rule 1: zonesync cannot both own and ignore it', record: `_acme-challenge.${Z} TXT`, location: at },
      { severity: 'warning', rule: 'octodns-unknown-target', message: 'octodns excluded/included names "nope", which is not a target of the zone (pdns)', record: `b.${Z} A` },
    ]);
    expect(declaredButIgnored(zone, policy({}))).toEqual([]);
  });
});

describe('ownership registry', () => {
  it('names a sibling of the record, never the record\'s own name or one below it', () => {
    expect(ownershipName(`www.${Z}`, 'CNAME', Z)).toBe(`_zonesync-cname-www.${Z}`);
    expect(ownershipName(Z, 'A', Z)).toBe(`_zonesync-a.${Z}`);
    expect(ownershipName(`*.dev.${Z}`, 'A', Z)).toBe(`_zonesync-a-_wildcard.dev.${Z}`);
    expect(ownershipName(`${'x'.repeat(60)}.${Z}`, 'A', Z)).toBeUndefined();
    expect(parseOwnership(rr('_zonesync-a-www', 'TXT', ['"zonesync-owner=repo-a,type=A"']))).toEqual({ owner: 'repo-a', type: 'A' });
  });

  it('two ids share a zone: each claims what it creates, the claim goes out before its record, and each leaves the other\'s alone', () => {
    const limits = DEFAULT_SAFETY;
    const a: Zone = { name: Z, rrsets: [rr('www', 'A', ['192.0.2.1'])] };
    const b: Zone = { name: Z, rrsets: [rr('api', 'CNAME', ['www.example.com.'])] };
    const first = planZone({ target: 't', providerType: 'file', desired: a, live: { name: Z, rrsets: [] }, limits, policy: policy({ ownership: { id: 'repo-a' } }) });
    expect(first.changes.map((c) => (c.kind === 'create' ? c.after.name : ''))).toEqual([`_zonesync-a-www.${Z}`, `www.${Z}`]);
    const afterA = first.changes.map((c) => (c.kind === 'create' ? c.after : rr('', 'A', [])));
    const second = planZone({ target: 't', providerType: 'file', desired: b, live: { name: Z, rrsets: afterA }, limits, policy: policy({ ownership: { id: 'repo-b' } }) });
    expect(second.changes.map((c) => c.kind)).toEqual(['create', 'create']);
    expect(second.leftAlone?.map((l) => `${l.name} ${l.reason} ${l.owner}`)).toEqual([`_zonesync-a-www.${Z} foreign-owner repo-a`, `www.${Z} foreign-owner repo-a`]);
    const both = [...afterA, ...second.changes.map((c) => (c.kind === 'create' ? c.after : rr('', 'A', [])))];
    expect(planZone({ target: 't', providerType: 'file', desired: a, live: { name: Z, rrsets: both }, limits, policy: policy({ ownership: { id: 'repo-a' } }) }).changes).toEqual([]);
    expect(planZone({ target: 't', providerType: 'file', desired: b, live: { name: Z, rrsets: both }, limits, policy: policy({ ownership: { id: 'repo-b' } }) }).changes).toEqual([]);
    expect(ownershipClaims(both, Z).get(`api.${Z} CNAME`)).toBe('repo-b');
  });

  it('sharedView keeps the declared keys only under purge: false', () => {
    expect(sharedView({ name: Z, rrsets: [rr('www', 'A', ['192.0.2.1'])] }, undefined, policy({ ignore: [{ type: ['TXT'] }] }), 't').sharing).toEqual({ policy: policy({ ignore: [{ type: ['TXT'] }] }) });
  });
});

describe('import suggestions', () => {
  it('finds ACME and external-dns records, suggests the rules, and leaves the records out when asked', async () => {
    const { ignoreYaml, suggestIgnore, withoutForeign } = await import('./suggest.js');
    const zone: Zone = {
      name: Z,
      rrsets: [rr('', 'NS', ['ns1.example.net.']), rr('www', 'A', ['192.0.2.1']), rr('_acme-challenge.www', 'TXT', ['"t"']), rr('web', 'A', ['192.0.2.7']), rr('a-web', 'TXT', [heritage('k8s')]), rr('_zonesync-a-x', 'TXT', ['"zonesync-owner=repo-b,type=A"']), rr('x', 'A', ['192.0.2.9'])],
    };
    const suggestion = suggestIgnore(zone);
    expect(ignoreYaml(suggestion)).toEqual(['ignore:', '  - { name: _acme-challenge.**, type: TXT }  # 1 ACME challenge TXT rrset', '  - { owner: external-dns, id: k8s }  # 1 external-dns registry TXT of owner k8s, claiming 1 rrset']);
    expect(suggestion.owners).toEqual(['repo-b']);
    const kept = withoutForeign(zone, suggestion).zone.rrsets.map((r) => r.name);
    expect(kept).toEqual([Z, `www.${Z}`]);
    // What import writes, under the rules it prints, plans empty against the zone it came from.
    const written: Zone = { name: Z, rrsets: withoutForeign(zone, suggestion).zone.rrsets.filter((r) => r.type !== 'NS') };
    const zp = planZone({ target: 't', providerType: 'file', desired: written, live: zone, limits: DEFAULT_SAFETY, policy: policy({ ignore: suggestion.rules, ownership: { id: 'repo-a' } }) });
    expect(zp.changes.filter((c) => c.kind === 'delete')).toEqual([]);
  });

  it('a declared rrset another owner claims is left to it, with a warning, never created over theirs', () => {
    const live: Zone = { name: Z, rrsets: [rr('_zonesync-a-x', 'TXT', ['"zonesync-owner=repo-b,type=A"']), rr('x', 'A', ['192.0.2.9'])] };
    const zp = planZone({ target: 't', providerType: 'file', desired: { name: Z, rrsets: [rr('x', 'A', ['192.0.2.1'])] }, live, limits: DEFAULT_SAFETY, policy: policy({ ownership: { id: 'repo-a' } }) });
    expect(zp.changes).toEqual([]);
    expect(zp.warnings).toEqual([`x.${Z} A: declared, but repo-b holds it; left to repo-b (remove it from one of the two)`]);
  });
});
