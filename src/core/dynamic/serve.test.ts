import { describe, expect, it } from 'vitest';
import { diffZones } from '../diff.js';
import { liveDigest } from '../plan.js';
import type { RRset, Zone } from '../model.js';
import { canonicalDynamic } from './canonical.js';
import type { Dynamic } from './model.js';
import { steeringAtTarget, steeringRefusal } from './serve.js';

const Z = 'example.com.';
const written = (usWeight: number, rules: Dynamic['rules'] = [{ pool: 'eu', geos: ['EU'] }, { pool: 'us' }]): Dynamic => ({
  pools: {
    us: { values: [{ value: '192.0.2.1', weight: usWeight, status: 'obey' }, { value: '192.0.2.2', weight: 1, status: 'obey' }] },
    eu: { values: [{ value: '198.51.100.1', weight: 1, status: 'obey' }], fallback: 'us' },
  },
  rules,
  healthcheck: { host: 'www.example.com', path: '/_dns', port: 443, protocol: 'HTTPS' },
});
const steered = (d: Dynamic, values = ['192.0.2.250']): RRset => ({ name: `www.${Z}`, type: 'A', ttl: 60, values, dynamic: canonicalDynamic(`www.${Z}`, 'A', d, Z) });
const zone = (...rrsets: RRset[]): Zone => ({ name: Z, rrsets });
const plain: RRset = { name: `mail.${Z}`, type: 'A', ttl: 60, values: ['192.0.2.9'] };

describe('a steered rrset in the diff: one value', () => {
  it('re-plans empty against the same steering, and a change of one weight is one update carrying both sides', () => {
    expect(diffZones(zone(steered(written(3))), zone(steered(written(3))))).toEqual([]);
    const changes = diffZones(zone(steered(written(4))), zone(steered(written(3))));
    expect(changes).toHaveLength(1);
    const change = changes[0];
    expect(change?.kind).toBe('update');
    if (change?.kind !== 'update') return;
    expect(change.before.dynamic?.pools.us?.values[0]?.weight).toBe(3);
    expect(change.after.dynamic?.pools.us?.values[0]?.weight).toBe(4);
  });

  it('steering added to, or taken from, a plain rrset is an update; the live digest sees steering', () => {
    const bare: RRset = { name: `www.${Z}`, type: 'A', ttl: 60, values: ['192.0.2.250'] };
    expect(diffZones(zone(steered(written(3))), zone(bare)).map((c) => c.kind)).toEqual(['update']);
    expect(diffZones(zone(bare), zone(steered(written(3)))).map((c) => c.kind)).toEqual(['update']);
    expect(liveDigest(zone(bare))).not.toBe(liveDigest(zone(steered(written(3)))));
    expect(liveDigest(zone(steered(written(3))))).not.toBe(liveDigest(zone(steered(written(4)))));
  });
});

describe('steering at a target', () => {
  const cannot = { dynamic: { supported: false, reason: 'answers the same to every client' } };
  const can = { dynamic: { supported: true, reason: 'filter chains' } };
  const noGeos = { dynamic: { supported: true }, dynamicGeos: { supported: false, reason: 'no GeoIP database' } };

  it.each([
    ['a target that cannot steer', cannot, written(3), 'answers the same to every client'],
    ['a target that steers', can, written(3), undefined],
    ['geo rules where geos are not served', noGeos, written(3), 'geo rules: no GeoIP database'],
    ['subnet rules where only geos are refused', noGeos, written(3, [{ pool: 'eu', subnets: ['10.0.0.0/8'] }, { pool: 'us' }]), undefined],
  ])('%s', (_, caps, d, want) => expect(steeringRefusal(steered(d), caps)).toBe(want));

  it('refuses what the target cannot steer, unless fallback: then the plain values go, and say so', () => {
    const z = zone(steered(written(3)), plain);
    const refused = steeringAtTarget(z, cannot, false);
    expect(refused.refused).toEqual([{ name: `www.${Z}`, type: 'A', reason: 'answers the same to every client' }]);
    expect(refused.zone).toBe(z);
    const served = steeringAtTarget(z, cannot, true);
    expect(served.refused).toEqual([]);
    expect(served.fallback).toEqual([{ name: `www.${Z}`, type: 'A', reason: 'answers the same to every client' }]);
    expect(served.zone.rrsets).toEqual([{ name: `www.${Z}`, type: 'A', ttl: 60, values: ['192.0.2.250'] }, plain]);
    expect(steeringAtTarget(z, can, false)).toEqual({ zone: z, refused: [], fallback: [] });
  });
});
