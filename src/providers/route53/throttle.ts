/** Pacing Route 53 calls: one token bucket per account, and backoff with jitter when it still says no. */

import { sleep } from '../../io/sleep.js';

/** Hands out `ratePerSecond` tokens a second, first come first served; holds at most `capacity`. */
export class TokenBucket {
  private tokens: number;
  private last = performance.now();
  private queue: Promise<void> = Promise.resolve();

  constructor(
    readonly ratePerSecond: number,
    readonly capacity = 1,
  ) {
    this.tokens = capacity;
  }

  take(): Promise<void> {
    const turn = this.queue.then(() => this.acquire());
    this.queue = turn;
    return turn;
  }

  private async acquire(): Promise<void> {
    for (;;) {
      const now = performance.now();
      this.tokens = Math.min(this.capacity, this.tokens + ((now - this.last) / 1000) * this.ratePerSecond);
      this.last = now;
      if (this.tokens >= 1) {
        this.tokens -= 1;
        return;
      }
      await sleep(((1 - this.tokens) / this.ratePerSecond) * 1000);
    }
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

/** Full jitter: a random wait up to base·2^attempt, capped, so retrying clients spread out. */
export function backoffDelay(attempt: number, options: BackoffOptions, random: () => number = Math.random): number {
  return Math.floor(random() * Math.min(options.maxMs, options.baseMs * 2 ** attempt));
}

/** Run `call` until it succeeds, `retryable` says no, or attempts run out; the last error is thrown. */
export async function withBackoff<T>(call: (attempt: number) => Promise<T>, retryable: (error: unknown) => boolean, options: BackoffOptions = ROUTE53_BACKOFF): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await call(attempt);
    } catch (error) {
      if (attempt + 1 >= options.maxAttempts || !retryable(error)) throw error;
      await sleep(backoffDelay(attempt, options));
    }
  }
}
