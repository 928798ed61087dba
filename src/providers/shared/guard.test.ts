import { describe, expect, it } from 'vitest';
import type { Zone } from '../../core/model.js';
import type { Provider } from '../provider.js';
import { guardProvider } from './guard.js';

function adapter(zones: string[], extra: Partial<Provider> = {}): Provider & { hello(): string } {
  return {
    id: 'p',
    type: 'test',
    capabilities: { types: {}, maxChangesPerBatch: 1, atomicBatch: true, alias: 'none', minTtl: 0, dynamic: { supported: false } },
    read: async (zone: string): Promise<Zone> => {
      zones.push(zone);
      return { name: zone, rrsets: [{ name: `www.${zone}`, type: 'A', ttl: 60, values: ['192.0.2.1'] }] };
    },
    ensureZone: async (zone) => void zones.push(zone),
    apply: async (zone) => (zones.push(zone), { apiCalls: 1 }),
    delegationNameservers: async () => [],
    nameservers: async () => [],
    hello: () => 'extra',
    ...extra,
  };
}

describe('guardProvider', () => {
  it('hands the adapter canonical zone names, made once, and refuses one that is not a name', async () => {
    const seen: string[] = [];
    const guarded = guardProvider(adapter(seen));
    await guarded.read('Example.COM');
    await guarded.apply('example.com', []);
    expect(seen).toEqual(['example.com.', 'example.com.']);
    await expect(guarded.ensureZone('../../x')).rejects.toThrow('p: zone "../../x": "../../x." has an empty label');
    expect(seen).toHaveLength(2);
  });

  it('refuses a read that returns an owner outside the zone', async () => {
    const guarded = guardProvider(adapter([], { read: async () => ({ name: 'example.com.', rrsets: [{ name: 'evil.example.net.', type: 'A', ttl: 60, values: ['192.0.2.1'] }] }) }));
    await expect(guarded.read('example.com.')).rejects.toThrow('outside the zone');
  });

  it('keeps the extras reachable and the Provider members spreadable', async () => {
    const seen: string[] = [];
    const guarded = guardProvider(adapter(seen));
    expect(guarded.hello()).toBe('extra');
    const copy: Provider = { ...guarded, apply: async () => ({ apiCalls: 0 }) };
    expect((await copy.read('example.com'))?.name).toBe('example.com.');
    expect(copy.id).toBe('p');
  });
});
