import { describe, expect, it } from 'vitest';
import { RequestPacer } from './pacer.js';

/** A clock that only moves when the pacer sleeps. */
function fakeTime() {
  let now = 0;
  const sleeps: number[] = [];
  return {
    now: () => now,
    sleep: async (ms: number) => {
      sleeps.push(ms);
      now += ms;
    },
    sleeps,
  };
}

describe('RequestPacer', () => {
  it('lets requests through until a window is full, then waits for the oldest to leave it', async () => {
    const time = fakeTime();
    const pacer = new RequestPacer([{ requests: 3, windowMs: 1000 }], time.now, time.sleep);
    for (let i = 0; i < 3; i++) await pacer.take();
    expect(time.sleeps).toEqual([]);
    await pacer.take();
    expect(time.sleeps).toEqual([1000]);
  });

  it('honours the strictest of several windows', async () => {
    const time = fakeTime();
    const pacer = new RequestPacer([{ requests: 4, windowMs: 10_000 }, { requests: 2, windowMs: 100 }], time.now, time.sleep);
    for (let i = 0; i < 5; i++) await pacer.take();
    expect(time.sleeps).toEqual([100, 9_900]);
  });

  it('stays under 1,200 per 5 minutes by default', async () => {
    const time = fakeTime();
    const pacer = new RequestPacer(undefined, time.now, time.sleep);
    for (let i = 0; i < 1201; i++) await pacer.take();
    expect(time.now()).toBeGreaterThanOrEqual(300_000);
  });
});
