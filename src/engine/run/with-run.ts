import { hostname } from 'node:os';
import type { Plan } from '../../core/plan.js';
import { Journal, type JournalEntry, type JournalObserver, type RunEndStatus } from './journal.js';
import { discardIfUnwritten } from './run-status.js';
import { createRun, createSwitchRun, type RunFiles } from './runs.js';
import type { ApplyReport } from './zones.js';

export interface RunSpec {
  stateDir: string;
  /** The run's secret redactor: every journal line and run file passes it. */
  redact: (text: string) => string;
  /** A new run folder holding `plan` (or a switch's arguments), or a run being resumed (its journal goes on from `lastSeq`). */
  open: { plan: Plan; now: Date } | { switch: object; now: Date } | { resume: RunFiles; lastSeq: number };
  start: Omit<Extract<JournalEntry, { type: 'run-start' }>, 'type' | 'runId' | 'pid' | 'host'>;
  observer?: JournalObserver;
}

export interface OpenRun {
  files: RunFiles;
  journal: Journal;
}

function endStatus(status: ApplyReport['status']): RunEndStatus {
  return status === 'no-changes' || status === 'cancelled' ? 'done' : status;
}

/**
 * The one lifecycle of apply, resume and rollback: open the run (a new folder, or the journal of
 * the run resumed), journal `run-start`, run `body`, journal `run-end` with the report's status —
 * or `aborted` when it throws — and close. A new run that wrote nothing before it was aborted
 * (a lock held elsewhere) leaves no folder; a resumed run is never removed.
 */
export async function withRun<R extends { status: ApplyReport['status'] }>(spec: RunSpec, body: (run: OpenRun) => Promise<R>): Promise<R> {
  const redact = spec.redact;
  const created = !('resume' in spec.open);
  const files = 'plan' in spec.open
    ? await createRun(spec.stateDir, spec.open.plan, spec.open.now, redact)
    : 'switch' in spec.open ? await createSwitchRun(spec.stateDir, spec.open.switch, spec.open.now, redact) : spec.open.resume;
  const journal = await Journal.open(files.journal, redact, 'lastSeq' in spec.open ? spec.open.lastSeq : 0, spec.observer);
  let aborted = false;
  try {
    await journal.append({ type: 'run-start', runId: files.id, ...spec.start, pid: process.pid, host: hostname() });
    const result = await body({ files, journal });
    await journal.append({ type: 'run-end', status: endStatus(result.status) });
    return result;
  } catch (error) {
    aborted = true;
    await journal.append({ type: 'run-end', status: 'aborted' }).catch(() => undefined);
    throw error;
  } finally {
    await journal.close();
    if (aborted && created) await discardIfUnwritten(files);
  }
}
