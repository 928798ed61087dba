import { sleep as realSleep } from './sleep.js';

/**
 * Keeping requests under a provider's rate limit before they are refused. A rule says how long the
 * next request must wait and hears when one goes out; the pacer serves callers in order.
 */

export interface PaceRule {
  /** Milliseconds until one more request fits (0 when it fits now). */
  delay(now: number): number;
  /** A request goes out now. */
  sent(now: number): void;
}

export class Pacer {
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly rule: PaceRule,
    private readonly now: () => number = Date.now,
    private readonly wait: (ms: number) => Promise<void> = realSleep,
  ) {}

  /** Resolves when one more request fits; calls are served in order, and one that fails does not stop the next. */
  take(): Promise<void> {
    const turn = this.queue.then(() => this.next());
    this.queue = turn.catch(() => undefined);
    return turn;
  }

  /** How long the next request would wait now (0 when it fits). */
  delay(): number {
    return this.rule.delay(this.now());
  }

  private async next(): Promise<void> {
    for (let delay = this.delay(); delay > 0; delay = this.delay()) await this.wait(delay);
    this.rule.sent(this.now());
  }
}

/** `ratePerSecond` requests a second, at most `capacity` at once after a pause. */
export function tokenBucket(ratePerSecond: number, capacity = 1): PaceRule {
  let tokens = capacity;
  let last: number | undefined;
  const refill = (now: number) => {
    tokens = Math.min(capacity, tokens + ((now - (last ?? now)) / 1000) * ratePerSecond);
    last = now;
  };
  return {
    delay(now) {
      refill(now);
      return tokens >= 1 ? 0 : ((1 - tokens) / ratePerSecond) * 1000;
    },
    sent(now) {
      refill(now);
      tokens -= 1;
    },
  };
}

export interface RateWindow {
  requests: number;
  windowMs: number;
}

/** At most `requests` in any `windowMs`, for every window at once (sliding). */
export function slidingWindows(windows: readonly RateWindow[]): PaceRule {
  const sent: number[] = [];
  const longest = Math.max(0, ...windows.map((w) => w.windowMs));
  return {
    delay(now) {
      while (sent.length > 0 && (sent[0] as number) <= now - longest) sent.shift();
      let delay = 0;
      for (const window of windows) {
        const inWindow = sent.filter((t) => t > now - window.windowMs);
        if (inWindow.length >= window.requests) {
          const oldest = inWindow[inWindow.length - window.requests] as number;
          delay = Math.max(delay, oldest + window.windowMs - now);
        }
      }
      return delay;
    },
    sent(now) {
      sent.push(now);
    },
  };
}
