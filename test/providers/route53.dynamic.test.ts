import { describe, expect, it } from 'vitest';
import { CreateHealthCheckCommand, ListHealthChecksCommand, ListResourceRecordSetsCommand, type ResourceRecordSet } from '@aws-sdk/client-route-53';
import type { RRset } from '../../src/core/model.js';
import { create, managed, motoProvider, remove, rr, steeredWww, update, useFreshMotoBehindProxy, ZONE } from './route53-fixtures.js';

/** Steered rrsets (octoDNS dynamic) on Route 53, against moto: written, read back, changed, rolled back and removed. */

const ctx = useFreshMotoBehindProxy();
const count = ctx.count;

async function healthChecks(): Promise<Array<{ id: string; ref: string }>> {
  const out = await ctx.sdk.send(new ListHealthChecksCommand({}));
  return (out.HealthChecks ?? []).map((h) => ({ id: h.Id ?? '', ref: h.CallerReference ?? '' }));
}

async function recordSets(zoneId: string): Promise<ResourceRecordSet[]> {
  return (await ctx.sdk.send(new ListResourceRecordSetsCommand({ HostedZoneId: zoneId }))).ResourceRecordSets ?? [];
}

/** A health check someone else made, in the same account. */
async function plantForeignCheck(): Promise<string> {
  const out = await ctx.sdk.send(new CreateHealthCheckCommand({ CallerReference: 'ops-team-1', HealthCheckConfig: { Type: 'HTTP', IPAddress: '192.0.2.1', Port: 80, ResourcePath: '/' } }));
  return out.HealthCheck?.Id ?? '';
}

const fresh = () => motoProvider(ctx.proxy.endpoint);

describe('Route 53 steering against moto', () => {
  it('writes a steered rrset in one change batch with its health checks, and reads it back the same', async () => {
    const foreign = await plantForeignCheck();
    const provider = fresh();
    await provider.ensureZone(ZONE);
    const www = steeredWww();
    const mail = rr('mail', 'A', 300, '192.0.2.25');
    ctx.proxy.calls.length = 0;
    await provider.apply(ZONE, [create(www), create(mail)]);
    expect(count('ChangeResourceRecordSets')).toBe(1);
    // two values obey, one is down: three health checks, made before the batch
    expect(count('CreateHealthCheck')).toBe(3);
    const order = ctx.proxy.calls.map((c) => c.action);
    expect(order.lastIndexOf('CreateHealthCheck')).toBeLessThan(order.indexOf('ChangeResourceRecordSets'));
    const checks = await healthChecks();
    expect(checks.filter((c) => c.ref.startsWith('zonesync:'))).toHaveLength(3);
    const zoneId = await provider.hostedZoneId(ZONE);
    expect((await recordSets(zoneId)).filter((s) => s.SetIdentifier !== undefined)).toHaveLength(12);

    const reader = fresh();
    const zone = await reader.read(ZONE);
    expect(managed(zone)).toEqual([mail, www]);
    expect(reader.kept(ZONE, zone, { name: ZONE, rrsets: [] })).toEqual([]);
    expect(reader.audit(ZONE, zone, { name: ZONE, rrsets: [www, mail] })).toEqual([]);
    const count0 = await reader.recordSetCount(ZONE, { name: ZONE, rrsets: (zone?.rrsets ?? []).filter((r) => r.type !== 'NS') });
    expect(count0.live).toBe(count0.expected + 1);
    expect((await healthChecks()).map((c) => c.id)).toContain(foreign);
  });

  it('changes one weight as one engine change: one ChangeResourceRecordSets with one UPSERT, no health check made or deleted', async () => {
    const provider = fresh();
    await provider.ensureZone(ZONE);
    const before = steeredWww();
    await provider.apply(ZONE, [create(before)]);
    const checks = (await healthChecks()).map((c) => c.id).sort();
    const editor = fresh();
    await editor.read(ZONE);
    ctx.proxy.calls.length = 0;
    const after = steeredWww({ a: 70 });
    const receipt = await editor.apply(ZONE, [update(before, after)]);
    expect(count('ChangeResourceRecordSets')).toBe(1);
    expect(count('CreateHealthCheck') + count('DeleteHealthCheck')).toBe(0);
    expect(receipt.apiCalls).toBe(1);
    expect(managed(await fresh().read(ZONE))).toEqual([after]);
    expect((await healthChecks()).map((c) => c.id).sort()).toEqual(checks);
    // rollback: the inverse change restores it exactly
    await editor.apply(ZONE, [update(after, before)]);
    expect(managed(await fresh().read(ZONE))).toEqual([before]);
  });

  it('replaces the health checks whose settings change and deletes the old ones after the batch; deleting the record removes every record set and check zonesync made', async () => {
    const foreign = await plantForeignCheck();
    const provider = fresh();
    await provider.ensureZone(ZONE);
    const before = steeredWww();
    await provider.apply(ZONE, [create(before)]);
    const old = (await healthChecks()).filter((c) => c.ref.startsWith('zonesync:')).map((c) => c.id);
    const dynamic = before.dynamic as NonNullable<RRset['dynamic']>;
    const after: RRset = { ...before, dynamic: { ...dynamic, healthcheck: { ...dynamic.healthcheck, path: '/healthz' } } };
    ctx.proxy.calls.length = 0;
    await provider.apply(ZONE, [update(before, after)]);
    const order = ctx.proxy.calls.map((c) => c.action);
    expect(count('CreateHealthCheck')).toBe(3);
    expect(count('DeleteHealthCheck')).toBe(3);
    expect(order.indexOf('DeleteHealthCheck')).toBeGreaterThan(order.indexOf('ChangeResourceRecordSets'));
    const now = (await healthChecks()).filter((c) => c.ref.startsWith('zonesync:')).map((c) => c.id);
    expect(now.some((id) => old.includes(id))).toBe(false);
    expect(managed(await fresh().read(ZONE))).toEqual([after]);

    // a fresh instance (no read of its own) deletes exactly what is there
    await fresh().apply(ZONE, [remove(after)]);
    const zoneId = await provider.hostedZoneId(ZONE);
    expect((await recordSets(zoneId)).map((s) => s.Type).sort()).toEqual(['NS', 'SOA']);
    expect((await healthChecks()).map((c) => c.id)).toEqual([foreign]);
  });

  it('turns a plain rrset into a steered one and back, each in one batch', async () => {
    const provider = fresh();
    await provider.ensureZone(ZONE);
    const plain = rr('www', 'A', 60, '203.0.113.10');
    await provider.apply(ZONE, [create(plain)]);
    await provider.read(ZONE);
    ctx.proxy.calls.length = 0;
    await provider.apply(ZONE, [update(plain, steeredWww())]);
    expect(count('ChangeResourceRecordSets')).toBe(1);
    expect(managed(await fresh().read(ZONE))).toEqual([steeredWww()]);
    const again = fresh();
    await again.read(ZONE);
    await again.apply(ZONE, [update(steeredWww(), plain)]);
    expect(managed(await fresh().read(ZONE))).toEqual([plain]);
    expect((await healthChecks()).filter((c) => c.ref.startsWith('zonesync:'))).toEqual([]);
  });

  it('reads a steered rrset whole by readRRsets and readRange, even where another name lists between its record sets', async () => {
    // pages of 5: moto ignores StartRecordIdentifier, so a page must hold the 4 geolocation sets of www A
    const provider = motoProvider(ctx.proxy.endpoint, { pageSize: 5 });
    await provider.ensureZone(ZONE);
    const www = steeredWww();
    // `1.www` lists after `www` and before `_octodns-…-pool.www`; `www2` after all of them
    const between = rr('1.www', 'A', 300, '192.0.2.50');
    const after = rr('www2', 'A', 300, '192.0.2.51');
    await provider.apply(ZONE, [create(www), create(between), create(after)]);
    const reader = motoProvider(ctx.proxy.endpoint, { pageSize: 5 });
    await reader.read(ZONE);
    expect(await reader.readRRsets(ZONE, [{ name: www.name, type: 'A' }])).toEqual([www]);
    expect(await reader.readRRsets(ZONE, [{ name: between.name, type: 'A' }])).toEqual([between]);
    const first = await reader.readRange(ZONE, www.name, between.name);
    expect(first).toEqual([www]);
    const second = await reader.readRange(ZONE, between.name, after.name);
    expect(second).toEqual([between]);
    expect(await reader.readRange(ZONE, after.name, undefined)).toEqual([after]);
  });

  it('leaves routing it did not make alone, and refuses to write over it', async () => {
    const provider = fresh();
    await provider.ensureZone(ZONE);
    const zoneId = await provider.hostedZoneId(ZONE);
    const { ChangeResourceRecordSetsCommand } = await import('@aws-sdk/client-route-53');
    await ctx.sdk.send(new ChangeResourceRecordSetsCommand({
      HostedZoneId: zoneId,
      ChangeBatch: { Changes: [
        { Action: 'CREATE', ResourceRecordSet: { Name: 'api.example.com', Type: 'A', SetIdentifier: 'blue', Weight: 1, TTL: 60, ResourceRecords: [{ Value: '192.0.2.9' }] } },
        { Action: 'CREATE', ResourceRecordSet: { Name: 'api.example.com', Type: 'A', SetIdentifier: 'green', Weight: 3, TTL: 60, ResourceRecords: [{ Value: '192.0.2.10' }] } },
      ] },
    }));
    const reader = fresh();
    const zone = await reader.read(ZONE);
    expect(managed(zone)).toEqual([]);
    expect(reader.kept(ZONE, zone, { name: ZONE, rrsets: [] }).map((k) => `${k.name} ${k.detail}`)).toEqual(['api.example.com. weighted record (SetIdentifier "blue")', 'api.example.com. weighted record (SetIdentifier "green")']);
    const findings = reader.audit(ZONE, zone, { name: ZONE, rrsets: [steeredWww({}, 'api')] });
    expect(findings.map((f) => f.reason).join('\n')).toMatch(/holds a record zonesync does not manage/);
    // what AWS would refuse (and moto would take) is refused at plan time, naming the record
    const www = steeredWww();
    const dynamic = www.dynamic as NonNullable<RRset['dynamic']>;
    const subnets: RRset = { ...www, dynamic: { ...dynamic, rules: [{ pool: 'eu', subnets: ['10.0.0.0/28'] }, { pool: 'us' }] } };
    expect(reader.audit(ZONE, zone, { name: ZONE, rrsets: [subnets] })).toEqual([
      { name: 'www.example.com.', type: 'A', reason: "www.example.com. A dynamic: rule 1: subnet 10.0.0.0/28 is narrower than Route 53's CIDR blocks go (at most /24 for IPv4)" },
    ]);
  });

  it('refuses at plan time when every set at the steered name is gone but its _octodns-* sets are left, naming what broke', async () => {
    const provider = fresh();
    await provider.ensureZone(ZONE);
    const www = steeredWww();
    await provider.apply(ZONE, [create(www)]);
    const zoneId = await provider.hostedZoneId(ZONE);
    const atName = (await recordSets(zoneId)).filter((s) => s.Name === 'www.example.com.' && s.SetIdentifier !== undefined);
    expect(atName.length).toBeGreaterThan(0);
    const { ChangeResourceRecordSetsCommand } = await import('@aws-sdk/client-route-53');
    await ctx.sdk.send(new ChangeResourceRecordSetsCommand({ HostedZoneId: zoneId, ChangeBatch: { Changes: atName.map((set) => ({ Action: 'DELETE' as const, ResourceRecordSet: set })) } }));
    const reader = fresh();
    const zone = await reader.read(ZONE);
    expect(managed(zone)).toEqual([]);
    const findings = reader.audit(ZONE, zone, { name: ZONE, rrsets: [www] });
    expect(findings).toHaveLength(1);
    expect(findings[0]?.reason).toContain("zonesync's steering layout for www.example.com. A no longer adds up: no geolocation or CIDR set at www.example.com. aliases its pools");
  });
});
