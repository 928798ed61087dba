import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HttpFaults } from '../support/fault-proxy.js';
import { CHUNKS, expectAbortAt, faultSchedule, lastFailure, scenario, type ProviderRig, type Scenario, type TransientFault } from './rig.js';

/**
 * The same five runs against every provider, each on a zone of its own:
 * no faults (the write count to compare with), transient faults (done, nothing written twice),
 * every write answered 503 and every connection reset (clean abort naming the chunk, then
 * `resume` finishes), and a write whose answer is lost after it landed.
 */
export function runFaultMatrix(name: string, retries: ReadonlySet<TransientFault>, start: () => Promise<{ rig: ProviderRig; stop(): Promise<void> }>): void {
  describe(`fault matrix: ${name}`, () => {
    let rig: ProviderRig;
    let stop: () => Promise<void> = async () => undefined;
    let baselineWrites = 0;
    const open: Scenario[] = [];
    let serial = 0;
    const fresh = async () => {
      const s = await scenario(rig, `f${++serial}-${name}.example.com`);
      open.push(s);
      rig.proxy.clearFaults();
      rig.proxy.resetCounters();
      return s;
    };
    const writesDuring = async (run: () => Promise<unknown>) => {
      const before = rig.writesAtTarget();
      await run();
      return rig.writesAtTarget() - before;
    };

    beforeAll(async () => {
      ({ rig, stop } = await start());
    });
    afterAll(async () => {
      await Promise.all(open.map((s) => s.cleanup()));
      await stop();
    });

    it('without faults: every chunk applied once, nothing left to plan (the write count to compare with)', async () => {
      const s = await fresh();
      baselineWrites = await writesDuring(async () => expect((await s.apply()).status).toBe('done'));
      expect(baselineWrites).toBeGreaterThanOrEqual(CHUNKS);
      expect(await s.remaining()).toBe(0);
      expect(await rig.duplicates(s.zone)).toEqual([]);
    });

    const transient: Array<[string, TransientFault, (rig: ProviderRig) => HttpFaults]> = [
      ['a write reset before it reached the API', 'writeReset', (r) => ({ match: r.writes, resetNext: 1 })],
      ['two writes in a row reset', 'writeReset', (r) => ({ match: r.writes, resetNext: 2 })],
      ['a 429 with retry-after 1 on a write', 'write429', (r) => ({ match: r.writes, status429Next: { count: 1, retryAfterSeconds: 1 } })],
      ['a 503 on a write', 'write503', (r) => ({ match: r.writes, status5xxNext: { count: 1, status: 503 } })],
      ['a read reset', 'readReset', () => ({ match: { method: 'GET' }, resetNext: 1 })],
    ];
    it.each(transient)('transient: %s after chunk 1 — retried, or a clean abort that resume finishes; exact zone, nothing written twice', async (_, kind, fault) => {
      const s = await fresh();
      const proxy = rig.proxy;
      const onEvent = faultSchedule(proxy, { 1: (f) => Object.assign(f, fault(rig)) });
      const writes = await writesDuring(async () => {
        const report = await s.apply({ onEvent });
        expect(Object.values(proxy.counters.injected).reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
        proxy.clearFaults();
        if (retries.has(kind)) {
          expect(report.zones[0]?.failed, JSON.stringify(report.zones[0]?.failed)).toBeUndefined();
          expect(report.status).toBe('done');
        } else {
          expect(report.status, `${name} was expected not to retry ${kind}`).toBe('failed');
          expect(report.zones[0]?.failed).toMatchObject({ chunk: 2, ...(kind === 'readReset' ? {} : { stage: 'apply' }) });
          expect(lastFailure(await s.journal())).toMatchObject({ chunk: 2 });
          expect((await s.resume()).status).toBe('done');
        }
      });
      expect(writes).toBe(baselineWrites);
      expect(await s.remaining()).toBe(0);
      expect(await rig.duplicates(s.zone)).toEqual([]);
    });

    it.runIf(retries.size === 4)('transient faults all in one run (two resets, a 429 with retry-after 1, a 503, a reset read) end with exactly the zone, nothing written twice', async () => {
      const s = await fresh();
      const onEvent = faultSchedule(rig.proxy, {
        0: (f) => Object.assign(f, { match: rig.writes, resetNext: 2 }),
        1: (f) => Object.assign(f, { status429Next: { count: 1, retryAfterSeconds: 1 } }),
        2: (f) => Object.assign(f, { status5xxNext: { count: 1, status: 503 } }),
        3: (f) => Object.assign(f, { match: { method: 'GET' }, resetNext: 1 }),
      });
      const writes = await writesDuring(async () => {
        const report = await s.apply({ onEvent });
        expect(report.zones[0]?.failed, JSON.stringify(report.zones[0]?.failed)).toBeUndefined();
        expect(report.status).toBe('done');
      });
      expect(rig.proxy.counters.injected).toMatchObject({ reset: 3, status429: 1, status5xx: 1 });
      rig.proxy.clearFaults();
      expect(writes).toBe(baselineWrites);
      expect(await s.remaining()).toBe(0);
      expect(await rig.duplicates(s.zone)).toEqual([]);
    });

    it('every write answered 503: a clean abort naming the chunk; resume finishes once the fault clears, nothing written twice', async () => {
      const s = await fresh();
      const proxy = rig.proxy;
      const onEvent = faultSchedule(proxy, { 1: (f) => Object.assign(f, { match: rig.writes, status5xxNext: { count: Infinity, status: 503 } }) });
      const writes = await writesDuring(async () => {
        const report = await s.apply({ onEvent });
        expect(report.status).toBe('failed');
        expect(report.exitCode).toBe(1);
        expect(report.zones[0]?.live.map((c) => c.chunk)).toEqual([1]);
        expect(report.zones[0]?.failed).toMatchObject({ chunk: 2, stage: 'apply' });
        expectAbortAt(await s.journal(), 2);
        proxy.clearFaults();
        const resumed = await s.resume();
        expect(resumed.status).toBe('done');
      });
      expect(writes).toBe(baselineWrites);
      expect(await s.remaining()).toBe(0);
      expect(await rig.duplicates(s.zone)).toEqual([]);
    });

    it('every connection reset: a clean abort (no hang) naming the chunk; resume finishes, nothing written twice', async () => {
      const s = await fresh();
      const proxy = rig.proxy;
      const onEvent = faultSchedule(proxy, { 2: (f) => Object.assign(f, { resetNext: Infinity }) });
      const writes = await writesDuring(async () => {
        const report = await s.apply({ onEvent });
        expect(report.status).toBe('failed');
        expect(report.exitCode).toBe(1);
        expect(report.zones[0]?.live.map((c) => c.chunk)).toEqual([1, 2]);
        expectAbortAt(await s.journal(), 3);
        proxy.clearFaults();
        expect((await s.resume()).status).toBe('done');
      });
      expect(writes).toBe(baselineWrites);
      expect(await s.remaining()).toBe(0);
      expect(await rig.duplicates(s.zone)).toEqual([]);
    });

    it('a write that landed but whose answer was lost: the zone ends exact with no duplicate (after resume if the run stopped)', async () => {
      const s = await fresh();
      const proxy = rig.proxy;
      const onEvent = faultSchedule(proxy, { 1: (f) => Object.assign(f, { match: rig.writes, resetAfterForwardNext: 1 }) });
      const report = await s.apply({ onEvent });
      proxy.clearFaults();
      if (report.status !== 'done') {
        expect(report.exitCode).toBe(1);
        expect(report.zones[0]?.failed).toMatchObject({ chunk: 2 });
        expect((await s.resume()).status).toBe('done');
      }
      expect(await s.remaining()).toBe(0);
      expect(await rig.duplicates(s.zone)).toEqual([]);
    });
  });
}
