// test-project: unit
import { describe, expect, it } from 'vitest';
import type { Change } from '../../src/core/change.js';
import { changeSubject } from '../../src/core/change.js';
import { partAppliedState } from '../../src/core/hints.js';
import { rrsetKey, type RRset, type Zone } from '../../src/core/model.js';
import type { Phase } from '../../src/core/stage.js';
import { apiVerifier, noVerifier, type ChunkVerifier } from '../../src/engine/run/chunk-verifier.js';
import { dnsVerifier } from '../../src/engine/run/dns-verifier.js';
import { executeZone, type ExecuteOptions } from '../../src/engine/run/execute.js';
import { ExpectedState } from '../../src/engine/run/expected-state.js';
import type { Journal, JournalEntry } from '../../src/engine/run/journal.js';
import type { Capabilities, ChunkReceipt, Provider, ReadBackTold } from '../../src/providers/provider.js';

// executeZone with everything around it faked: a provider that keeps its zone in memory, a
// verifier that reads it back, a journal that keeps entries in memory. One timeline records, in
// order, what each of them was asked to do, so the tests can say what happened before what.

const ZONE = 'example.com.';
const a = (label: string, value = '192.0.2.1', ttl = 300): RRset => ({ name: `${label}.${ZONE}`, type: 'A', ttl, values: [value] });
const create = (label: string): Change => ({ kind: 'create', after: a(label) });
const changeKey = (c: Change) => `${c.kind} ${rrsetKey(changeSubject(c))}`;

class MemoryProvider implements Provider {
  readonly id = 'mem';
  readonly type = 'memory';
  readonly capabilities: Capabilities = { types: {}, maxChangesPerBatch: 100, atomicBatch: true, alias: 'none', minTtl: 1, dynamic: { supported: false } };
  readonly rrsets = new Map<string, RRset>();
  /** Every chunk apply() was called with, failed ones included. */
  readonly sent: string[][] = [];
  /** Throw from apply() for this chunk (1-based call count), after `partial` of its changes went in. */
  failApply?: { call: number; partial?: number };
  /** Accept this rrset's change but keep the old data (a provider that drops a write). */
  drop?: string;
  waitInSync?: (zone: string, receipt: ChunkReceipt, timeoutMs: number) => Promise<void>;
  /** Journal appends still in flight at each apply() call. */
  readonly unjournaledAtSend: number[] = [];
  journalInFlight = () => 0;

  constructor(
    private readonly timeline: string[],
    initial: RRset[] = [],
  ) {
    for (const r of initial) this.rrsets.set(rrsetKey(r), r);
  }

  async read(zone: string): Promise<Zone> {
    this.timeline.push('read');
    return { name: zone, rrsets: [...this.rrsets.values()] };
  }

  async ensureZone(): Promise<void> {}

  async apply(_zone: string, changes: Change[]): Promise<ChunkReceipt> {
    const call = this.sent.push(changes.map(changeKey));
    this.unjournaledAtSend.push(this.journalInFlight());
    this.timeline.push(`apply ${changes.map(changeKey).join(', ')}`);
    const stopAt = this.failApply?.call === call ? (this.failApply.partial ?? 0) : changes.length;
    for (const c of changes.slice(0, stopAt)) {
      const key = rrsetKey(changeSubject(c));
      if (key === this.drop) continue;
      if (c.kind === 'delete') this.rrsets.delete(key);
      else this.rrsets.set(key, c.after);
    }
    if (stopAt < changes.length) throw new Error(`HTTP 500 on change ${stopAt + 1}`);
    return { apiCalls: 1, changeId: `change-${call}` };
  }

  async delegationNameservers(): Promise<string[]> {
    return [];
  }

  async nameservers(): Promise<[]> {
    return [];
  }
}

/** Reads the zone back and compares every rrset of the chunk with what it should now be. */
function readBackVerifier(timeline: string[]): ChunkVerifier {
  return {
    level: 'api',
    async verify(provider, changes, expected) {
      timeline.push('verify');
      const live = new Map(((await provider.read(ZONE))?.rrsets ?? []).map((r) => [rrsetKey(r), r]));
      const problems = changes
        .map((c) => rrsetKey(changeSubject(c)))
        .filter((key) => JSON.stringify(live.get(key)?.values) !== JSON.stringify(expected.get(key)?.values))
        .map((key) => `${key}: not as expected`);
      return { ok: problems.length === 0, level: 'api', queries: changes.length, nameservers: 0, problems };
    },
  };
}

/**
 * A journal in memory. An append takes one to three turns of the event loop, as a write and fsync
 * take their time; `inFlight` counts the appends begun and not yet on "disk".
 */
function memoryJournal(timeline: string[], options: { failOn?: (entry: JournalEntry) => boolean } = {}) {
  const entries: JournalEntry[] = [];
  const state = { inFlight: 0, appends: 0 };
  const journal = {
    async append(entry: JournalEntry): Promise<void> {
      const what = `journal ${entry.type}${'chunk' in entry ? ` ${entry.chunk}` : ''}`;
      state.inFlight++;
      try {
        const turns = 1 + (state.appends++ % 3);
        for (let turn = 0; turn < turns; turn++) await new Promise((resolve) => setImmediate(resolve));
        if (options.failOn?.(entry)) throw new Error('ENOSPC: no space left on device');
        entries.push(entry);
        timeline.push(what);
      } finally {
        state.inFlight--;
      }
    },
  };
  return { journal: journal as unknown as Journal, entries, state };
}

interface Rig {
  timeline: string[];
  provider: MemoryProvider;
  entries: JournalEntry[];
  sleeps: number[];
  options: ExecuteOptions;
  run(phases: Phase[]): ReturnType<typeof executeZone>;
}

function rig(initial: RRset[] = [], overrides: Partial<ExecuteOptions> & { failJournal?: (entry: JournalEntry) => boolean } = {}): Rig {
  const timeline: string[] = [];
  const provider = new MemoryProvider(timeline, initial);
  const { journal, entries, state } = memoryJournal(timeline, overrides.failJournal ? { failOn: overrides.failJournal } : {});
  provider.journalInFlight = () => state.inFlight;
  const sleeps: number[] = [];
  const options: ExecuteOptions = {
    chunkSize: 2,
    pauseSeconds: 0,
    verifier: readBackVerifier(timeline),
    journal,
    maxWaitSeconds: 60,
    syncTimeoutMs: 1000,
    sleep: async (ms) => void sleeps.push(ms),
    now: () => new Date('2026-01-01T00:00:00Z'),
    ...overrides,
  };
  const snapshot: Zone = { name: ZONE, rrsets: initial };
  const run = async (phases: Phase[]) => {
    const outcome = await executeZone(provider, ZONE, phases, new ExpectedState(snapshot, ZONE), options);
    // In every test: nothing was sent, and nothing returned, while a journal write was on its way.
    expect(provider.unjournaledAtSend.every((n) => n === 0)).toBe(true);
    expect(state.inFlight).toBe(0);
    return outcome;
  };
  return { timeline, provider, entries, sleeps, options, run };
}

const change = (changes: Change[], waitSeconds = 0): Phase => ({ name: 'change', changes, waitSeconds });
const five = ['a', 'b', 'c', 'd', 'e'].map(create);
const types = (entries: JournalEntry[]) => entries.map((e) => `${e.type}${'chunk' in e ? ` ${e.chunk}` : ''}`);

describe('executeZone: chunk order', () => {
  it('sends the chunks in plan order, each read, applied, verified and journaled before the next; a chunk\'s read-back is the next chunk\'s re-read', async () => {
    const r = rig();
    const outcome = await r.run([change(five)]);
    expect(r.provider.sent).toEqual([
      ['create a.example.com. A', 'create b.example.com. A'],
      ['create c.example.com. A', 'create d.example.com. A'],
      ['create e.example.com. A'],
    ]);
    // Only the first chunk reads before it is sent: each read-back also reads the next chunk's rrsets.
    const chunk = (n: number, changes: string) => [`journal chunk-start ${n}`, ...(n === 1 ? ['read'] : []), `apply ${changes}`, `journal chunk-applied ${n}`, 'verify', 'read', `journal chunk-verified ${n}`];
    expect(r.timeline).toEqual([
      ...chunk(1, 'create a.example.com. A, create b.example.com. A'),
      ...chunk(2, 'create c.example.com. A, create d.example.com. A'),
      ...chunk(3, 'create e.example.com. A'),
      'journal phase-done',
      // One whole read at the end: the final drift check.
      'read',
      'journal drift-checked',
      'journal zone-done',
    ]);
    expect(outcome).toMatchObject({ zone: ZONE, target: 'mem', status: 'done', chunks: 3, verify: 'api' });
    expect(outcome.live.map((l) => [l.chunk, l.verified])).toEqual([[1, 'api'], [2, 'api'], [3, 'api']]);
    expect(outcome.applied).toEqual(five);
    expect([...r.provider.rrsets.keys()]).toEqual(five.map((c) => rrsetKey(changeSubject(c))));
  });

  it('journals what each chunk holds and what the provider answered', async () => {
    const r = rig();
    await r.run([change(five.slice(0, 3))]);
    expect(r.entries).toEqual([
      { type: 'chunk-start', zone: ZONE, target: 'mem', phase: 'change', chunk: 1, chunks: 2, changes: ['create a.example.com. A', 'create b.example.com. A'] },
      { type: 'chunk-applied', zone: ZONE, target: 'mem', phase: 'change', chunk: 1, apiCalls: 1, changeId: 'change-1' },
      { type: 'chunk-verified', zone: ZONE, target: 'mem', phase: 'change', chunk: 1, queries: 2, nameservers: 0, level: 'api' },
      { type: 'chunk-start', zone: ZONE, target: 'mem', phase: 'change', chunk: 2, chunks: 2, changes: ['create c.example.com. A'] },
      { type: 'chunk-applied', zone: ZONE, target: 'mem', phase: 'change', chunk: 2, apiCalls: 1, changeId: 'change-2' },
      { type: 'chunk-verified', zone: ZONE, target: 'mem', phase: 'change', chunk: 2, queries: 1, nameservers: 0, level: 'api' },
      { type: 'phase-done', zone: ZONE, target: 'mem', phase: 'change' },
      { type: 'drift-checked', zone: ZONE, target: 'mem', rrsets: 3, problems: [], method: 'one whole read' },
      { type: 'zone-done', zone: ZONE, target: 'mem' },
    ]);
  });

  it('reads the whole zone once, at the end, and fails verification when another writer changed an rrset during the run', async () => {
    const r = rig([a('x', '192.0.2.9')]);
    const inner = r.provider.apply.bind(r.provider);
    // Someone else rewrites x while chunk 2 goes in: every chunk verifies, the final drift check does not.
    r.provider.apply = async (zone, changes) => {
      if (r.provider.sent.length === 1) r.provider.rrsets.set('x.example.com. A', a('x', '198.51.100.1'));
      return inner(zone, changes);
    };
    const outcome = await r.run([change(five)]);
    expect(outcome.live).toHaveLength(3);
    // One re-read before chunk 1, one read-back per chunk (serving the next chunk's re-read too), the drift check.
    expect(r.timeline.filter((t) => t === 'read')).toHaveLength(1 + 3 + 1);
    expect(outcome).toMatchObject({ status: 'failed', failed: { stage: 'verify', chunk: 3 } });
    expect(outcome.drift).toEqual(['x.example.com. A: provider holds 300 198.51.100.1, expected 300 192.0.2.9']);
    expect(types(r.entries).slice(-2)).toEqual(['phase-done', 'drift-checked']);
  });

  it('no drift check with --verify none', async () => {
    const r = rig([], { verifier: { level: 'none', verify: async () => ({ ok: true, level: 'none', queries: 0, nameservers: 0, problems: [] }) } });
    await r.run([change(five)]);
    expect(types(r.entries)).not.toContain('drift-checked');
  });

  it('a provider nothing observes between chunks gets each phase as one chunk, journaled as one', async () => {
    const r = rig();
    Object.assign(r.provider, { unobservedBetweenChunks: true });
    const outcome = await r.run([change(five)]);
    expect(r.provider.sent).toEqual([five.map(changeKey)]);
    expect(types(r.entries)).toEqual(['chunk-start 1', 'chunk-applied 1', 'chunk-verified 1', 'phase-done', 'drift-checked', 'zone-done']);
    expect(outcome).toMatchObject({ status: 'done', chunks: 1 });
  });

  it('changes the API checks itself (conditionalKinds) are not re-read before the chunk', async () => {
    const r = rig([a('x')]);
    r.provider.capabilities.conditionalKinds = ['create', 'delete'];
    await r.run([change([create('a'), create('b')]), change([{ kind: 'update', before: a('x'), after: a('x', '192.0.2.7') }, create('c')])]);
    // Chunk 1 (creates only): straight to apply. Chunk 2 holds an update: re-read first.
    const before = (n: number) => r.timeline[r.timeline.indexOf(`journal chunk-start ${n}`) + 1];
    expect(r.timeline.filter((t) => t.startsWith('apply') || t === 'read' || t.startsWith('journal chunk-start'))).toEqual([
      'journal chunk-start 1', 'apply create a.example.com. A, create b.example.com. A', 'read',
      'journal chunk-start 1', 'read', 'apply update x.example.com. A, create c.example.com. A', 'read',
      'read',
    ]);
    expect(before(1)).toMatch(/^apply/);
  });

  it('never cuts a chunk larger than the provider takes in one call', async () => {
    const r = rig([], { chunkSize: 10 });
    r.provider.capabilities.maxChangesPerBatch = 2;
    expect((await r.run([change(five)])).chunks).toBe(3);
    expect(r.provider.sent.map((c) => c.length)).toEqual([2, 2, 1]);
  });

  it('runs the phases in order and pauses between chunks, not after the last', async () => {
    const r = rig([a('a', '192.0.2.1', 3600)], { pauseSeconds: 5, chunkSize: 1 });
    const lower: Change = { kind: 'update', before: a('a', '192.0.2.1', 3600), after: a('a', '192.0.2.1', 60) };
    const moved: Change = { kind: 'update', before: a('a', '192.0.2.1', 60), after: a('a', '192.0.2.2', 60) };
    const outcome = await r.run([{ name: 'lower-ttl', changes: [lower], waitSeconds: 30 }, change([moved, create('b')])]);
    expect(outcome.status).toBe('done');
    expect(r.provider.sent).toEqual([['update a.example.com. A'], ['update a.example.com. A'], ['create b.example.com. A']]);
    expect(types(r.entries).filter((t) => t.startsWith('phase-done') || t.startsWith('chunk-verified'))).toEqual(['chunk-verified 1', 'phase-done', 'chunk-verified 1', 'chunk-verified 2', 'phase-done']);
    expect(r.sleeps).toEqual([5000, 30_000, 5000]);
  });
});

describe('executeZone: the first failure stops everything after it', () => {
  it('a failed apply: no later chunk is sent, and the failed chunk is journaled', async () => {
    const r = rig();
    r.provider.failApply = { call: 2 };
    const outcome = await r.run([change(five)]);
    expect(r.provider.sent).toHaveLength(2);
    expect(r.timeline.filter((t) => t.startsWith('apply'))).toHaveLength(2);
    expect(types(r.entries)).toEqual(['chunk-start 1', 'chunk-applied 1', 'chunk-verified 1', 'chunk-start 2', 'chunk-failed 2']);
    expect(r.entries.at(-1)).toEqual({ type: 'chunk-failed', zone: ZONE, target: 'mem', phase: 'change', chunk: 2, stage: 'apply', error: 'HTTP 500 on change 1', details: [] });
    expect(outcome).toMatchObject({ status: 'failed', chunks: 3, failed: { phase: 'change', chunk: 2, stage: 'apply', error: 'HTTP 500 on change 1', state: 'not applied (the provider applies a chunk all or nothing)' } });
    expect(outcome.live.map((l) => l.chunk)).toEqual([1]);
    expect(outcome.applied).toEqual(five.slice(0, 2));
  });

  it('a provider that is not atomic: the failed chunk may be part-applied, and the outcome says so', async () => {
    const r = rig();
    r.provider.capabilities.atomicBatch = false;
    r.provider.failApply = { call: 1, partial: 1 };
    const outcome = await r.run([change(five)]);
    expect(r.provider.sent).toHaveLength(1);
    expect(r.provider.rrsets.has('a.example.com. A')).toBe(true);
    expect(outcome.failed).toMatchObject({ chunk: 1, stage: 'apply', state: partAppliedState() });
  });

  it('a chunk that does not verify: it is live, reported so, and nothing after it is sent', async () => {
    const r = rig();
    r.provider.drop = 'c.example.com. A';
    const outcome = await r.run([change(five)]);
    expect(r.provider.sent).toHaveLength(2);
    expect(types(r.entries)).toEqual(['chunk-start 1', 'chunk-applied 1', 'chunk-verified 1', 'chunk-start 2', 'chunk-applied 2', 'chunk-failed 2']);
    expect(r.entries.at(-1)).toMatchObject({ stage: 'verify', error: 'mem: chunk 2 of 3 (change) failed verification', details: ['c.example.com. A: not as expected'] });
    expect(outcome.failed).toMatchObject({ chunk: 2, stage: 'verify', state: 'applied at the provider but not verified: it is live' });
    expect(outcome.live.map((l) => l.chunk)).toEqual([1]);
  });

  it('a chunk that never gets in sync fails at sync, before it is verified', async () => {
    const r = rig();
    r.provider.waitInSync = async (_zone, receipt) => {
      if (receipt.changeId === 'change-2') throw new Error('still PENDING after 1000 ms');
    };
    const outcome = await r.run([change(five)]);
    expect(r.provider.sent).toHaveLength(2);
    expect(r.timeline.filter((t) => t === 'verify')).toHaveLength(1);
    expect(outcome.failed).toMatchObject({ chunk: 2, stage: 'sync', error: 'still PENDING after 1000 ms', state: 'applied at the provider but not verified: it is live' });
  });

  it('a later phase is not started after a failed one', async () => {
    const r = rig([a('a', '192.0.2.1', 3600)]);
    r.provider.failApply = { call: 1 };
    const lower: Change = { kind: 'update', before: a('a', '192.0.2.1', 3600), after: a('a', '192.0.2.1', 60) };
    const outcome = await r.run([{ name: 'lower-ttl', changes: [lower], waitSeconds: 0 }, change(five)]);
    expect(outcome.failed).toMatchObject({ phase: 'lower-ttl', chunk: 1 });
    expect(r.provider.sent).toHaveLength(1);
    expect(types(r.entries)).not.toContain('phase-done');
  });

  it('another zone failed (shouldStop): no further chunk starts, and the zone is stopped', async () => {
    let verified = 0;
    const r = rig([], { shouldStop: () => verified > 0, onEvent: (e) => void (e.type === 'chunk-verified' && verified++) });
    const outcome = await r.run([change(five)]);
    expect(outcome.status).toBe('stopped');
    expect(r.provider.sent).toHaveLength(1);
    expect(types(r.entries)).toEqual(['chunk-start 1', 'chunk-applied 1', 'chunk-verified 1']);
  });
});

describe('executeZone: the journal comes first', () => {
  it('each verified chunk is on the journal before the next chunk is sent', async () => {
    const r = rig();
    await r.run([change(five)]);
    for (const n of [1, 2]) {
      const verified = r.timeline.indexOf(`journal chunk-verified ${n}`);
      const nextSent = r.timeline.findIndex((t, i) => i > r.timeline.indexOf(`journal chunk-start ${n + 1}`) && t.startsWith('apply'));
      expect(verified).toBeGreaterThan(-1);
      expect(verified).toBeLessThan(nextSent);
    }
    // Slow writes included: no chunk goes out while a journal write is still on its way to disk.
    expect(r.provider.unjournaledAtSend).toEqual([0, 0, 0]);
  });

  it('a chunk the journal could not record as started is not sent', async () => {
    const r = rig([], { failJournal: (e) => e.type === 'chunk-start' && e.chunk === 2 });
    await expect(r.run([change(five)])).rejects.toThrow('ENOSPC');
    expect(r.provider.sent).toHaveLength(1);
  });
});

describe('executeZone: conflicts and re-sent chunks', () => {
  it('an rrset moved since the plan: the chunk stops as a conflict and nothing of it is sent', async () => {
    const r = rig([a('www', '192.0.2.1')]);
    r.provider.rrsets.set('www.example.com. A', a('www', '192.0.2.99'));
    const update: Change = { kind: 'update', before: a('www', '192.0.2.1'), after: a('www', '192.0.2.2') };
    const outcome = await r.run([change([create('a'), create('b'), update, create('c')])]);
    expect(r.provider.sent).toEqual([['create a.example.com. A', 'create b.example.com. A']]);
    expect(r.provider.rrsets.get('www.example.com. A')?.values).toEqual(['192.0.2.99']);
    expect(r.entries.at(-1)).toMatchObject({ type: 'chunk-failed', chunk: 2, stage: 'conflict', details: ['www.example.com. A: expected ttl 300 [192.0.2.1], found ttl 300 [192.0.2.99]'] });
    expect(outcome.failed).toMatchObject({ chunk: 2, stage: 'conflict', state: 'not applied: nothing of this chunk was sent' });
  });

  it('a chunk whose rrsets already hold what it writes (sent before a crash) is no conflict: it goes again', async () => {
    const r = rig([], {});
    r.provider.rrsets.set('a.example.com. A', a('a'));
    const outcome = await r.run([change([create('a'), create('b')])]);
    expect(outcome.status).toBe('done');
    expect(r.provider.sent).toEqual([['create a.example.com. A', 'create b.example.com. A']]);
  });
});

describe('executeZone: waits between phases', () => {
  it('a wait longer than the run may sleep journals the time to come back and stops the zone there', async () => {
    const r = rig([a('a', '192.0.2.1', 3600)]);
    const lower: Change = { kind: 'update', before: a('a', '192.0.2.1', 3600), after: a('a', '192.0.2.1', 60) };
    const outcome = await r.run([{ name: 'lower-ttl', changes: [lower], waitSeconds: 3600 }, change(five)]);
    expect(outcome).toMatchObject({ status: 'waiting', waitUntil: '2026-01-01T01:00:00.000Z' });
    expect(r.entries.at(-1)).toEqual({ type: 'wait', zone: ZONE, target: 'mem', phase: 'lower-ttl', until: '2026-01-01T01:00:00.000Z' });
    expect(r.provider.sent).toHaveLength(1);
    expect(r.sleeps).toEqual([]);
  });
});

describe('executeZone: what the provider puts off for a run (startZone, finishZone)', () => {
  const hooked = (r: Rig, finish: () => Promise<string | undefined> = async () => 'settled') => {
    const asked: string[] = [];
    Object.assign(r.provider, {
      startZone: async (_zone: string, chunks: number) => (asked.push(`start ${chunks}`), r.timeline.push('start'), 'prepared'),
      finishZone: async () => (asked.push('finish'), r.timeline.push('finish'), finish()),
    });
    return asked;
  };

  it('told the number of chunks before the first and settled after the last, before the drift check; both journaled', async () => {
    const r = rig();
    const asked = hooked(r);
    const outcome = await r.run([change(five)]);
    expect(outcome.status).toBe('done');
    expect(asked).toEqual(['start 3', 'finish']);
    expect(types(r.entries)).toEqual(['zone-prepared', ...[1, 2, 3].flatMap((n) => [`chunk-start ${n}`, `chunk-applied ${n}`, `chunk-verified ${n}`]), 'phase-done', 'zone-settled', 'drift-checked', 'zone-done']);
    expect(r.entries.find((e) => e.type === 'zone-settled')).toEqual({ type: 'zone-settled', zone: ZONE, target: 'mem', detail: 'settled' });
  });

  it('settled after a failed chunk and after a wait too; a failure to settle fails a zone that was done, saying a rerun finishes it', async () => {
    const failed = rig();
    const asked = hooked(failed);
    failed.provider.failApply = { call: 2 };
    expect((await failed.run([change(five)])).status).toBe('failed');
    expect(asked).toEqual(['start 3', 'finish']);

    const waiting = rig([a('a', '192.0.2.1', 3600)]);
    const waited = hooked(waiting);
    const lower: Change = { kind: 'update', before: a('a', '192.0.2.1', 3600), after: a('a', '192.0.2.1', 60) };
    expect((await waiting.run([{ name: 'lower-ttl', changes: [lower], waitSeconds: 3600 }, change(five)])).status).toBe('waiting');
    expect(waited).toEqual(['start 4', 'finish']);

    const broken = rig();
    hooked(broken, async () => { throw new Error('HTTP 500 on rectify'); });
    const outcome = await broken.run([change(five)]);
    expect(outcome).toMatchObject({ status: 'failed', failed: { stage: 'sync', error: 'settling the zone after the run: HTTP 500 on rectify' } });
    expect(outcome.failed?.state).toContain('a rerun of the apply does it');
    expect(outcome.live).toHaveLength(3);
    expect(types(broken.entries).slice(-1)).toEqual(['zone-settled']);
  });
});

describe('how each chunk was read back, in its chunk-verified entry', () => {
  const readBacks = (entries: JournalEntry[]) => entries.flatMap((e) => (e.type === 'chunk-verified' ? [e.readBack ?? 'none'] : []));

  it('a provider without a partial read: each chunk read back whole, one read', async () => {
    const r = rig([], { verifier: apiVerifier });
    await r.run([change(five)]);
    expect(readBacks(r.entries)).toEqual([{ method: 'whole', calls: 1 }, { method: 'whole', calls: 1 }, { method: 'whole', calls: 1 }]);
  });

  it('a partial read says `partial` unless the provider tells otherwise (a fallback to the whole zone), through api and dns verification alike', async () => {
    for (const verifier of [apiVerifier, dnsVerifier(1000)]) {
      const r = rig([], { verifier });
      let call = 0;
      const memory = r.provider;
      Object.assign(memory, {
        async readRRsets(zone: string, keys: ReadonlyArray<{ name: string; type: string }>, told?: ReadBackTold) {
          call++;
          // Call 1 re-reads chunk 1; then one read-back per chunk, which also reads the next chunk
          // ahead for its re-read: the second read-back (call 3) falls back, the third tells its calls.
          if (call === 3) told?.({ method: 'whole', calls: 3 });
          else if (call === 4) told?.({ method: 'partial', calls: 2 });
          const wanted = new Set(keys.map(rrsetKey));
          return (await memory.read(zone)).rrsets.filter((x) => wanted.has(rrsetKey(x)));
        },
      });
      await r.run([change(five)]);
      expect(readBacks(r.entries)).toEqual([{ method: 'partial' }, { method: 'whole', calls: 3 }, { method: 'partial', calls: 2 }]);
    }
  });

  it('--verify none reads nothing back and records none', async () => {
    const r = rig([], { verifier: noVerifier });
    await r.run([change(five)]);
    expect(readBacks(r.entries)).toEqual(['none', 'none', 'none']);
  });
});
