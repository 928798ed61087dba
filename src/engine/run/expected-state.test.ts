import { describe, expect, it } from 'vitest';
import type { Change } from '../../core/change.js';
import { expectationsFor } from '../../core/expect.js';
import type { RRset } from '../../core/model.js';
import { ExpectedState } from './expected-state.js';

const Z = 'example.com.';
const a = (host: string, value: string): RRset => ({ name: `${host}.${Z}`, type: 'A', ttl: 60, values: [value] });

describe('ExpectedState.zone()', () => {
  it('is the same object until the next change, then holds the change', () => {
    const state = new ExpectedState({ name: Z, rrsets: [a('x', '192.0.2.1')] }, Z);
    const first = state.zone();
    expect(state.zone()).toBe(first);
    state.applyChanges([{ kind: 'update', before: a('x', '192.0.2.1'), after: a('x', '192.0.2.2') }, { kind: 'create', after: a('y', '192.0.2.3') }]);
    const second = state.zone();
    expect(second).not.toBe(first);
    expect(second.rrsets).toEqual([a('x', '192.0.2.2'), a('y', '192.0.2.3')]);
    expect(first.rrsets).toEqual([a('x', '192.0.2.1')]);
    state.applyChanges([{ kind: 'delete', before: a('x', '192.0.2.2') }]);
    expect(state.zone().rrsets).toEqual([a('y', '192.0.2.3')]);
  });
});

describe('ExpectedState: the expectations index kept up to date chunk by chunk', () => {
  const rr = (name: string, type: RRset['type'], values: string[]): RRset => ({ name: name === '' ? Z : `${name}.${Z}`, type, ttl: 60, values });
  const questions = ['www', 'x.ent', 'ent', 'y.ent', 'deep.a.b', 'a.b', 'b', 'sub', 'in.sub', 'nothing', 'w.wild', 'wild', 'c', ''].flatMap((n) => ['A', 'TXT', 'NS', 'CNAME'].map((t) => ({ name: n === '' ? Z : `${n}.${Z}`, type: t })));
  const fresh = (state: ExpectedState) => expectationsFor({ name: Z, rrsets: [...state.zone().rrsets] });

  it('answers as an index built from scratch after each of several chunks (ENTs made and gone, delegations, wildcards, CNAMEs)', () => {
    const state = new ExpectedState({ name: Z, rrsets: [rr('www', 'A', ['192.0.2.1']), rr('x.ent', 'A', ['192.0.2.2']), rr('*.wild', 'TXT', ['"w"'])] }, Z);
    const chunks: Change[][] = [
      [{ kind: 'create', after: rr('deep.a.b', 'A', ['192.0.2.3']) }, { kind: 'delete', before: rr('x.ent', 'A', ['192.0.2.2']) }],
      [{ kind: 'create', after: rr('sub', 'NS', ['ns.elsewhere.']) }, { kind: 'create', after: rr('c', 'CNAME', [`www.${Z}`]) }, { kind: 'create', after: rr('y.ent', 'TXT', ['"y"']) }],
      [{ kind: 'update', before: rr('www', 'A', ['192.0.2.1']), after: rr('www', 'A', ['192.0.2.9']) }, { kind: 'create', after: rr('b', 'TXT', ['"b"']) }, { kind: 'delete', before: rr('*.wild', 'TXT', ['"w"']) }],
      [{ kind: 'delete', before: rr('deep.a.b', 'A', ['192.0.2.3']) }, { kind: 'delete', before: rr('sub', 'NS', ['ns.elsewhere.']) }],
    ];
    for (const chunk of chunks) {
      const before = state.zone();
      const old = questions.map((q) => expectationsFor(before)(q.name, q.type));
      state.applyChanges(chunk);
      const live = expectationsFor(state.zone());
      const want = fresh(state);
      expect(questions.map((q) => [q, live(q.name, q.type)])).toEqual(questions.map((q) => [q, want(q.name, q.type)]));
      // A zone object of an earlier chunk still answers for its own rrsets.
      expect(questions.map((q) => expectationsFor(before)(q.name, q.type))).toEqual(old);
    }
  });
});
