import { readdir, rm } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { ZonesyncError } from '../../core/errors.js';
import { processAlive } from './lock.js';
import { readJournal, readJournalEnds, type JournalRecord, type RunEndStatus } from './journal.js';
import { runFiles, type RunFiles } from './runs.js';

/** What a run's journal says about it: what kind of run, when it started, how it ended. */
export interface RunSummary {
  id: string;
  files: RunFiles;
  kind: 'apply' | 'rollback' | 'switch';
  /** A switch run: the command that continues it. */
  resumeWith?: string;
  /** For a rollback: the run it undoes. */
  of?: string;
  startedAt?: string;
  /** How the journal was closed; absent when it was not (the run crashed, or is still running). */
  ended?: RunEndStatus;
  /** Its process is still alive on this host: in progress, not crashed. */
  running: boolean;
}

/** Run ids in `.zonesync/runs/`, oldest first (ids sort in start order); folders being built are not runs. */
export async function runIds(stateDir: string): Promise<string[]> {
  try {
    return (await readdir(join(stateDir, 'runs'))).filter((name) => !name.startsWith('.')).sort();
  } catch {
    return [];
  }
}

export async function summarizeRun(stateDir: string, id: string): Promise<RunSummary> {
  const files = runFiles(stateDir, id);
  const { first, closed } = await readJournalEnds(files.journal);
  const start = first?.type === 'run-start' ? first : undefined;
  const summary: RunSummary = { id, files, kind: start?.kind === 'rollback' || start?.kind === 'switch' ? start.kind : 'apply', running: false };
  if (start?.resumeWith) summary.resumeWith = start.resumeWith;
  if (start?.of && start.kind === 'rollback') summary.of = start.of;
  if (first) summary.startedAt = first.at;
  if (closed) summary.ended = closed;
  else if (start && start.host === hostname() && start.pid !== process.pid) summary.running = await processAlive(start.pid);
  return summary;
}

/** A journal that names a write: a chunk sent (or about to be) or a zone created. */
export function runWrote(journal: JournalRecord[]): boolean {
  return journal.some((e) => e.type === 'chunk-start' || e.type === 'zone-created' || e.type === 'switch-step');
}

/** A run stopped before it wrote anything (a lock held elsewhere) leaves no folder: it is no run to resume or undo. */
export async function discardIfUnwritten(files: RunFiles): Promise<void> {
  if (!runWrote(await readJournal(files.journal))) await rm(files.dir, { recursive: true, force: true });
}

/**
 * Runs whose journal was never closed and whose process is gone (SIGKILL, power loss), unless a
 * later rollback of the same run finished: those still need `apply --resume` or `rollback`.
 */
export async function unfinishedRuns(stateDir: string): Promise<RunSummary[]> {
  const summaries = await Promise.all((await runIds(stateDir)).map((id) => summarizeRun(stateDir, id)));
  const rollbacks = summaries.filter((s) => s.kind === 'rollback' && s.ended === 'done');
  const undoneLater = (s: RunSummary) => rollbacks.some((r) => r.of === (s.kind === 'rollback' ? s.of : s.id) && r.id > s.id);
  return summaries.filter((s) => !s.ended && !s.running && !undoneLater(s));
}

/**
 * The run `rollback` undoes when none is named: the newest apply that wrote something, or that
 * did not finish (a crash may have written before its journal said so). Rollbacks themselves are
 * not candidates, so a second `rollback` finds the same run, and nothing left to undo; nor are
 * switch runs (their steps are undone by another switch).
 */
export async function lastRunToUndo(stateDir: string): Promise<RunSummary> {
  const ids = await runIds(stateDir);
  for (const id of [...ids].reverse()) {
    const summary = await summarizeRun(stateDir, id);
    if (summary.kind !== 'apply') continue;
    if (!summary.ended || runWrote(await readJournal(summary.files.journal))) return summary;
  }
  const root = join(stateDir, 'runs');
  if (ids.length === 0) throw new ZonesyncError(`No runs in ${root}: nothing has been applied from this directory`);
  throw new ZonesyncError(`No run in ${root} wrote anything: nothing to undo`);
}

/** The finished rollback of `of` that came last, if any. */
export async function lastRollbackOf(stateDir: string, of: string): Promise<RunSummary | undefined> {
  const ids = (await runIds(stateDir)).filter((id) => id > of).reverse();
  for (const id of ids) {
    const summary = await summarizeRun(stateDir, id);
    if (summary.kind === 'rollback' && summary.of === of && summary.ended === 'done') return summary;
  }
  return undefined;
}
