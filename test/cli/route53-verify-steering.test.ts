import { ChangeResourceRecordSetsCommand, ListHostedZonesCommand, ListResourceRecordSetsCommand } from '@aws-sdk/client-route-53';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MOTO_CREDENTIALS } from '../harness/moto.js';
import { useMotoBehindProxy } from '../providers/route53-fixtures.js';
import { startRoute53Dns, type Route53Dns } from '../simulators/route53-dns/index.js';
import { makeWorkspace, runCli, type Workspace } from '../support/workspace.js';
import { steerZone } from './steer-zone.js';

/**
 * `zonesync verify` by EDNS Client Subnet against Route 53, through bin/run.js with a real
 * zonesync.yaml: the steered zone of the NS1 test (a weighted pool with a fallback, a geo rule, a
 * subnet rule, a catch-all; every value `obey`) is applied to moto behind the proxy that serves
 * CIDR collections, and the Route 53 nameserver simulator (test/simulators/route53-dns), reading
 * that API, is the target's nameserver. Verify passes with a check per rule; the eu values' health
 * checks failing give the fallback pool's answer, reported as `fallback`; a geolocation record set
 * pointed at the wrong pool behind zonesync's back is a WRONG POOL naming the rule and subnet, and
 * `plan` refuses, naming that set and what is wrong with it (clean again once it is put back); with
 * the eu values marked `down` and applied, EU clients get the us pool and verify passes.
 */

const ZONE = 'steer.example';
const ctx = useMotoBehindProxy();
let dns: Route53Dns;
let ws: Workspace;
const env = () => ({ AWS_ACCESS_KEY_ID: MOTO_CREDENTIALS.accessKeyId, AWS_SECRET_ACCESS_KEY: MOTO_CREDENTIALS.secretAccessKey });
const cli = (...args: string[]) => runCli(args, { cwd: ws.dir, env: env() });
const ns = () => `${dns.dns.address}:${dns.dns.port}`;
const config = () =>
  [
    'providers:',
    `  r53: { type: route53, endpoint: '${ctx.proxy.endpoint}', region: us-east-1, nameservers: ['${ns()}'] }`,
    'zones:',
    `  ${ZONE}: { file: zones/${ZONE}.yaml, targets: [r53] }`,
    'verify:',
    '  ecs: { EU-DE: 192.0.2.0/24 }',
    '',
  ].join('\n');

interface Check {
  rule: string;
  subnet: string;
  result: string;
  got?: string;
  expected: string;
  detail?: string;
}
const steeringOf = (stdout: string): Check[] => {
  const parsed = JSON.parse(stdout);
  return ((Array.isArray(parsed) ? parsed[0] : parsed).providers[0].nameservers[0].steering ?? []) as Check[];
};

beforeAll(async () => {
  dns = await startRoute53Dns({ endpoint: ctx.proxy.endpoint, zones: [ZONE] });
  ws = await makeWorkspace({ 'zonesync.yaml': config(), [`zones/${ZONE}.yaml`]: steerZone(3) });
});
afterAll(async () => {
  await ws?.cleanup();
  await dns?.close();
});

describe('zonesync verify checks Route 53 steering by EDNS Client Subnet', () => {
  it('passes with a check per rule after apply', async () => {
    const applied = await cli('apply', '--yes', '--create-zones', '--verify', 'api');
    expect(applied.code, applied.stdout + applied.stderr).toBe(0);
    await dns.refresh();

    const ok = await cli('verify', '--format', 'json');
    expect(ok.code, ok.stdout + ok.stderr).toBe(0);
    const steering = steeringOf(ok.stdout);
    expect(steering.map((c) => `${c.rule} | ${c.subnet} | ${c.result}`)).toEqual([
      'rule 1 (pool lab, subnets 10.1.0.0/16) | 10.1.0.0/24 | ok',
      'rule 2 (pool eu, geos EU-DE) from EU-DE | 192.0.2.0/24 | ok',
      'rule 3 (pool us, catch-all) | 203.0.113.0/24 | ok',
    ]);
    expect(steering[0]?.got).toBe('A 203.0.113.10 (pool lab)');
    expect(steering[1]?.got).toMatch(/^A 192\.0\.2\.1[01] \(pool eu\)$/);
    expect(steering[2]?.got).toBe('A 198.51.100.10 (pool us)');
    const text = await cli('verify');
    expect(text.code, text.stdout).toBe(0);
    expect(text.stdout).toContain('steering by client subnet (3 checks of 3 right)');
  }, 120_000);

  it("reports the fallback pool's answer as fallback, not OK, while the eu values' health checks fail", async () => {
    const checks = [...dns.healthChecksOf('192.0.2.10'), ...dns.healthChecksOf('192.0.2.11')];
    expect(checks).toHaveLength(2);
    for (const id of checks) dns.setFailing(id, true);
    try {
      const failed = await cli('verify', '--format', 'json');
      expect(failed.code, failed.stdout + failed.stderr).toBe(3);
      const rule2 = steeringOf(failed.stdout)[1];
      expect(rule2).toMatchObject({ subnet: '192.0.2.0/24', result: 'fallback', got: 'A 198.51.100.10 (pool us)' });
      expect(rule2?.detail).toContain('answered by the fallback (pool us: 198.51.100.10)');
      expect(JSON.parse(failed.stdout)[0]?.steeringUnchecked ?? JSON.parse(failed.stdout).steeringUnchecked).toBe(1);
      const text = await cli('verify');
      expect(text.code).toBe(3);
      expect(text.stdout).toContain('NOT VERIFIED');
      expect(text.stdout).toMatch(/rule 2 \(pool eu, geos EU-DE\) from EU-DE, ECS 192\.0\.2\.0\/24: FALLBACK: got A 198\.51\.100\.10 \(pool us\)/);
    } finally {
      for (const id of checks) dns.setFailing(id, false);
    }
  }, 120_000);

  it('names the rule, subnet, nameserver and pools when a geolocation record set is pointed at the wrong pool in Route 53, and exits 3; plan refuses, naming that set and why', async () => {
    const zoneId = ((await ctx.sdk.send(new ListHostedZonesCommand({}))).HostedZones ?? []).find((z) => z.Name === `${ZONE}.`)?.Id ?? '';
    const sets = (await ctx.sdk.send(new ListResourceRecordSetsCommand({ HostedZoneId: zoneId }))).ResourceRecordSets ?? [];
    const germany = sets.find((s) => s.GeoLocation?.CountryCode === 'DE');
    if (!germany) throw new Error(`no geolocation record set for DE in ${JSON.stringify(sets)}`);
    expect(germany.Name).toBe(`_zonesync-geo.www.${ZONE}.`);
    // Behind zonesync's back: Germany now goes to the lab's pool.
    const wrong = { ...germany, AliasTarget: { DNSName: `_octodns-lab-pool.www.${ZONE}.`, HostedZoneId: zoneId.replace(/^\/hostedzone\//, ''), EvaluateTargetHealth: true } };
    await ctx.sdk.send(new ChangeResourceRecordSetsCommand({ HostedZoneId: zoneId, ChangeBatch: { Changes: [{ Action: 'UPSERT', ResourceRecordSet: wrong }] } }));
    await dns.refresh();

    const broken = await cli('verify');
    expect(broken.code, broken.stdout + broken.stderr).toBe(3);
    expect(broken.stdout).toContain('FAILED');
    expect(broken.stdout).toMatch(new RegExp(`BROKEN +${ns().replace(/\./g, '\\.')}`));
    const line = broken.stdout.split('\n').find((l) => l.includes('WRONG POOL'));
    expect(line).toContain(`A www.${ZONE}. rule 2 (pool eu, geos EU-DE) from EU-DE, ECS 192.0.2.0/24: WRONG POOL: got A 203.0.113.10 (pool lab), expected pool eu: 192.0.2.10, 192.0.2.11`);
    const json = await cli('verify', '--format', 'json');
    expect(steeringOf(json.stdout).map((c) => c.result)).toEqual(['ok', 'wrong-pool', 'ok']);

    // plan takes none of the broken layout and refuses, naming the edited set and what is wrong with it, once
    const refused = await cli('plan');
    expect(refused.code, refused.stdout + refused.stderr).toBe(1);
    const said = refused.stdout + refused.stderr;
    const reason = `zonesync's steering layout for www.${ZONE}. A no longer adds up: geolocation set _zonesync-geo.www.${ZONE}. "1-eu-EU-DE" aliases _octodns-lab-pool.www.${ZONE}., not pool eu's _octodns-eu-pool.www.${ZONE}.`;
    expect(said).toContain(`record www.${ZONE}. A: ${reason}; zonesync leaves its 15 record sets alone.`);
    expect(said.split(reason)).toHaveLength(2);
    expect(said).toContain('Restore that record set in Route 53, or delete the layout\'s record sets there (');
    expect(said).not.toContain('holds a record zonesync does not manage');

    // Put back as it was: verify passes again, and plan is clean.
    await ctx.sdk.send(new ChangeResourceRecordSetsCommand({ HostedZoneId: zoneId, ChangeBatch: { Changes: [{ Action: 'UPSERT', ResourceRecordSet: germany }] } }));
    await dns.refresh();
    const mended = await cli('verify');
    expect(mended.code, mended.stdout).toBe(0);
    const clean = await cli('plan', '--detailed-exitcode');
    expect(clean.code, clean.stdout + clean.stderr).toBe(0);
  }, 120_000);

  it('serves EU clients the fallback pool once every eu value is marked down (checks disabled and inverted)', async () => {
    await ws.write(`zones/${ZONE}.yaml`, steerZone(3, true));
    const down = await cli('apply', '--yes', '--verify', 'api');
    expect(down.code, down.stdout + down.stderr).toBe(0);
    await dns.refresh();
    const failover = await cli('verify', '--format', 'json');
    expect(failover.code, failover.stdout).toBe(0);
    const steering = steeringOf(failover.stdout);
    expect(steering.map((c) => c.result)).toEqual(['ok', 'ok', 'ok']);
    expect(steering[1]).toMatchObject({ subnet: '192.0.2.0/24', expected: 'pool eu (all down) → pool us: 198.51.100.10', got: 'A 198.51.100.10 (pool us)' });
  }, 120_000);
});
