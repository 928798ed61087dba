import { describe, expect, it } from 'vitest';
import { backoffDelay, isRetryable, isTransportOr5xx, withBackoff } from './aws.js';

describe('AWS errors', () => {
  it('retries throttling, not other refusals', () => {
    expect(isRetryable({ name: 'ThrottlingException' })).toBe(true);
    expect(isRetryable({ name: 'X', $metadata: { httpStatusCode: 429 } })).toBe(true);
    expect(isRetryable(new Error('Rate exceeded'))).toBe(true);
    expect(isRetryable({ name: 'InvalidChangeBatch', $metadata: { httpStatusCode: 400 } })).toBe(false);
    expect(isRetryable('not an object')).toBe(false);
  });

  it('tells a reset or a 5xx from a refused connection', () => {
    expect(isTransportOr5xx({ $metadata: { httpStatusCode: 503 } })).toBe(true);
    expect(isTransportOr5xx({ code: 'ECONNRESET' })).toBe(true);
    expect(isTransportOr5xx({ code: 'ECONNREFUSED' })).toBe(false);
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
