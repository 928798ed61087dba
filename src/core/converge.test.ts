import { describe, expect, it } from 'vitest';
import type { Change } from './change.js';
import { backwardGoals, converge, forwardGoals } from './converge.js';
import type { RRset, Zone } from './model.js';
import { stagedStates, stagePhases } from './stage.js';
import { chunkChanges, effectiveChunkSize } from './chunk.js';

const Z = 'example.com.';
const rr = (name: string, value: string, ttl = 300): RRset => ({ name: `${name}.${Z}`, type: 'A', ttl, values: [value] });
const zone = (...rrsets: RRset[]): Zone => ({ name: Z, rrsets });
const plan: Change[] = [
  { kind: 'create', after: rr('new', '192.0.2.1') },
  { kind: 'update', before: rr('www', '192.0.2.2'), after: rr('www', '192.0.2.3') },
  { kind: 'delete', before: rr('old', '192.0.2.4') },
];

describe('converge (resume and rollback read live state and apply nothing twice)', () => {
  it('resume after a crash part-way: only what is not live is applied', () => {
    const live = zone(rr('new', '192.0.2.1'), rr('www', '192.0.2.2'), rr('old', '192.0.2.4'));
    const result = converge(forwardGoals(plan), live);
    expect(result.done).toEqual(['new.example.com. A']);
    expect(result.changes).toEqual([plan[1], plan[2]]);
    expect(result.conflicts).toEqual([]);
  });

  it('rollback restores the snapshot from any point', () => {
    const live = zone(rr('new', '192.0.2.1'), rr('www', '192.0.2.3'), rr('old', '192.0.2.4'));
    const result = converge(backwardGoals(plan), live);
    expect(result.changes).toEqual([
      { kind: 'update', before: rr('www', '192.0.2.3'), after: rr('www', '192.0.2.2') },
      { kind: 'delete', before: rr('new', '192.0.2.1') },
    ]);
  });

  it('refuses to overwrite an rrset someone else changed', () => {
    const live = zone(rr('www', '198.51.100.7'), rr('old', '192.0.2.4'));
    const result = converge(forwardGoals(plan), live);
    expect(result.conflicts).toEqual([expect.stringContaining('www.example.com. A: live state 300 198.51.100.7 is not one this run could have left')]);
    expect(result.changes).toEqual([plan[0], plan[2]]);
  });

  it('with overwrite (--force) still names the conflict, and brings it to its goal too', () => {
    const live = zone(rr('www', '198.51.100.7'), rr('old', '192.0.2.4'));
    const result = converge(backwardGoals(plan), live, undefined, { overwrite: true });
    expect(result.conflicts).toEqual([expect.stringContaining('www.example.com. A: live state 300 198.51.100.7 is not one this run could have left')]);
    expect(result.changes).toContainEqual({ kind: 'update', before: rr('www', '198.51.100.7'), after: rr('www', '192.0.2.2') });
  });
});

describe('stagePhases (apply --lower-ttl)', () => {
  const changes: Change[] = [{ kind: 'update', before: rr('www', '192.0.2.2', 86400), after: rr('www', '192.0.2.3', 3600) }];

  it('lowers, waits out the old TTL, changes at the low TTL, then restores', () => {
    const phases = stagePhases(changes, 60);
    expect(phases.map((p) => [p.name, p.waitSeconds])).toEqual([['lower-ttl', 86400], ['change', 0], ['restore-ttl', 0]]);
    expect(phases[0]?.changes[0]).toEqual({ kind: 'update', before: rr('www', '192.0.2.2', 86400), after: rr('www', '192.0.2.2', 60) });
    expect(phases[1]?.changes[0]).toEqual({ kind: 'update', before: rr('www', '192.0.2.2', 60), after: rr('www', '192.0.2.3', 60) });
    expect(phases[2]?.changes[0]).toEqual({ kind: 'update', before: rr('www', '192.0.2.3', 60), after: rr('www', '192.0.2.3', 3600) });
  });

  it('is a single phase without --lower-ttl, and skips rrsets already at or below it', () => {
    expect(stagePhases(changes, undefined).map((p) => p.name)).toEqual(['change']);
    expect(stagePhases([{ kind: 'create', after: rr('a', '192.0.2.1', 30) }], 60).map((p) => p.name)).toEqual(['change']);
  });

  it('lets resume accept the intermediate states', () => {
    const live = zone(rr('www', '192.0.2.3', 60));
    const result = converge(forwardGoals(changes, (c) => stagedStates(c, 60)), live);
    expect(result.conflicts).toEqual([]);
    expect(result.changes).toEqual([{ kind: 'update', before: rr('www', '192.0.2.3', 60), after: rr('www', '192.0.2.3', 3600) }]);
  });
});

describe('chunkChanges', () => {
  it.each([[5, 2, [2, 2, 1]], [4, 4, [4]], [0, 3, []], [3, 10, [3]]])('%i changes by %i → %j', (n, size, sizes) => {
    const changes = Array.from({ length: n }, (_, i) => plan[i % 3] as Change);
    expect(chunkChanges(changes, size).map((c) => c.length)).toEqual(sizes);
  });
  it('never exceeds the provider limit', () => {
    expect(effectiveChunkSize(500, 200)).toBe(200);
    expect(effectiveChunkSize(50, 200)).toBe(50);
  });
});

describe('converge with provider settings nobody declared', () => {
  it('accepts a live rrset carrying extra settings as the state the run left', () => {
    const plain = rr('www', '192.0.2.3');
    const live = zone({ ...plain, providerSettings: { cloudflare: { proxied: false } } });
    const changes: Change[] = [{ kind: 'update', before: { ...rr('www', '192.0.2.2'), providerSettings: { cloudflare: { proxied: false } } }, after: plain }];
    const result = converge(backwardGoals(changes), live, 'cloudflare');
    expect(result.conflicts).toEqual([]);
    expect(result.changes).toHaveLength(1);
  });
});

describe('chunkChanges with a provider share', () => {
  it('cuts where the shares fill one call, even below the count', () => {
    const updates = Array.from({ length: 10 }, () => plan[1] as Change);
    // Each update takes 0.2 of a call (an UPSERT counted twice against ten values, say): five per chunk.
    expect(chunkChanges(updates, 100, () => 0.2).map((c) => c.length)).toEqual([5, 5]);
    expect(chunkChanges(updates, 3, () => 0.2).map((c) => c.length)).toEqual([3, 3, 3, 1]);
  });
});
