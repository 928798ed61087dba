// test-project: unit
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig, type Config } from '../../src/config/load.js';
import type { Change } from '../../src/core/change.js';
import { ProviderError } from '../../src/core/errors.js';
import { applyPlan, type ApplyOptions } from '../../src/engine/apply.js';
import { apiVerifier, noVerifier, type ChunkVerifier } from '../../src/engine/run/chunk-verifier.js';
import { dnsVerifier } from '../../src/engine/run/dns-verifier.js';
import { readJournal } from '../../src/engine/run/journal.js';
import { ZoneLock } from '../../src/engine/run/lock.js';
import { planConfiguredZones } from '../../src/engine/plan.js';
import { resumeRun } from '../../src/engine/resume.js';
import { rollbackRun } from '../../src/engine/rollback.js';
import { findRun } from '../../src/engine/run/runs.js';
import { createFileProvider } from '../../src/providers/file/provider.js';
import type { Provider } from '../../src/providers/provider.js';
import { ProviderSet } from '../../src/providers/registry.js';
import { makeWorkspace, type Workspace } from '../support/workspace.js';

const CONFIG = `providers:
  local: { type: file, directory: served }
zones:
  example.com: { file: zones/example.com.yaml, targets: [local] }
`;

function zoneYaml(hosts: number, value: string): string {
  return Array.from({ length: hosts }, (_, i) => `h${i}: { type: A, value: ${value} }`).join('\n') + '\n';
}

let ws: Workspace | undefined;
afterEach(async () => {
  await ws?.cleanup();
  ws = undefined;
});

async function setup(hosts: number, value: string): Promise<{ config: Config; file: Provider }> {
  ws = await makeWorkspace({ 'zonesync.yaml': CONFIG, 'zones/example.com.yaml': zoneYaml(hosts, value) });
  const config = await loadConfig(join(ws.dir, 'zonesync.yaml'), {});
  const file = chunkedFile(ws.dir);
  return { config, file };
}

/**
 * A file provider whose files a server reads between chunks (as with `reload` or `nameservers`),
 * so the run keeps its chunks: these tests are about the chunk machinery. Without such a server the
 * file provider writes each phase once (test/engine/coalesce.test.ts).
 */
function chunkedFile(dir: string) {
  return { ...createFileProvider('local', { type: 'file', directory: 'served', delegation: ['ns1.example.net.'], nameservers: [] }, dir), unobservedBetweenChunks: false };
}

const options = (extra: Partial<ApplyOptions> = {}): ApplyOptions => ({
  chunkSize: 2,
  pauseSeconds: 0,
  verify: 'api',
  rollbackOnFailure: false,
  force: false,
  maxWaitSeconds: 0,
  syncTimeoutMs: 1000,
  verifier: apiVerifier,
  ...extra,
});

/** Fails the `n`th apply call (1-based) the way an atomic provider does: nothing of that chunk lands. */
function failingOnCall(inner: Provider, n: number): Provider & { calls: number } {
  const wrapped = {
    ...inner,
    calls: 0,
    async apply(zone: string, changes: Change[]) {
      wrapped.calls++;
      if (wrapped.calls === n) throw new ProviderError(inner.id, `injected failure on chunk ${n}`);
      return inner.apply(zone, changes);
    },
  };
  return wrapped;
}

async function plan(config: Config, providers: ProviderSet) {
  return (await planConfiguredZones(config, providers, config.zones, { now: new Date() })).plan;
}

describe('chunked, journaled apply on the file provider', () => {
  it('pushes in chunks, journals every step, and leaves nothing to plan', async () => {
    const { config, file } = await setup(5, '192.0.2.1');
    const providers = new ProviderSet(config, {}, { local: file });
    const report = await applyPlan(config, providers, await plan(config, providers), options());
    expect(report.status).toBe('done');
    expect(report.zones[0]?.live.map((c) => c.chunk)).toEqual([1, 2, 3]);
    const run = await findRun(config.stateDir, undefined);
    const journal = await readJournal(run.journal);
    expect(journal.map((e) => e.type)).toEqual([
      'run-start', 'zone-created',
      'chunk-start', 'chunk-applied', 'chunk-verified',
      'chunk-start', 'chunk-applied', 'chunk-verified',
      'chunk-start', 'chunk-applied', 'chunk-verified',
      'phase-done', 'drift-checked', 'zone-done', 'run-end',
    ]);
    expect(JSON.parse(await readFile(run.rollback, 'utf8')).zones[0]).toMatchObject({ zone: 'example.com.', target: 'local', horizon: { changeSeconds: expect.any(Number) } });
    expect((await plan(config, providers)).zones[0]?.changes).toEqual([]);
  });

  it.each([
    ['none', noVerifier, 'none', undefined],
    ['api', apiVerifier, 'api', undefined],
    ['dns with no nameserver to ask', dnsVerifier(1000), 'api', 'nothing was asked over DNS for example.com. on local: set providers.local.nameservers to the address:port of each server that answers for it'],
  ] as const)('--verify %s: every live chunk and journal entry says what it was checked with', async (_why, verifier, level, note) => {
    const { config, file } = await setup(3, '192.0.2.1');
    const providers = new ProviderSet(config, {}, { local: file });
    const report = await applyPlan(config, providers, await plan(config, providers), options({ verifier, verify: verifier.level }));
    expect(report.zones[0]?.verify).toBe(verifier.level);
    expect(report.zones[0]?.live.map((c) => [c.verified, c.note])).toEqual([[level, note], [level, note]]);
    const journal = await readJournal((await findRun(config.stateDir, undefined)).journal);
    expect(journal.filter((e) => e.type === 'chunk-verified').map((e) => e.type === 'chunk-verified' && e.level)).toEqual([level, level]);
  });

  it('stops at the first failed chunk, never sends the later ones, and rollback restores the zone exactly', async () => {
    const { config, file } = await setup(6, '192.0.2.1');
    const providers0 = new ProviderSet(config, {}, { local: file });
    await applyPlan(config, providers0, await plan(config, providers0), options());
    const before = await file.read('example.com.');
    await ws!.write('zones/example.com.yaml', zoneYaml(6, '192.0.2.2'));
    const failing = failingOnCall(file, 2);
    const providers = new ProviderSet(config, {}, { local: failing });
    const report = await applyPlan(config, providers, await plan(config, providers), options({ force: true }));
    expect(report.status).toBe('failed');
    expect(report.zones[0]?.failed).toMatchObject({ chunk: 2, stage: 'apply', state: 'not applied (the provider applies a chunk all or nothing)' });
    expect(report.zones[0]?.live.map((c) => c.chunk)).toEqual([1]);
    expect(failing.calls).toBe(2);
    const rolled = await rollbackRun(config, new ProviderSet(config, {}, { local: file }), options({ force: false }));
    expect(rolled.status).toBe('done');
    expect((await file.read('example.com.'))?.rrsets).toEqual(before?.rrsets);
  });

  it('a failed verification exits 3 and --rollback-on-failure reverts by itself', async () => {
    const { config, file } = await setup(4, '192.0.2.1');
    let calls = 0;
    const flaky: ChunkVerifier = {
      level: 'dns',
      async verify(provider, changes, expected) {
        calls++;
        if (calls === 2) return { ok: false, level: 'dns', queries: 1, nameservers: 1, problems: ['ns2 127.0.0.1:5302: h2.example.com. A NXDOMAIN'] };
        return apiVerifier.verify(provider, changes, expected);
      },
    };
    const providers = new ProviderSet(config, {}, { local: file });
    const report = await applyPlan(config, providers, await plan(config, providers), options({ verifier: flaky, rollbackOnFailure: true }));
    expect(report.exitCode).toBe(3);
    expect(report.status).toBe('rolled-back');
    expect(report.zones[0]?.failed?.details).toEqual(['ns2 127.0.0.1:5302: h2.example.com. A NXDOMAIN']);
    expect((await file.read('example.com.'))?.rrsets.filter((r) => r.type === 'A')).toEqual([]);
  });

  it('resume finishes a failed run and applies nothing twice', async () => {
    const { config, file } = await setup(5, '192.0.2.1');
    const failing = failingOnCall(file, 2);
    const providers = new ProviderSet(config, {}, { local: failing });
    await applyPlan(config, providers, await plan(config, providers), options());
    const counting = failingOnCall(file, -1);
    const report = await resumeRun(config, new ProviderSet(config, {}, { local: counting }), options());
    expect(report.status).toBe('done');
    expect(counting.calls).toBe(2);
    expect((await plan(config, new ProviderSet(config, {}, { local: file }))).zones[0]?.changes).toEqual([]);
  });

  it('refuses a saved plan when live state moved since it was made', async () => {
    const { config, file } = await setup(2, '192.0.2.1');
    const providers = new ProviderSet(config, {}, { local: file });
    const saved = await plan(config, providers);
    await file.apply('example.com.', [{ kind: 'create', after: { name: 'sneaky.example.com.', type: 'A', ttl: 60, values: ['192.0.2.99'] } }]);
    await expect(applyPlan(config, providers, saved, options())).rejects.toThrow('live state moved since the plan was made');
  });

  it('refuses a plan that trips a safety rule, with exit 4 and nothing written', async () => {
    const { config, file } = await setup(12, '192.0.2.1');
    const providers = new ProviderSet(config, {}, { local: file });
    await applyPlan(config, providers, await plan(config, providers), options());
    await ws!.write('zones/example.com.yaml', zoneYaml(12, '192.0.2.2'));
    const next = await plan(config, providers);
    await expect(applyPlan(config, providers, next, options())).rejects.toMatchObject({ exitCode: 4 });
    expect((await file.read('example.com.'))?.rrsets.find((r) => r.type === 'A')?.values).toEqual(['192.0.2.1']);
  });

  it('one apply per zone and provider: a second one names the holder', async () => {
    const { config } = await setup(1, '192.0.2.1');
    const lock = await ZoneLock.acquire(config.stateDir, 'example.com.', 'local', 'run-A');
    await expect(ZoneLock.acquire(config.stateDir, 'example.com.', 'local', 'run-B')).rejects.toThrow(/locked by run run-A \(pid \d+/);
    await lock.release();
    await (await ZoneLock.acquire(config.stateDir, 'example.com.', 'local', 'run-B')).release();
  });

  it('staged --lower-ttl stops after lowering and says when to resume', async () => {
    const { config, file } = await setup(2, '192.0.2.1');
    const providers = new ProviderSet(config, {}, { local: file });
    await applyPlan(config, providers, await plan(config, providers), options());
    await ws!.write('zones/example.com.yaml', zoneYaml(2, '192.0.2.2'));
    const t0 = new Date('2030-01-01T00:00:00Z');
    const report = await applyPlan(config, providers, await plan(config, providers), options({ force: true, lowerTtl: 60, maxWaitSeconds: 10, now: () => t0 }));
    expect(report.status).toBe('waiting');
    expect(report.zones[0]?.waitUntil).toBe('2030-01-01T01:00:00.000Z');
    expect((await file.read('example.com.'))?.rrsets.find((r) => r.name === 'h0.example.com.')).toMatchObject({ ttl: 60, values: ['192.0.2.1'] });
    await expect(resumeRun(config, providers, options({ now: () => t0 }))).rejects.toThrow('come back after 2030-01-01T01:00:00.000Z');
    const later = new Date('2030-01-01T01:00:01Z');
    const done = await resumeRun(config, providers, options({ now: () => later }));
    expect(done.status).toBe('done');
    expect((await file.read('example.com.'))?.rrsets.find((r) => r.name === 'h0.example.com.')).toMatchObject({ ttl: 3600, values: ['192.0.2.2'] });
  });
});

describe('many zones at once', () => {
  it('runs zones concurrently, and the first failure stops the others before their next chunk', async () => {
    ws = await makeWorkspace({
      'zonesync.yaml': `providers:\n  local: { type: file, directory: served }\nzones:\n  a.example: { file: zones/a.yaml, targets: [local] }\n  b.example: { file: zones/b.yaml, targets: [local] }\n  c.example: { file: zones/c.yaml, targets: [local] }\n`,
      'zones/a.yaml': zoneYaml(6, '192.0.2.1'),
      'zones/b.yaml': zoneYaml(6, '192.0.2.1'),
      'zones/c.yaml': zoneYaml(6, '192.0.2.1'),
    });
    const config = await loadConfig(join(ws.dir, 'zonesync.yaml'), {});
    const file = chunkedFile(ws.dir);
    const ok = new ProviderSet(config, {}, { local: file });
    const all = await applyPlan(config, ok, await plan(config, ok), options({ parallelZones: 3 }));
    expect(all.zones.map((z) => [z.zone, z.status])).toEqual([['a.example.', 'done'], ['b.example.', 'done'], ['c.example.', 'done']]);

    for (const name of ['a', 'b', 'c']) await ws.write(`zones/${name}.yaml`, zoneYaml(6, '192.0.2.2'));
    let calls = 0;
    const slowFailing: Provider = {
      ...file,
      async apply(zone, changes) {
        calls++;
        if (zone === 'b.example.') throw new ProviderError('local', 'injected failure');
        await new Promise((r) => setTimeout(r, 50));
        return file.apply(zone, changes);
      },
    };
    const providers = new ProviderSet(config, {}, { local: slowFailing });
    const report = await applyPlan(config, providers, await plan(config, providers), options({ parallelZones: 3, force: true }));
    expect(report.status).toBe('failed');
    const status = Object.fromEntries(report.zones.map((z) => [z.zone, z.status]));
    expect(status['b.example.']).toBe('failed');
    expect(status['a.example.']).toBe('stopped');
    expect(status['c.example.']).toBe('stopped');
    // b failed on its first chunk; a and c had one chunk in flight each, then stopped.
    expect(calls).toBe(3);
  });
});

describe('one run lifecycle (withRun) for apply, resume and rollback', () => {
  const seen = () => {
    const entries: string[] = [];
    return { entries, observer: { appended: (r: { type: string; status?: string }) => entries.push(r.type === 'run-end' ? `run-end ${r.status}` : r.type) } };
  };

  it('rollback journals an aborted run like apply (a lock held elsewhere), and leaves no folder when it wrote nothing', async () => {
    const { config, file } = await setup(4, '192.0.2.1');
    const providers = new ProviderSet(config, {}, { local: file });
    await applyPlan(config, providers, await plan(config, providers), options());
    const applied = await findRun(config.stateDir, undefined);
    const lock = await ZoneLock.acquire(config.stateDir, 'example.com.', 'local', 'run-other');
    const { entries, observer } = seen();
    await expect(rollbackRun(config, providers, options({ journalObserver: observer }))).rejects.toThrow(/locked by run run-other/);
    await lock.release();
    expect(entries).toEqual(['run-start', 'run-end aborted']);
    // Nothing was written: the newest run is still the apply.
    expect((await findRun(config.stateDir, undefined)).id).toBe(applied.id);
  });

  it('resume journals an aborted attempt in the run it resumes, and never removes that run', async () => {
    const { config, file } = await setup(5, '192.0.2.1');
    await applyPlan(config, new ProviderSet(config, {}, { local: failingOnCall(file, 2) }), await plan(config, new ProviderSet(config, {}, { local: file })), options());
    const run = await findRun(config.stateDir, undefined);
    const lock = await ZoneLock.acquire(config.stateDir, 'example.com.', 'local', 'run-other');
    const { entries, observer } = seen();
    await expect(resumeRun(config, new ProviderSet(config, {}, { local: file }), options({ journalObserver: observer }))).rejects.toThrow(/locked by run run-other/);
    await lock.release();
    expect(entries).toEqual(['run-start', 'run-end aborted']);
    const journal = await readJournal(run.journal);
    expect(journal.at(-1)).toMatchObject({ type: 'run-end', status: 'aborted' });
    expect(journal.filter((e) => e.type === 'run-start').map((e) => e.type === 'run-start' && e.kind)).toEqual(['apply', 'resume']);
    // The resumed run's numbering goes on.
    expect(journal.map((e) => e.seq)).toEqual(journal.map((_, i) => i + 1));
  });
});
