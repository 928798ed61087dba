/** Pacing Route 53 calls: one token bucket per account (the backoff when it still says no is in ../shared/aws.ts). */

import { Pacer, tokenBucket } from '../../io/pacing.js';

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
