// test-project: unit
import { describe, expect, it } from 'vitest';
import { defaultHealthcheck } from '../core/dynamic/canonical.js';
import type { Dynamic, DynamicValue } from '../core/dynamic/model.js';
import type { RRset } from '../core/model.js';
import type { DnsResponse } from '../dns/client.js';
import { expectedPool, expectedText, judgeSteering, poolOf, probesFor, ruleFor, subnetWithin, type SteeringProbe } from './steering.js';

const v = (value: string, weight = 1, status: DynamicValue['status'] = 'obey'): DynamicValue => ({ value, weight, status });

function steered(over: Partial<Dynamic> = {}): RRset {
  const dynamic: Dynamic = {
    pools: {
      eu: { values: [v('192.0.2.10', 3), v('192.0.2.11')], fallback: 'us' },
      lab: { values: [v('203.0.113.10')] },
      us: { values: [v('198.51.100.10')] },
    },
    rules: [{ pool: 'lab', subnets: ['10.1.0.0/16'] }, { pool: 'eu', geos: ['EU-DE'] }, { pool: 'us' }],
    healthcheck: defaultHealthcheck('www.steer.example.'),
    ...over,
  };
  return { name: 'www.steer.example.', type: 'A', ttl: 60, values: ['192.0.2.1'], dynamic };
}

const answer = (values: string[], scope: number | null = 24, rcode = 'NOERROR'): DnsResponse => ({
  rcode, authoritative: true, truncated: false, transport: 'udp', edns: true,
  ...(scope === null ? {} : { ecs: { family: 1, address: '192.0.2.0', sourcePrefix: 24, scopePrefix: scope } }),
  answers: values.map((value) => ({ name: 'www.steer.example.', type: 'A', ttl: 60, value })), authorities: [],
});

const samples = { geos: { 'EU-DE': '192.0.2.0/24' } };
const summary = (p: SteeringProbe) => `${p.rule} | ${p.subnet ? `${p.subnet.address}/${p.subnet.sourcePrefix}` : p.noSample} | ${expectedText(p.expected)}`;

describe('steering probes: which subnet to ask each rule from and which pool must answer', () => {
  it('asks a subnet rule from inside its subnet (/24 at most wide), a geo rule from its sample, the catch-all from a documentation net no rule covers', () => {
    expect(probesFor(steered(), samples).map(summary)).toEqual([
      'rule 1 (pool lab, subnets 10.1.0.0/16) | 10.1.0.0/24 | pool lab: 203.0.113.10',
      'rule 2 (pool eu, geos EU-DE) from EU-DE | 192.0.2.0/24 | pool eu: 192.0.2.10, 192.0.2.11',
      'rule 3 (pool us, catch-all) | 203.0.113.0/24 | pool us: 198.51.100.10',
    ]);
  });

  it('uses a sample placed inside a continent rule, and the configured catch-all subnet', () => {
    const rrset = steered({ rules: [{ pool: 'eu', geos: ['EU'] }, { pool: 'us' }] });
    expect(probesFor(rrset, { geos: { 'EU-DE': '192.0.2.0/24', 'AS-JP': '203.0.113.0/24' }, default: '198.51.100.0/24' }).map(summary)).toEqual([
      'rule 1 (pool eu, geos EU) from EU-DE | 192.0.2.0/24 | pool eu: 192.0.2.10, 192.0.2.11',
      'rule 2 (pool us, catch-all) | 198.51.100.0/24 | pool us: 198.51.100.10',
    ]);
  });

  it('says a geo rule with no sample cannot be checked, and names the missing code', () => {
    const probes = probesFor(steered(), { geos: {} });
    expect(probes[1]?.subnet).toBeUndefined();
    expect(probes[1]?.noSample).toBe('no ECS sample for EU-DE: cannot check steering from here (set verify.ecs.EU-DE to a client subnet there)');
  });

  it('expects the first rule that covers the subnet, and the record values when no rule does and there is no catch-all', () => {
    const rules = [{ pool: 'lab', subnets: ['10.0.0.0/8'] }, { pool: 'eu', subnets: ['10.1.0.0/16'] }];
    expect(ruleFor(rules, '10.1.0.0/24', undefined)).toBe(0);
    expect(ruleFor(rules, '192.0.2.0/24', 'EU-DE')).toBeUndefined();
    const probes = probesFor(steered({ rules }), { geos: {} });
    expect(probes.map(summary)).toEqual([
      'rule 1 (pool lab, subnets 10.0.0.0/8) | 10.0.0.0/24 | pool lab: 203.0.113.10',
      // The rule's own subnet lies inside rule 1's: rule 1 answers it.
      'rule 2 (pool eu, subnets 10.1.0.0/16) | 10.1.0.0/24 | pool lab: 203.0.113.10',
      'catch-all (no catch-all rule: the record values) | 203.0.113.0/24 | the record values: 192.0.2.1',
    ]);
    expect(subnetWithin('10.1.0.0/24', '10.0.0.0/8')).toBe(true);
    expect(subnetWithin('10.0.0.0/8', '10.1.0.0/16')).toBe(false);
    expect(subnetWithin('2001:db8:de::/56', '2001:db8:de::/48')).toBe(true);
    expect(subnetWithin('2001:db8:de::/56', '10.0.0.0/8')).toBe(false);
  });
});

describe('the pool a rule picks: down values and fallback chains', () => {
  it('drops down values and keeps up and obey ones as candidates', () => {
    const d = steered({ pools: { eu: { values: [v('192.0.2.10', 1, 'down'), v('192.0.2.11', 1, 'up'), v('192.0.2.12')] } } }).dynamic as Dynamic;
    expect(expectedPool(d, ['192.0.2.1'], 'eu')).toEqual({ pool: 'eu', passed: [], candidates: ['192.0.2.11', '192.0.2.12'] });
  });

  it('walks the fallback while every value of a pool is down, to the record values at the end, and stops on a cycle', () => {
    const pools = {
      a: { values: [v('192.0.2.10', 1, 'down')], fallback: 'b' },
      b: { values: [v('192.0.2.20', 1, 'down')], fallback: 'c' },
      c: { values: [v('192.0.2.30', 2), v('192.0.2.31', 1, 'down')] },
      x: { values: [v('192.0.2.40', 1, 'down')], fallback: 'y' },
      y: { values: [v('192.0.2.50', 1, 'down')], fallback: 'x' },
    };
    const d = steered({ pools }).dynamic as Dynamic;
    const a = expectedPool(d, ['192.0.2.1'], 'a');
    expect(a).toMatchObject({ pool: 'c', passed: ['a', 'b'], candidates: ['192.0.2.30'] });
    // Its one live value obeys a health check: should that fail, the record values answer.
    expect(a.ifUnhealthy).toEqual({ passed: [], candidates: ['192.0.2.1'] });
    expect(expectedText(a)).toBe('pool a (all down) → pool b (all down) → pool c: 192.0.2.30');
    expect(expectedPool(d, ['192.0.2.1'], 'x')).toEqual({ passed: ['x', 'y'], candidates: ['192.0.2.1'] });
    expect(expectedPool(d, ['192.0.2.1'], 'nope')).toEqual({ passed: [], candidates: ['192.0.2.1'] });
  });
});

describe('judging one answer', () => {
  const rrset = steered();
  const [lab, eu, catchAll] = probesFor(rrset, samples) as [SteeringProbe, SteeringProbe, SteeringProbe];

  it('accepts any non-empty subset of a weighted pool, one value or all', () => {
    expect(judgeSteering(eu, rrset, answer(['192.0.2.10'])).result).toBe('ok');
    expect(judgeSteering(eu, rrset, answer(['192.0.2.11'])).result).toBe('ok');
    expect(judgeSteering(eu, rrset, answer(['192.0.2.10', '192.0.2.11']))).toEqual({ result: 'ok', got: 'A 192.0.2.10, 192.0.2.11 (pool eu)' });
    expect(judgeSteering(lab, rrset, answer(['203.0.113.10'])).result).toBe('ok');
  });

  it('names the pool a wrong answer came from, and an answer from no pool', () => {
    expect(judgeSteering(eu, rrset, answer(['203.0.113.10']))).toEqual({ result: 'wrong-pool', got: 'A 203.0.113.10 (pool lab)' });
    expect(judgeSteering(eu, rrset, answer(['192.0.2.10', '198.51.100.10']))).toEqual({ result: 'wrong-pool', got: 'A 192.0.2.10, 198.51.100.10 (no pool)' });
    expect(judgeSteering(catchAll, rrset, answer(['192.0.2.1']))).toMatchObject({ result: 'fallback', got: 'A 192.0.2.1 (the record values)' });
    expect(judgeSteering(catchAll, rrset, answer(['192.0.2.10'])).result).toBe('wrong-pool');
    expect(judgeSteering(eu, rrset, answer([], 24, 'NXDOMAIN')).result).toBe('wrong-pool');
    expect(poolOf(rrset, ['192.0.2.10'], 'eu')).toBe('pool eu');
  });

  it('reports an answer from the fallback chain of a pool whose values obey health checks as fallback, not OK and not a wrong pool', () => {
    expect(judgeSteering(eu, rrset, answer(['198.51.100.10']))).toEqual({
      result: 'fallback', got: 'A 198.51.100.10 (pool us)',
      detail: 'answered by the fallback (pool us: 198.51.100.10): the values of pool eu obey health checks, which fail there, or the server steers wrong',
    });
    // With a value marked up, the pool always answers: its fallback is wrong.
    const up = steered({ pools: { ...(steered().dynamic as Dynamic).pools, eu: { values: [v('192.0.2.10', 3, 'up'), v('192.0.2.11')], fallback: 'us' } } });
    const [, euUp] = probesFor(up, samples) as [SteeringProbe, SteeringProbe];
    expect(judgeSteering(euUp, up, answer(['198.51.100.10'])).result).toBe('wrong-pool');
  });

  it('cannot check from an answer without ECS, or with scope /0, even when it looks right', () => {
    const none = judgeSteering(eu, rrset, answer(['192.0.2.10'], null));
    expect(none.result).toBe('cannot-check');
    expect(none.detail).toMatch(/no ECS option.*cannot check steering from here/);
    const zero = judgeSteering(eu, rrset, answer(['198.51.100.10'], 0));
    expect(zero).toMatchObject({ result: 'cannot-check', got: 'A 198.51.100.10 (pool us)' });
    expect(zero.detail).toMatch(/scope \/0/);
  });
});
