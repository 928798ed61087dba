import { CreateCidrCollectionCommand, CreateHealthCheckCommand, ListCidrBlocksCommand, ListCidrCollectionsCommand, ListHealthChecksCommand, Route53Client } from '@aws-sdk/client-route-53';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseYamlZone } from '../../src/core/zonefile/yaml.js';
import { MOTO_CREDENTIALS, motoZonesyncYaml } from '../harness/moto.js';
import { motoProvider, useMotoBehindProxy, ZONE } from '../providers/route53-fixtures.js';
import { makeWorkspace, runCli, type Workspace } from '../support/workspace.js';

/**
 * Issue #21 on Route 53 through bin/run.js: a real zonesync.yaml and an octoDNS zone file with a
 * `dynamic:` record (a weighted pool, a subnet rule, geo rules, a failover pool, health-checked
 * values) applied to moto behind a counting proxy that also serves CIDR collections
 * (test/providers/route53-cidr-sim.ts); the plan after it is empty; one weight edited is one change
 * call; rollback restores the steering exactly; deleting the record removes the health checks and
 * the CIDR collection zonesync made and leaves those someone else made.
 *
 * The zone-file reader for `dynamic:` comes with another branch (h21core): until it is there, the
 * CLI reads the record as its plain values, so this test runs only when the reader hands over
 * `RRset.dynamic`.
 */

const zoneFile = (weight: number, withWww = true) => `mail:
  type: A
  ttl: 300
  value: 192.0.2.25
${withWww ? `www:
  type: A
  ttl: 60
  value: 203.0.113.10
  dynamic:
    pools:
      office:
        fallback: eu
        values:
          - value: 192.0.2.50
            status: up
      eu:
        fallback: us
        values:
          - value: 192.0.2.1
            weight: ${weight}
          - value: 192.0.2.2
            weight: 20
            status: up
      us:
        values:
          - value: 198.51.100.1
          - value: 198.51.100.2
            weight: 5
            status: down
    rules:
      - pool: office
        subnets: [10.1.0.0/16, 2001:db8:1::/48]
      - pool: eu
        geos: [EU-DE, NA-US-CA]
      - pool: us
        geos: [NA]
      - pool: eu
  octodns:
    healthcheck:
      host: health.example.com
      path: /ready
      port: 8443
      protocol: HTTPS
    route53:
      healthcheck:
        measure_latency: false
        request_interval: 30
` : ''}`;

const dynamicReaderPresent = (() => {
  const parsed = parseYamlZone(zoneFile(10), 'probe.yaml', ZONE);
  return parsed.zone.rrsets.some((r) => r.dynamic !== undefined);
})();

const CONFIG_SAFETY = 'defaults:\n  safety: { maxUpdatePercent: 100, maxDeletePercent: 100, minExistingRecords: 1 }\n';

let ws: Workspace;
const env = () => ({ AWS_ACCESS_KEY_ID: MOTO_CREDENTIALS.accessKeyId, AWS_SECRET_ACCESS_KEY: MOTO_CREDENTIALS.secretAccessKey });
const declared = (weight: number) => parseYamlZone(zoneFile(weight), 'zones/example.com.yaml', ZONE).zone.rrsets.find((r) => r.name === `www.${ZONE}`);

describe.skipIf(!dynamicReaderPresent)('apply a dynamic record to Route 53 (moto) with bin/run.js', () => {
  const ctx = useMotoBehindProxy();
  const calls = (action: string) => ctx.proxy.calls.filter((c) => c.action === action).length;
  const checks = async () => ((await ctx.sdk.send(new ListHealthChecksCommand({}))).HealthChecks ?? []).map((h) => ({ id: h.Id ?? '', ref: h.CallerReference ?? '' }));
  /** The steered rrset as live on Route 53 now. */
  const liveWww = async () => (await motoProvider(ctx.proxy.endpoint).read(ZONE))?.rrsets.find((r) => r.name === `www.${ZONE}`);
  /** CIDR collections and their blocks, through the proxy (moto has none). */
  const cidr = async () => {
    const sdk = new Route53Client({ endpoint: ctx.proxy.endpoint, region: 'us-east-1', credentials: MOTO_CREDENTIALS });
    try {
      const list = (await sdk.send(new ListCidrCollectionsCommand({}))).CidrCollections ?? [];
      return await Promise.all(list.map(async (c) => ({ name: c.Name ?? '', blocks: ((await sdk.send(new ListCidrBlocksCommand({ CollectionId: c.Id }))).CidrBlocks ?? []).map((b) => b.CidrBlock ?? '').sort() })));
    } finally {
      sdk.destroy();
    }
  };
  beforeAll(async () => {
    ws = await makeWorkspace({ 'zonesync.yaml': `${motoZonesyncYaml(ctx.proxy.endpoint)}${CONFIG_SAFETY}`, 'zones/example.com.yaml': zoneFile(10) });
  });
  afterAll(async () => ws?.cleanup());

  let foreign = '';

  it('creates the zone and its steering in one change batch, with three health checks, and re-plans empty', async () => {
    const made = await runCli(['apply', '--yes', '--create-zones', '--verify', 'api', '--json'], { cwd: ws.dir, env: env() });
    expect(made.stderr).not.toContain('testing');
    expect(made.code).toBe(0);
    expect(JSON.parse(made.stdout).status).toBe('done');
    expect(calls('ChangeResourceRecordSets')).toBe(1);
    expect(calls('CreateCidrCollection')).toBe(1);
    expect((await checks()).filter((c) => c.ref.startsWith('zonesync:'))).toHaveLength(3);
    expect(await cidr()).toEqual([{ name: expect.stringMatching(/^zonesync-/), blocks: ['10.1.0.0/16', '2001:db8:1::/48'] }]);
    const want = declared(10);
    expect(want?.dynamic?.rules[0]?.subnets).toEqual(['10.1.0.0/16', '2001:db8:1::/48']);
    expect(await liveWww()).toEqual({ name: want?.name, type: 'A', ttl: 60, values: want?.values, dynamic: want?.dynamic });
    foreign = (await ctx.sdk.send(new CreateHealthCheckCommand({ CallerReference: 'ops-team', HealthCheckConfig: { Type: 'TCP', IPAddress: '192.0.2.1', Port: 22 } }))).HealthCheck?.Id ?? '';
    const sdk = new Route53Client({ endpoint: ctx.proxy.endpoint, region: 'us-east-1', credentials: MOTO_CREDENTIALS });
    await sdk.send(new CreateCidrCollectionCommand({ Name: 'ops-team', CallerReference: 'ops-team' }));
    sdk.destroy();
    const plan = await runCli(['plan', '--format', 'json'], { cwd: ws.dir, env: env() });
    expect(plan.code).toBe(0);
    expect(JSON.parse(plan.stdout).zones[0].changes).toEqual([]);
  }, 120_000);

  it('sends one edited weight as one change in one ChangeResourceRecordSets call, and rollback restores it exactly', async () => {
    await ws.write('zones/example.com.yaml', zoneFile(70));
    ctx.proxy.calls.length = 0;
    const edited = await runCli(['apply', '--yes', '--verify', 'api', '--json'], { cwd: ws.dir, env: env() });
    expect(edited.code).toBe(0);
    const out = JSON.parse(edited.stdout);
    expect(out.status).toBe('done');
    expect(calls('ChangeResourceRecordSets')).toBe(1);
    expect(calls('CreateHealthCheck') + calls('DeleteHealthCheck')).toBe(0);
    expect(calls('ChangeCidrCollection') + calls('CreateCidrCollection') + calls('DeleteCidrCollection')).toBe(0);
    expect((await liveWww())?.dynamic?.pools.eu?.values.find((v) => v.value === '192.0.2.1')?.weight).toBe(70);

    const undone = await runCli(['rollback', '--yes', '--verify', 'api'], { cwd: ws.dir, env: env() });
    expect(undone.code).toBe(0);
    expect((await liveWww())?.dynamic).toEqual(declared(10)?.dynamic);
    const plan = await runCli(['plan', '--format', 'json'], { cwd: ws.dir, env: env() });
    expect(JSON.parse(plan.stdout).zones[0].changes).toHaveLength(1);
  }, 120_000);

  it('deletes the record with every record set and health check zonesync made; the one someone else made stays', async () => {
    await ws.write('zones/example.com.yaml', zoneFile(70, false));
    const removed = await runCli(['apply', '--yes', '--verify', 'api', '--json'], { cwd: ws.dir, env: env() });
    expect(removed.code).toBe(0);
    expect(await liveWww()).toBeUndefined();
    expect((await checks()).map((c) => c.id)).toEqual([foreign]);
    expect(await cidr()).toEqual([{ name: 'ops-team', blocks: [] }]);
    const plan = await runCli(['plan', '--format', 'json'], { cwd: ws.dir, env: env() });
    expect(JSON.parse(plan.stdout).zones[0].changes).toEqual([]);
  }, 120_000);
});
