import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { rrsetKey } from '../../src/core/model.js';
import { startMoto, type Moto } from '../harness/moto.js';
import { create, motoProvider, rr, ZONE } from './route53-fixtures.js';

let moto: Moto;

beforeAll(async () => {
  moto = await startMoto();
});
afterAll(async () => {
  await moto?.stop();
});
beforeEach(async () => {
  await moto.reset();
});

describe('Route 53 readRRsets: pages over the range a chunk covers, not the zone', () => {
  it('returns exactly the rrsets asked for, absent ones left out, in few list calls', async () => {
    const provider = motoProvider(moto.endpoint, { pageSize: 50 });
    await provider.ensureZone(ZONE);
    const sets = Array.from({ length: 400 }, (_, i) => rr(`h${String(i).padStart(3, '0')}`, 'A', 300, `192.0.2.${i % 250}`));
    await provider.apply(ZONE, [...sets, rr('h010', 'TXT', 60, '"t"'), rr('a.b', 'MX', 60, '10 mx.example.net.')].map(create));
    const read = async (keys: Array<{ name: string; type: string }>) => {
      const before = provider.apiCalls;
      const got = await provider.readRRsets(ZONE, keys);
      return { keys: got.map(rrsetKey).sort(), calls: provider.apiCalls - before };
    };
    // 100 contiguous rrsets at 50 a page: 3 pages (the range's rrsets and the TXT beside h010).
    const contiguous = await read(sets.slice(10, 110).map((s) => ({ name: s.name, type: 'A' })));
    expect(contiguous.keys).toEqual(sets.slice(10, 110).map(rrsetKey).sort());
    expect(contiguous.calls).toBeLessThanOrEqual(3);
    // Scattered: one page each, never the 9 pages of the zone.
    const scattered = await read([{ name: `h005.${ZONE}`, type: 'A' }, { name: `h010.${ZONE}`, type: 'TXT' }, { name: `a.b.${ZONE}`, type: 'MX' }, { name: `h399.${ZONE}`, type: 'A' }, { name: `gone.${ZONE}`, type: 'A' }]);
    expect(scattered.keys).toEqual([`a.b.${ZONE} MX`, `h005.${ZONE} A`, `h010.${ZONE} TXT`, `h399.${ZONE} A`]);
    expect(scattered.calls).toBeLessThanOrEqual(5);
    // Creates past the end of the zone: one call finds that none exists.
    const fresh = await read([{ name: `z1.${ZONE}`, type: 'A' }, { name: `z2.${ZONE}`, type: 'AAAA' }]);
    expect(fresh).toEqual({ keys: [], calls: 1 });
    await provider.close?.();
  });
});
