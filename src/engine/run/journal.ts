import { open, readFile, type FileHandle } from 'node:fs/promises';
import type { PhaseName } from '../../core/stage.js';
import type { ReadBack } from '../../providers/provider.js';
import type { VerifyLevel } from './chunk-verifier.js';

/** What happened, step by step, appended and flushed to disk before the next step starts. */
export type JournalEntry =
  | { type: 'run-start'; runId: string; kind: 'apply' | 'rollback' | 'resume' | 'switch'; of?: string; planChecksum: string; options?: RunOptions; /** A switch run: the command that continues it. */ resumeWith?: string; pid: number; host: string }
  | { type: 'zone-created'; zone: string; target: string; /** The nameservers the provider gave it, where it says. */ nameservers?: string[] }
  | { type: 'chunk-start'; zone: string; target: string; phase: PhaseName; chunk: number; chunks: number; changes: string[] }
  | { type: 'chunk-applied'; zone: string; target: string; phase: PhaseName; chunk: number; apiCalls: number; changeId?: string }
  | { type: 'chunk-verified'; zone: string; target: string; phase: PhaseName; chunk: number; queries: number; nameservers: number; level?: VerifyLevel; note?: string; /** How its rrsets were read back from the provider (journals before issue #24 have none). */ readBack?: ReadBack }
  | { type: 'chunk-failed'; zone: string; target: string; phase: PhaseName; chunk: number; stage: 'conflict' | 'apply' | 'sync' | 'verify'; error: string; details: string[] }
  | { type: 'already-applied'; zone: string; target: string; changes: string[] }
  | { type: 'wait'; zone: string; target: string; phase: PhaseName; until: string }
  | { type: 'phase-done'; zone: string; target: string; phase: PhaseName }
  | { type: 'drift-checked'; zone: string; target: string; rrsets: number; problems: string[]; /** How the live zone was read: one whole read, or the ranges read back after each chunk (+ count). */ method?: string }
  /** What the provider put off for the run on the zone (Provider.startZone), before its first chunk. */
  | { type: 'zone-prepared'; zone: string; target: string; detail: string }
  /** What the provider settled when the run on the zone ended (Provider.finishZone: PowerDNS's deferred rectify). */
  | { type: 'zone-settled'; zone: string; target: string; detail: string }
  | { type: 'zone-done'; zone: string; target: string }
  /** One step of `switch --dnssec`: started before it acts, then done, waiting (a TTL, or an operator at a manual registrar), skipped or failed. */
  | { type: 'switch-step'; zone: string; step: string; status: SwitchStepState; detail: string; /** A wait's end, fixed when the wait starts. */ until?: string; lines?: string[] }
  | { type: 'run-end'; status: 'done' | 'failed' | 'waiting' | 'rolled-back' | 'aborted' };

export type SwitchStepState = 'started' | 'done' | 'waiting' | 'skipped' | 'failed';

export type JournalRecord = JournalEntry & { seq: number; at: string };

export interface RunOptions {
  chunkSize: number;
  verify: 'dns' | 'api' | 'none';
  pauseSeconds: number;
  lowerTtl?: number;
  rollbackOnFailure: boolean;
}

/** Told of each entry once it is on disk; crash tests inject one to die at an exact journal moment. */
export interface JournalObserver {
  appended(record: JournalRecord): void;
}

export class Journal {
  private seq = 0;

  private constructor(
    private readonly handle: FileHandle,
    readonly path: string,
    private readonly redact: (text: string) => string,
    private readonly observer?: JournalObserver,
  ) {}

  static async open(path: string, redact: (text: string) => string, startSeq = 0, observer?: JournalObserver): Promise<Journal> {
    const journal = new Journal(await open(path, 'a'), path, redact, observer);
    journal.seq = startSeq;
    return journal;
  }

  /** Append one entry and flush it to disk: after a SIGKILL, what the journal says happened, happened. */
  async append(entry: JournalEntry, now: Date = new Date()): Promise<void> {
    const record: JournalRecord = { seq: ++this.seq, at: now.toISOString(), ...entry };
    await this.handle.write(`${this.redact(JSON.stringify(record))}\n`);
    await this.handle.datasync();
    this.observer?.appended(record);
  }

  async close(): Promise<void> {
    await this.handle.close();
  }
}

/** The options a run was started with, as its journal recorded them. */
export function recordedOptions(journal: JournalRecord[]): RunOptions | undefined {
  const start = journal.find((e) => e.type === 'run-start');
  return start?.type === 'run-start' ? start.options : undefined;
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

export type RunEndStatus = Extract<JournalEntry, { type: 'run-end' }>['status'];

export interface JournalEnds {
  first?: JournalRecord;
  /** The status of the closing `run-end`; absent when the journal was not closed (a crash, or still running). */
  closed?: RunEndStatus;
}

/**
 * The first record and whether the journal was closed (its last line a whole `run-end`), read from
 * the two ends of the file: deciding which runs are unfinished stays cheap with many large journals.
 */
export async function readJournalEnds(path: string, window = 8192): Promise<JournalEnds> {
  let handle: FileHandle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw error;
  }
  try {
    const { size } = await handle.stat();
    const read = async (position: number, length: number) => {
      const buffer = Buffer.alloc(length);
      const { bytesRead } = await handle.read(buffer, 0, length, position);
      return buffer.subarray(0, bytesRead).toString('utf8');
    };
    const head = await read(0, Math.min(size, window));
    const tail = size <= window ? head : await read(size - window, window);
    const out: JournalEnds = {};
    const firstLine = head.split('\n')[0];
    const parse = (line: string | undefined) => {
      try {
        return line ? (JSON.parse(line) as JournalRecord) : undefined;
      } catch {
        return undefined;
      }
    };
    // A first line longer than the window (never seen: run-start is short) is read the long way.
    const first = head.includes('\n') ? parse(firstLine) : size > window ? (await readJournal(path))[0] : undefined;
    if (first) out.first = first;
    // A line cut short by a crash has no newline yet: such a journal was not closed.
    const last = tail.endsWith('\n') ? parse(tail.slice(0, -1).split('\n').at(-1)) : undefined;
    if (last?.type === 'run-end') out.closed = last.status;
    return out;
  } finally {
    await handle.close();
  }
}
