import { open, readFile, type FileHandle } from 'node:fs/promises';
import type { PhaseName } from '../core/stage.js';

/** What happened, step by step, appended and flushed to disk before the next step starts. */
export type JournalEntry =
  | { type: 'run-start'; runId: string; kind: 'apply' | 'rollback' | 'resume'; of?: string; planChecksum: string; options: RunOptions; pid: number; host: string }
  | { type: 'zone-created'; zone: string; target: string }
  | { type: 'chunk-start'; zone: string; target: string; phase: PhaseName; chunk: number; chunks: number; changes: string[] }
  | { type: 'chunk-applied'; zone: string; target: string; phase: PhaseName; chunk: number; apiCalls: number; changeId?: string }
  | { type: 'chunk-verified'; zone: string; target: string; phase: PhaseName; chunk: number; queries: number; nameservers: number }
  | { type: 'chunk-failed'; zone: string; target: string; phase: PhaseName; chunk: number; stage: 'conflict' | 'apply' | 'sync' | 'verify'; error: string; details: string[] }
  | { type: 'already-applied'; zone: string; target: string; changes: string[] }
  | { type: 'wait'; zone: string; target: string; phase: PhaseName; until: string }
  | { type: 'phase-done'; zone: string; target: string; phase: PhaseName }
  | { type: 'zone-done'; zone: string; target: string }
  | { type: 'run-end'; status: 'done' | 'failed' | 'waiting' | 'rolled-back' | 'aborted' };

export type JournalRecord = JournalEntry & { seq: number; at: string };

export interface RunOptions {
  chunkSize: number;
  verify: 'dns' | 'api' | 'none';
  pauseSeconds: number;
  lowerTtl?: number;
  rollbackOnFailure: boolean;
}

const crashAfter = process.env.ZONESYNC_CRASH_AFTER_ENTRY ? Number(process.env.ZONESYNC_CRASH_AFTER_ENTRY) : undefined;

export class Journal {
  private seq = 0;

  private constructor(
    private readonly handle: FileHandle,
    readonly path: string,
    private readonly redact: (text: string) => string,
  ) {}

  static async open(path: string, redact: (text: string) => string, startSeq = 0): Promise<Journal> {
    const journal = new Journal(await open(path, 'a'), path, redact);
    journal.seq = startSeq;
    return journal;
  }

  /** Append one entry and flush it to disk: after a SIGKILL, what the journal says happened, happened. */
  async append(entry: JournalEntry, now: Date = new Date()): Promise<void> {
    const record = { seq: ++this.seq, at: now.toISOString(), ...entry };
    await this.handle.write(`${this.redact(JSON.stringify(record))}\n`);
    await this.handle.datasync();
    // Crash tests: die by SIGKILL right after entry N is on disk, at an exact step boundary.
    if (crashAfter !== undefined && this.seq === crashAfter) process.kill(process.pid, 'SIGKILL');
  }

  async close(): Promise<void> {
    await this.handle.close();
  }
}

/** Read a journal; a last line cut short by a crash is ignored (it was never flushed whole). */
export async function readJournal(path: string): Promise<JournalRecord[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const records: JournalRecord[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    try {
      records.push(JSON.parse(line) as JournalRecord);
    } catch {
      break;
    }
  }
  return records;
}
