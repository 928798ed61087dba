/**
 * NS1 rate limiting: a token bucket per endpoint class; a full bucket allows bursts, tokens come
 * back at limit/period per second, and every response reports the bucket in headers
 * (help.ns1.com "About API rate limiting": e.g. 900 tokens / 300 s for GETs, fewer for PUT/POST).
 */
export class TokenBucket {
  private tokens: number;
  private at: number;

  constructor(readonly limit: number, readonly periodSeconds: number, private readonly now: () => number = () => performance.now()) {
    this.tokens = limit;
    this.at = now();
  }

  private refill(): void {
    const t = this.now();
    this.tokens = Math.min(this.limit, this.tokens + ((t - this.at) / 1000) * (this.limit / this.periodSeconds));
    this.at = t;
  }

  /** Take one token; false when the bucket is empty (the request gets a 429). */
  take(): boolean {
    this.refill();
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  /** `X-RateLimit-Limit`, `X-RateLimit-Remaining`, `X-RateLimit-Period`, as NS1 names them. */
  headers(): Record<string, string> {
    this.refill();
    return {
      'X-RateLimit-Limit': String(this.limit),
      'X-RateLimit-Remaining': String(Math.floor(this.tokens)),
      'X-RateLimit-Period': String(this.periodSeconds),
    };
  }
}
