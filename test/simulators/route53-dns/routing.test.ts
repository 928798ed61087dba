// test-project: unit
import type { ResourceRecordSet } from '@aws-sdk/client-route-53';
import { describe, expect, it } from 'vitest';
import { canonicalDynamic, defaultHealthcheck } from '../../../src/core/dynamic/canonical.js';
import type { RRset } from '../../../src/core/model.js';
import { cidrLocationName, steeredToRoute53 } from '../../../src/providers/route53/dynamic.js';
import { locate } from '../ns1/steer.js';
import { route, routedNames, type Client, type RoutingContext } from './routing.js';

/** The simulator's choice of record set, pinned to the examples of Route 53's Developer Guide. */

const a = (name: string, value: string, extra: Partial<ResourceRecordSet> = {}): ResourceRecordSet => ({ Name: name, Type: 'A', TTL: 60, ResourceRecords: [{ Value: value }], ...extra });
const alias = (name: string, target: string, extra: Partial<ResourceRecordSet> = {}): ResourceRecordSet => ({ Name: name, Type: 'A', AliasTarget: { DNSName: target, HostedZoneId: 'Z1', EvaluateTargetHealth: true }, ...extra });

function context(sets: ResourceRecordSet[], options: { failing?: string[]; random?: number; cidr?: Record<string, string[]> } = {}): RoutingContext {
  return {
    sets,
    cidr: new Map([['c1', new Map(Object.entries(options.cidr ?? {}))]]),
    healthy: (id) => !(options.failing ?? []).includes(id),
    random: () => options.random ?? 0,
  };
}
const from = (subnet: string): Client => {
  const [address, prefix] = subnet.split('/') as [string, string];
  return { address, prefix: Number(prefix), where: locate(address) };
};
const answer = (ctx: RoutingContext, client = from('127.0.0.1/32'), name = 'www.example.com.') => {
  const routed = route(ctx, name, 'A', client);
  return routed.kind === 'answer' ? routed.values : 'NODATA';
};

describe('weighted routing', () => {
  // "weights of 1 and 255: the resource with a weight of 1 gets 1/256th of the traffic"
  const sets = [a('www.example.com', '192.0.2.1', { SetIdentifier: 'one', Weight: 1 }), a('www.example.com', '192.0.2.255', { SetIdentifier: 'many', Weight: 255 })];
  it.each([
    [0, '192.0.2.1'],
    [0.9 / 256, '192.0.2.1'],
    [1.1 / 256, '192.0.2.255'],
    [0.999, '192.0.2.255'],
  ])('random %f of the total weight picks %s', (random, value) => {
    expect(answer(context(sets, { random }))).toEqual([value]);
  });

  // "Weighted records with a weight of 0": considered only when every non-zero one is unhealthy
  const checked = [
    a('www.example.com', '192.0.2.0', { SetIdentifier: 'w0', Weight: 0, HealthCheckId: 'h0' }),
    a('www.example.com', '192.0.2.20', { SetIdentifier: 'w20', Weight: 20, HealthCheckId: 'h20' }),
    a('www.example.com', '192.0.2.50', { SetIdentifier: 'w50', Weight: 50, HealthCheckId: 'h50' }),
  ];
  it('skips an unhealthy record, and weight 0 answers only when every non-zero record is unhealthy', () => {
    expect(answer(context(checked, { failing: ['h20'] }))).toEqual(['192.0.2.50']);
    expect(answer(context(checked, { failing: ['h20', 'h50'] }))).toEqual(['192.0.2.0']);
  });
  it('treats every record as healthy when none is, choosing by weight again', () => {
    expect(answer(context(checked, { failing: ['h0', 'h20', 'h50'], random: 0.99 }))).toEqual(['192.0.2.50']);
  });
  it('gives every record the same chance when all weights are 0', () => {
    const zeros = checked.map((s) => ({ ...s, Weight: 0 }));
    expect(answer(context(zeros, { random: 0.5 }))).toEqual(['192.0.2.20']);
  });
});

describe('failover routing and alias records', () => {
  const pair = [alias('www.example.com', 'primary.example.com', { SetIdentifier: 'p', Failover: 'PRIMARY' }), alias('www.example.com', 'secondary.example.com', { SetIdentifier: 's', Failover: 'SECONDARY' })];
  const targets = [a('primary.example.com', '192.0.2.1', { SetIdentifier: 'p1', Weight: 1, HealthCheckId: 'h1' }), a('primary.example.com', '192.0.2.2', { SetIdentifier: 'p2', Weight: 1, HealthCheckId: 'h2' }), a('secondary.example.com', '198.51.100.1')];
  it('answers the primary while its alias target has a healthy record, under the queried name', () => {
    expect(answer(context([...pair, ...targets], { failing: ['h1'] }))).toEqual(['192.0.2.2']);
  });
  it('answers the secondary when every record the primary aliases is unhealthy', () => {
    expect(answer(context([...pair, ...targets], { failing: ['h1', 'h2'] }))).toEqual(['198.51.100.1']);
  });
  it('answers the primary when the secondary is unhealthy too (none healthy: all count as healthy)', () => {
    const downToo = [...pair, ...targets.slice(0, 2), a('secondary.example.com', '198.51.100.1', { HealthCheckId: 'h3' })];
    expect(answer(context(downToo, { failing: ['h1', 'h2', 'h3'], random: 0.9 }))).toEqual(['192.0.2.2']);
  });
  it('does not look at the target health of an alias that does not evaluate it', () => {
    const blind = [{ ...pair[0], AliasTarget: { ...pair[0]?.AliasTarget, EvaluateTargetHealth: false } } as ResourceRecordSet, pair[1] as ResourceRecordSet, ...targets];
    expect(answer(context(blind, { failing: ['h1', 'h2'] }))).toEqual(['192.0.2.1']);
  });
  it('answers NODATA for an alias whose target has no record of the type', () => {
    expect(answer(context([alias('www.example.com', 'nothing.example.com')]))).toBe('NODATA');
  });
});

describe('geolocation routing', () => {
  // "one record for North America and one for Canada: priority goes to the smallest geographic region"
  const sets = [
    alias('www.example.com', 'na.example.com', { SetIdentifier: 'na', GeoLocation: { ContinentCode: 'NA' } }),
    alias('www.example.com', 'ca.example.com', { SetIdentifier: 'ca', GeoLocation: { CountryCode: 'CA' } }),
    alias('www.example.com', 'us-ca.example.com', { SetIdentifier: 'us-ca', GeoLocation: { CountryCode: 'US', SubdivisionCode: 'CA' } }),
    alias('www.example.com', 'de.example.com', { SetIdentifier: 'de', GeoLocation: { CountryCode: 'DE' } }),
    a('na.example.com', '192.0.2.1'),
    a('ca.example.com', '192.0.2.2', { HealthCheckId: 'hca' }),
    a('us-ca.example.com', '192.0.2.3', { HealthCheckId: 'hus' }),
    a('de.example.com', '192.0.2.4'),
    a('default.example.com', '192.0.2.9'),
  ];
  const withDefault = [...sets, alias('www.example.com', 'default.example.com', { SetIdentifier: 'default', GeoLocation: { CountryCode: '*' } })];
  it.each([
    ['2001:db8:ca::/48', 'Canada over North America', ['192.0.2.2']],
    ['198.51.100.0/24', 'the US state over North America', ['192.0.2.3']],
    ['192.0.2.0/24', 'the country', ['192.0.2.4']],
    ['203.0.113.0/24', 'the default for a place no record names (Japan)', ['192.0.2.9']],
    ['10.9.0.0/24', 'the default for an address mapped to no place', ['192.0.2.9']],
  ])('a client in %s gets %s', (subnet, _what, values) => {
    expect(answer(context(withDefault), from(subnet))).toEqual(values);
  });
  it('answers NODATA where nothing matches and there is no default location', () => {
    expect(answer(context(sets), from('203.0.113.0/24'))).toBe('NODATA');
  });
  it('goes to the next larger region when the most specific record is unhealthy', () => {
    expect(answer(context(withDefault, { failing: ['hca'] }), from('2001:db8:ca::/48'))).toEqual(['192.0.2.1']);
    expect(answer(context(withDefault, { failing: ['hus'] }), from('198.51.100.0/24'))).toEqual(['192.0.2.1']);
  });
  it('says the answer was chosen by the client, so it carries an ECS scope', () => {
    expect(route(context(withDefault), 'www.example.com.', 'A', from('192.0.2.0/24'))).toMatchObject({ kind: 'answer', byClient: true });
    expect(route(context([a('www.example.com', '192.0.2.1')]), 'www.example.com.', 'A', from('192.0.2.0/24'))).toMatchObject({ kind: 'answer', byClient: false });
  });
});

describe('IP-based routing', () => {
  const cidr = { office: ['10.1.0.0/16'], lab: ['10.1.2.0/24'] };
  const sets = [
    a('www.example.com', '192.0.2.1', { SetIdentifier: 'office', CidrRoutingConfig: { CollectionId: 'c1', LocationName: 'office' } }),
    a('www.example.com', '192.0.2.2', { SetIdentifier: 'lab', CidrRoutingConfig: { CollectionId: 'c1', LocationName: 'lab' } }),
  ];
  const withDefault = [...sets, a('www.example.com', '192.0.2.9', { SetIdentifier: 'rest', CidrRoutingConfig: { CollectionId: 'c1', LocationName: '*' } })];
  it.each([
    ['10.1.0.0/24', ['192.0.2.1']],
    ['10.1.2.0/24', ['192.0.2.2']],
    ['10.2.0.0/24', ['192.0.2.9']],
    // a client subnet wider than the block cannot be placed in it
    ['10.0.0.0/8', ['192.0.2.9']],
  ])('a client in %s gets the longest matching location (or the default *): %j', (subnet, values) => {
    expect(answer(context(withDefault, { cidr }), from(subnet))).toEqual(values);
  });
  it('answers NODATA with no matching block and no default location', () => {
    expect(answer(context(sets, { cidr }), from('10.2.0.0/24'))).toBe('NODATA');
  });
});

describe('the record sets zonesync writes for a steered rrset (octoDNS layout)', () => {
  const name = 'www.example.com.';
  const dynamic = canonicalDynamic(name, 'A', {
    pools: {
      eu: { fallback: 'us', values: [{ value: '192.0.2.10', weight: 3, status: 'obey' }, { value: '192.0.2.11', weight: 1, status: 'obey' }] },
      lab: { values: [{ value: '203.0.113.10', weight: 1, status: 'obey' }] },
      us: { values: [{ value: '198.51.100.10', weight: 1, status: 'obey' }] },
    },
    rules: [{ pool: 'lab', subnets: ['10.1.0.0/16'] }, { pool: 'eu', geos: ['EU-DE'] }, { pool: 'us' }],
    healthcheck: defaultHealthcheck(name),
  }, 'example.com.');
  const rrset: RRset = { name, type: 'A', ttl: 60, values: ['192.0.2.1'], dynamic };
  const sets = steeredToRoute53(rrset, 'Z1', (value) => `hc-${value}`, 'c1');
  const cidr = { [cidrLocationName(rrset, 0)]: ['10.1.0.0/16'] };
  const ask = (subnet: string, failing: string[] = []) => answer(context(sets, { cidr, failing, random: 0 }), from(subnet));
  it('routes the name and the pool and value helpers; the record values are a plain record set', () => {
    expect([...routedNames(sets)].sort()).toEqual(['_octodns-eu-pool.www.example.com.', '_octodns-eu-value.www.example.com.', '_octodns-lab-pool.www.example.com.', '_octodns-lab-value.www.example.com.', '_octodns-us-pool.www.example.com.', '_octodns-us-value.www.example.com.', '_zonesync-geo.www.example.com.', 'www.example.com.']);
  });
  it.each([
    ['10.1.0.0/24', 'the subnet rule (pool lab)', ['203.0.113.10']],
    ['192.0.2.0/24', 'the EU-DE rule (pool eu)', ['192.0.2.10']],
    ['203.0.113.0/24', 'the catch-all (pool us)', ['198.51.100.10']],
    ['127.0.0.1/32', 'the catch-all, placed nowhere (pool us)', ['198.51.100.10']],
  ])('a client in %s gets %s', (subnet, _rule, values) => {
    expect(ask(subnet)).toEqual(values);
  });
  it("answers an EU client from the pool's other value, then from the fallback pool, as the eu health checks fail", () => {
    expect(ask('192.0.2.0/24', ['hc-192.0.2.10'])).toEqual(['192.0.2.11']);
    expect(ask('192.0.2.0/24', ['hc-192.0.2.10', 'hc-192.0.2.11'])).toEqual(['198.51.100.10']);
  });
  it('answers the record values when every pool on the way is unhealthy but the default pool', () => {
    expect(ask('203.0.113.0/24', ['hc-198.51.100.10'])).toEqual(['192.0.2.1']);
  });
});
