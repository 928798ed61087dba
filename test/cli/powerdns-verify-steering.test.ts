import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPowerDns, type PowerDnsServer } from '../harness/pdns.js';
import { powerdnsBlock } from '../support/config-blocks.js';
import { makeWorkspace, runCli, type Workspace } from '../support/workspace.js';

/**
 * Issue #21, `zonesync verify` by EDNS Client Subnet against a real pdns_server serving the
 * steering as LUA records (`edns-subnet-processing=yes`), through bin/run.js: a subnet rule, a
 * failover pool (every value down) and a weighted catch-all pass, one check per rule; a pool whose
 * value obeys a health check that fails (nothing listens on 127.0.0.10:443) is answered by the
 * fallback, which DNS alone cannot tell from wrong steering: reported as such, exit 3, never OK.
 */

const zoneFile = (office: 'up' | 'obey') => `www:
  type: A
  values: [127.0.0.99]
  ttl: 60
  dynamic:
    pools:
      office: { values: [{ value: 127.0.0.10, status: ${office} }] }
      primary: { fallback: backup, values: [{ value: 127.0.0.2, status: down }] }
      backup: { values: [{ value: 127.0.0.3, status: up }] }
      weighted: { values: [{ value: 127.0.0.21, weight: 1, status: up }, { value: 127.0.0.22, weight: 5, status: up }] }
    rules:
      - { pool: office, subnets: [10.1.0.0/16] }
      - { pool: primary, subnets: [10.2.0.0/16] }
      - pool: weighted
`;

let pdns: PowerDnsServer;
let ws: Workspace | undefined;
const cli = (args: string[]) => runCli(args, { cwd: (ws as Workspace).dir, env: { PDNS_KEY: pdns.apiKey } });

beforeAll(async () => {
  pdns = await startPowerDns({ lua: true });
  ws = await makeWorkspace({
    'zonesync.yaml': [
      'providers:',
      ...powerdnsBlock('pdns', { url: pdns.url, nameservers: [pdns.dns], apiKeyVar: 'PDNS_KEY' }),
      'defaults:',
      '  safety: { minExistingRecords: 1, maxUpdatePercent: 100 }',
      'zones:',
      '  steer.example: { file: zones/z.yaml, targets: [pdns] }',
      '',
    ].join('\n'),
    'zones/z.yaml': zoneFile('up'),
  });
}, 60_000);
afterAll(async () => {
  await ws?.cleanup();
  await pdns?.stop();
});

describe('zonesync verify checks PowerDNS LUA steering by EDNS Client Subnet', () => {
  it('passes a check per rule, the failover pool answered by its fallback', async () => {
    const applied = await cli(['apply', '--yes', '--create-zones', '--verify', 'api']);
    expect(applied.code, applied.stdout + applied.stderr).toBe(0);
    const verified = await cli(['verify', '--format', 'json']);
    const report = JSON.parse(verified.stdout);
    const checks = (Array.isArray(report) ? report[0] : report).providers[0].nameservers[0].steering as Array<Record<string, string>>;
    expect(checks.map((c) => `${c.rule} | ${c.subnet} | ${c.result} | ${c.expected}`), JSON.stringify(checks)).toEqual([
      'rule 1 (pool office, subnets 10.1.0.0/16) | 10.1.0.0/24 | ok | pool office: 127.0.0.10',
      'rule 2 (pool primary, subnets 10.2.0.0/16) | 10.2.0.0/24 | ok | pool primary (all down) → pool backup: 127.0.0.3',
      'rule 3 (pool weighted, catch-all) | 203.0.113.0/24 | ok | pool weighted: 127.0.0.21, 127.0.0.22',
    ]);
    expect(checks[2]?.got).toMatch(/^A 127\.0\.0\.2[12] \(pool weighted\)$/);
    expect(verified.code, verified.stdout).toBe(0);
    expect(verified.stdout).not.toContain(pdns.apiKey);

    await (ws as Workspace).write('zones/z.yaml', zoneFile('obey'));
    const obey = await cli(['apply', '--yes', '--verify', 'api']);
    expect(obey.code, obey.stdout + obey.stderr).toBe(0);
    const unhealthy = await cli(['verify']);
    expect(unhealthy.code, unhealthy.stdout).toBe(3);
    expect(unhealthy.stdout).toContain('NOT VERIFIED');
    expect(unhealthy.stdout).toContain('A www.steer.example. rule 1 (pool office, subnets 10.1.0.0/16), ECS 10.1.0.0/24: FALLBACK: got A 127.0.0.99 (the record values), expected pool office: 127.0.0.10; answered by the fallback (the record values: 127.0.0.99): the values of pool office obey health checks, which fail there, or the server steers wrong');
  }, 120_000);
});
