import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MAX_TIMER_MS, sleep } from './sleep.js';

const DAY = 86_400_000;

describe('sleep', () => {
  beforeEach(() => vi.useFakeTimers({ now: new Date('2026-12-01T00:00:00Z') }));
  afterEach(() => vi.useRealTimers());

  async function settledAfter(ms: number, advance: number): Promise<boolean> {
    let done = false;
    void sleep(ms).then(() => (done = true));
    await vi.advanceTimersByTimeAsync(advance);
    return done;
  }

  it.each([
    ['1 ms', 1],
    ['a fractional 1.5 s pause', 1500],
    ['the longest single timer', MAX_TIMER_MS],
    ['one ms past the longest single timer', MAX_TIMER_MS + 1],
    ['25 days', 25 * DAY],
    ['30 days', 30 * DAY],
  ])('waits %s: not one ms less, and then ends', async (_label, ms) => {
    let done = false;
    void sleep(ms).then(() => (done = true));
    await vi.advanceTimersByTimeAsync(ms - 1);
    expect(done).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(done).toBe(true);
  });

  it('does not fire at once for 30 days, as a bare setTimeout of that length does', async () => {
    let bare = false;
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    setTimeout(() => (bare = true), 30 * DAY);
    await vi.advanceTimersByTimeAsync(1);
    warn.mockRestore();
    expect(bare).toBe(true);
    expect(await settledAfter(30 * DAY, 29 * DAY)).toBe(false);
  });

  it('ends at once for 0 ms and refuses a negative or endless wait', async () => {
    expect(await settledAfter(0, 0)).toBe(true);
    await expect(sleep(-1)).rejects.toThrow('sleep: -1 ms is not a length of time');
    await expect(sleep(Infinity)).rejects.toThrow('sleep: Infinity ms is not a length of time');
  });
});
