import { describe, expect, it } from 'vitest';
import { accountBucket, TokenBucket } from './throttle.js';

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
