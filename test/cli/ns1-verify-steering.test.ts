import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startNs1Simulator, type Ns1Simulator } from '../simulators/ns1/index.js';
import { makeWorkspace, runCli, type Workspace } from '../support/workspace.js';
import { steerZone } from './steer-zone.js';

/**
 * Issue #21, `zonesync verify` by EDNS Client Subnet, through bin/run.js with a real zonesync.yaml:
 * an octoDNS zone with a weighted pool, a geo rule, a subnet rule and a failover pool is applied to
 * the NS1 simulator; verify asks its DNS server every rule with ECS and passes; then a region's
 * answers are swapped behind zonesync's back through the simulator's API, and verify names the
 * rule, subnet, nameserver, got and expected pool, and exits 3.
 */

const ZONE = steerZone(3);

let sim: Ns1Simulator;
let ws: Workspace;
const cli = (...args: string[]) => runCli(args, { cwd: ws.dir, env: { NS1_API_KEY: sim.apiKey } });
const config = (ecs: string) => [
  'providers:',
  `  ns1: { type: ns1, apiKey: '\${NS1_API_KEY}', endpoint: '${sim.baseUrl}', nameservers: ['${sim.dns.address}:${sim.dns.port}'] }`,
  'zones:',
  '  steer.example: { file: zones/steer.example.yaml, targets: [ns1] }',
  'verify:',
  `  ecs: ${ecs}`,
  '',
].join('\n');

interface Answer {
  answer: string[];
  region?: string;
  [key: string]: unknown;
}

/** Edit the live record through the simulator's REST API, as a person in the portal would. */
async function editRecord(edit: (answers: Answer[]) => Answer[]): Promise<void> {
  const url = `${sim.baseUrl}/zones/steer.example/www.steer.example/A`;
  const headers = { 'X-NSONE-Key': sim.apiKey, 'Content-Type': 'application/json' };
  const record = (await (await fetch(url, { headers })).json()) as { answers: Answer[] };
  const res = await fetch(url, { method: 'POST', headers, body: JSON.stringify({ answers: edit(record.answers) }) });
  expect(res.status, await res.text()).toBe(200);
}

beforeAll(async () => {
  sim = await startNs1Simulator();
  sim.addZone('steer.example');
  ws = await makeWorkspace({ 'zonesync.yaml': config('{ EU-DE: 192.0.2.0/24 }'), 'zones/steer.example.yaml': ZONE });
});
afterAll(async () => {
  await ws?.cleanup();
  await sim?.close();
});

describe('zonesync verify checks NS1 steering by EDNS Client Subnet', () => {
  it('passes with a check per rule, then names the rule, subnet, nameserver and pools of a planted wrong pool and exits 3', async () => {
    const applied = await cli('apply', '--yes', '--verify', 'api');
    expect(applied.code, applied.stderr).toBe(0);

    const ok = await cli('verify', '--format', 'json');
    expect(ok.code, ok.stdout + ok.stderr).toBe(0);
    const report = JSON.parse(ok.stdout)[0] ?? JSON.parse(ok.stdout);
    const steering = report.providers[0].nameservers[0].steering as Array<{ rule: string; subnet: string; result: string; got: string }>;
    expect(steering.map((c) => `${c.rule} | ${c.subnet} | ${c.result}`)).toEqual([
      'rule 1 (pool lab, subnets 10.1.0.0/16) | 10.1.0.0/24 | ok',
      'rule 2 (pool eu, geos EU-DE) from EU-DE | 192.0.2.0/24 | ok',
      'rule 3 (pool us, catch-all) | 203.0.113.0/24 | ok',
    ]);
    expect(steering[1]?.got).toMatch(/^A 192\.0\.2\.1[01] \(pool eu\)$/);
    expect(ok.stdout).not.toContain(sim.apiKey);
    const text = await cli('verify');
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('steering by client subnet (3 checks of 3 right)');

    // Behind zonesync's back: the EU region now answers the lab's address.
    await editRecord((answers) => answers.map((a) => (a.answer[0]?.startsWith('192.0.2.1') ? { ...a, answer: ['203.0.113.10'] } : a)));
    const wrong = await cli('verify');
    expect(wrong.code, wrong.stdout + wrong.stderr).toBe(3);
    const ns = `${sim.dns.address}:${sim.dns.port}`;
    expect(wrong.stdout).toContain('FAILED');
    const line = wrong.stdout.split('\n').find((l) => l.includes('WRONG POOL'));
    expect(line).toContain('A www.steer.example. rule 2 (pool eu, geos EU-DE) from EU-DE, ECS 192.0.2.0/24: WRONG POOL: got A 203.0.113.10 (pool lab), expected pool eu: 192.0.2.10, 192.0.2.11');
    // The nameserver is the one the BROKEN line above the steering lines names.
    expect(wrong.stdout).toMatch(new RegExp(`BROKEN +${ns.replace(/\./g, '\\.')}`));
    const md = await cli('verify', '--format', 'markdown');
    expect(md.code).toBe(3);
    expect(md.stdout).toContain(`| ❌ wrong pool | \`A www.steer.example.\` | rule 2 (pool eu, geos EU-DE) from EU-DE | \`192.0.2.0/24\` | ns1 \`${ns}\` | got A 203.0.113.10 (pool lab), expected pool eu: 192.0.2.10, 192.0.2.11 |`);

    // The failover pool: every eu value marked down; apply puts the record right again and EU clients fall back to us.
    await ws.write('zones/steer.example.yaml', steerZone(3, true));
    const down = await cli('apply', '--yes', '--verify', 'api');
    expect(down.code, down.stderr).toBe(0);
    const failover = await cli('verify', '--format', 'json');
    expect(failover.code, failover.stdout).toBe(0);
    const rule2 = (JSON.parse(failover.stdout)[0] ?? JSON.parse(failover.stdout)).providers[0].nameservers[0].steering[1];
    expect(rule2).toMatchObject({ subnet: '192.0.2.0/24', result: 'ok', expected: 'pool eu (all down) → pool us: 198.51.100.10', got: 'A 198.51.100.10 (pool us)' });
  });

  it('refuses a verify.ecs key that is not a geo code, or a subnet with host bits, with file:line:column, before asking anything', async () => {
    await ws.write('zonesync.yaml', config('{ EU-XX: 192.0.2.0/24, NA-US: 198.51.100.7/24 }'));
    const bad = await cli('verify');
    await ws.write('zonesync.yaml', config('{ EU-DE: 192.0.2.0/24 }'));
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/zonesync\.yaml:\d+:\d+.*verify\.ecs\.EU-XX.*unknown country code "EU-XX"/);
    expect(bad.stderr).toMatch(/verify\.ecs\.NA-US.*"198\.51\.100\.7\/24" is not a client subnet/);
  });
});
