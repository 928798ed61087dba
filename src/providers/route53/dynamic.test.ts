import { describe, expect, it } from 'vitest';
import type { ResourceRecordSet } from '@aws-sdk/client-route-53';
import type { RRset } from '../../core/model.js';
import { steeredWww, writtenSteering, ZONE } from '../../../test/providers/route53-fixtures.js';
import { zoneFromRoute53 } from './convert.js';
import { planGroupBatches } from './apply.js';
import {
  cidrLocationName,
  cidrRequests,
  cidrLocations,
  geoLocation,
  healthCheckConfig,
  orderedChanges,
  steeredToRoute53,
  steeringBase,
} from './dynamic.js';
import { steeringProblems } from './dynamic-limits.js';

const ZONE_ID = 'Z0001';

const written = (rrset: RRset, reference?: string) => writtenSteering(rrset, ZONE_ID, reference);

describe('steered rrsets as Route 53 record sets', () => {
  it('names them as octoDNS does: default pool, failover pairs, weighted values, one geolocation set per geo', () => {
    const { sets } = written(steeredWww());
    const ids = sets.map((s) => `${s.Name} ${s.SetIdentifier ?? '-'}`);
    expect(ids).toEqual([
      '_octodns-default-pool.www.example.com -',
      '_octodns-eu-pool.www.example.com eu-Primary',
      '_octodns-eu-pool.www.example.com eu-Secondary-us',
      '_octodns-eu-value.www.example.com eu-000',
      '_octodns-eu-value.www.example.com eu-001',
      '_octodns-us-pool.www.example.com us-Primary',
      '_octodns-us-pool.www.example.com us-Secondary-default',
      '_octodns-us-value.www.example.com us-000',
      '_octodns-us-value.www.example.com us-001',
      'www.example.com 0-eu-EU-DE',
      'www.example.com 0-eu-NA-US-CA',
      'www.example.com 1-us-NA',
      'www.example.com 2-eu-None',
    ]);
    const byId = new Map(sets.map((s) => [s.SetIdentifier, s]));
    expect(byId.get('0-eu-NA-US-CA')?.GeoLocation).toEqual({ CountryCode: 'US', SubdivisionCode: 'CA' });
    expect(byId.get('1-us-NA')?.GeoLocation).toEqual({ ContinentCode: 'NA' });
    expect(byId.get('2-eu-None')?.GeoLocation).toEqual({ CountryCode: '*' });
    expect(byId.get('eu-Secondary-us')?.AliasTarget).toEqual({ DNSName: '_octodns-us-pool.www.example.com', HostedZoneId: ZONE_ID, EvaluateTargetHealth: true });
    expect(byId.get('us-Secondary-default')?.AliasTarget?.DNSName).toBe('_octodns-default-pool.www.example.com');
    expect(byId.get('eu-000')).toMatchObject({ Weight: 10, TTL: 60, ResourceRecords: [{ Value: '192.0.2.1' }], HealthCheckId: 'hc-192.0.2.1-obey' });
    // status up: no health check
    expect(byId.get('eu-001')?.HealthCheckId).toBeUndefined();
  });

  it('configures health checks as octoDNS does, down as disabled and inverted', () => {
    const rrset = steeredWww();
    expect(healthCheckConfig(rrset, '192.0.2.1', 'obey')).toEqual({
      Type: 'HTTPS', Port: 8443, MeasureLatency: false, RequestInterval: 30, FailureThreshold: 6, EnableSNI: true, Disabled: false, Inverted: false,
      FullyQualifiedDomainName: 'health.example.com', ResourcePath: '/ready', IPAddress: '192.0.2.1',
    });
    expect(healthCheckConfig(rrset, '198.51.100.2', 'down')).toMatchObject({ Disabled: true, Inverted: true });
  });

  it('reads them back as the same canonical rrset (a round trip re-plans empty)', () => {
    const rrset = steeredWww();
    const { sets, checks } = written(rrset);
    const plain: ResourceRecordSet = { Name: 'mail.example.com.', Type: 'A', TTL: 300, ResourceRecords: [{ Value: '192.0.2.25' }] };
    const read = zoneFromRoute53(ZONE, ZONE_ID, [plain, ...sets.map((s) => ({ ...s, Name: `${s.Name}.`, ...(s.AliasTarget ? { TTL: 0 } : {}) }))], checks);
    expect(read.unmanaged).toEqual([]);
    expect(read.zone.rrsets).toEqual([{ name: 'mail.example.com.', type: 'A', ttl: 300, values: ['192.0.2.25'] }, rrset].sort((a, b) => (a.name < b.name ? 1 : -1)));
    expect(read.steered.get('www.example.com. A')).toHaveLength(sets.length);
  });

  it('round-trips a record with every value up and default health settings, and a CNAME', () => {
    const up = steeredWww();
    const dynamic = up.dynamic as NonNullable<RRset['dynamic']>;
    const allUp: RRset = { ...up, dynamic: { ...dynamic, healthcheck: { host: 'www.example.com', path: '/_dns', port: 443, protocol: 'HTTPS' }, pools: Object.fromEntries(Object.entries(dynamic.pools).map(([k, p]) => [k, { ...p, values: p.values.map((v) => ({ ...v, status: 'up' as const })) }])) } };
    delete allUp.dynamic?.providerHealthcheck;
    expect(steeringProblems(allUp)).toEqual([]);
    const { sets, checks } = written(allUp);
    expect(checks.size).toBe(0);
    expect(zoneFromRoute53(ZONE, ZONE_ID, sets).zone.rrsets).toEqual([allUp]);
    const cname: RRset = { name: 'cdn.example.com.', type: 'CNAME', ttl: 300, values: ['origin.example.net.'], dynamic: { pools: { a: { values: [{ value: 'a.example.net.', weight: 1, status: 'obey' }] } }, rules: [{ pool: 'a' }], healthcheck: { host: 'cdn.example.com', path: '/_dns', port: 443, protocol: 'HTTPS' } } };
    const c = written(cname);
    expect(healthCheckConfig(cname, 'a.example.net.', 'obey').FullyQualifiedDomainName).toBe('a.example.net');
    expect(zoneFromRoute53(ZONE, ZONE_ID, c.sets, c.checks).zone.rrsets).toEqual([cname]);
  });

  it('keeps routing it did not make as it is: foreign weighted sets, a half-deleted group, a health check zonesync did not make', () => {
    const rrset = steeredWww();
    const { sets, checks } = written(rrset);
    const foreign: ResourceRecordSet = { Name: 'api.example.com.', Type: 'A', SetIdentifier: 'blue', Weight: 1, TTL: 60, ResourceRecords: [{ Value: '192.0.2.9' }] };
    const half = sets.filter((s) => s.SetIdentifier !== 'us-Primary');
    const read = zoneFromRoute53(ZONE, ZONE_ID, [foreign, ...half], checks);
    expect(read.zone.rrsets).toEqual([]);
    expect(read.unmanaged.find((u) => u.name === '_octodns-default-pool.www.example.com.')?.reason).toBe("zonesync's steering layout for www.example.com. A no longer adds up: pool us has a SECONDARY failover set but no PRIMARY one");
    expect(read.unmanaged.map((u) => `${u.name} ${u.setIdentifier}`)).toContain('api.example.com. blue');
    expect(read.unmanaged.map((u) => u.setIdentifier)).toContain('0-eu-EU-DE');
    const theirs = written(rrset, 'someone-else:');
    const notOurs = zoneFromRoute53(ZONE, ZONE_ID, theirs.sets, theirs.checks);
    expect(notOurs.steered.size).toBe(0);
    expect(notOurs.unmanaged.length).toBe(sets.length);
  });

  it('maps octoDNS geos to Route 53 locations, refusing those Route 53 has not', () => {
    expect(geoLocation('EU')).toEqual({ ContinentCode: 'EU' });
    expect(geoLocation('EU-DE')).toEqual({ CountryCode: 'DE' });
    expect(geoLocation('NA-US-CA')).toEqual({ CountryCode: 'US', SubdivisionCode: 'CA' });
    for (const bad of ['XX', 'NA-CA-BC', 'EU-DEU', 'EU-DE-BE-X', '']) expect(geoLocation(bad)).toBeUndefined();
    expect(steeringBase('_octodns-eu-pool.www.example.com.')).toBe('www.example.com.');
    expect(steeringBase('_octodns-default-pool.www.example.com.')).toBe('www.example.com.');
    expect(steeringBase('www.example.com.')).toBe('www.example.com.');
  });

  it('refuses at plan time what AWS would reject and moto takes', () => {
    const base = steeredWww();
    const dynamic = base.dynamic as NonNullable<RRset['dynamic']>;
    const withRules = (rules: NonNullable<RRset['dynamic']>['rules']): RRset => ({ ...base, dynamic: { ...dynamic, rules } });
    expect(steeringProblems(base)).toEqual([]);
    expect(steeringProblems(withRules([{ pool: 'eu', subnets: ['10.0.0.0/8'] }, { pool: 'us' }]))).toEqual([]);
    expect(steeringProblems(withRules([{ pool: 'eu', subnets: ['10.0.0.0/25', '2001:db8::/64'] }, { pool: 'us' }]))).toEqual([
      "rule 1: subnet 10.0.0.0/25 is narrower than Route 53's CIDR blocks go (at most /24 for IPv4)",
      "rule 1: subnet 2001:db8::/64 is narrower than Route 53's CIDR blocks go (at most /48 for IPv6)",
    ]);
    const blocks = Array.from({ length: 1001 }, (_, i) => `10.${Math.floor(i / 256)}.${i % 256}.0/24`);
    expect(steeringProblems(withRules([{ pool: 'eu', subnets: blocks }, { pool: 'us' }])).join('\n')).toMatch(/1001 subnets: more than the 1000 CIDR blocks/);
    expect(steeringProblems(withRules([{ pool: 'eu', geos: ['NA-CA-BC'] }])).join('\n')).toMatch(/NA-CA-BC is not a Route 53 location/);
    expect(steeringProblems(withRules([{ pool: 'eu', geos: ['EU'] }, { pool: 'us', geos: ['EU'] }])).join('\n')).toMatch(/already routed/);
    const heavy: RRset = { ...base, dynamic: { ...dynamic, pools: { ...dynamic.pools, eu: { values: [{ value: '192.0.2.1', weight: 300, status: 'up' }] } } } };
    expect(steeringProblems(heavy).join('\n')).toMatch(/weight 300 is outside Route 53's 0..255/);
    const interval: RRset = { ...base, dynamic: { ...dynamic, providerHealthcheck: { route53: { request_interval: 15 } } } };
    expect(steeringProblems(interval).join('\n')).toMatch(/request_interval 15: Route 53 takes 10 or 30/);
    const many = Array.from({ length: 600 }, (_, i) => ({ value: `10.0.${Math.floor(i / 250)}.${i % 250}`, weight: 1, status: 'up' as const }));
    const huge: RRset = { ...base, dynamic: { ...dynamic, pools: { ...dynamic.pools, eu: { values: many } } } };
    expect(steeringProblems(huge).join('\n')).toMatch(/more than one change batch takes/);
  });

  it('orders changes so that nothing points at a missing record set, and never splits one rrset across batches', () => {
    const before = written(steeredWww()).sets;
    const after = written(steeredWww({ a: 70 })).sets;
    const weightOnly = orderedChanges(before, after);
    expect(weightOnly.map((c) => `${c.Action} ${c.ResourceRecordSet?.SetIdentifier}`)).toEqual(['UPSERT eu-000']);
    const plain: ResourceRecordSet = { Name: 'www.example.com', Type: 'A', TTL: 60, ResourceRecords: [{ Value: '203.0.113.10' }] };
    const toSteered = orderedChanges([plain], after).map((c) => `${c.Action} ${c.ResourceRecordSet?.SetIdentifier ?? '-'}`);
    expect(toSteered[0]).toBe('DELETE -');
    expect(toSteered.indexOf('CREATE eu-000')).toBeLessThan(toSteered.indexOf('CREATE eu-Primary'));
    expect(toSteered.indexOf('CREATE eu-Primary')).toBeLessThan(toSteered.indexOf('CREATE eu-Secondary-us'));
    expect(toSteered.indexOf('CREATE eu-Secondary-us')).toBeLessThan(toSteered.indexOf('CREATE 0-eu-EU-DE'));
    const removal = orderedChanges(after, []).map((c) => c.ResourceRecordSet?.SetIdentifier ?? '-');
    expect(removal.indexOf('0-eu-EU-DE')).toBeLessThan(removal.indexOf('eu-Secondary-us'));
    expect(removal.indexOf('eu-Primary')).toBeLessThan(removal.indexOf('eu-000'));
    // a group is one request: the small change before it is cut off rather than the group split
    const group = orderedChanges([], after);
    const filler = Array.from({ length: 997 }, (_, i) => [{ Action: 'CREATE' as const, ResourceRecordSet: { Name: `h${i}.example.com`, Type: 'A' as const, TTL: 60, ResourceRecords: [{ Value: '192.0.2.1' }] } }]);
    const plan = planGroupBatches([...filler, group]);
    expect(plan.ok && plan.batches.map((b) => b.length)).toEqual([997, group.length]);
  });

  describe('subnet rules as CIDR routing', () => {
    const COLLECTION = '0f0e0d0c-0b0a-4000-8000-000000000001';
    /** What Route 53 lists: trailing dots, alias TTL 0; and the collection's blocks by location. */
    const listed = (sets: ResourceRecordSet[]) => sets.map((s) => ({ ...s, Name: `${s.Name}.`, ...(s.AliasTarget ? { TTL: 0 } : {}) }));
    const collection = (rrset: RRset) => ({ id: COLLECTION, locations: cidrLocations(rrset) });

    it('puts CIDR record sets at the name, the default location aliasing the geolocation sets at _zonesync-geo', () => {
      const rrset = steeredWww({}, 'www', ['10.1.0.0/16', '2001:db8::/48']);
      const sets = steeredToRoute53(rrset, ZONE_ID, (value, status) => `hc-${value}-${status}`, COLLECTION);
      const atName = sets.filter((s) => s.Name === 'www.example.com');
      expect(atName.map((s) => [s.SetIdentifier, s.CidrRoutingConfig, s.AliasTarget?.DNSName])).toEqual([
        ['0-office-cidr', { CollectionId: COLLECTION, LocationName: cidrLocationName(rrset, 0) }, '_octodns-office-pool.www.example.com'],
        ['cidr-default', { CollectionId: COLLECTION, LocationName: '*' }, '_zonesync-geo.www.example.com'],
      ]);
      expect(cidrLocationName(rrset, 0)).toMatch(/^[0-9a-f]{10}-0$/);
      expect([...cidrLocations(rrset)]).toEqual([[cidrLocationName(rrset, 0), ['10.1.0.0/16', '2001:db8::/48']]]);
      expect(sets.filter((s) => s.Name === '_zonesync-geo.www.example.com').map((s) => s.SetIdentifier)).toEqual(['1-eu-EU-DE', '1-eu-NA-US-CA', '2-us-NA', '3-eu-None']);
      expect(steeringBase('_zonesync-geo.www.example.com.')).toBe('www.example.com.');
      expect(steeringProblems(rrset)).toEqual([]);
      // CIDR sets alias the geolocation ones: created after them, deleted before them
      const created = orderedChanges([], sets).map((c) => c.ResourceRecordSet?.SetIdentifier ?? '-');
      expect(created.indexOf('3-eu-None')).toBeLessThan(created.indexOf('cidr-default'));
      const removed = orderedChanges(sets, []).map((c) => c.ResourceRecordSet?.SetIdentifier ?? '-');
      expect(removed.indexOf('cidr-default')).toBeLessThan(removed.indexOf('3-eu-None'));
    });

    it('reads them back as the same canonical rrset: subnet only, subnets with geos, no geo rules at all', () => {
      const rrset = steeredWww({}, 'www', ['2001:db8::/48', '10.1.0.0/16']);
      const hc = written(rrset);
      const sets = steeredToRoute53(rrset, ZONE_ID, (value, status) => `hc-${value}-${status}`, COLLECTION);
      const read = zoneFromRoute53(ZONE, ZONE_ID, listed(sets), hc.checks, collection(rrset));
      expect(read.unmanaged).toEqual([]);
      expect(read.zone.rrsets).toEqual([rrset]);
      const dynamic = rrset.dynamic as NonNullable<RRset['dynamic']>;
      const mixed: RRset = { ...rrset, dynamic: { ...dynamic, rules: [{ pool: 'office', geos: ['AS'], subnets: ['10.1.0.0/16'] }, { pool: 'us', geos: ['NA'] }, { pool: 'eu' }] } };
      const m = steeredToRoute53(mixed, ZONE_ID, (value, status) => `hc-${value}-${status}`, COLLECTION);
      expect(m.find((s) => s.SetIdentifier === '0-office-AS')?.Name).toBe('_zonesync-geo.www.example.com');
      expect(zoneFromRoute53(ZONE, ZONE_ID, listed(m), hc.checks, collection(mixed)).zone.rrsets).toEqual([mixed]);
      const subnetOnly: RRset = { ...rrset, dynamic: { ...dynamic, rules: [{ pool: 'office', subnets: ['10.1.0.0/16'] }] } };
      const o = steeredToRoute53(subnetOnly, ZONE_ID, (value, status) => `hc-${value}-${status}`, COLLECTION);
      expect(o.find((s) => s.SetIdentifier === 'cidr-default')?.AliasTarget?.DNSName).toBe('_octodns-default-pool.www.example.com');
      expect(zoneFromRoute53(ZONE, ZONE_ID, listed(o), hc.checks, collection(subnetOnly)).zone.rrsets).toEqual([subnetOnly]);
    });

    it('cuts CIDR collection changes into requests of at most 1,000 blocks, in order', () => {
      const many = Array.from({ length: 1500 }, (_, i) => `10.${Math.floor(i / 256)}.${i % 256}.0/24`);
      const requests = cidrRequests([{ LocationName: 'a', Action: 'DELETE_IF_EXISTS', CidrList: ['192.0.2.0/24'] }, { LocationName: 'b', Action: 'PUT', CidrList: many }]);
      expect(requests.map((r) => r.map((c) => `${c.LocationName} ${c.CidrList?.length}`))).toEqual([['a 1', 'b 999'], ['b 501']]);
      expect(requests.flat().flatMap((c) => c.CidrList)).toEqual(['192.0.2.0/24', ...many]);
      expect(cidrRequests([])).toEqual([]);
    });

    it('does not take CIDR routing it did not make: another collection, a location of another name, no blocks', () => {
      const rrset = steeredWww({}, 'www', ['10.1.0.0/16']);
      const hc = written(rrset);
      const sets = listed(steeredToRoute53(rrset, ZONE_ID, (value, status) => `hc-${value}-${status}`, COLLECTION));
      expect(zoneFromRoute53(ZONE, ZONE_ID, sets, hc.checks).zone.rrsets).toEqual([]);
      expect(zoneFromRoute53(ZONE, ZONE_ID, sets, hc.checks, { id: 'someone-elses', locations: cidrLocations(rrset) }).zone.rrsets).toEqual([]);
      expect(zoneFromRoute53(ZONE, ZONE_ID, sets, hc.checks, { id: COLLECTION, locations: new Map() }).zone.rrsets).toEqual([]);
      const renamed = sets.map((s) => (s.CidrRoutingConfig && s.CidrRoutingConfig.LocationName !== '*' ? { ...s, CidrRoutingConfig: { CollectionId: COLLECTION, LocationName: 'office' } } : s));
      const read = zoneFromRoute53(ZONE, ZONE_ID, renamed, hc.checks, { id: COLLECTION, locations: new Map([['office', ['10.1.0.0/16']]]) });
      expect(read.zone.rrsets).toEqual([]);
      expect(read.unmanaged.map((u) => u.reason)).toContain(`IP-based record (SetIdentifier "0-office-cidr"); zonesync's steering layout for www.example.com. A no longer adds up: CIDR set www.example.com. "0-office-cidr" has location office, not ${cidrLocationName(rrset, 0)}`);
    });
  });
});
