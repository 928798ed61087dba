/** Pacing Route 53 calls: one token bucket per account, and backoff with jitter when it still says no. */

import { Pacer, tokenBucket } from '../shared/pacing.js';
import { backoffMs, withRetries } from '../shared/retry.js';

/** Hands out `ratePerSecond` tokens a second, first come first served; holds at most `capacity`. */
export class TokenBucket extends Pacer {
  constructor(
    readonly ratePerSecond: number,
    readonly capacity = 1,
  ) {
    super(tokenBucket(ratePerSecond, capacity), () => performance.now());
  }
}

/** Route 53 allows 5 requests per second per account; every provider instance of one account shares one bucket. */
export const ROUTE53_REQUESTS_PER_SECOND = 5;

const buckets = new Map<string, TokenBucket>();

/** The process-wide bucket for one account (key: endpoint, profile and access key id — never the secret). */
export function accountBucket(key: string, ratePerSecond = ROUTE53_REQUESTS_PER_SECOND): TokenBucket {
  const id = `${key}|${ratePerSecond}`;
  let bucket = buckets.get(id);
  if (!bucket) {
    bucket = new TokenBucket(ratePerSecond);
    buckets.set(id, bucket);
  }
  return bucket;
}

export interface BackoffOptions {
  /** Attempts in all, the first included. */
  maxAttempts: number;
  baseMs: number;
  maxMs: number;
}

export const ROUTE53_BACKOFF: BackoffOptions = { maxAttempts: 8, baseMs: 250, maxMs: 8000 };

/** Full jitter: a random wait up to base·2^attempt (attempt 0 is the first retry), capped, so retrying clients spread out. */
export function backoffDelay(attempt: number, options: BackoffOptions, random: () => number = Math.random): number {
  return backoffMs(attempt + 1, { baseMs: options.baseMs, maxMs: options.maxMs, jitter: 'full' }, random);
}

/** Run `call` until it succeeds, `retryable` says no, or attempts run out; the last error is thrown. */
export function withBackoff<T>(call: (attempt: number) => Promise<T>, retryable: (error: unknown) => boolean, options: BackoffOptions = ROUTE53_BACKOFF): Promise<T> {
  return withRetries((attempt) => call(attempt - 1), { attempts: options.maxAttempts, delay: (error, attempt) => (retryable(error) ? backoffDelay(attempt - 1, options) : undefined) });
}
