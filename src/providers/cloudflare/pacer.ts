/**
 * Keeps requests under Cloudflare's limits before they are refused: 1,200 per 5 minutes per user
 * and 200 per second per IP (developers.cloudflare.com/fundamentals/api/reference/limits/).
 */

import { sleep as chunkedSleep } from '../../io/sleep.js';

export interface RateWindow {
  requests: number;
  windowMs: number;
}

export const CLOUDFLARE_WINDOWS: readonly RateWindow[] = [
  { requests: 1200, windowMs: 300_000 },
  { requests: 200, windowMs: 1_000 },
];

export type Sleep = (ms: number) => Promise<void>;

export const sleep: Sleep = chunkedSleep;

export class RequestPacer {
  private readonly sent: number[] = [];
  private readonly longest: number;
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly windows: readonly RateWindow[] = CLOUDFLARE_WINDOWS,
    private readonly now: () => number = Date.now,
    private readonly wait: Sleep = sleep,
  ) {
    this.longest = Math.max(0, ...windows.map((w) => w.windowMs));
  }

  /** Resolves when one more request fits every window; calls are served in order. */
  take(): Promise<void> {
    const turn = this.queue.then(() => this.next());
    this.queue = turn.catch(() => undefined);
    return turn;
  }

  /** How long the next request would wait now (0 when it fits). */
  delay(): number {
    const now = this.now();
    while (this.sent.length > 0 && (this.sent[0] as number) <= now - this.longest) this.sent.shift();
    let delay = 0;
    for (const window of this.windows) {
      const inWindow = this.sent.filter((t) => t > now - window.windowMs);
      if (inWindow.length >= window.requests) {
        const oldest = inWindow[inWindow.length - window.requests] as number;
        delay = Math.max(delay, oldest + window.windowMs - now);
      }
    }
    return delay;
  }

  private async next(): Promise<void> {
    for (let delay = this.delay(); delay > 0; delay = this.delay()) await this.wait(delay);
    this.sent.push(this.now());
  }
}
