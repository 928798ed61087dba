import { createServer, type Server, type Socket } from 'node:net';
import { ChangeResourceRecordSetsCommand, ListResourceRecordSetsCommand, Route53Client } from '@aws-sdk/client-route-53';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Config, ZoneConfig } from '../../src/config/load.js';
import { ProviderError } from '../../src/core/errors.js';
import { DEFAULT_SAFETY } from '../../src/core/safety.js';
import { makePlan } from '../../src/engine/plan.js';
import { liveDigest, planZone } from '../../src/core/plan.js';
import { ProviderSet } from '../../src/providers/registry.js';
import { freePort, MOTO_CREDENTIALS, startMoto, type Moto } from '../harness/moto.js';
import { create, managed, motoProvider, remove, rr, sorted, update, ZONE } from './route53-fixtures.js';
import { PRIOR_REQUEST_NOT_COMPLETE, startRoute53Proxy, THROTTLING, type Route53Proxy } from './route53-proxy.js';
import { createRoute53Provider } from '../../src/providers/route53/provider.js';

let moto: Moto;
let proxy: Route53Proxy;
const fastBackoff = { maxAttempts: 8, baseMs: 5, maxMs: 40 };

beforeAll(async () => {
  moto = await startMoto();
  proxy = await startRoute53Proxy(moto.endpoint);
});
afterAll(async () => {
  await proxy?.stop();
  await moto?.stop();
});
beforeEach(async () => {
  await moto.reset();
  proxy.calls.length = 0;
  proxy.inject = () => undefined;
});

function sdk(endpoint: string): Route53Client {
  return new Route53Client({ region: 'us-east-1', endpoint, credentials: MOTO_CREDENTIALS });
}

async function zoneIdByName(): Promise<string> {
  const text = await (await fetch(`${moto.endpoint}/2013-04-01/hostedzone`, { headers: { authorization: 'AWS4-HMAC-SHA256 Credential=testing/20250101/us-east-1/route53/aws4_request, SignedHeaders=host, Signature=0' } })).text();
  return /<Id>\/hostedzone\/([^<]+)<\/Id>/.exec(text)?.[1] ?? '';
}

/** Every rrset moto holds, duplicates included (moto adds one for a repeated CREATE). */
async function rawKeys(zoneId: string): Promise<string[]> {
  const page = await sdk(moto.endpoint).send(new ListResourceRecordSetsCommand({ HostedZoneId: zoneId, MaxItems: 1000 }));
  return (page.ResourceRecordSets ?? []).map((s) => `${s.Name} ${s.Type} ${s.SetIdentifier ?? ''}`);
}

describe('Route 53 provider under throttling', () => {
  it('retries Throttling and PriorRequestNotComplete with backoff; the zone ends exactly right, nothing duplicated', async () => {
    const provider = motoProvider(proxy.endpoint, { backoff: fastBackoff });
    await provider.ensureZone(ZONE);
    // the first attempt of every request is refused: throttling, or (every other change) a change still in flight
    let refuse = false;
    let changes = 0;
    proxy.inject = (action) => {
      refuse = !refuse;
      if (!refuse) return undefined;
      return action === 'ChangeResourceRecordSets' && changes++ % 2 === 1 ? PRIOR_REQUEST_NOT_COMPLETE : THROTTLING;
    };
    const wanted = Array.from({ length: 30 }, (_, i) => rr(`t${i}`, 'A', 300, `192.0.2.${i + 1}`));
    let apiCalls = 0;
    for (let i = 0; i < wanted.length; i += 5) apiCalls += (await provider.apply(ZONE, wanted.slice(i, i + 5).map(create))).apiCalls;
    const zone = await provider.read(ZONE);
    const upserts = await provider.apply(ZONE, [update(wanted[0]!, rr('t0', 'A', 60, '192.0.2.200')), remove(wanted[1]!)]);
    proxy.inject = () => undefined;
    expect(managed(zone)).toEqual(sorted(wanted));
    expect(proxy.calls.filter((c) => c.injected).length).toBe(6 + 1 + 1);
    expect(apiCalls).toBe(12);
    expect(apiCalls + upserts.apiCalls).toBe(proxy.calls.filter((c) => c.action === 'ChangeResourceRecordSets').length);
    const keys = await rawKeys(await zoneIdByName());
    expect(keys.length).toBe(new Set(keys).size);
    expect(managed(await provider.read(ZONE))).toEqual(sorted([rr('t0', 'A', 60, '192.0.2.200'), ...wanted.slice(2)]));
  });

  it('gives up after its bounded attempts with a clear, transient error', async () => {
    const provider = motoProvider(proxy.endpoint, { backoff: { maxAttempts: 3, baseMs: 1, maxMs: 5 } });
    await provider.ensureZone(ZONE);
    proxy.inject = (action) => (action === 'ChangeResourceRecordSets' ? THROTTLING : undefined);
    const error = await provider.apply(ZONE, [create(rr('www', 'A', 300, '192.0.2.1'))]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderError);
    expect((error as ProviderError).transient).toBe(true);
    expect((error as Error).message).toBe('r53: zone example.com.: change batch 1 of 1 (1 changes: CREATE www.example.com A): Throttling: Rate exceeded');
    expect(proxy.calls.filter((c) => c.action === 'ChangeResourceRecordSets').length).toBe(3);
  });

  it('lists hosted zones once per provider instance', async () => {
    const provider = motoProvider(proxy.endpoint);
    await provider.ensureZone(ZONE);
    await provider.ensureZone('example.net');
    for (let i = 0; i < 3; i++) {
      await provider.read(ZONE);
      await provider.read('example.net');
    }
    await provider.apply(ZONE, [create(rr('www', 'A', 300, '192.0.2.1'))]);
    expect(proxy.calls.filter((c) => c.action === 'ListHostedZones').length).toBe(1);
  });

  it('paces every provider instance of one account through one 5 requests/s bucket', async () => {
    const a = createRoute53Provider('a', { type: 'route53', endpoint: moto.endpoint }, { credentials: MOTO_CREDENTIALS });
    const b = createRoute53Provider('b', { type: 'route53', endpoint: moto.endpoint }, { credentials: MOTO_CREDENTIALS });
    await a.ensureZone(ZONE);
    await b.ensureZone('example.net');
    const started = performance.now();
    await Promise.all([1, 2, 3, 4, 5].flatMap(() => [a.read(ZONE), b.read('example.net')]));
    // 10 reads after the 4 setup calls: the bucket allows 5 a second
    expect(performance.now() - started).toBeGreaterThan(1500);
  });
});

describe('Route 53 provider errors', () => {
  it('never lets credentials into a message, whatever the server echoes', async () => {
    const secret = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
    const provider = createRoute53Provider('r53', { type: 'route53', endpoint: proxy.endpoint }, { credentials: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: secret } });
    proxy.inject = () => ({ status: 403, body: `<ErrorResponse><Error><Type>Sender</Type><Code>InvalidClientTokenId</Code><Message>bad token AKIAIOSFODNN7EXAMPLE ${secret} Credential=AKIAIOSFODNN7EXAMPLE/20250101</Message></Error></ErrorResponse>` });
    const error = await provider.listZones().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderError);
    expect((error as Error).message).toMatch(/^r53: listing hosted zones: InvalidClientTokenId: bad token/);
    expect((error as Error).message).not.toMatch(/AKIAIOSFODNN7EXAMPLE|wJalrXUtnFEMI/);
  });
});

describe('Route 53 provider and records it does not manage', () => {
  it('keeps weighted records out of the zone, reports them, and leaves them alone through an apply', async () => {
    await motoProvider(moto.endpoint).ensureZone(ZONE);
    const zoneId = await zoneIdByName();
    const weighted = (id: string, weight: number, ip: string) => ({ Action: 'CREATE' as const, ResourceRecordSet: { Name: 'w.example.com', Type: 'A' as const, SetIdentifier: id, Weight: weight, TTL: 60, ResourceRecords: [{ Value: ip }] } });
    await sdk(moto.endpoint).send(new ChangeResourceRecordSetsCommand({ HostedZoneId: zoneId, ChangeBatch: { Changes: [weighted('blue', 10, '192.0.2.10'), weighted('green', 90, '192.0.2.20')] } }));
    const fresh = motoProvider(moto.endpoint);
    expect(managed(await fresh.read(ZONE))).toEqual([]);
    expect(await fresh.unmanaged(ZONE)).toEqual([
      { name: 'w.example.com.', type: 'A', setIdentifier: 'blue', reason: 'weighted record (SetIdentifier "blue")' },
      { name: 'w.example.com.', type: 'A', setIdentifier: 'green', reason: 'weighted record (SetIdentifier "green")' },
    ]);
    const www = rr('www', 'A', 300, '192.0.2.1');
    await fresh.apply(ZONE, [create(www), create(rr('w2', 'TXT', 300, '"x"'))]);
    await fresh.apply(ZONE, [update(www, rr('www', 'A', 300, '192.0.2.2')), remove(rr('w2', 'TXT', 300, '"x"'))]);
    // A zone file that wants an rrset where the weighted ones sit is refused when planned, before any write.
    const desired = { name: ZONE, rrsets: [rr('w', 'A', 300, '192.0.2.9'), www] };
    expect(fresh.audit(ZONE, await fresh.read(ZONE), desired)).toEqual([
      { name: 'w.example.com.', type: 'A', reason: 'w.example.com. A holds a record zonesync does not manage (weighted record (SetIdentifier "blue")); change it in Route 53 or remove it first' },
    ]);
    const config = { path: 'zonesync.yaml', dir: '.', providers: { r53: { type: 'route53', raw: {} } }, registrars: {}, defaults: { safety: DEFAULT_SAFETY } } as unknown as Config;
    const zoneConfig = { name: ZONE, targets: ['r53'], delegate: [] } as unknown as ZoneConfig;
    const planned = makePlan(config, new ProviderSet(config, {}, { r53: fresh }), [{ config: zoneConfig, zone: desired, problems: [] }], { now: new Date() });
    await expect(planned).rejects.toThrow(`${ZONE} cannot be planned on r53`);
    await expect(planned).rejects.toMatchObject({ details: ['r53 (route53): record w.example.com. A: w.example.com. A holds a record zonesync does not manage (weighted record (SetIdentifier "blue")); change it in Route 53 or remove it first'] });
    expect((await rawKeys(zoneId)).filter((k) => k.startsWith('w.example.com.'))).toEqual(['w.example.com. A blue', 'w.example.com. A green']);
  });

  it('lists a weighted pair as left alone in the plan, kept by Route 53, outside the digest and the safety counts', async () => {
    await motoProvider(moto.endpoint).ensureZone(ZONE);
    const zoneId = await zoneIdByName();
    const weighted = (id: string, weight: number, ip: string) => ({ Action: 'CREATE' as const, ResourceRecordSet: { Name: 'w.example.com', Type: 'A' as const, SetIdentifier: id, Weight: weight, TTL: 60, ResourceRecords: [{ Value: ip }] } });
    await sdk(moto.endpoint).send(new ChangeResourceRecordSetsCommand({ HostedZoneId: zoneId, ChangeBatch: { Changes: [weighted('eu-1', 10, '192.0.2.10'), weighted('eu-2', 90, '192.0.2.20')] } }));
    const config = { path: 'zonesync.yaml', dir: '.', providers: { r53: { type: 'route53', raw: {} } }, registrars: {}, defaults: { safety: DEFAULT_SAFETY } } as unknown as Config;
    const zoneConfig = { name: ZONE, targets: ['r53'], delegate: [] } as unknown as ZoneConfig;
    const desired = { name: ZONE, rrsets: [rr('www', 'A', 300, '192.0.2.1')] };
    const plan = await makePlan(config, new ProviderSet(config, {}, { r53: motoProvider(moto.endpoint) }), [{ config: zoneConfig, zone: desired, problems: [] }], { now: new Date() });
    const [zp] = plan.zones;
    expect(zp?.leftAlone).toEqual([
      { name: 'w.example.com.', type: 'A', reason: 'provider-routing', detail: 'weighted record (SetIdentifier "eu-1")' },
      { name: 'w.example.com.', type: 'A', reason: 'provider-routing', detail: 'weighted record (SetIdentifier "eu-2")' },
    ]);
    expect(zp?.changes.map((c) => `${c.kind} ${c.kind === 'delete' ? c.before.name : c.after.name}`)).toEqual([`create www.${ZONE}`]);
    // the digest and the counts are of what zonesync manages: the same as a zone with no weighted records
    const bare = planZone({ target: 'r53', providerType: 'route53', desired, live: await motoProvider(moto.endpoint).read(ZONE), limits: DEFAULT_SAFETY });
    expect(bare.leftAlone).toBeUndefined();
    expect({ digest: zp?.liveDigest, counted: zp?.liveRRsets, safety: zp?.safety }).toEqual({ digest: bare.liveDigest, counted: bare.liveRRsets, safety: bare.safety });
    expect(zp?.liveDigest).toBe(liveDigest(await motoProvider(moto.endpoint).read(ZONE)));
  });
});

describe('Route 53 provider with a dead endpoint', () => {
  let silent: Server;
  const sockets: Socket[] = [];
  afterAll(async () => {
    for (const s of sockets) s.destroy();
    await new Promise<void>((resolve) => (silent ? silent.close(() => resolve()) : resolve()));
  });

  it('fails fast and clearly when nothing listens', async () => {
    const port = await freePort();
    const provider = motoProvider(`http://127.0.0.1:${port}`);
    const started = performance.now();
    const error = await provider.read(ZONE).catch((e: unknown) => e);
    expect(performance.now() - started).toBeLessThan(5000);
    expect(error).toBeInstanceOf(ProviderError);
    expect((error as Error).message).toMatch(new RegExp(`^r53: listing hosted zones: cannot reach Route 53 at http://127\\.0\\.0\\.1:${port} \\(`));
  });

  it('fails within its request timeout when the endpoint accepts and never answers', async () => {
    silent = createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const address = silent.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    const provider = motoProvider(`http://127.0.0.1:${port}`, { requestTimeoutMs: 800 });
    const started = performance.now();
    const error = await provider.listZones().catch((e: unknown) => e);
    expect(performance.now() - started).toBeLessThan(4000);
    expect(error).toBeInstanceOf(ProviderError);
    expect((error as ProviderError).transient).toBe(true);
    expect((error as Error).message).toMatch(/^r53: listing hosted zones: cannot reach Route 53 at/);
  });
});
