import { sleep as realSleep } from '../../io/sleep.js';

/**
 * The one retry loop of every provider client. Each provider keeps its own policy (PROVIDERS.md):
 * how many attempts, which failures are worth another, and how long to wait before it.
 */

export type Sleep = (ms: number) => Promise<void>;

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  attempts: number;
  /**
   * After failed attempt `attempt` (1 for the first): how long to wait before the next, or
   * undefined to give up with this error. Not asked after the last attempt.
   */
  delay(error: unknown, attempt: number): number | undefined;
  /** Replaces the wait (tests); a delay of 0 does not wait at all. */
  sleep?: Sleep;
}

/** Run `call` until it succeeds, the policy gives up, or attempts run out; the last error is thrown. */
export async function withRetries<T>(call: (attempt: number) => Promise<T>, policy: RetryPolicy): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await call(attempt);
    } catch (error) {
      if (attempt >= policy.attempts) throw error;
      const wait = policy.delay(error, attempt);
      if (wait === undefined) throw error;
      if (wait > 0) await (policy.sleep ?? realSleep)(wait);
    }
  }
}

export interface Backoff {
  /** The wait after the first failure; it doubles after each. */
  baseMs: number;
  /** Longest wait (before jitter). */
  maxMs: number;
  /** `full`: a random wait up to the step; `half`: between half the step and the step; `none`: the step. */
  jitter: 'none' | 'half' | 'full';
}

/** The wait after failed attempt `attempt` (1 for the first): baseMs·2^(attempt−1), capped, jittered so clients spread out. */
export function backoffMs(attempt: number, backoff: Backoff, random: () => number = Math.random): number {
  const step = Math.min(backoff.maxMs, backoff.baseMs * 2 ** (attempt - 1));
  switch (backoff.jitter) {
    case 'none':
      return step;
    case 'half':
      return step / 2 + random() * (step / 2);
    case 'full':
      return Math.floor(random() * step);
  }
}
