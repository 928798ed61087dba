import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startNs1Simulator, type Ns1Simulator } from '../simulators/ns1/index.js';
import { makeWorkspace, runCli, type Workspace } from '../support/workspace.js';

/**
 * An octoDNS URLFWD record through bin/run.js: planned and applied to the NS1 simulator, held there
 * as NS1 answers, re-planned empty, verified over DNS (which does not ask A at the forwarded name),
 * and refused by plan on a target that has no URL forwarding, naming the record and the target.
 */

let sim: Ns1Simulator;
let ws: Workspace;
const cli = (...args: string[]) => runCli(args, { cwd: ws.dir, env: { NS1_API_KEY: sim.apiKey } });

const ZONE_FILE = [
  'www: { type: A, ttl: 300, value: 192.0.2.1 }',
  'go:',
  '  type: URLFWD',
  '  ttl: 300',
  '  values:',
  "    - { path: /, target: 'https://www.fwd.example/', code: 301, masking: 0, query: 1 }",
  "    - { path: /old, target: 'https://www.fwd.example/new', code: 302, masking: 2, query: 0 }",
  '',
].join('\n');

beforeAll(async () => {
  sim = await startNs1Simulator();
  sim.addZone('fwd.example');
  ws = await makeWorkspace({
    'zonesync.yaml': [
      'providers:',
      `  ns1: { type: ns1, apiKey: '\${NS1_API_KEY}', endpoint: '${sim.baseUrl}', nameservers: ['${sim.dns.address}:${sim.dns.port}'] }`,
      '  local: { type: file, directory: served }',
      'zones:',
      '  fwd.example: { file: zones/fwd.example.yaml, targets: [ns1, local] }',
      '',
    ].join('\n'),
    'zones/fwd.example.yaml': ZONE_FILE,
  });
});
afterAll(async () => {
  await ws?.cleanup();
  await sim?.close();
});

describe('zonesync with an octoDNS URLFWD record', () => {
  it('plans it, applies it to NS1, which holds it, then plans nothing and verifies', async () => {
    const plan = await cli('plan', '--target', 'ns1', '--format', 'json');
    expect(plan.code, plan.stderr).toBe(0);
    const changes = JSON.parse(plan.stdout).zones[0].changes as Array<{ kind: string; after?: { name: string; type: string; values: string[] } }>;
    expect(changes.map((c) => [c.kind, c.after?.name, c.after?.type])).toEqual([['create', 'go.fwd.example.', 'URLFWD'], ['create', 'www.fwd.example.', 'A']]);
    expect(changes[0]?.after?.values).toEqual(['"/" "https://www.fwd.example/" 301 0 1', '"/old" "https://www.fwd.example/new" 302 2 0']);
    const text = await cli('plan', '--target', 'ns1');
    expect(text.stdout).toContain('go.fwd.example.');
    expect(text.stdout).toContain('URLFWD');

    const applied = await cli('apply', '--yes', '--target', 'ns1');
    expect(applied.code, applied.stderr).toBe(0);
    const record = sim.record('fwd.example', 'go.fwd.example', 'URLFWD') as { ttl: number; answers: Array<{ answer: unknown[] }> };
    expect(record.ttl).toBe(300);
    expect(record.answers.map((a) => a.answer)).toEqual([['/', 'https://www.fwd.example/', 301, 0, 1], ['/old', 'https://www.fwd.example/new', 302, 2, 0]]);

    const again = await cli('plan', '--target', 'ns1', '--detailed-exitcode');
    expect(again.code, again.stdout + again.stderr).toBe(0);

    // The simulator answers A at go.fwd.example. with its forwarder, which the zone cannot predict: not asked, not failed.
    const verified = await cli('verify', '--target', 'ns1', '--json');
    expect(verified.code, verified.stdout + verified.stderr).toBe(0);
    // The apex SOA, then A and AAAA at www, each with and without EDNS: nothing at go.
    expect(JSON.parse(verified.stdout).reports[0].providers[0].nameservers.map((n: { queries: number; ok: boolean }) => [n.queries, n.ok])).toEqual([[5, true]]);
  });

  it('refuses to plan it for a target that cannot hold it, naming the record and the target', async () => {
    const refused = await cli('plan', '--target', 'local');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('fwd.example. cannot be served by local');
    expect(refused.stderr).toContain('local (file) cannot serve URLFWD (go.fwd.example.): an HTTP redirect a provider serves, not a DNS record: a master file has no such type');
  });
});
