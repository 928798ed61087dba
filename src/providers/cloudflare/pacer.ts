/**
 * Keeps requests under Cloudflare's limits before they are refused: 1,200 per 5 minutes per user
 * and 200 per second per IP (developers.cloudflare.com/fundamentals/api/reference/limits/).
 */

import { sleep as chunkedSleep } from '../../io/sleep.js';
import { Pacer, slidingWindows, type RateWindow } from '../../io/pacing.js';

export type { RateWindow } from '../../io/pacing.js';

export const CLOUDFLARE_WINDOWS: readonly RateWindow[] = [
  { requests: 1200, windowMs: 300_000 },
  { requests: 200, windowMs: 1_000 },
];

export type Sleep = (ms: number) => Promise<void>;

export const sleep: Sleep = chunkedSleep;

/** Every Cloudflare request waits its turn here (sliding windows). */
export class RequestPacer extends Pacer {
  constructor(windows: readonly RateWindow[] = CLOUDFLARE_WINDOWS, now: () => number = Date.now, wait: Sleep = sleep) {
    super(slidingWindows(windows), now, wait);
  }
}
