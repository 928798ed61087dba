import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseYamlZone } from '../../src/core/zonefile/yaml.js';
import { createNs1Provider } from '../../src/providers/ns1/provider.js';
import { startNs1Simulator, type Ns1Simulator } from '../simulators/ns1/index.js';
import { makeWorkspace, runCli, type Workspace } from '../support/workspace.js';
import { steerZone } from './steer-zone.js';

/**
 * Issue #21 on NS1, through bin/run.js with a real zonesync.yaml: an octoDNS zone file with a
 * weighted pool, a geo rule, a subnet rule and a failover pool is applied to the NS1 simulator,
 * re-plans empty, answers DNS by rule (ECS), a weight edit is one change and one POST, and
 * rollback restores the weight.
 */

const run = promisify(execFile);

const zoneFile = (weight: number) => steerZone(weight);

/** The CLI reads `dynamic:` only once the zone-file reader for it (issue #21, core) is in. */
const dynamicReaderPresent = (() => {
  try {
    return parseYamlZone(zoneFile(3), 'probe.yaml', 'steer.example.').zone.rrsets.some((r) => r.name === 'www.steer.example.' && r.dynamic !== undefined);
  } catch {
    return false;
  }
})();

let sim: Ns1Simulator;
let ws: Workspace;
const cli = (...args: string[]) => runCli(args, { cwd: ws.dir, env: { NS1_API_KEY: sim.apiKey } });

async function euWeight(): Promise<number | undefined> {
  const provider = createNs1Provider('ns1', { type: 'ns1', apiKey: sim.apiKey, endpoint: sim.baseUrl });
  const www = (await provider.read('steer.example.'))?.rrsets.find((r) => r.name === 'www.steer.example.' && r.type === 'A');
  return www?.dynamic?.pools['eu']?.values.find((v) => v.value === '192.0.2.10')?.weight;
}

async function dig(subnet: string): Promise<string> {
  const { stdout } = await run('dig', [`@${sim.dns.address}`, '-p', String(sim.dns.port), `+subnet=${subnet}`, '+short', '+time=2', '+tries=1', 'www.steer.example.', 'A']);
  return stdout.trim();
}

beforeAll(async () => {
  if (!dynamicReaderPresent) return;
  sim = await startNs1Simulator();
  sim.addZone('steer.example');
  ws = await makeWorkspace({
    'zonesync.yaml': [
      'providers:',
      `  ns1: { type: ns1, apiKey: '\${NS1_API_KEY}', endpoint: '${sim.baseUrl}', nameservers: ['${sim.dns.address}:${sim.dns.port}'] }`,
      'zones:',
      '  steer.example: { file: zones/steer.example.yaml, targets: [ns1] }',
      '',
    ].join('\n'),
    'zones/steer.example.yaml': zoneFile(3),
  });
});
afterAll(async () => {
  await ws?.cleanup();
  await sim?.close();
});

describe('zonesync with an octoDNS dynamic record on NS1', () => {
  it.skipIf(!dynamicReaderPresent)('applies the steering, re-plans empty, keeps a person\'s filter, changes one weight in one POST, and rolls it back', async () => {
    const applied = await cli('apply', '--yes', '--verify', 'api');
    expect(applied.code, applied.stderr).toBe(0);
    expect(applied.stdout).not.toContain(sim.apiKey);
    const record = sim.record('steer.example', 'www.steer.example', 'A') as { filters: Array<{ filter: string }> };
    expect(record.filters.map((f) => f.filter)).toEqual(['up', 'netfence_prefix', 'geofence_country', 'select_first_region', 'priority', 'weighted_shuffle', 'select_first_n']);
    expect(await euWeight()).toBe(3);
    expect(await dig('10.1.4.0/24')).toBe('203.0.113.10');
    expect(['192.0.2.10', '192.0.2.11']).toContain(await dig('192.0.2.0/24'));
    expect(await dig('198.51.100.0/24')).toBe('198.51.100.10');

    const again = await cli('plan', '--format', 'json');
    expect(again.code, again.stderr).toBe(0);
    expect(JSON.parse(again.stdout).zones[0].changes).toEqual([]);

    // A person adds a filter in the portal: the plan names it as left alone, and it is not a change.
    const chain = (sim.record('steer.example', 'www.steer.example', 'A') as { filters: Array<Record<string, unknown>> }).filters;
    sim.setFilters('steer.example', 'www.steer.example', 'A', [...chain.slice(0, 5), { filter: 'sticky', config: {} }, ...chain.slice(5)]);
    const kept = JSON.parse((await cli('plan', '--format', 'json')).stdout).zones[0];
    expect(kept.changes).toEqual([]);
    expect(kept.leftAlone).toEqual([{ name: 'www.steer.example.', type: 'A', reason: 'provider-routing', detail: 'NS1 keeps its filters beside the steering: sticky (zonesync manages the answers, TTL and steering)' }]);

    await ws.write('zones/steer.example.yaml', zoneFile(9));
    const edited = await cli('plan', '--format', 'json');
    const changes = JSON.parse(edited.stdout).zones[0].changes as Array<{ kind: string; after: { name: string } }>;
    expect(changes.map((c) => `${c.kind} ${c.after.name}`)).toEqual(['update www.steer.example.']);
    const writes = sim.counters.writes;
    const reweighted = await cli('apply', '--yes', '--verify', 'api');
    expect(reweighted.code, reweighted.stderr).toBe(0);
    expect(sim.counters.writes - writes).toBe(1);
    expect(await euWeight()).toBe(9);
    expect((sim.record('steer.example', 'www.steer.example', 'A') as { filters: Array<{ filter: string }> }).filters.map((f) => f.filter)).toContain('sticky');

    const undone = await cli('rollback', '--yes', '--verify', 'api');
    expect(undone.code, undone.stderr).toBe(0);
    expect(await euWeight()).toBe(3);
  });
});
