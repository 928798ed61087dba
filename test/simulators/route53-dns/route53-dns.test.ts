import { ChangeCidrCollectionCommand, ChangeResourceRecordSetsCommand, CreateCidrCollectionCommand, CreateHealthCheckCommand, CreateHostedZoneCommand, Route53Client, type ResourceRecordSet } from '@aws-sdk/client-route-53';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { query } from '../../../src/dns/client.js';
import { clientSubnet } from '../../../src/dns/ecs.js';
import { MOTO_CREDENTIALS } from '../../harness/moto.js';
import { useMotoBehindProxy } from '../../providers/route53-fixtures.js';
import { startRoute53Dns, type Route53Dns } from './index.js';

/**
 * The Route 53 nameserver simulator over DNS, reading a zone written straight to moto (behind the
 * proxy that serves CIDR collections): what it serves as is, what it routes per query, NODATA
 * with the SOA, the ECS scope, health checks set failing, and answers from the last read only.
 */

const ctx = useMotoBehindProxy();
let dns: Route53Dns;
let zoneId = '';
let primaryCheck = '';

const a = (name: string, value: string, extra: Partial<ResourceRecordSet> = {}): ResourceRecordSet => ({ Name: `${name}.sim.example.`, Type: 'A', TTL: 60, ResourceRecords: [{ Value: value }], ...extra });
const ask = async (name: string, subnet?: string, type = 'A') => {
  const response = await query(dns.dns, `${name}.sim.example.`, type, { edns: true, ...(subnet ? { ecs: clientSubnet(subnet) } : {}) });
  return { rcode: response.rcode, values: response.answers.filter((r) => r.type === type).map((r) => `${r.name} ${r.value}`), soa: response.authorities.some((r) => r.type === 'SOA'), scope: response.ecs?.scopePrefix };
};

beforeAll(async () => {
  const sdk = new Route53Client({ endpoint: ctx.proxy.endpoint, region: 'us-east-1', credentials: MOTO_CREDENTIALS });
  try {
    zoneId = (await sdk.send(new CreateHostedZoneCommand({ Name: 'sim.example', CallerReference: 'route53-dns-test' }))).HostedZone?.Id ?? '';
    const bare = zoneId.replace(/^\/hostedzone\//, '');
    const collection = (await sdk.send(new CreateCidrCollectionCommand({ Name: 'sim', CallerReference: 'sim' }))).Collection?.Id ?? '';
    await sdk.send(new ChangeCidrCollectionCommand({ Id: collection, Changes: [{ LocationName: 'office', Action: 'PUT', CidrList: ['10.1.0.0/16'] }] }));
    primaryCheck = (await sdk.send(new CreateHealthCheckCommand({ CallerReference: 'primary', HealthCheckConfig: { Type: 'TCP', IPAddress: '192.0.2.1', Port: 443 } }))).HealthCheck?.Id ?? '';
    const sets: ResourceRecordSet[] = [
      a('plain', '192.0.2.7'),
      { Name: 'alias.sim.example.', Type: 'A', AliasTarget: { DNSName: 'plain.sim.example.', HostedZoneId: bare, EvaluateTargetHealth: false } },
      a('geo', '192.0.2.1', { SetIdentifier: 'de', GeoLocation: { CountryCode: 'DE' } }),
      a('geo', '198.51.100.1', { SetIdentifier: 'na', GeoLocation: { ContinentCode: 'NA' } }),
      a('cidr', '192.0.2.50', { SetIdentifier: 'office', CidrRoutingConfig: { CollectionId: collection, LocationName: 'office' } }),
      a('cidr', '192.0.2.99', { SetIdentifier: 'rest', CidrRoutingConfig: { CollectionId: collection, LocationName: '*' } }),
      a('fo', '192.0.2.1', { SetIdentifier: 'p', Failover: 'PRIMARY', HealthCheckId: primaryCheck }),
      a('fo', '198.51.100.1', { SetIdentifier: 's', Failover: 'SECONDARY' }),
    ];
    await sdk.send(new ChangeResourceRecordSetsCommand({ HostedZoneId: zoneId, ChangeBatch: { Changes: sets.map((set) => ({ Action: 'CREATE', ResourceRecordSet: set })) } }));
  } finally {
    sdk.destroy();
  }
  dns = await startRoute53Dns({ endpoint: ctx.proxy.endpoint, zones: ['sim.example'] });
  await dns.refresh();
});
afterAll(async () => dns?.close());

describe('the Route 53 nameserver simulator', () => {
  it("serves the zone's SOA as Route 53 (moto) keeps it", async () => {
    const soa = await query(dns.dns, 'sim.example.', 'SOA');
    expect(soa.answers.map((r) => r.value)).toEqual([expect.stringMatching(/^ns-\d+\.awsdns-\d+\.\w+\. hostmaster\.example\.com\. 1 7200 900 1209600 86400$/)]);
  });

  it('serves a plain record set as it is, with ECS scope /0, and an alias under its own name', async () => {
    expect(await ask('plain', '192.0.2.0/24')).toMatchObject({ rcode: 'NOERROR', values: ['plain.sim.example. 192.0.2.7'], scope: 0 });
    expect(await ask('alias', '192.0.2.0/24')).toMatchObject({ rcode: 'NOERROR', values: ['alias.sim.example. 192.0.2.7'], scope: 0 });
  });

  it('answers geolocation by the client subnet with its source prefix as scope, and NODATA with the SOA where nothing matches', async () => {
    expect(await ask('geo', '192.0.2.0/24')).toMatchObject({ values: ['geo.sim.example. 192.0.2.1'], scope: 24 });
    expect(await ask('geo', '198.51.100.0/24')).toMatchObject({ values: ['geo.sim.example. 198.51.100.1'], scope: 24 });
    expect(await ask('geo', '203.0.113.0/24')).toEqual({ rcode: 'NOERROR', values: [], soa: true, scope: 24 });
    expect(await ask('geo', '192.0.2.0/24', 'AAAA')).toMatchObject({ rcode: 'NOERROR', values: [], soa: true });
  });

  it("answers IP-based routing from the CIDR collection's blocks, and the default location for the query's source without ECS", async () => {
    expect(await ask('cidr', '10.1.7.0/24')).toMatchObject({ values: ['cidr.sim.example. 192.0.2.50'], scope: 24 });
    expect(await ask('cidr')).toMatchObject({ values: ['cidr.sim.example. 192.0.2.99'] });
  });

  it('fails over to the secondary while the primary health check is set failing', async () => {
    expect(dns.healthChecksOf('192.0.2.1')).toEqual([primaryCheck]);
    expect((await ask('fo')).values).toEqual(['fo.sim.example. 192.0.2.1']);
    dns.setFailing(primaryCheck, true);
    expect((await ask('fo')).values).toEqual(['fo.sim.example. 198.51.100.1']);
    dns.setFailing(primaryCheck, false);
    expect((await ask('fo')).values).toEqual(['fo.sim.example. 192.0.2.1']);
  });

  it('answers from its last read until refreshed', async () => {
    await ctx.sdk.send(new ChangeResourceRecordSetsCommand({ HostedZoneId: zoneId, ChangeBatch: { Changes: [{ Action: 'UPSERT', ResourceRecordSet: a('plain', '192.0.2.8') }] } }));
    expect((await ask('plain')).values).toEqual(['plain.sim.example. 192.0.2.7']);
    await dns.refresh();
    expect((await ask('plain')).values).toEqual(['plain.sim.example. 192.0.2.8']);
  });
});
