import { describe, expect, it } from 'vitest';
import type { Change } from './change.js';
import { formatDuration, negativeTtl, ttlHorizon, DEFAULT_NEGATIVE_TTL } from './horizon.js';
import type { RRset, Soa } from './model.js';

const rr = (name: string, ttl: number): RRset => ({ name: `${name}.example.com.`, type: 'A', ttl, values: ['192.0.2.1'] });
const soa = (ttl: number, minimum: number): Soa => ({ mname: 'a.', rname: 'b.', serial: 1, refresh: 1, retry: 1, expire: 1, ttl, minimum });
const create = (r: RRset): Change => ({ kind: 'create', after: r });
const update = (before: RRset, after: RRset): Change => ({ kind: 'update', before, after });
const del = (r: RRset): Change => ({ kind: 'delete', before: r });

describe('ttlHorizon', () => {
  it.each<[string, Change[], Soa | undefined, number, number]>([
    ['update: change waits out the old TTL, rollback the new one', [update(rr('a', 86400), rr('a', 300))], soa(3600, 900), 86400, 300],
    ['create: change waits out negative caching, rollback the new TTL', [create(rr('a', 7200))], soa(3600, 900), 900, 7200],
    ['delete: change waits out the old TTL, rollback negative caching', [del(rr('a', 60))], soa(3600, 900), 60, 900],
    ['negative TTL is min(SOA TTL, SOA MINIMUM)', [create(rr('a', 10))], soa(300, 86400), 300, 10],
    ['no SOA: the default negative TTL', [create(rr('a', 10))], undefined, DEFAULT_NEGATIVE_TTL, 10],
    ['the longest of many', [update(rr('a', 100), rr('a', 200)), update(rr('b', 500), rr('b', 50)), del(rr('c', 40))], soa(60, 60), 500, 200],
    ['no changes', [], soa(60, 60), 0, 0],
  ])('%s', (_t, changes, s, change, rollback) => {
    const h = ttlHorizon(changes, s);
    expect([h.changeSeconds, h.rollbackSeconds]).toEqual([change, rollback]);
  });

  it('names what dominates', () => {
    const h = ttlHorizon([update(rr('slow', 86400), rr('slow', 300))], soa(60, 60));
    expect(h.changeDominatedBy).toBe('slow.example.com. A (86400)');
    expect(negativeTtl(soa(60, 30))).toBe(30);
  });

  it.each([[0, '0s'], [59, '59s'], [3600, '1h'], [5400, '1h 30m'], [172800, '2d'], [90061, '1d 1h']])('formats %i as %s', (s, text) => {
    expect(formatDuration(s)).toBe(text);
  });
});
