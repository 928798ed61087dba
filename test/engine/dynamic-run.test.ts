// test-project: unit
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig, type Config } from '../../src/config/load.js';
import type { Change } from '../../src/core/change.js';
import { rrsetKey, type RRset, type Zone } from '../../src/core/model.js';
import { applyPlan, type ApplyOptions } from '../../src/engine/apply.js';
import { apiVerifier } from '../../src/engine/run/chunk-verifier.js';
import { planConfiguredZones } from '../../src/engine/plan.js';
import { rollbackRun } from '../../src/engine/rollback.js';
import { findRun } from '../../src/engine/run/runs.js';
import type { Capabilities, ChunkReceipt, Provider } from '../../src/providers/provider.js';
import { ProviderSet } from '../../src/providers/registry.js';
import { steeredZone } from '../support/steered-zone.js';
import { makeWorkspace, type Workspace } from '../support/workspace.js';

/**
 * A steered rrset through the run machinery (plan, chunked apply, run files, rollback) on a
 * provider that keeps what it is sent, `dynamic` included, as a steering adapter reads it back.
 */

const CAPABILITIES: Capabilities = { types: { A: { supported: true }, AAAA: { supported: true }, CNAME: { supported: true } }, maxChangesPerBatch: 100, atomicBatch: true, alias: 'none', minTtl: 1, dynamic: { supported: true, reason: 'kept as sent (test)' } };

class SteeringMemory implements Provider {
  readonly type = 'ns1';
  readonly capabilities = CAPABILITIES;
  readonly rrsets = new Map<string, RRset>();
  readonly sent: Change[][] = [];
  constructor(readonly id: string) {}
  async read(zone: string): Promise<Zone> {
    return { name: zone, rrsets: [...this.rrsets.values()].map((r) => structuredClone(r)) };
  }
  async ensureZone(): Promise<void> {}
  async apply(_zone: string, changes: Change[]): Promise<ChunkReceipt> {
    this.sent.push(structuredClone(changes));
    for (const c of changes) {
      if (c.kind === 'delete') this.rrsets.delete(rrsetKey(c.before));
      else this.rrsets.set(rrsetKey(c.after), structuredClone(c.after));
    }
    return { apiCalls: 1 };
  }
  async delegationNameservers(): Promise<string[]> {
    return [];
  }
  async nameservers(): Promise<[]> {
    return [];
  }
}

const options: ApplyOptions = { chunkSize: 1, pauseSeconds: 0, verify: 'api', rollbackOnFailure: false, force: true, maxWaitSeconds: 0, syncTimeoutMs: 1000, verifier: apiVerifier };

let ws: Workspace | undefined;
afterEach(async () => {
  await ws?.cleanup();
  ws = undefined;
});

async function plan(config: Config, providers: ProviderSet) {
  return (await planConfiguredZones(config, providers, config.zones, { now: new Date() })).plan;
}

describe('a steered rrset through apply and rollback', () => {
  it('goes as one change, re-plans empty, a weight change is one update, and rollback restores the whole rrset', async () => {
    ws = await makeWorkspace({
      'zonesync.yaml': 'providers:\n  steer: { type: ns1, apiKey: not-used-by-the-test }\nzones:\n  example.com: { file: zones/example.com.yaml, targets: [steer] }\n',
      'zones/example.com.yaml': steeredZone(3),
    });
    const config = await loadConfig(join(ws.dir, 'zonesync.yaml'), {});
    const memory = new SteeringMemory('steer');
    const providers = new ProviderSet(config, {}, { steer: memory });

    const first = await applyPlan(config, providers, await plan(config, providers), options);
    expect(first.status).toBe('done');
    const www = memory.rrsets.get('www.example.com. A');
    expect(www?.dynamic?.rules).toEqual([{ pool: 'office', subnets: ['10.1.0.0/16'] }, { pool: 'eu', geos: ['EU-DE', 'EU-FR'] }, { pool: 'us' }]);
    expect(www?.dynamic?.healthcheck).toEqual({ host: 'www.example.com', path: '/health', port: 8443, protocol: 'HTTPS' });
    expect((await plan(config, providers)).zones[0]?.changes).toEqual([]);
    const weighted3 = structuredClone(www);

    await ws.write('zones/example.com.yaml', steeredZone(4));
    const second = await plan(config, providers);
    expect(second.zones[0]?.changes.map((c) => c.kind)).toEqual(['update']);
    memory.sent.length = 0;
    expect((await applyPlan(config, providers, second, options)).status).toBe('done');
    // One chunk, one change: the whole steered rrset.
    expect(memory.sent).toHaveLength(1);
    expect(memory.sent[0]?.map((c) => c.kind === 'update' && c.after.dynamic?.pools.us?.values[0]?.weight)).toEqual([4]);
    // The run's saved plan keeps the steering on both sides.
    const run = await findRun(config.stateDir, undefined);
    const saved = JSON.parse(await readFile(run.plan, 'utf8'));
    expect(saved.zones[0].changes[0].before.dynamic).toEqual(weighted3?.dynamic);

    const rolled = await rollbackRun(config, providers, { ...options, force: false });
    expect(rolled.status).toBe('done');
    expect(memory.rrsets.get('www.example.com. A')).toEqual(weighted3);
  });
});
