import { describe, expect, it } from 'vitest';
import type { Nameserver } from '../../dns/nameserver.js';
import { nameserverPace } from './query-pace.js';

/** A clock that only moves when someone waits on it. */
function fakeClock(): { now: () => number; wait: (ms: number) => Promise<void>; waited: number[] } {
  let t = 0;
  const waited: number[] = [];
  return {
    now: () => t,
    wait: async (ms) => {
      waited.push(ms);
      t += ms;
    },
    waited,
  };
}

const a: Nameserver = { name: 'ns1.example.net.', address: '127.0.0.1', port: 5301 };
const b: Nameserver = { name: 'ns2.example.net.', address: '127.0.0.1', port: 5302 };

describe('nameserverPace', () => {
  it('lets a burst of a tenth of a second through, then one query per 1/rate seconds', async () => {
    const clock = fakeClock();
    const pace = nameserverPace(100, clock);
    for (let i = 0; i < 10; i++) await pace(a);
    expect(clock.now()).toBe(0);
    for (let i = 0; i < 50; i++) await pace(a);
    // 50 more at 100 a second: half a second.
    expect(clock.now()).toBeGreaterThanOrEqual(490);
    expect(clock.now()).toBeLessThanOrEqual(510);
  });

  it('paces each nameserver apart: a busy one does not slow another', async () => {
    const clock = fakeClock();
    const pace = nameserverPace(10, clock);
    await pace(a);
    await pace(a);
    const afterA = clock.now();
    expect(afterA).toBeGreaterThanOrEqual(90);
    await pace(b);
    expect(clock.now()).toBe(afterA);
  });

  it('refuses a rate that is not a positive number', () => {
    expect(() => nameserverPace(0)).toThrow(/positive/);
    expect(() => nameserverPace(Number.NaN)).toThrow(/positive/);
  });
});
