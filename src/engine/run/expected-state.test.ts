import { describe, expect, it } from 'vitest';
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
