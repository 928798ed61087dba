import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, type Config } from '../../src/config/load.js';
import { applyPlan, type ApplyOptions } from '../../src/engine/apply.js';
import { apiVerifier } from '../../src/engine/run/chunk-verifier.js';
import { readJournal } from '../../src/engine/run/journal.js';
import { planConfiguredZones } from '../../src/engine/plan.js';
import { resumeRun } from '../../src/engine/resume.js';
import { findRun } from '../../src/engine/run/runs.js';
import { ProviderSet } from '../../src/providers/registry.js';
import { startBind, type BindServer } from '../harness/bind.js';
import { startDnsFaultProxy, type DnsFaultProxy } from '../support/fault-proxy.js';
import { makeWorkspace, type Workspace } from '../support/workspace.js';

/** BIND through the DNS fault proxy: UPDATE and AXFR connections closed without an answer. */

const ZONE = 'faults.example.';
const HOSTS = 8;
let bind: BindServer;
let proxy: DnsFaultProxy;
let ws: Workspace;
let config: Config;
const env = () => ({ TSIG_SECRET: bind.tsig.secret });
const zoneYaml = (value: string) => Array.from({ length: HOSTS }, (_, i) => `h${i}: { type: A, value: ${value} }`).join('\n') + '\n';

const options = (extra: Partial<ApplyOptions> = {}): ApplyOptions => ({
  chunkSize: 2, pauseSeconds: 0, verify: 'api', rollbackOnFailure: false, force: true, maxWaitSeconds: 0, syncTimeoutMs: 5000, verifier: apiVerifier, ...extra,
});

async function plan(providers: ProviderSet) {
  return (await planConfiguredZones(config, providers, config.zones, { now: new Date() })).plan;
}

async function live(): Promise<string[]> {
  const zone = await (await new ProviderSet(config, env()).get('bind')).read(ZONE);
  return (zone?.rrsets ?? []).filter((r) => r.type === 'A').map((r) => `${r.name} ${r.values.join(',')}`).sort();
}

const expected = (value: string) => Array.from({ length: HOSTS }, (_, i) => `h${i}.${ZONE} ${value}`).sort();

beforeAll(async () => {
  bind = await startBind({ zones: [ZONE], apexNameserver: 'ns1.example.net.' });
  proxy = await startDnsFaultProxy(bind.dns);
  ws = await makeWorkspace({
    'zonesync.yaml': `providers:\n  bind: { type: bind, server: "${proxy.address}:${proxy.port}", timeoutMs: 2000, tsig: { name: ${bind.tsig.name}, algorithm: ${bind.tsig.algorithm}, secret: "\${TSIG_SECRET}" } }\nzones:\n  ${ZONE.slice(0, -1)}: { file: zones/z.yaml, targets: [bind] }\n`,
    'zones/z.yaml': zoneYaml('192.0.2.1'),
  });
  config = await loadConfig(join(ws.dir, 'zonesync.yaml'), env());
});

afterAll(async () => {
  await proxy?.close();
  await bind?.stop();
  await ws?.cleanup();
});

describe('fault matrix: bind (UPDATE and AXFR through a DNS fault proxy)', () => {
  it('a lost UPDATE connection stops the run cleanly at that chunk; resume finishes it exactly', async () => {
    const providers = new ProviderSet(config, env());
    expect((await applyPlan(config, providers, await plan(providers), options())).status).toBe('done');
    await ws.write('zones/z.yaml', zoneYaml('192.0.2.2'));
    const report = await applyPlan(config, providers, await plan(providers), options({
      onEvent: (e) => {
        if (e.type === 'chunk-verified' && e.chunk === 1) proxy.faults.dropDnsNext = 1;
      },
    }));
    expect(report.status).toBe('failed');
    expect(report.zones[0]?.failed?.chunk).toBe(2);
    const journal = await readJournal((await findRun(config.stateDir, report.runId)).journal);
    expect(journal.filter((e) => e.type === 'chunk-start').length).toBe(2);
    expect((await resumeRun(config, new ProviderSet(config, env()), options())).status).toBe('done');
    expect(await live()).toEqual(expected('192.0.2.2'));
  });

  it('a server that answers nothing aborts with exit 1 and a journal naming the chunk; resume after it clears', async () => {
    await ws.write('zones/z.yaml', zoneYaml('192.0.2.3'));
    const providers = new ProviderSet(config, env());
    const report = await applyPlan(config, providers, await plan(providers), options({
      onEvent: (e) => {
        if (e.type === 'chunk-verified' && e.chunk === 2) proxy.faults.dropDnsNext = Number.POSITIVE_INFINITY;
      },
    }));
    proxy.faults.dropDnsNext = 0;
    expect(report.exitCode).toBe(1);
    const journal = await readJournal((await findRun(config.stateDir, report.runId)).journal);
    expect(journal.filter((e) => e.type === 'chunk-failed').map((e) => (e.type === 'chunk-failed' ? e.chunk : 0))).toEqual([3]);
    expect(journal.at(-1)).toMatchObject({ type: 'run-end', status: 'failed' });
    expect((await resumeRun(config, new ProviderSet(config, env()), options())).status).toBe('done');
    expect(await live()).toEqual(expected('192.0.2.3'));
  });
});
