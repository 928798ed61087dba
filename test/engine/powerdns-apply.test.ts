import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, type Config } from '../../src/config/load.js';
import { applyPlan, type ApplyOptions } from '../../src/engine/apply.js';
import { readJournal } from '../../src/engine/run/journal.js';
import { planConfiguredZones } from '../../src/engine/plan.js';
import { rollbackRun } from '../../src/engine/rollback.js';
import { findRun } from '../../src/engine/run/runs.js';
import { verifierFor } from '../../src/engine/run/verifiers.js';
import { query } from '../../src/dns/client.js';
import { ProviderSet } from '../../src/providers/registry.js';
import { startPowerDnsPair, type PowerDnsPair } from '../harness/pdns.js';
import { makeWorkspace, type Workspace } from '../support/workspace.js';

const ZONE = 'chunks.example.';
let pair: PowerDnsPair;
let ws: Workspace;
let config: Config;

const zoneYaml = (hosts: number, value: (i: number) => string) =>
  Array.from({ length: hosts }, (_, i) => `h${i}: { type: A, ttl: 60, value: ${value(i)} }`).join('\n') + '\n';

const options = (extra: Partial<ApplyOptions> = {}): ApplyOptions => ({
  chunkSize: 10,
  pauseSeconds: 0,
  verify: 'dns',
  rollbackOnFailure: false,
  force: true,
  maxWaitSeconds: 0,
  syncTimeoutMs: 5000,
  verifier: verifierFor('dns', 2000),
  ...extra,
});

async function plan(providers: ProviderSet) {
  return (await planConfiguredZones(config, providers, config.zones, { now: new Date() })).plan;
}

async function liveRecords(providers: ProviderSet): Promise<string[]> {
  const live = await (await providers.get('pdns')).read(ZONE);
  return (live?.rrsets ?? []).filter((r) => r.type === 'A').map((r) => `${r.name} ${r.ttl} ${r.values.join(',')}`).sort();
}

beforeAll(async () => {
  pair = await startPowerDnsPair();
  const ns = [pair.primary.dns, pair.secondary.dns].map((d) => `${d.address}:${d.port}`);
  ws = await makeWorkspace({
    'zonesync.yaml': `providers:\n  pdns: { type: powerdns, url: "${pair.primary.url}", apiKey: "\${PDNS_KEY}", nameservers: [${ns.join(', ')}] }\nzones:\n  ${ZONE.slice(0, -1)}: { file: zones/z.yaml, targets: [pdns] }\n`,
    'zones/z.yaml': zoneYaml(40, (i) => `192.0.2.${i + 1}`),
  });
  config = await loadConfig(join(ws.dir, 'zonesync.yaml'), { PDNS_KEY: pair.apiKey });
});

afterAll(async () => {
  await pair?.stop();
  await ws?.cleanup();
});

describe('chunked apply with DNS verification against a real PowerDNS pair', () => {
  it('a nameserver that stops answering fails chunk k: later chunks are never sent, and rollback restores the zone exactly', async () => {
    const providers = new ProviderSet(config, { PDNS_KEY: pair.apiKey });
    const first = await applyPlan(config, providers, await plan(providers), options());
    expect(first.status).toBe('done');
    expect(first.zones[0]?.live).toHaveLength(4);
    const before = await liveRecords(providers);

    await ws.write('zones/z.yaml', zoneYaml(40, (i) => `198.51.100.${i + 1}`));
    const k = 3;
    const report = await applyPlan(config, providers, await plan(providers), options({
      onEvent: (entry) => {
        // The second nameserver freezes once chunk k-1 is verified: chunk k cannot be seen there.
        if (entry.type === 'chunk-verified' && entry.chunk === k - 1) pair.secondary.pause();
      },
    }));
    pair.secondary.resume();
    expect(report.exitCode).toBe(3);
    expect(report.zones[0]?.failed).toMatchObject({ chunk: k, stage: 'verify' });
    expect(report.zones[0]?.failed?.details.join('\n')).toContain(`${pair.secondary.dns.address}:${pair.secondary.dns.port}`);
    const journal = await readJournal((await findRun(config.stateDir, report.runId)).journal);
    expect(journal.filter((e) => e.type === 'chunk-start').map((e) => (e.type === 'chunk-start' ? e.chunk : 0))).toEqual([1, 2, 3]);
    expect((await liveRecords(providers)).filter((r) => r.includes('198.51.100.'))).toHaveLength(k * 10);

    const rolled = await rollbackRun(config, providers, { ...options(), ...(report.runId ? { runId: report.runId } : {}) });
    expect(rolled.status).toBe('done');
    expect(await liveRecords(providers)).toEqual(before);
  });

  it('while a few hundred rrsets are replaced, a concurrent query loop never sees NXDOMAIN or NODATA', async () => {
    const hosts = 300;
    await ws.write('zones/z.yaml', zoneYaml(hosts, (i) => `192.0.2.${(i % 250) + 1}`));
    const providers = new ProviderSet(config, { PDNS_KEY: pair.apiKey });
    expect((await applyPlan(config, providers, await plan(providers), options({ chunkSize: 100, verify: 'api', verifier: verifierFor('api') }))).status).toBe('done');

    await ws.write('zones/z.yaml', zoneYaml(hosts, (i) => `203.0.113.${(i % 250) + 1}`));
    let running = true;
    const seen = { queries: 0, bad: [] as string[] };
    const loop = (async () => {
      let i = 0;
      while (running) {
        const name = `h${i++ % hosts}.${ZONE}`;
        const ns = i % 2 ? pair.primary.dns : pair.secondary.dns;
        const answer = await query(ns, name, 'A', { timeoutMs: 1000, retries: 1 });
        seen.queries++;
        if (answer.rcode !== 'NOERROR' || answer.answers.length === 0) seen.bad.push(`${name}: ${answer.rcode} with ${answer.answers.length} answers`);
      }
    })();
    const report = await applyPlan(config, providers, await plan(providers), options({ chunkSize: 50, force: true }));
    running = false;
    await loop;
    expect(report.status).toBe('done');
    expect(seen.queries).toBeGreaterThan(100);
    expect(seen.bad).toEqual([]);
  });
});
