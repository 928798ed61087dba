import type { JournalObserver } from '../engine/run/journal.js';

/**
 * The one test seam of the built CLI. `ZONESYNC_CRASH_AFTER_ENTRY=N` kills the process by SIGKILL
 * right after journal entry N is on disk, at an exact step boundary (test/cli/crash.test.ts).
 * Unset, nothing is observed.
 */
export function crashTestObserver(env: Record<string, string | undefined> = process.env): JournalObserver | undefined {
  const after = env.ZONESYNC_CRASH_AFTER_ENTRY ? Number(env.ZONESYNC_CRASH_AFTER_ENTRY) : undefined;
  if (after === undefined || !Number.isInteger(after)) return undefined;
  return {
    appended(record) {
      if (record.seq === after) process.kill(process.pid, 'SIGKILL');
    },
  };
}
