import { formatNameserver, type Nameserver } from '../../dns/nameserver.js';
import { sleep as realSleep } from '../../io/sleep.js';
import { Pacer, tokenBucket } from '../../io/pacing.js';

/**
 * Queries a second to one nameserver during chunk verification, unless `defaults.verifyRate` says
 * otherwise. A chunk of 100 names is about 600 queries: they fit in one burst (a tenth of the rate),
 * so the bound costs a healthy server nothing and only stops a run from asking faster than this.
 */
export const DEFAULT_VERIFY_RATE = 10_000;

/**
 * One token bucket per nameserver address, for a whole run: chunk verification asks each
 * nameserver at most `ratePerSecond` queries a second (bursts of up to a tenth of a second's worth),
 * however many chunks and rounds there are, so it never floods a server or trips its response rate
 * limiting. Servers are paced apart: a slow one does not hold the others back.
 */
export function nameserverPace(
  ratePerSecond: number,
  clock: { now: () => number; wait: (ms: number) => Promise<void> } = { now: Date.now, wait: realSleep },
): (ns: Nameserver) => Promise<void> {
  if (!Number.isFinite(ratePerSecond) || ratePerSecond <= 0) throw new RangeError(`verify rate must be a positive number of queries a second, not ${ratePerSecond}`);
  const burst = Math.max(1, Math.floor(ratePerSecond / 10));
  const pacers = new Map<string, Pacer>();
  return (ns) => {
    const key = formatNameserver(ns);
    let pacer = pacers.get(key);
    if (!pacer) {
      pacer = new Pacer(tokenBucket(ratePerSecond, burst), clock.now, clock.wait);
      pacers.set(key, pacer);
    }
    return pacer.take();
  };
}
