import { ZoneLock } from '../../src/engine/run/lock.js';

/** One racer for the lock takeover test: waits for a common start time, tries the lock, prints won or lost; a winner holds the lock until the test kills it, so a late racer meets a live holder. */
const [stateDir, runId, startAt] = process.argv.slice(2) as [string, string, string];
while (Date.now() < Number(startAt)) {
  // spin: every racer starts within the same millisecond or two
}
try {
  await ZoneLock.acquire(stateDir, 'example.com.', 'pdns', runId);
  process.stdout.write('won\n');
  setInterval(() => undefined, 1000);
} catch (error) {
  process.stdout.write(`lost: ${(error as Error).name}: ${(error as Error).message}\n`);
}
