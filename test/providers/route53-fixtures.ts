import type { Change } from '../../src/core/change.js';
import type { RecordType, RRset, Zone } from '../../src/core/model.js';
import { rrsetKey } from '../../src/core/model.js';
import { compareNames } from '../../src/core/name.js';
import { canonicalRdata } from '../../src/core/rdata.js';
import { canonicalDynamic } from '../../src/core/dynamic/canonical.js';
import type { Dynamic } from '../../src/core/dynamic/model.js';
import { createRoute53Provider, type Route53ProviderOptions } from '../../src/providers/route53/provider.js';
import { Route53Client, type ResourceRecordSet } from '@aws-sdk/client-route-53';
import { healthCheckConfig, healthCheckPrefix, settingsTagKey, settingsTags, steeredToRoute53, type HealthCheckRecord } from '../../src/providers/route53/dynamic.js';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { MOTO_CREDENTIALS, startMoto, type Moto } from '../harness/moto.js';
import { startRoute53Proxy, type Route53Action, type Route53Proxy } from './route53-proxy.js';

/** Small builders shared by the Route 53 tests. */

export const ZONE = 'example.com.';

export function rr(name: string, type: RecordType, ttl: number, ...texts: string[]): RRset {
  const absolute = name === '' ? ZONE : `${name}.${ZONE}`;
  const values = texts.map((text) => {
    const result = canonicalRdata(type, text, ZONE);
    if (!result.ok) throw new Error(`${name} ${type} ${text}: ${result.error}`);
    return result.value;
  });
  return { name: absolute, type, ttl, values: [...new Set(values)].sort() };
}

export const create = (after: RRset): Change => ({ kind: 'create', after });
export const update = (before: RRset, after: RRset): Change => ({ kind: 'update', before, after });
export const remove = (before: RRset): Change => ({ kind: 'delete', before });

export function sorted(rrsets: RRset[]): RRset[] {
  return [...rrsets].sort((a, b) => compareNames(a.name, b.name) || a.type.localeCompare(b.type));
}

/** The rrsets zonesync manages: everything but the apex NS Route 53 put there. */
export function managed(zone: Zone | undefined): RRset[] {
  if (!zone) throw new Error('zone missing');
  return sorted(zone.rrsets.filter((r) => !(r.type === 'NS' && r.name === zone.name)));
}

export function byKey(rrsets: RRset[]): string[] {
  return rrsets.map(rrsetKey);
}

export function motoProvider(endpoint: string, options: Route53ProviderOptions = {}) {
  return createRoute53Provider('r53', { type: 'route53', endpoint, nameservers: [] }, { credentials: MOTO_CREDENTIALS, requestsPerSecond: 200, ...options });
}

/** What a read returns for rrsets written without settings: an ALIAS names its zone and health default. */
export function asRead(rrsets: RRset[], zoneId: string): RRset[] {
  return rrsets.map((r) => (r.type === 'ALIAS' && !r.providerSettings ? { ...r, providerSettings: { route53: { hostedZoneId: zoneId, evaluateTargetHealth: false } } } : r));
}

/**
 * A steered `www A` as the zone file reader hands it over (canonical): a weighted pool `eu` that
 * falls back to the pool `us` (a failover chain), `us` with one health-checked value and one
 * marked down, a geo rule for Germany and US-California, a continent rule, and the catch-all;
 * with `subnets`, first a subnet rule to the pool `office` (which falls back to `eu`).
 */
export function steeredWww(weights: { a?: number; b?: number } = {}, name = 'www', subnets?: string[]): RRset {
  const fqdn = name === '' ? ZONE : `${name}.${ZONE}`;
  const dynamic: Dynamic = {
    pools: {
      eu: { fallback: 'us', values: [{ value: '192.0.2.1', weight: weights.a ?? 10, status: 'obey' }, { value: '192.0.2.2', weight: weights.b ?? 20, status: 'up' }] },
      us: { values: [{ value: '198.51.100.1', weight: 1, status: 'obey' }, { value: '198.51.100.2', weight: 5, status: 'down' }] },
      ...(subnets ? { office: { fallback: 'eu', values: [{ value: '192.0.2.50', weight: 1, status: 'up' as const }] } } : {}),
    },
    rules: [...(subnets ? [{ pool: 'office', subnets }] : []), { pool: 'eu', geos: ['EU-DE', 'NA-US-CA'] }, { pool: 'us', geos: ['NA'] }, { pool: 'eu' }],
    healthcheck: { host: 'health.example.com', path: '/ready', port: 8443, protocol: 'HTTPS' },
    providerHealthcheck: { route53: { measure_latency: false, request_interval: 30 } },
  };
  return { name: fqdn, type: 'A', ttl: 60, values: ['203.0.113.10'], dynamic: canonicalDynamic(fqdn, 'A', dynamic, ZONE) };
}

export interface MotoBehindProxy {
  moto: Moto;
  proxy: Route53Proxy;
  /** An SDK client straight to moto (what someone else's tool would write with). */
  sdk: Route53Client;
}

/** A moto_server behind the counting proxy and an SDK client to it, for one test file: started before its tests, stopped after. */
export function useMotoBehindProxy(): MotoBehindProxy {
  const ctx = {} as MotoBehindProxy;
  beforeAll(async () => {
    ctx.moto = await startMoto();
    ctx.proxy = await startRoute53Proxy(ctx.moto.endpoint);
    ctx.sdk = new Route53Client({ endpoint: ctx.moto.endpoint, region: 'us-east-1', credentials: MOTO_CREDENTIALS });
  }, 60_000);
  afterAll(async () => {
    ctx.sdk?.destroy();
    await ctx.proxy?.stop();
    await ctx.moto?.stop();
  });
  return ctx;
}

/** useMotoBehindProxy with moto, the CIDR emulation and the call log emptied before each test; `count` the calls of one action since. */
export function useFreshMotoBehindProxy(): MotoBehindProxy & { count: (action: Route53Action) => number } {
  const ctx = useMotoBehindProxy();
  beforeEach(async () => {
    await ctx.moto.reset();
    ctx.proxy.cidr.reset();
    ctx.proxy.calls.length = 0;
  });
  return Object.assign(ctx, { count: (action: Route53Action) => ctx.proxy.calls.filter((c) => c.action === action).length });
}

/** The record sets of `rrset` with health checks as zonesync makes them, and those checks as Route 53 lists them. */
export function writtenSteering(rrset: RRset, zoneId: string, reference = healthCheckPrefix(rrset)): { sets: ResourceRecordSet[]; checks: Map<string, HealthCheckRecord> } {
  const checks = new Map<string, HealthCheckRecord>();
  const tags: Record<string, string> = {};
  settingsTags(rrset.dynamic as NonNullable<RRset['dynamic']>).forEach((t, i) => (tags[settingsTagKey(i)] = t));
  const sets = steeredToRoute53(rrset, zoneId, (value, status) => {
    const id = `hc-${value}-${status}`;
    checks.set(id, { id, callerReference: `${reference}abc`, config: healthCheckConfig(rrset, value, status), tags });
    return id;
  });
  return { sets, checks };
}
