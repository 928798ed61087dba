import { CreateReusableDelegationSetCommand, GetHostedZoneCommand, Route53Client } from '@aws-sdk/client-route-53';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProviderError } from '../../src/core/errors.js';
import { createCloudflareProvider } from '../../src/providers/cloudflare/provider.js';
import { createNs1Provider } from '../../src/providers/ns1/provider.js';
import { createPowerDnsProvider, powerdnsConfigSchema } from '../../src/providers/powerdns/provider.js';
import { createRoute53Provider } from '../../src/providers/route53/provider.js';
import { MOTO_CREDENTIALS, startMoto, type Moto } from '../harness/moto.js';
import { startPowerDns, type PowerDnsServer } from '../harness/pdns.js';
import { startCloudflareSimulator, type CloudflareSimulator } from '../simulators/cloudflare/index.js';
import { startNs1Simulator, type Ns1Simulator } from '../simulators/ns1/index.js';

/** Provider.createZone on each provider that can create zones: the zone is there after, with the nameservers it was given, and a zone already there is never created twice. */

describe('Route 53: CreateHostedZone on moto', () => {
  let moto: Moto;
  beforeAll(async () => {
    moto = await startMoto();
  });
  afterAll(async () => moto?.stop());
  const provider = (delegationSetId?: string) =>
    createRoute53Provider('r53', { type: 'route53', endpoint: moto.endpoint, nameservers: [], ...(delegationSetId ? { delegationSetId } : {}) }, { credentials: MOTO_CREDENTIALS, requestsPerSecond: 200 });

  it('creates the hosted zone and answers its delegation set; a second call finds it and creates nothing', async () => {
    const r53 = provider();
    expect(await r53.read('new.example.')).toBeUndefined();
    const created = await r53.createZone('new.example.');
    expect(created.nameservers.length).toBeGreaterThan(0);
    expect(created.nameservers.every((ns) => ns.endsWith('.'))).toBe(true);
    expect(await r53.read('new.example.')).toMatchObject({ name: 'new.example.' });
    expect(await r53.createZone('new.example.')).toEqual(created);
    expect(await provider().listZones()).toEqual(['new.example.']);
  });

  it('puts the zone in the reusable delegation set of delegationSetId', async () => {
    const sdk = new Route53Client({ endpoint: moto.endpoint, region: 'us-east-1', credentials: MOTO_CREDENTIALS });
    const set = await sdk.send(new CreateReusableDelegationSetCommand({ CallerReference: `set-${Date.now()}` }));
    const id = (set.DelegationSet?.Id ?? '').replace(/^\/delegationset\//, '');
    expect(id).not.toBe('');
    const r53 = provider(id);
    const created = await r53.createZone('in-set.example.');
    const hosted = await sdk.send(new GetHostedZoneCommand({ Id: await r53.hostedZoneId('in-set.example.') }));
    expect(hosted.DelegationSet?.Id?.replace(/^\/delegationset\//, '')).toBe(id);
    expect(created.nameservers).toEqual((hosted.DelegationSet?.NameServers ?? []).map((ns) => `${ns.replace(/\.$/, '')}.`));
    sdk.destroy();
  });
});

describe('Cloudflare: POST /zones into the configured account, on the simulator', () => {
  let sim: CloudflareSimulator;
  beforeAll(async () => {
    sim = await startCloudflareSimulator({ tokenAccount: 'acct-1', bannedZones: ['banned.example'] });
  });
  afterAll(async () => sim?.close());
  const provider = (accountId?: string) =>
    createCloudflareProvider('cf', { type: 'cloudflare', apiToken: sim.token, endpoint: sim.baseUrl, ...(accountId ? { accountId } : {}), nameservers: [`${sim.dns.address}:${sim.dns.port}`] }, { retry: { backoffMs: 10, retryAfterCapMs: 2_000 } });

  it('creates the zone in accountId and answers its assigned nameservers; again, it creates nothing', async () => {
    const cf = provider('acct-1');
    expect(await cf.read('made.example.')).toBeUndefined();
    const created = await cf.createZone('made.example.');
    expect(created.nameservers).toEqual(['ada.ns.cloudflare.com.', 'bob.ns.cloudflare.com.']);
    expect(sim.zoneAccount('made.example')).toBe('acct-1');
    const posts = sim.requestsByKind['zones.create'];
    expect(await provider('acct-1').createZone('made.example.')).toEqual(created);
    expect(sim.requestsByKind['zones.create']).toBe(posts);
  });

  it('needs accountId to create a zone, and says so by its config path', async () => {
    await expect(provider().createZone('no-account.example.')).rejects.toThrow('cf: zone no-account.example. does not exist on Cloudflare, and creating it needs providers.cf.accountId');
  });

  it('names the API error: a zone another account holds, a banned name, an invalid name', async () => {
    sim.addZone('taken.example', 'acct-2');
    await expect(provider('acct-1').createZone('taken.example.')).rejects.toThrow(/taken\.example already exists/);
    await expect(provider('acct-1').createZone('banned.example.')).rejects.toThrow(/1097.*banned|banned.*1097/);
    await expect(provider('acct-1').createZone('localhost.')).rejects.toThrow(/localhost is not a registered domain/);
  });

  it('waits out a rate limit and then creates the zone', async () => {
    sim.faults.rateLimited = true;
    const pending = provider('acct-1').createZone('later.example.');
    await new Promise((resolve) => setTimeout(resolve, 300));
    sim.faults.rateLimited = false;
    expect((await pending).nameservers).toHaveLength(2);
  });
});

describe('NS1: PUT /v1/zones/{zone} on the simulator', () => {
  let sim: Ns1Simulator;
  beforeAll(async () => {
    sim = await startNs1Simulator();
  });
  afterAll(async () => sim?.close());
  const provider = () => createNs1Provider('ns1', { type: 'ns1', apiKey: sim.apiKey, endpoint: sim.baseUrl, nameservers: [`${sim.dns.address}:${sim.dns.port}`] });

  it('creates the zone and answers its dns_servers; again, it is found and not created', async () => {
    const ns1 = provider();
    expect(await ns1.read('made.example.')).toBeUndefined();
    const created = await ns1.createZone('made.example.');
    expect(created.nameservers.length).toBeGreaterThan(0);
    expect(await ns1.delegationNameservers('made.example.')).toEqual(created.nameservers);
    expect(await provider().createZone('made.example.')).toEqual(created);
  });

  it('names the API error for a name NS1 refuses', async () => {
    const error = await provider().createZone('bad_name!.example.').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderError);
  });
});

describe('PowerDNS: POST /zones on a real pdns_server', () => {
  let pdns: PowerDnsServer;
  beforeAll(async () => {
    pdns = await startPowerDns();
  });
  afterAll(async () => pdns?.stop());

  it('creates the zone with the apex NS of nameserverNames and answers them; again, it is left as it is', async () => {
    const provider = createPowerDnsProvider('pdns', powerdnsConfigSchema.parse({ type: 'powerdns', url: pdns.url, apiKey: pdns.apiKey, nameserverNames: ['ns1.example.net.', 'ns2.example.net.'], nameservers: [`127.0.0.1:${pdns.dns.port}`] }));
    expect(await provider.createZone('made.test.')).toEqual({ nameservers: ['ns1.example.net.', 'ns2.example.net.'] });
    expect(await provider.createZone('made.test.')).toEqual({ nameservers: ['ns1.example.net.', 'ns2.example.net.'] });
    expect(await provider.listZones()).toContain('made.test.');
  });
});
