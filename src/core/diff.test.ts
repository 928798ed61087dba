import { describe, expect, it } from 'vitest';
import type { Change } from './change.js';
import { diffZones } from './diff.js';
import type { RRset, Zone } from './model.js';

const Z = 'example.com.';
const rr = (name: string, type: RRset['type'], values: string[], ttl = 300, extra: Partial<RRset> = {}): RRset => ({ name: name ? `${name}.${Z}` : Z, type, ttl, values, ...extra });
const zone = (...rrsets: RRset[]): Zone => ({ name: Z, rrsets });
const label = (c: Change) => `${c.kind} ${(c.kind === 'delete' ? c.before : c.after).name} ${(c.kind === 'delete' ? c.before : c.after).type}`;

describe('diffZones', () => {
  it.each<[string, Zone, Zone | undefined, string[]]>([
    ['nothing live: all creates', zone(rr('www', 'A', ['192.0.2.1'])), undefined, ['create www.example.com. A']],
    ['equal: no change', zone(rr('www', 'A', ['192.0.2.1'])), zone(rr('www', 'A', ['192.0.2.1'])), []],
    ['value differs: one update', zone(rr('www', 'A', ['192.0.2.2'])), zone(rr('www', 'A', ['192.0.2.1'])), ['update www.example.com. A']],
    ['ttl differs: one update', zone(rr('www', 'A', ['192.0.2.1'], 60)), zone(rr('www', 'A', ['192.0.2.1'])), ['update www.example.com. A']],
    ['live extra: delete', zone(), zone(rr('old', 'TXT', ['"x"'])), ['delete old.example.com. TXT']],
    ['apex NS and SOA are the provider\'s', zone(), zone(rr('', 'NS', ['ns1.example.net.'])), []],
    ['NS below the apex is managed', zone(rr('sub', 'NS', ['ns1.example.net.'])), zone(), ['create sub.example.com. NS']],
  ])('%s', (_title, desired, live, expected) => {
    expect(diffZones(desired, live).map(label)).toEqual(expected);
  });

  it('orders targets before what points at them, and deletes referrers before their targets', () => {
    const desired = zone(rr('www', 'CNAME', ['app.example.com.']), rr('app', 'A', ['192.0.2.1']), rr('', 'MX', ['10 mx.example.com.']), rr('mx', 'A', ['192.0.2.2']));
    const live = zone(rr('old', 'CNAME', ['gone.example.com.']), rr('gone', 'A', ['192.0.2.9']));
    expect(diffZones(desired, live).map(label)).toEqual([
      'create app.example.com. A',
      'create mx.example.com. A',
      'create example.com. MX',
      'create www.example.com. CNAME',
      'delete old.example.com. CNAME',
      'delete gone.example.com. A',
    ]);
  });

  it('compares only the provider settings the zone file declares', () => {
    const desired = zone(rr('www', 'A', ['192.0.2.1'], 300, { providerSettings: { cloudflare: { proxied: true } } }));
    const liveSame = zone(rr('www', 'A', ['192.0.2.1'], 300, { providerSettings: { cloudflare: { proxied: true, comment: 'theirs' } } }));
    const liveOther = zone(rr('www', 'A', ['192.0.2.1'], 300, { providerSettings: { cloudflare: { proxied: false } } }));
    expect(diffZones(desired, liveSame, { providerType: 'cloudflare' })).toEqual([]);
    expect(diffZones(desired, liveOther, { providerType: 'cloudflare' }).map(label)).toEqual(['update www.example.com. A']);
    expect(diffZones(desired, liveOther, { providerType: 'route53' })).toEqual([]);
  });

  it('is one update per replaced rrset, never a delete and a create', () => {
    const changes = diffZones(zone(rr('www', 'A', ['192.0.2.2', '192.0.2.3'])), zone(rr('www', 'A', ['192.0.2.1'])));
    expect(changes).toEqual([{ kind: 'update', before: rr('www', 'A', ['192.0.2.1']), after: rr('www', 'A', ['192.0.2.2', '192.0.2.3']) }]);
  });

  it('drops source locations from planned rrsets', () => {
    const desired = zone(rr('www', 'A', ['192.0.2.1'], 300, { source: { file: 'z.yaml', line: 3, column: 1 } }));
    expect(diffZones(desired, undefined)[0]).toEqual({ kind: 'create', after: rr('www', 'A', ['192.0.2.1']) });
  });
});

describe('diffZones with TTLs the provider does not keep', () => {
  it('compares ALIAS without TTL when told to', () => {
    const desired = zone(rr('', 'ALIAS', ['lb.example.net.'], 300));
    const live = zone(rr('', 'ALIAS', ['lb.example.net.'], 60));
    expect(diffZones(desired, live, { ignoreTtl: ['ALIAS'] })).toEqual([]);
    expect(diffZones(desired, live).map(label)).toEqual(['update example.com. ALIAS']);
  });
});

describe('a CNAME taking the place of other data', () => {
  it('deletes what is there first, right before the CNAME, in one chunk', async () => {
    const { chunkChanges } = await import('./chunk.js');
    const desired = zone(rr('a', 'A', ['192.0.2.1']), rr('www', 'CNAME', ['a.example.com.']), rr('z', 'A', ['192.0.2.9']));
    const live = zone(rr('a', 'A', ['192.0.2.1']), rr('www', 'A', ['192.0.2.5']), rr('www', 'TXT', ['"x"']));
    const changes = diffZones(desired, live);
    expect(changes.map(label)).toEqual(['create z.example.com. A', 'delete www.example.com. A', 'delete www.example.com. TXT', 'create www.example.com. CNAME']);
    expect(chunkChanges(changes, 3).map((c) => c.map(label))).toEqual([
      ['create z.example.com. A'],
      ['delete www.example.com. A', 'delete www.example.com. TXT', 'create www.example.com. CNAME'],
    ]);
    // A chunk smaller than the swap still carries it whole.
    expect(chunkChanges(changes, 1).map((c) => c.length)).toEqual([1, 3]);
  });

  it('deletes a CNAME before the data that replaces it', () => {
    const changes = diffZones(zone(rr('www', 'A', ['192.0.2.1'])), zone(rr('www', 'CNAME', ['x.example.net.'])));
    expect(changes.map(label)).toEqual(['delete www.example.com. CNAME', 'create www.example.com. A']);
  });
});
