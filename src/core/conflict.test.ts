import { describe, expect, it } from 'vitest';
import type { Change } from './change.js';
import { chunkConflicts } from './conflict.js';
import { rrsetKey, type RRset } from './model.js';

const a = (name: string, ttl: number, ...values: string[]): RRset => ({ name, type: 'A', ttl, values });
const live = (...rrsets: RRset[]) => new Map(rrsets.map((r) => [rrsetKey(r), r]));

describe('chunkConflicts: an rrset moved since the plan is a conflict', () => {
  const update: Change = { kind: 'update', before: a('www.example.com.', 60, '192.0.2.1'), after: a('www.example.com.', 60, '192.0.2.2') };
  const create: Change = { kind: 'create', after: a('new.example.com.', 60, '192.0.2.9') };
  const remove: Change = { kind: 'delete', before: a('old.example.com.', 60, '192.0.2.7') };

  it('live equal to every before: no conflict', () => {
    expect(chunkConflicts([update, create, remove], live(a('www.example.com.', 60, '192.0.2.1'), a('old.example.com.', 60, '192.0.2.7')))).toEqual([]);
  });

  it('an update whose rrset another writer changed names expected and found', () => {
    const found = a('www.example.com.', 60, '203.0.113.5');
    expect(chunkConflicts([update], live(found))).toEqual([{ change: update, rrset: 'www.example.com. A', expected: update.before, found }]);
  });

  it('a TTL change alone is a conflict', () => {
    expect(chunkConflicts([update], live(a('www.example.com.', 300, '192.0.2.1')))).toHaveLength(1);
  });

  it('a create whose rrset appeared meanwhile is a conflict', () => {
    const found = a('new.example.com.', 60, '198.51.100.1');
    expect(chunkConflicts([create], live(found))).toEqual([{ change: create, rrset: 'new.example.com. A', expected: undefined, found }]);
  });

  it('an update or delete whose rrset vanished meanwhile is a conflict for the update only (the delete is done)', () => {
    expect(chunkConflicts([update, remove], live()).map((c) => c.rrset)).toEqual(['www.example.com. A']);
  });

  it('an rrset that already holds the change\'s after is no conflict (same edit made elsewhere, or a resumed chunk)', () => {
    expect(chunkConflicts([update, create], live(update.after, create.after))).toEqual([]);
  });

  it('ignoreTtl types are compared without TTL, as the diff does', () => {
    const alias: Change = { kind: 'update', before: { name: 'example.com.', type: 'ALIAS', ttl: 300, values: ['a.example.net.'] }, after: { name: 'example.com.', type: 'ALIAS', ttl: 300, values: ['b.example.net.'] } };
    const found: RRset = { name: 'example.com.', type: 'ALIAS', ttl: 60, values: ['a.example.net.'] };
    expect(chunkConflicts([alias], live(found), { ignoreTtl: ['ALIAS'] })).toEqual([]);
    expect(chunkConflicts([alias], live(found))).toHaveLength(1);
  });
});
