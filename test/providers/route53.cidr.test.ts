import { describe, expect, it } from 'vitest';
import { ChangeCidrCollectionCommand, CreateCidrCollectionCommand, DeleteCidrCollectionCommand, ListCidrBlocksCommand, ListCidrCollectionsCommand, ListHealthChecksCommand, ListResourceRecordSetsCommand, Route53Client, type ResourceRecordSet } from '@aws-sdk/client-route-53';
import type { RRset } from '../../src/core/model.js';
import { cidrCollectionName } from '../../src/providers/route53/dynamic.js';
import { MOTO_CREDENTIALS } from '../harness/moto.js';
import { create, managed, motoProvider, remove, rr, steeredWww, update, useFreshMotoBehindProxy, ZONE } from './route53-fixtures.js';

/** Subnet rules on Route 53 as CIDR routing, against moto behind the proxy that serves CIDR collections (route53-cidr-sim.ts). */

const ctx = useFreshMotoBehindProxy();
const count = ctx.count;
const fresh = () => motoProvider(ctx.proxy.endpoint);
/** An SDK client through the proxy: what another tool would see of the account, CIDR collections included. */
const viaProxy = () => new Route53Client({ endpoint: ctx.proxy.endpoint, region: 'us-east-1', credentials: MOTO_CREDENTIALS });

async function collections(): Promise<Array<{ id: string; name: string; version: number }>> {
  const sdk = viaProxy();
  try {
    return ((await sdk.send(new ListCidrCollectionsCommand({}))).CidrCollections ?? []).map((c) => ({ id: c.Id ?? '', name: c.Name ?? '', version: c.Version ?? 0 }));
  } finally {
    sdk.destroy();
  }
}

async function blocks(id: string): Promise<string[]> {
  const sdk = viaProxy();
  try {
    return ((await sdk.send(new ListCidrBlocksCommand({ CollectionId: id }))).CidrBlocks ?? []).map((b) => `${b.LocationName} ${b.CidrBlock}`).sort();
  } finally {
    sdk.destroy();
  }
}

async function cidrSets(zoneId: string): Promise<ResourceRecordSet[]> {
  const sdk = viaProxy();
  try {
    return ((await sdk.send(new ListResourceRecordSetsCommand({ HostedZoneId: zoneId }))).ResourceRecordSets ?? []).filter((s) => s.CidrRoutingConfig);
  } finally {
    sdk.destroy();
  }
}

/** A record with a weighted pool, geo rules, a subnet rule and a failover chain (office → eu → us → the values). */
const steered = (subnets = ['10.1.0.0/16', '2001:db8:1::/48'], weights: { a?: number } = {}): RRset => steeredWww(weights, 'www', subnets);

describe('Route 53 subnet rules as CIDR routing, against moto and the CIDR collection emulation', () => {
  it('creates the collection and location before the batch, reads the record back the same, and one weight change is one change call', async () => {
    const provider = fresh();
    await provider.ensureZone(ZONE);
    const zoneId = await provider.hostedZoneId(ZONE);
    const www = steered();
    expect(provider.audit(ZONE, undefined, { name: ZONE, rrsets: [www] })).toEqual([]);
    ctx.proxy.calls.length = 0;
    await provider.apply(ZONE, [create(www), create(rr('mail', 'A', 300, '192.0.2.25'))]);
    const order = ctx.proxy.calls.map((c) => c.action);
    expect(count('CreateCidrCollection')).toBe(1);
    expect(count('ChangeCidrCollection')).toBe(1);
    expect(count('ChangeResourceRecordSets')).toBe(1);
    expect(order.indexOf('ChangeCidrCollection')).toBeLessThan(order.indexOf('ChangeResourceRecordSets'));
    const [col] = await collections();
    expect(col?.name).toBe(cidrCollectionName(zoneId));
    expect((await blocks(col?.id ?? '')).map((b) => b.split(' ')[1])).toEqual(['10.1.0.0/16', '2001:db8:1::/48']);
    expect((await cidrSets(zoneId)).map((s) => `${s.SetIdentifier} ${s.CidrRoutingConfig?.LocationName === '*' ? '*' : 'rule'}`).sort()).toEqual(['0-office-cidr rule', 'cidr-default *']);

    const reader = fresh();
    const zone = await reader.read(ZONE);
    expect(managed(zone)).toEqual([rr('mail', 'A', 300, '192.0.2.25'), www]);
    expect(reader.kept(ZONE, zone, { name: ZONE, rrsets: [] })).toEqual([]);

    ctx.proxy.calls.length = 0;
    const heavier = steered(undefined, { a: 70 });
    const receipt = await reader.apply(ZONE, [update(www, heavier)]);
    // collection already right: one listing of collections and blocks, then the one change batch
    expect(count('ChangeResourceRecordSets')).toBe(1);
    expect(count('ChangeCidrCollection') + count('CreateCidrCollection') + count('DeleteCidrCollection')).toBe(0);
    expect(receipt.apiCalls).toBe(3);
    expect(managed(await fresh().read(ZONE)).find((r) => r.name === www.name)).toEqual(heavier);
  });

  it('changes a rule\'s subnets in one ChangeCidrCollection (no record set changes); a dropped subnet rule loses its location after the batch', async () => {
    const provider = fresh();
    await provider.ensureZone(ZONE);
    const zoneId = await provider.hostedZoneId(ZONE);
    const before = steered(['10.1.0.0/16']);
    await provider.apply(ZONE, [create(before)]);
    const after = steered(['10.2.0.0/16', '10.3.0.0/16']);
    ctx.proxy.calls.length = 0;
    await provider.apply(ZONE, [update(before, after)]);
    expect(count('ChangeCidrCollection')).toBe(1);
    expect(count('ChangeResourceRecordSets')).toBe(0);
    const [col] = await collections();
    expect((await blocks(col?.id ?? '')).map((b) => b.split(' ')[1])).toEqual(['10.2.0.0/16', '10.3.0.0/16']);
    expect(managed(await fresh().read(ZONE))).toEqual([after]);
    expect((await cidrSets(zoneId)).length).toBe(2);
    // the subnet rule goes: record sets first, then its location; the collection, empty, goes too
    const geoOnly = steeredWww();
    ctx.proxy.calls.length = 0;
    await fresh().apply(ZONE, [update(after, geoOnly)]);
    const order = ctx.proxy.calls.map((c) => c.action);
    expect(order.indexOf('ChangeCidrCollection')).toBeGreaterThan(order.indexOf('ChangeResourceRecordSets'));
    expect(order.indexOf('DeleteCidrCollection')).toBeGreaterThan(order.indexOf('ChangeCidrCollection'));
    expect(await collections()).toEqual([]);
    expect(managed(await fresh().read(ZONE))).toEqual([geoOnly]);
  });

  it('deleting the record removes zonesync\'s locations, collection and health checks; a foreign collection survives', async () => {
    const sdk = viaProxy();
    const foreign = await sdk.send(new CreateCidrCollectionCommand({ Name: 'ops-team', CallerReference: 'ops-1' }));
    await sdk.send(new ChangeCidrCollectionCommand({ Id: foreign.Collection?.Id, CollectionVersion: 1, Changes: [{ LocationName: 'office', Action: 'PUT', CidrList: ['192.0.2.0/24'] }] }));
    const provider = fresh();
    await provider.ensureZone(ZONE);
    const zoneId = await provider.hostedZoneId(ZONE);
    const www = steered();
    const other = steeredWww({}, 'api', ['10.9.0.0/16']);
    await provider.apply(ZONE, [create(www), create(other)]);
    expect(await collections()).toHaveLength(2);
    // removing one of two steered records leaves the other's location
    await fresh().apply(ZONE, [remove(www)]);
    const mine = (await collections()).find((c) => c.name === cidrCollectionName(zoneId));
    expect((await blocks(mine?.id ?? '')).map((b) => b.split(' ')[1])).toEqual(['10.9.0.0/16']);
    expect(managed(await fresh().read(ZONE))).toEqual([other]);
    ctx.proxy.calls.length = 0;
    await fresh().apply(ZONE, [remove(other)]);
    const order = ctx.proxy.calls.map((c) => c.action);
    expect(order.indexOf('DeleteCidrCollection')).toBeGreaterThan(order.indexOf('ChangeResourceRecordSets'));
    expect((await collections()).map((c) => c.name)).toEqual(['ops-team']);
    expect(await blocks(foreign.Collection?.Id ?? '')).toEqual(['office 192.0.2.0/24']);
    expect(await cidrSets(zoneId)).toEqual([]);
    const checks = (await ctx.sdk.send(new ListHealthChecksCommand({}))).HealthChecks ?? [];
    expect(checks.filter((c) => c.CallerReference?.startsWith('zonesync:'))).toEqual([]);
    // the emulation holds AWS's rules: a stale version, a block too narrow, an in-use location, a collection with blocks
    await expect(sdk.send(new ChangeCidrCollectionCommand({ Id: foreign.Collection?.Id, CollectionVersion: 1, Changes: [{ LocationName: 'x', Action: 'PUT', CidrList: ['198.51.100.0/24'] }] }))).rejects.toThrow(/CollectionVersion 1/);
    await expect(sdk.send(new ChangeCidrCollectionCommand({ Id: foreign.Collection?.Id, CollectionVersion: 2, Changes: [{ LocationName: 'x', Action: 'PUT', CidrList: ['198.51.100.0/25'] }] }))).rejects.toThrow(/at most \/24/);
    await expect(sdk.send(new DeleteCidrCollectionCommand({ Id: foreign.Collection?.Id }))).rejects.toThrow(/in use/);
    sdk.destroy();
  });

  it('turns a geo-routed record into a subnet-routed one and back in one batch each; foreign CIDR routing is left alone', async () => {
    const provider = fresh();
    await provider.ensureZone(ZONE);
    const zoneId = await provider.hostedZoneId(ZONE);
    const geo = steeredWww();
    await provider.apply(ZONE, [create(geo)]);
    ctx.proxy.calls.length = 0;
    const cidr = steered();
    await fresh().apply(ZONE, [update(geo, cidr)]);
    expect(count('ChangeResourceRecordSets')).toBe(1);
    expect(managed(await fresh().read(ZONE))).toEqual([cidr]);
    await fresh().apply(ZONE, [update(cidr, geo)]);
    expect(managed(await fresh().read(ZONE))).toEqual([geo]);
    expect(await collections()).toEqual([]);
    // someone else's IP-based routing: kept, listed as left alone
    const sdk = viaProxy();
    const theirs = await sdk.send(new CreateCidrCollectionCommand({ Name: 'ops-team', CallerReference: 'ops-2' }));
    await sdk.send(new ChangeCidrCollectionCommand({ Id: theirs.Collection?.Id, CollectionVersion: 1, Changes: [{ LocationName: 'office', Action: 'PUT', CidrList: ['192.0.2.0/24'] }] }));
    const { ChangeResourceRecordSetsCommand } = await import('@aws-sdk/client-route-53');
    await sdk.send(new ChangeResourceRecordSetsCommand({ HostedZoneId: zoneId, ChangeBatch: { Changes: [
      { Action: 'CREATE', ResourceRecordSet: { Name: 'vpn.example.com', Type: 'A', SetIdentifier: 'office', TTL: 60, ResourceRecords: [{ Value: '192.0.2.7' }], CidrRoutingConfig: { CollectionId: theirs.Collection?.Id, LocationName: 'office' } } },
    ] } }));
    sdk.destroy();
    const reader = fresh();
    const zone = await reader.read(ZONE);
    expect(managed(zone)).toEqual([geo]);
    expect(reader.kept(ZONE, zone, { name: ZONE, rrsets: [] }).map((k) => `${k.name} ${k.detail}`)).toEqual(['vpn.example.com. IP-based record (SetIdentifier "office")']);
  });

  it('reads a CIDR-routed record whole by readRRsets and readRange (its _zonesync-geo sets list apart from the name)', async () => {
    const provider = fresh();
    await provider.ensureZone(ZONE);
    const www = steered();
    const between = rr('1.www', 'A', 300, '192.0.2.60');
    const after = rr('www2', 'A', 300, '192.0.2.61');
    await provider.apply(ZONE, [create(www), create(between), create(after)]);
    // whole pages: moto ignores StartRecordIdentifier, so small pages split a name's record sets unreliably
    const reader = fresh();
    expect(await reader.readRRsets(ZONE, [{ name: www.name, type: 'A' }])).toEqual([www]);
    expect(await reader.readRange(ZONE, www.name, between.name)).toEqual([www]);
    expect(await reader.readRange(ZONE, between.name, after.name)).toEqual([between]);
    const count0 = await reader.recordSetCount(ZONE, { name: ZONE, rrsets: [www, between, after] });
    // the apex NS is not among the expected rrsets
    expect(count0.live).toBe(count0.expected + 1);
  });

  it('a change batch that does not go in leaves no CIDR collection, location or health check behind; a stale CollectionVersion fails before any record set is written', async () => {
    const provider = fresh();
    await provider.ensureZone(ZONE);
    const zoneId = await provider.hostedZoneId(ZONE);
    const refused = '<ErrorResponse><Error><Type>Sender</Type><Code>InvalidChangeBatch</Code><Message>refused for the test</Message></Error><RequestId>x</RequestId></ErrorResponse>';
    ctx.proxy.inject = (action) => (action === 'ChangeResourceRecordSets' ? { status: 400, body: refused } : undefined);
    try {
      await expect(provider.apply(ZONE, [create(steered())])).rejects.toThrow(/InvalidChangeBatch/);
    } finally {
      ctx.proxy.inject = () => undefined;
    }
    expect(await collections()).toEqual([]);
    expect(((await ctx.sdk.send(new ListHealthChecksCommand({}))).HealthChecks ?? []).filter((c) => c.CallerReference?.startsWith('zonesync:'))).toEqual([]);

    // an update whose collection changed under it: Route 53's optimistic lock refuses, nothing else is sent
    const www = steered();
    await provider.apply(ZONE, [create(www)]);
    const mismatch = '<ErrorResponse><Error><Type>Sender</Type><Code>CidrCollectionVersionMismatchException</Code><Message>the collection changed</Message></Error><RequestId>x</RequestId></ErrorResponse>';
    ctx.proxy.inject = (action) => (action === 'ChangeCidrCollection' ? { status: 409, body: mismatch } : undefined);
    ctx.proxy.calls.length = 0;
    try {
      await expect(fresh().apply(ZONE, [update(www, steered(['10.7.0.0/16']))])).rejects.toThrow(/CidrCollectionVersionMismatchException/);
    } finally {
      ctx.proxy.inject = () => undefined;
    }
    expect(count('ChangeResourceRecordSets')).toBe(0);
    expect(managed(await fresh().read(ZONE))).toEqual([www]);
    expect((await cidrSets(zoneId)).length).toBe(2);
  });
});
