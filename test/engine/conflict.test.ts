// test-project: unit
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Change } from '../../src/core/change.js';
import { rrsetKey, type RRset, type Zone } from '../../src/core/model.js';
import { apiVerifier, noVerifier } from '../../src/engine/run/chunk-verifier.js';
import { executeZone, type ExecuteOptions } from '../../src/engine/run/execute.js';
import { ExpectedState } from '../../src/engine/run/expected-state.js';
import { Journal, readJournal } from '../../src/engine/run/journal.js';
import type { Provider } from '../../src/providers/provider.js';

const ZONE = 'example.com.';
const a = (host: string, value: string): RRset => ({ name: `${host}.${ZONE}`, type: 'A', ttl: 60, values: [value] });

/** An in-memory provider; `beforeApply` lets a second writer act between the plan and a chunk. */
function fakeProvider(initial: RRset[], filtered: boolean) {
  const store = new Map(initial.map((r) => [rrsetKey(r), r]));
  const calls = { applies: 0, reads: 0, filteredReads: 0 };
  const provider: Provider & { store: Map<string, RRset>; calls: typeof calls } = {
    id: 'fake',
    type: 'fake',
    capabilities: { types: {}, maxChangesPerBatch: 100, atomicBatch: true, alias: 'none', minTtl: 1, dynamic: { supported: false } },
    store,
    calls,
    async read(): Promise<Zone> {
      calls.reads++;
      return { name: ZONE, rrsets: [...store.values()] };
    },
    async ensureZone() {},
    async apply(_zone: string, changes: Change[]) {
      calls.applies++;
      for (const c of changes) {
        if (c.kind === 'delete') store.delete(rrsetKey(c.before));
        else store.set(rrsetKey(c.after), c.after);
      }
      return { apiCalls: 1 };
    },
    async delegationNameservers() {
      return [];
    },
    async nameservers() {
      return [];
    },
  };
  if (filtered) {
    provider.readRRsets = async (_zone, keys) => {
      calls.filteredReads++;
      return keys.map((k) => store.get(rrsetKey(k))).filter((r): r is RRset => r !== undefined);
    };
  }
  return provider;
}

let dir: string | undefined;
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = undefined;
});

async function options(onChunk?: (n: number) => void): Promise<{ opts: ExecuteOptions; journalPath: string; journal: Journal }> {
  dir = await mkdtemp(join(tmpdir(), 'zonesync-conflict-'));
  const journalPath = join(dir, 'journal.jsonl');
  const journal = await Journal.open(journalPath, (t) => t);
  const opts: ExecuteOptions = {
    chunkSize: 2,
    pauseSeconds: 0,
    verifier: noVerifier,
    journal,
    maxWaitSeconds: 0,
    syncTimeoutMs: 1000,
    sleep: async () => {},
    now: () => new Date('2026-01-01T00:00:00Z'),
    onEvent: (e) => {
      if (e.type === 'chunk-start') onChunk?.(e.chunk);
    },
  };
  return { opts, journalPath, journal };
}

const planned: Change[] = [1, 2, 3, 4].map((i) => ({ kind: 'update', before: a(`h${i}`, `192.0.2.${i}`), after: a(`h${i}`, `198.51.100.${i}`) }));

describe('executeZone re-reads each chunk\'s rrsets and stops on a conflict', () => {
  for (const filtered of [true, false]) {
    it(`a second writer changing an rrset of chunk 2 stops chunk 2 unsent, journaled as a conflict (${filtered ? 'readRRsets' : 'whole-zone read fallback'})`, async () => {
      const provider = fakeProvider([1, 2, 3, 4].map((i) => a(`h${i}`, `192.0.2.${i}`)), filtered);
      const { opts, journalPath, journal } = await options((n) => {
        if (n === 2) provider.store.set(`h4.${ZONE} A`, a('h4', '203.0.113.4'));
      });
      const outcome = await executeZone(provider, ZONE, [{ name: 'change', changes: planned, waitSeconds: 0 }], new ExpectedState(undefined, ZONE), opts);
      await journal.close();
      expect(outcome.status).toBe('failed');
      expect(outcome.live.map((c) => c.chunk)).toEqual([1]);
      expect(outcome.failed).toMatchObject({
        chunk: 2,
        stage: 'conflict',
        error: 'example.com. on fake: conflict on h4.example.com. A: changed at the provider since the plan was made (another writer?); nothing of chunk 2 of 2 (change) was written — make a new plan',
        details: ['h4.example.com. A: expected ttl 60 [192.0.2.4], found ttl 60 [203.0.113.4]'],
        state: 'not applied: nothing of this chunk was sent',
      });
      expect(provider.calls.applies).toBe(1);
      // Nothing of chunk 2 was written: h3 keeps its old value, h4 the other writer's.
      expect(provider.store.get(`h3.${ZONE} A`)?.values).toEqual(['192.0.2.3']);
      expect(provider.store.get(`h4.${ZONE} A`)?.values).toEqual(['203.0.113.4']);
      if (filtered) expect(provider.calls).toMatchObject({ filteredReads: 2, reads: 0 });
      else expect(provider.calls.reads).toBe(2);
      const failed = (await readJournal(journalPath)).filter((e) => e.type === 'chunk-failed');
      expect(failed).toMatchObject([{ chunk: 2, stage: 'conflict' }]);
    });
  }

  it('no other writer: every chunk goes in', async () => {
    const provider = fakeProvider([1, 2, 3, 4].map((i) => a(`h${i}`, `192.0.2.${i}`)), true);
    const { opts, journal } = await options();
    const outcome = await executeZone(provider, ZONE, [{ name: 'change', changes: planned, waitSeconds: 0 }], new ExpectedState(undefined, ZONE), opts);
    await journal.close();
    expect(outcome.status).toBe('done');
    expect(provider.calls.applies).toBe(2);
  });

  for (const filtered of [true, false]) {
    it(`with a read-back, chunk 2's re-read is read with chunk 1's read-back, and a second writer before it still stops chunk 2 (${filtered ? 'readRRsets' : 'whole-zone read fallback'})`, async () => {
      const provider = fakeProvider([1, 2, 3, 4].map((i) => a(`h${i}`, `192.0.2.${i}`)), filtered);
      const inner = provider.apply.bind(provider);
      // The other writer changes h4 while chunk 1 goes in: after the plan, before chunk 1's read-back.
      provider.apply = async (zone, changes) => {
        if (provider.calls.applies === 0) provider.store.set(`h4.${ZONE} A`, a('h4', '203.0.113.4'));
        return inner(zone, changes);
      };
      const { opts, journal } = await options();
      const outcome = await executeZone(provider, ZONE, [{ name: 'change', changes: planned, waitSeconds: 0 }], new ExpectedState({ name: ZONE, rrsets: planned.map((c) => (c as { before: RRset }).before) }, ZONE), { ...opts, verifier: apiVerifier });
      await journal.close();
      expect(outcome.live.map((c) => c.chunk)).toEqual([1]);
      expect(outcome.failed).toMatchObject({ chunk: 2, stage: 'conflict', details: ['h4.example.com. A: expected ttl 60 [192.0.2.4], found ttl 60 [203.0.113.4]'] });
      expect(provider.calls.applies).toBe(1);
      // The re-read before chunk 1, then chunk 1's read-back (with chunk 2's rrsets): no read of its own for chunk 2.
      if (filtered) expect(provider.calls).toMatchObject({ filteredReads: 2, reads: 0 });
      else expect(provider.calls.reads).toBe(2);
    });
  }

  it('with a read-back and no other writer: every chunk goes in, one read per chunk and one before the first', async () => {
    const provider = fakeProvider([1, 2, 3, 4].map((i) => a(`h${i}`, `192.0.2.${i}`)), true);
    const { opts, journal } = await options();
    const outcome = await executeZone(provider, ZONE, [{ name: 'change', changes: planned, waitSeconds: 0 }], new ExpectedState({ name: ZONE, rrsets: planned.map((c) => (c as { before: RRset }).before) }, ZONE), { ...opts, verifier: apiVerifier });
    await journal.close();
    expect(outcome.status).toBe('done');
    expect(provider.calls).toMatchObject({ applies: 2, filteredReads: 3 });
  });
});
