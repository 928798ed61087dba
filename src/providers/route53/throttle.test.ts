import { describe, expect, it } from 'vitest';
import { accountBucket, backoffDelay, TokenBucket, withBackoff } from './throttle.js';

describe('TokenBucket', () => {
  it('hands out tokens at its rate, first come first served', async () => {
    const bucket = new TokenBucket(20);
    const order: number[] = [];
    const started = performance.now();
    await Promise.all([0, 1, 2, 3, 4].map((i) => bucket.take().then(() => order.push(i))));
    expect(order).toEqual([0, 1, 2, 3, 4]);
    // the first token is there, the next four take 50 ms each
    expect(performance.now() - started).toBeGreaterThanOrEqual(190);
  });

  it('is one bucket per account key and rate', () => {
    expect(accountBucket('k1')).toBe(accountBucket('k1'));
    expect(accountBucket('k1')).not.toBe(accountBucket('k2'));
    expect(accountBucket('k1').ratePerSecond).toBe(5);
  });
});

describe('backoff', () => {
  const options = { maxAttempts: 4, baseMs: 100, maxMs: 1000 };

  it.each([
    [0, 100],
    [3, 800],
    [6, 1000],
  ])('attempt %i waits below %i ms (full jitter, capped)', (attempt, cap) => {
    expect(backoffDelay(attempt, options, () => 0.999999)).toBe(cap - 1);
    expect(backoffDelay(attempt, options, () => 0)).toBe(0);
  });

  it('retries only what it is told to, and at most maxAttempts times', async () => {
    let calls = 0;
    const fast = { maxAttempts: 4, baseMs: 1, maxMs: 2 };
    await expect(withBackoff(async () => { calls++; throw new Error('throttled'); }, () => true, fast)).rejects.toThrow('throttled');
    expect(calls).toBe(4);
    calls = 0;
    await expect(withBackoff(async () => { calls++; throw new Error('bad input'); }, () => false, fast)).rejects.toThrow('bad input');
    expect(calls).toBe(1);
    expect(await withBackoff(async (attempt) => (attempt < 2 ? Promise.reject(new Error('x')) : 'ok'), () => true, fast)).toBe('ok');
  });
});
