import { describe, expect, it } from 'vitest';
import { changedZones, type ZoneFiles } from './changed-zones.js';

const config = (over: Record<string, unknown> = {}) => ({
  providers: { a: { type: 'file', directory: 'a' }, b: { type: 'file', directory: 'b' } },
  registrars: { r: { type: 'manual' } },
  zones: { 'one.com': { file: 'zones/one.com.zone', targets: ['a'] }, 'two.com': { file: 'zones/two.com.yaml', targets: ['b'], registrar: 'r' } },
  defaults: { chunkSize: 100 },
  ...over,
});
const zones: ZoneFiles[] = [
  { name: 'one.com.', files: ['zones/one.com.zone', 'zones/common.inc'], targets: ['a'] },
  { name: 'two.com.', files: ['zones/two.com.yaml'], targets: ['b'], registrar: 'r' },
];
const run = (before: unknown, changedPaths: string[], after: unknown = config()) => changedZones({ before: { config: before }, after, changedPaths, zones });

describe('changedZones', () => {
  it('takes nothing when nothing changed, whatever else moved in the repository', () => {
    expect(run(config(), ['README.md', 'zones/three.com.yaml'])).toEqual([]);
  });

  it('takes a zone whose file or included file changed, with the reason', () => {
    expect(run(config(), ['zones/two.com.yaml'])).toEqual([{ name: 'two.com.', reasons: ['zone file zones/two.com.yaml changed'] }]);
    expect(run(config(), ['zones/common.inc'])).toEqual([{ name: 'one.com.', reasons: ['included file zones/common.inc changed'] }]);
  });

  it('takes a zone whose own block changed or is new; the key may be spelt differently', () => {
    const before = config({ zones: { 'One.com.': { file: 'zones/one.com.zone', targets: ['a'] } } });
    expect(run(before, [])).toEqual([{ name: 'two.com.', reasons: ['new in the config'] }]);
    const moved = config({ zones: { 'one.com': { file: 'zones/one.com.zone', targets: ['a'] }, 'two.com': { file: 'zones/two.com.yaml', targets: ['b'] } } });
    expect(run(moved, [])).toEqual([{ name: 'two.com.', reasons: ['its zones: block changed'] }]);
  });

  it('takes every zone of a changed provider or registrar, and every zone when defaults change', () => {
    expect(run(config({ providers: { a: { type: 'file', directory: 'old' }, b: { type: 'file', directory: 'b' } } }), [])).toEqual([{ name: 'one.com.', reasons: ['provider a changed'] }]);
    expect(run(config({ registrars: { r: { type: 'route53domains' } } }), [])).toEqual([{ name: 'two.com.', reasons: ['registrar r changed'] }]);
    expect(run(config({ defaults: { chunkSize: 50 } }), ['zones/one.com.zone']).map((z) => z.reasons)).toEqual([['defaults: changed', 'zone file zones/one.com.zone changed'], ['defaults: changed']]);
    expect(run(config({ limits: { includes: 3 } }), []).map((z) => z.name)).toEqual(['one.com.', 'two.com.']);
  });

  it('compares blocks as data, not as text: key order does not count', () => {
    const reordered = config({ providers: { b: { directory: 'b', type: 'file' }, a: { directory: 'a', type: 'file' } } });
    expect(run(reordered, [])).toEqual([]);
  });

  it('takes every zone when the config at REF is missing', () => {
    const all = changedZones({ before: { missing: 'zonesync.yaml did not exist at main' }, after: config(), changedPaths: [], zones });
    expect(all).toEqual([
      { name: 'one.com.', reasons: ['zonesync.yaml did not exist at main'] },
      { name: 'two.com.', reasons: ['zonesync.yaml did not exist at main'] },
    ]);
  });
});
