import { describe, expect, it } from 'vitest';
import { buildPlan, planHmacProblem, signPlan, type ZonePlan } from './plan.js';
import { planScopeProblems, type PlanScope } from './saved-plan.js';

const scope: PlanScope = { zones: new Map([['example.com.', ['pdns', 'local']]]), providerTypes: { pdns: 'powerdns', local: 'file' } };
const zp = (over: Partial<ZonePlan> = {}): ZonePlan => ({
  zone: 'example.com.',
  target: 'pdns',
  providerType: 'powerdns',
  zoneExists: true,
  changes: [{ kind: 'create', after: { name: 'www.example.com.', type: 'A', ttl: 300, values: ['192.0.2.1'] } }],
  liveDigest: 'd',
  liveRRsets: 3,
  safety: { ok: true, reasons: [] },
  rollback: { changes: [{ kind: 'delete', before: { name: 'www.example.com.', type: 'A', ttl: 300, values: ['192.0.2.1'] } }], horizon: { seconds: 0 } as never },
  warnings: [],
  ...over,
});
const plan = (...zones: ZonePlan[]) => buildPlan(zones, new Date('2026-01-01T00:00:00Z'));

describe('planScopeProblems', () => {
  it('accepts a plan within the config', () => {
    expect(planScopeProblems(plan(zp(), zp({ target: 'local', providerType: 'file' })), scope)).toEqual([]);
  });

  it.each([
    ['an unknown zone', zp({ zone: 'example.org.' }), ['zone example.org. is not in the config']],
    ['a zone name that is not canonical', zp({ zone: '../../x.' }), ['zone "../../x." is not a canonical zone name']],
    ['a zone name in upper case', zp({ zone: 'EXAMPLE.com.' }), ['zone "EXAMPLE.com." is not a canonical zone name']],
    ['a target the zone does not have', zp({ target: 'ns1' }), ['example.com. on ns1: ns1 is not a target of example.com. in the config (targets: pdns, local)']],
    ['another provider type', zp({ providerType: 'file' }), ['example.com. on pdns: the plan says provider type "file", the config says "powerdns"']],
    ['a live count that is not a count', zp({ liveRRsets: -1 }), ['example.com. on pdns: liveRRsets -1 is not a count']],
    [
      'a record type that is not a type',
      zp({ changes: [{ kind: 'delete', before: { name: 'example.com.', type: 'a/../b' as 'A', ttl: 1, values: [] } }] }),
      ['example.com. on pdns: changes: record type "a/../b" is not a DNS type'],
    ],
    [
      'a rollback that is not the inverse of the changes',
      zp({ rollback: { changes: [{ kind: 'delete', before: { name: 'mail.example.com.', type: 'A', ttl: 300, values: ['192.0.2.9'] } }], horizon: {} as never } }),
      ['example.com. on pdns: rollback: not the inverse of the plan\'s changes'],
    ],
    [
      'a rollback outside the zone',
      zp({ rollback: { changes: [{ kind: 'create', after: { name: 'evil.example.', type: 'A', ttl: 1, values: [] } }], horizon: {} as never } }),
      ['example.com. on pdns: rollback: record name "evil.example." is outside the zone'],
    ],
    [
      'a steering block that is not one',
      zp({ changes: [{ kind: 'create', after: { name: 'www.example.com.', type: 'A', ttl: 1, values: ['192.0.2.1'], dynamic: { pools: 'x' } as never } }], rollback: { horizon: {} as never } }),
      ['example.com. on pdns: changes: www.example.com. A dynamic: not a steering block (pools, rules, healthcheck)'],
    ],
    [
      'steering octoDNS would refuse',
      zp({ changes: [{ kind: 'create', after: { name: 'www.example.com.', type: 'A', ttl: 1, values: ['192.0.2.1'], dynamic: { pools: { a: { values: [{ value: '192.0.2.1', weight: 1, status: 'up' }] } }, rules: [{ pool: 'b' }], healthcheck: { host: 'www.example.com', path: '/', port: 443, protocol: 'HTTPS' } } } }], rollback: { horizon: {} as never } }),
      ['example.com. on pdns: changes: www.example.com. A dynamic: rule 1 undefined pool "b"'],
    ],
    [
      'steering on a type that cannot carry it',
      zp({ changes: [{ kind: 'create', after: { name: 'www.example.com.', type: 'TXT', ttl: 1, values: ['"x"'], dynamic: {} as never } }], rollback: { horizon: {} as never } }),
      ['example.com. on pdns: changes: www.example.com. TXT dynamic: only A, AAAA and CNAME rrsets are steered'],
    ],
  ])('names %s', (_, zonePlan, problems) => {
    expect(planScopeProblems(plan(zonePlan), scope)).toEqual(problems);
  });

  it('names a zone and target given twice', () => {
    expect(planScopeProblems(plan(zp(), zp()), scope)).toEqual(['example.com. on pdns appears twice']);
  });
});

describe('plan HMAC', () => {
  const signed = signPlan(plan(zp()), 'key-one-123456');
  it('accepts a plan signed with the key', () => {
    expect(planHmacProblem(signed, 'key-one-123456')).toBeUndefined();
  });
  it.each([
    ['another key', signed, 'key-two-123456', "the plan's HMAC does not match (made with another key, or changed after it was made)"],
    ['a changed plan', { ...signed, createdAt: '2027-01-01T00:00:00.000Z' }, 'key-one-123456', "the plan's HMAC does not match (made with another key, or changed after it was made)"],
    ['a malformed HMAC', { ...signed, hmac: 'zz' }, 'key-one-123456', "the plan's HMAC does not match (made with another key, or changed after it was made)"],
    ['no HMAC', plan(zp()), 'key-one-123456', 'the plan has no HMAC (ZONESYNC_PLAN_KEY is set, so every plan must be made with it)'],
  ])('refuses %s', (_, p, key, problem) => {
    expect(planHmacProblem(p, key)).toBe(problem);
  });
});

describe('planScopeProblems and sharing rules', () => {
  const acme = { ignore: [{ name: '_acme-challenge.**', type: ['TXT'] }], purge: true };
  const shared: PlanScope = { ...scope, policies: new Map([['example.com. pdns', acme]]) };

  it('accepts a plan made under the config\'s rules, and a plan without rules where the config has none', () => {
    expect(planScopeProblems(plan(zp({ sharing: { policy: acme } }), zp({ target: 'local', providerType: 'file' })), shared)).toEqual([]);
  });

  it('refuses a plan whose rules differ from the config\'s (edited to hide live rrsets, or made under an older config)', () => {
    const widened = { ignore: [{ name: '**' }], purge: true };
    expect(planScopeProblems(plan(zp({ sharing: { policy: widened } })), shared)).toEqual(['example.com. on pdns: the plan was made under other ignore/purge/ownership rules than the config\'s']);
    expect(planScopeProblems(plan(zp()), shared)).toEqual(['example.com. on pdns: the plan was made under other ignore/purge/ownership rules than the config\'s']);
    expect(planScopeProblems(plan(zp({ target: 'local', providerType: 'file', sharing: { policy: { ignore: [], purge: false } } })), shared)).toHaveLength(1);
  });
});
