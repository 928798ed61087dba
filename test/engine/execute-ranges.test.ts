// test-project: unit
import { describe, expect, it } from 'vitest';
import type { Change } from '../../src/core/change.js';
import { changeSubject } from '../../src/core/change.js';
import { rrsetKey, type RRset, type Zone } from '../../src/core/model.js';
import { apiVerifier } from '../../src/engine/run/chunk-verifier.js';
import { executeZone, type ExecuteOptions } from '../../src/engine/run/execute.js';
import { ExpectedState } from '../../src/engine/run/expected-state.js';
import type { Journal, JournalEntry } from '../../src/engine/run/journal.js';
import type { Capabilities, ChunkReceipt, Provider } from '../../src/providers/provider.js';
import { compareListName, inListRange } from '../../src/providers/route53/order.js';

// executeZone in range mode: a provider that lists its zone in Route 53's order (reversed labels),
// so the last phase is cut in that order, each chunk reads back [its first name, the next chunk's
// first name), and the final drift check is the union of those ranges plus the record set count.

const ZONE = 'example.com.';
const a = (label: string, value = '192.0.2.1'): RRset => ({ name: `${label}.${ZONE}`, type: 'A', ttl: 300, values: [value] });
const create = (label: string): Change => ({ kind: 'create', after: a(label) });

class ListedProvider implements Provider {
  readonly id = 'listed';
  readonly type = 'listed';
  readonly capabilities: Capabilities = { types: {}, maxChangesPerBatch: 2, atomicBatch: true, alias: 'none', minTtl: 1, dynamic: { supported: false }, rangeDriftCheck: 'test', conditionalKinds: ['create', 'delete'] };
  readonly rrsets = new Map<string, RRset>();
  readonly calls: string[] = [];
  /** Run after chunk n is applied (someone else's write during the run). */
  afterApply = new Map<number, () => void>();
  /** What GetHostedZone would report; undefined: no count. */
  countOffset: number | undefined = 0;
  private applies = 0;

  constructor(initial: RRset[] = []) {
    for (const r of initial) this.rrsets.set(rrsetKey(r), r);
  }

  async read(zone: string): Promise<Zone> {
    this.calls.push('read');
    return { name: zone, rrsets: [...this.rrsets.values()] };
  }

  async readRRsets(_zone: string, keys: ReadonlyArray<{ name: string; type: string }>): Promise<RRset[]> {
    this.calls.push(`readRRsets ${keys.length}`);
    return keys.flatMap((k) => this.rrsets.get(rrsetKey(k)) ?? []);
  }

  listOrder(_zone: string, expected: Zone): ((x: string, y: string) => number) | undefined {
    return expected.rrsets.some((r) => r.type === 'ALIAS') ? undefined : compareListName;
  }

  async readRange(_zone: string, from: string | undefined, to: string | undefined): Promise<RRset[]> {
    this.calls.push(`range ${from ?? '^'}..${to ?? '$'}`);
    return [...this.rrsets.values()].filter((r) => inListRange(r.name, from, to));
  }

  async recordSetCount(_zone: string, expected: Zone): Promise<{ live: number | undefined; expected: number }> {
    this.calls.push('count');
    return { live: this.countOffset === undefined ? undefined : this.rrsets.size + this.countOffset, expected: expected.rrsets.length };
  }

  async ensureZone(): Promise<void> {}

  async apply(_zone: string, changes: Change[]): Promise<ChunkReceipt> {
    this.applies++;
    this.calls.push(`apply ${changes.map((c) => changeSubject(c).name.split('.')[0]).join(',')}`);
    for (const c of changes) {
      if (c.kind === 'delete') this.rrsets.delete(rrsetKey(c.before));
      else this.rrsets.set(rrsetKey(c.after), c.after);
    }
    this.afterApply.get(this.applies)?.();
    return { apiCalls: 1 };
  }

  async delegationNameservers(): Promise<string[]> {
    return [];
  }

  async nameservers(): Promise<[]> {
    return [];
  }
}

async function run(provider: ListedProvider, changes: Change[], initial: RRset[] = []) {
  const entries: JournalEntry[] = [];
  const journal = { append: async (entry: JournalEntry) => void entries.push(entry) } as unknown as Journal;
  const options: ExecuteOptions = { chunkSize: 2, pauseSeconds: 0, verifier: apiVerifier, journal, maxWaitSeconds: 60, syncTimeoutMs: 1000, sleep: async () => {}, now: () => new Date(0) };
  const outcome = await executeZone(provider, ZONE, [{ name: 'change', changes, waitSeconds: 0 }], new ExpectedState({ name: ZONE, rrsets: initial }, ZONE), options);
  return { outcome, entries, drift: entries.find((e) => e.type === 'drift-checked') };
}

describe('executeZone: range read-back and the final drift check from the ranges', () => {
  it('sends the chunks in list order and reads each range once, untouched live rrsets included; no whole read at the end', async () => {
    // Untouched live rrsets before the first chunk, between chunks and after the last.
    const initial = [a('aa'), a('ca'), a('zz')];
    const provider = new ListedProvider(initial);
    const { outcome, drift } = await run(provider, ['e', 'b', 'd', 'c', 'f'].map(create), initial);
    expect(outcome.status).toBe('done');
    expect(provider.calls).toEqual([
      'apply b,c',
      'range ^..d.example.com.',
      'apply d,e',
      'range d.example.com...f.example.com.',
      'apply f',
      'range f.example.com...$',
      'count',
    ]);
    expect(drift).toMatchObject({ problems: [], rrsets: 8, method: 'ranges read back after each of 3 chunk(s) + count 8 of 8' });
  });

  it("finds someone else's write in a range not yet read back, and a count that does not match", async () => {
    const provider = new ListedProvider();
    provider.afterApply.set(1, () => provider.rrsets.set('x.example.com. A', a('x', '198.51.100.9')));
    provider.countOffset = 1;
    const { outcome, drift } = await run(provider, ['a', 'b', 'c'].map(create));
    expect(outcome.status).toBe('failed');
    expect(drift?.type === 'drift-checked' && drift.problems).toEqual([
      'x.example.com. A: still present (not expected) (198.51.100.9)',
      'record set count: the provider reports 5, the expected state makes 3',
    ]);
    expect(outcome.failed).toMatchObject({ stage: 'verify' });
  });

  it('an edit inside a range already read back is left to the next plan (the window the README states); the count catches an added rrset', async () => {
    const provider = new ListedProvider();
    // after chunk 2 (c, d), someone adds aa: in chunk 1's range, which was read already
    provider.afterApply.set(2, () => provider.rrsets.set('aa.example.com. A', a('aa')));
    const { drift } = await run(provider, ['a', 'b', 'c', 'd'].map(create));
    expect(drift?.type === 'drift-checked' && drift.problems).toEqual(['record set count: the provider reports 5, the expected state makes 4']);
  });

  it('says so when the server reports no count', async () => {
    const provider = new ListedProvider();
    provider.countOffset = undefined;
    const { drift } = await run(provider, ['a', 'b', 'c'].map(create));
    expect(drift).toMatchObject({ problems: [], method: 'ranges read back after each of 2 chunk(s) + no count (the server reports none)' });
  });

  it('a zone the provider cannot read in exact ranges (an ALIAS) keeps plan order and one whole read at the end', async () => {
    const alias: RRset = { name: `al.${ZONE}`, type: 'ALIAS', ttl: 300, values: [`b.${ZONE}`] };
    const provider = new ListedProvider([alias]);
    const { drift } = await run(provider, ['c', 'b'].map(create), [alias]);
    expect(provider.calls).toEqual(['apply c,b', 'readRRsets 2', 'read']);
    expect(drift).toMatchObject({ problems: [], method: 'one whole read' });
  });

  it('a name split across two chunks is read back outside the range for the keys past it', async () => {
    const provider = new ListedProvider();
    const txt = (label: string): Change => ({ kind: 'create', after: { name: `${label}.${ZONE}`, type: 'TXT', ttl: 300, values: ['"t"'] } });
    const { outcome, drift } = await run(provider, [create('a'), create('b'), txt('b')]);
    expect(outcome.status).toBe('done');
    // chunk 1 (a A, b A) reads [^, b): b A lies past it and is read by key
    expect(provider.calls.slice(0, 3)).toEqual(['apply a,b', 'range ^..b.example.com.', 'readRRsets 1']);
    expect(drift).toMatchObject({ problems: [] });
  });
});
