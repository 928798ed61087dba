/** Longest delay setTimeout keeps: a longer one overflows its 32-bit counter and fires at once. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/** Wait `ms` milliseconds, any length: a wait past MAX_TIMER_MS (~24.8 days) is slept in pieces. */
export async function sleep(ms: number): Promise<void> {
  if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`sleep: ${ms} ms is not a length of time`);
  // Measured against the clock, so a piece that ends early or late never shortens or stretches the whole.
  const end = Date.now() + ms;
  for (let left = ms; left > 0; left = end - Date.now()) {
    await new Promise<void>((resolve) => setTimeout(resolve, Math.min(left, MAX_TIMER_MS)));
  }
}
