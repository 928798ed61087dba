import { describe, expect, it } from 'vitest';
import { backoffMs, withRetries } from './retry.js';

describe('withRetries', () => {
  it('tries again after the delay the policy gives, at most `attempts` times, and throws the last error', async () => {
    const waits: number[] = [];
    let calls = 0;
    const policy = { attempts: 3, delay: (_: unknown, attempt: number) => attempt * 10, sleep: async (ms: number) => void waits.push(ms) };
    await expect(withRetries(async (attempt) => { calls++; throw new Error(`failure ${attempt}`); }, policy)).rejects.toThrow('failure 3');
    expect(calls).toBe(3);
    expect(waits).toEqual([10, 20]);
  });

  it('stops at once when the policy gives up, and does not wait for a delay of 0', async () => {
    const waits: number[] = [];
    const sleep = async (ms: number) => void waits.push(ms);
    let calls = 0;
    await expect(withRetries(async () => { calls++; throw new Error('refused'); }, { attempts: 5, delay: () => undefined, sleep })).rejects.toThrow('refused');
    expect(calls).toBe(1);
    expect(await withRetries(async (attempt) => (attempt < 3 ? Promise.reject(new Error('x')) : 'ok'), { attempts: 5, delay: () => 0, sleep })).toBe('ok');
    expect(waits).toEqual([]);
  });
});

describe('backoffMs', () => {
  it.each([
    [1, 'none', 100],
    [4, 'none', 800],
    [8, 'none', 1000],
  ] as const)('attempt %i (%s jitter) waits %i ms: doubling from the base, capped', (attempt, jitter, ms) => {
    expect(backoffMs(attempt, { baseMs: 100, maxMs: 1000, jitter })).toBe(ms);
  });

  it('jitters fully (0 up to the step) or by half (half the step up to the step)', () => {
    const b = { baseMs: 100, maxMs: 1000 };
    expect(backoffMs(2, { ...b, jitter: 'full' }, () => 0)).toBe(0);
    expect(backoffMs(2, { ...b, jitter: 'full' }, () => 0.999999)).toBe(199);
    expect(backoffMs(2, { ...b, jitter: 'half' }, () => 0)).toBe(100);
    expect(backoffMs(2, { ...b, jitter: 'half' }, () => 1)).toBe(200);
  });
});
