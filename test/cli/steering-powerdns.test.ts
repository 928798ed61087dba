import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseYamlZone } from '../../src/core/zonefile/yaml.js';
import { createPowerDnsProvider, powerdnsConfigSchema } from '../../src/providers/powerdns/provider.js';
import { startPowerDns, type PowerDnsServer } from '../harness/pdns.js';
import { powerdnsBlock } from '../support/config-blocks.js';
import { ecsQuery } from '../support/ecs-query.js';
import { makeWorkspace, runCli, type Workspace } from '../support/workspace.js';

/**
 * Issue #21 through bin/run.js: an octoDNS zone file with a `dynamic:` A record (a subnet rule, a
 * failover pool, a weighted catch-all) applied to a real pdns_server with LUA records and ECS, then
 * answered by rule; the plan is empty again; one weight changed is one change; rollback restores it.
 */

const ZONE = 'steer.example.';
const www = `www.${ZONE}`;

/** The zone-file reader for `dynamic:` comes with issue #21's core work: without it this file has nothing to drive. */
const dynamicReaderPresent = (() => {
  const probe = 'x:\n  type: A\n  value: 192.0.2.1\n  dynamic:\n    pools:\n      p:\n        values:\n          - value: 192.0.2.2\n    rules:\n      - pool: p\n';
  try {
    return parseYamlZone(probe, 'probe.yaml', 'probe.example.').zone.rrsets.some((r) => r.dynamic !== undefined);
  } catch {
    return false;
  }
})();

const zoneFile = (weight: number) =>
  [
    'www:',
    '  type: A',
    '  ttl: 60',
    '  value: 127.0.0.99',
    '  dynamic:',
    '    pools:',
    '      office:',
    '        values:',
    '          - value: 127.0.0.10',
    '            status: up',
    '      primary:',
    '        fallback: backup',
    '        values:',
    '          - value: 127.0.0.2',
    '            status: down',
    '      backup:',
    '        values:',
    '          - value: 127.0.0.3',
    '            status: up',
    '      weighted:',
    '        values:',
    '          - value: 127.0.0.21',
    '            weight: 1',
    '            status: up',
    '          - value: 127.0.0.22',
    `            weight: ${weight}`,
    '            status: up',
    '    rules:',
    '      - subnets: [10.1.0.0/16]',
    '        pool: office',
    '      - subnets: [10.2.0.0/16]',
    '        pool: primary',
    '      - pool: weighted',
    '  octodns:',
    '    healthcheck:',
    '      protocol: TCP',
    '      port: 8080',
    'mail: { type: A, ttl: 300, value: 192.0.2.25 }',
    '',
  ].join('\n');

/** zonesync.yaml with one PowerDNS target (key in $PDNS_KEY) for `zone`, whose file is `file`. */
function workspace(server: PowerDnsServer, zone: string, file: string): Promise<Workspace> {
  return makeWorkspace({
    'zonesync.yaml': [
      'providers:',
      ...powerdnsBlock('pdns', { url: server.url, nameservers: [server.dns], apiKeyVar: 'PDNS_KEY' }),
      'defaults:',
      '  safety: { minExistingRecords: 1, maxUpdatePercent: 100 }',
      'zones:',
      `  ${zone}: { file: zones/z.yaml, targets: [pdns] }`,
      '',
    ].join('\n'),
    'zones/z.yaml': file,
  });
}

let pdns: PowerDnsServer;
let ws: Workspace | undefined;
const cli = (args: string[]) => runCli(args, { cwd: (ws as Workspace).dir, env: { PDNS_KEY: pdns.apiKey } });
const API = ['--verify', 'api'];
const answer = async (subnet?: string) => (await ecsQuery(pdns.dns, www, 'A', subnet)).answers;
const live = async () => {
  const provider = createPowerDnsProvider('pdns', powerdnsConfigSchema.parse({ type: 'powerdns', url: pdns.url, apiKey: pdns.apiKey }));
  return ((await provider.read(ZONE))?.rrsets ?? []).filter((r) => r.name === www);
};

describe.skipIf(!dynamicReaderPresent)('zonesync apply / plan / rollback of a steered record on PowerDNS (LUA, ECS)', () => {
  beforeAll(async () => {
    pdns = await startPowerDns({ lua: true });
    ws = await workspace(pdns, ZONE, zoneFile(3));
  }, 60_000);
  afterAll(async () => {
    await ws?.cleanup();
    await pdns?.stop();
  });

  it('applies the steering, answers by rule, re-plans empty, applies one weight as one change, and rolls it back', async () => {
    const created = await cli(['apply', '--yes', '--create-zones', ...API]);
    expect(created.code, created.stdout + created.stderr).toBe(0);
    expect(created.stdout + created.stderr).not.toContain(pdns.apiKey);

    // Served by the rules, from the client subnet.
    expect(await answer('10.1.0.0/16')).toEqual(['127.0.0.10']);
    expect(await answer('10.2.0.0/16')).toEqual(['127.0.0.3']);
    expect(['127.0.0.21', '127.0.0.22']).toContain((await answer())[0]);
    const first = await live();
    expect(first).toHaveLength(1);
    expect(first[0]?.dynamic?.rules.map((r) => r.pool)).toEqual(['office', 'primary', 'weighted']);

    const again = await cli(['plan']);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain('No changes.');

    await (ws as Workspace).write('zones/z.yaml', zoneFile(7));
    const plan = JSON.parse((await cli(['plan', '--format', 'json'])).stdout) as { zones: Array<{ changes: Array<{ kind: string; after?: { name: string; dynamic?: unknown } }> }> };
    expect(plan.zones[0]?.changes).toHaveLength(1);
    expect(plan.zones[0]?.changes[0]).toMatchObject({ kind: 'update', after: { name: www } });
    const changed = await cli(['apply', '--yes', ...API]);
    expect(changed.code, changed.stdout + changed.stderr).toBe(0);
    const weights = (await live())[0]?.dynamic?.pools.weighted?.values.map((v) => v.weight);
    expect(weights).toEqual([1, 7]);
    expect((await cli(['plan'])).stdout).toContain('No changes.');

    const undone = await cli(['rollback', '--yes', ...API]);
    expect(undone.code, undone.stdout + undone.stderr).toBe(0);
    expect(await live()).toEqual(first);
    expect(await answer('10.1.0.0/16')).toEqual(['127.0.0.10']);
  }, 120_000);

  it('a steered record edited behind zonesync\'s back plans as one update and apply restores it', async () => {
    const path = `${pdns.url}/api/v1/servers/localhost/zones/${ZONE}`;
    const headers = { 'X-API-Key': pdns.apiKey };
    const api = (await (await fetch(`${path}?rrset_name=${www}`, { headers })).json()) as { rrsets: Array<{ type: string; ttl: number; records: Array<{ content: string }> }> };
    const lua = api.rrsets.find((r) => r.type === 'LUA');
    const content = lua?.records[0]?.content as string;
    const planted = content.replace("{{1,'127.0.0.10'}}", "{{1,'127.0.0.66'}}");
    expect(planted).not.toBe(content);
    const response = await fetch(path, { method: 'PATCH', headers, body: JSON.stringify({ rrsets: [{ name: www, type: 'LUA', ttl: lua?.ttl, changetype: 'REPLACE', records: [{ content: planted, disabled: false }] }] }) });
    expect(response.status).toBe(204);
    expect(await answer('10.1.0.0/16')).toEqual(['127.0.0.66']);
    const plan = JSON.parse((await cli(['plan', '--format', 'json'])).stdout) as { zones: Array<{ changes: Array<{ kind: string; after?: { name: string } }> }> };
    expect(plan.zones[0]?.changes.map((c) => `${c.kind} ${c.after?.name}`)).toEqual([`update ${www}`]);
    const repaired = await cli(['apply', '--yes', ...API]);
    expect(repaired.code, repaired.stdout + repaired.stderr).toBe(0);
    expect(await answer('10.1.0.0/16')).toEqual(['127.0.0.10']);
    expect((await cli(['plan'])).stdout).toContain('No changes.');
  }, 60_000);

  it('refuses a geo rule at plan time, naming the record and why, and writes nothing', async () => {
    const before = await live();
    await (ws as Workspace).write('zones/z.yaml', zoneFile(3).replace('      - pool: weighted\n', '      - geos: [EU-DE]\n        pool: backup\n      - pool: weighted\n'));
    const plan = await cli(['plan']);
    expect(plan.code).toBe(1);
    expect(plan.stdout + plan.stderr).toContain(`pdns (powerdns) cannot steer ${www} A (dynamic): geo rules: country() and continent() answer only from a GeoIP database`);
    expect((await cli(['apply', '--yes', ...API])).code).toBe(1);
    expect(await live()).toEqual(before);
  }, 60_000);
});

describe('zonesync and LUA records it did not write (PowerDNS)', () => {
  let server: PowerDnsServer;
  let space: Workspace | undefined;
  const ZONE2 = 'lua-kept.example.';
  const theirs = { name: `geo.${ZONE2}`, type: 'LUA', ttl: 60, records: [{ content: "A \"ifportup(443, {'192.0.2.7', '192.0.2.8'})\"", disabled: false }] };
  const run = (args: string[]) => runCli(args, { cwd: (space as Workspace).dir, env: { PDNS_KEY: server.apiKey } });
  const api = async (path: string, init: RequestInit = {}) => {
    const response = await fetch(`${server.url}/api/v1/servers/localhost${path}`, { ...init, headers: { 'X-API-Key': server.apiKey } });
    expect(response.ok, await response.clone().text()).toBe(true);
    return response;
  };
  const stored = async () => ((await (await api(`/zones/${ZONE2}?rrset_name=${theirs.name}`)).json()) as { rrsets: unknown[] }).rrsets;

  beforeAll(async () => {
    server = await startPowerDns({ lua: true });
    await api('/zones', { method: 'POST', body: JSON.stringify({ name: ZONE2, kind: 'Native', nameservers: [`ns1.${ZONE2}`] }) });
    await api(`/zones/${ZONE2}`, { method: 'PATCH', body: JSON.stringify({ rrsets: [{ ...theirs, changetype: 'REPLACE' }] }) });
    space = await workspace(server, ZONE2, 'mail: { type: A, ttl: 300, value: 192.0.2.25 }\n');
  }, 60_000);
  afterAll(async () => {
    await space?.cleanup();
    await server?.stop();
  });

  it('lists it as left alone, keeps it byte for byte through apply, and refuses a record of its name and type', async () => {
    const before = await stored();
    const plan = JSON.parse((await run(['plan', '--format', 'json'])).stdout) as { zones: Array<{ leftAlone: unknown[]; changes: unknown[] }> };
    expect(plan.zones[0]?.leftAlone).toEqual([{ name: theirs.name, type: 'LUA', reason: 'provider-routing', detail: 'LUA A record zonesync did not write; left alone' }]);
    expect(plan.zones[0]?.changes).toHaveLength(1);
    const text = await run(['plan', '--full']);
    expect(text.stdout).toContain('  1 × kept by the provider (PowerDNS LUA records zonesync did not write; not written or deleted)\n');
    expect(text.stdout).toContain(`    ${theirs.name} LUA: LUA A record zonesync did not write; left alone\n`);
    const applied = await run(['apply', '--yes', ...API]);
    expect(applied.code, applied.stdout + applied.stderr).toBe(0);
    expect(await stored()).toEqual(before);
    expect((await run(['plan'])).stdout).toContain('No changes.');

    await (space as Workspace).write('zones/z.yaml', 'mail: { type: A, ttl: 300, value: 192.0.2.25 }\ngeo: { type: A, ttl: 60, value: 192.0.2.9 }\n');
    const refused = await run(['plan']);
    expect(refused.code).toBe(1);
    expect(refused.stdout + refused.stderr).toContain(`pdns (powerdns): record ${theirs.name} A: ${theirs.name} A: PowerDNS holds a LUA A record zonesync did not write there, which would be served beside it; change it in PowerDNS or remove it first`);
    const apply = await run(['apply', '--yes', ...API]);
    expect(apply.code).toBe(1);
    expect(await stored()).toEqual(before);
  }, 120_000);
});
