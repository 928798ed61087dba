import type { Change } from '../../core/change.js';
import { changeSubject } from '../../core/change.js';
import { chunkChanges, effectiveChunkSize } from '../../core/chunk.js';
import { ProviderError } from '../../core/errors.js';
import { partAppliedState } from '../../core/hints.js';
import { rrsetKey, type RRset } from '../../core/model.js';
import type { Phase, PhaseName } from '../../core/stage.js';
import type { Provider } from '../../providers/provider.js';
import { compareDrift, type ChunkVerifier, type VerifyLevel } from './chunk-verifier.js';
import { changeKeys, checkChunkConflicts, conflictChecked, ConflictError } from './conflict.js';
import { readAheadView, rangeView } from './read-views.js';
import type { ExpectedState } from './expected-state.js';
import type { Journal, JournalEntry } from './journal.js';

export interface ExecuteOptions {
  chunkSize: number;
  pauseSeconds: number;
  verifier: ChunkVerifier;
  journal: Journal;
  /** Longest wait (seconds) done in-process between phases; longer waits stop the run until `--resume`. */
  maxWaitSeconds: number;
  syncTimeoutMs: number;
  sleep(ms: number): Promise<void>;
  now(): Date;
  onEvent?(entry: JournalEntry): void;
  /** Asked before each chunk: true once another zone of the run has failed. */
  shouldStop?(): boolean;
}

export interface LiveChunk {
  phase: PhaseName;
  chunk: number;
  changes: string[];
  /** What it was checked with: `dns` asked every nameserver, `api` read back only, `none` not checked. */
  verified: VerifyLevel;
  /** Why less was checked than `--verify` asked for. */
  note?: string;
}

export interface ZoneOutcome {
  zone: string;
  target: string;
  /** `stopped`: another zone failed, so this one sent no further chunk. */
  status: 'done' | 'failed' | 'waiting' | 'stopped';
  chunks: number;
  /** The verification asked for (`--verify`); each live chunk says what it got. */
  verify: VerifyLevel;
  /** Chunks that are live, each with how it was checked. */
  live: LiveChunk[];
  /** Changes pushed (for an in-process rollback of this zone). */
  applied: Change[];
  failed?: { phase: PhaseName; chunk: number; stage: ChunkStage; error: string; details: string[]; state: string };
  /** What the final drift check found: rrsets of the whole live zone that differ from the expected state. */
  drift?: string[];
  waitUntil?: string;
}

/** `conflict`: the re-read before the chunk found an rrset moved since the plan; nothing was sent. */
export type ChunkStage = 'conflict' | 'apply' | 'sync' | 'verify';

const keys = (changes: Change[]) => changes.map((c) => `${c.kind} ${rrsetKey(changeSubject(c))}`);

/**
 * The chunk size a zone is cut at: one chunk per phase where nothing can observe the zone between
 * chunks (one atomic write, journaled as one), else `--chunk-size` within the provider's cap.
 */
export function zoneChunkSize(provider: Provider, chunkSize: number): number {
  return provider.unobservedBetweenChunks ? Number.MAX_SAFE_INTEGER : effectiveChunkSize(chunkSize, provider.capabilities.maxChangesPerBatch);
}

/**
 * The final drift check: the full live zone against the expected state. The live zone is the union
 * of the last phase's range read-backs where the provider reads in ranges (`ranges`), with its
 * record set count, else one whole read after the last chunk. A difference is someone else's write
 * during the run (or a provider that dropped one); the run fails verification and says which rrsets.
 */
async function checkDrift(provider: Provider, zone: string, expected: ExpectedState, outcome: ZoneOutcome, ranges: RangeReads | undefined, log: (entry: JournalEntry) => Promise<void>): Promise<boolean> {
  const want = expected.zone();
  const live = ranges ? { name: want.name, rrsets: ranges.rrsets } : await provider.read(zone);
  const problems = compareDrift(live, want, provider.type);
  let method: string;
  if (ranges) {
    const counted = provider.recordSetCount ? await provider.recordSetCount(zone, want) : undefined;
    if (counted?.live !== undefined && counted.live !== counted.expected) problems.push(`record set count: the provider reports ${counted.live}, the expected state makes ${counted.expected}`);
    const count = counted === undefined ? 'no count' : counted.live === undefined ? 'no count (the server reports none)' : `count ${counted.live} of ${counted.expected}`;
    method = `ranges read back after each of ${ranges.count} chunk(s) + ${count}`;
  } else method = 'one whole read';
  await log({ type: 'drift-checked', zone, target: provider.id, rrsets: want.rrsets.length, problems, method });
  if (problems.length === 0) return true;
  const last = outcome.live.at(-1);
  outcome.drift = problems;
  outcome.status = 'failed';
  const error = `final drift check: ${problems.length} rrset(s) of the live zone differ from what the run left (changed by someone else during the run?)`;
  outcome.failed = { phase: last?.phase ?? 'change', chunk: last?.chunk ?? 0, stage: 'verify', error, details: problems, state: 'every chunk was applied and verified; the rrsets listed changed since' };
  return false;
}

/** The last phase's range read-backs: together every rrset of the zone, read once. */
interface RangeReads {
  rrsets: RRset[];
  count: number;
}

/** Changes in the provider's list order, stable (the order within one owner name is kept: a CNAME swap's delete stays first). */
function inListOrder(changes: Change[], order: (a: string, b: string) => number): Change[] {
  return changes
    .map((change, index) => ({ change, index }))
    .sort((a, b) => order(changeSubject(a.change).name, changeSubject(b.change).name) || a.index - b.index)
    .map((e) => e.change);
}

/**
 * Push one zone's phases to one provider, chunk by chunk: push → wait until in sync → verify →
 * journal → pause. The first chunk that fails stops everything after it. After the last chunk,
 * one whole read checks the full zone for drift (unless `--verify none`).
 */
export async function executeZone(provider: Provider, zone: string, phases: Phase[], expected: ExpectedState, options: ExecuteOptions): Promise<ZoneOutcome> {
  const log = async (entry: JournalEntry) => {
    await options.journal.append(entry, options.now());
    options.onEvent?.(entry);
  };
  let run: { outcome: ZoneOutcome; ranges: RangeReads | undefined };
  try {
    run = await executeChunks(provider, zone, phases, expected, options, log);
  } catch (error) {
    // The run stops here (a journal or read failure): what the provider put off is settled all the same.
    await provider.finishZone?.(zone).catch(() => undefined);
    throw error;
  }
  const { outcome, ranges } = run;
  if (!(await settle(provider, zone, outcome, log))) return outcome;
  if (outcome.status !== 'done') return outcome;
  // A read that fails here throws, as the read under the lock does: the run stops, the journal says how far it got.
  if (options.verifier.level !== 'none' && outcome.chunks > 0 && !(await checkDrift(provider, zone, expected, outcome, ranges, log))) return outcome;
  await log({ type: 'zone-done', zone, target: provider.id });
  return outcome;
}

/** Provider.finishZone after the zone's last chunk (or its failure), journaled; false when it failed, which fails the zone. */
async function settle(provider: Provider, zone: string, outcome: ZoneOutcome, log: (entry: JournalEntry) => Promise<void>): Promise<boolean> {
  if (!provider.finishZone) return true;
  let detail: string | undefined;
  try {
    detail = await provider.finishZone(zone);
  } catch (error) {
    const message = `settling the zone after the run: ${(error as Error).message}`;
    await log({ type: 'zone-settled', zone, target: provider.id, detail: `failed: ${message}` });
    if (outcome.failed) outcome.failed.details.push(message);
    else {
      const last = outcome.live.at(-1);
      outcome.failed = { phase: last?.phase ?? 'change', chunk: last?.chunk ?? 0, stage: 'sync', error: message, details: [], state: 'every chunk was applied and verified; what the provider put off for the run (see the error) is not done: a rerun of the apply does it' };
    }
    outcome.status = 'failed';
    return false;
  }
  if (detail) await log({ type: 'zone-settled', zone, target: provider.id, detail });
  return true;
}

async function executeChunks(provider: Provider, zone: string, phases: Phase[], expected: ExpectedState, options: ExecuteOptions, log: (entry: JournalEntry) => Promise<void>): Promise<{ outcome: ZoneOutcome; ranges: RangeReads | undefined }> {
  const target = provider.id;
  const size = zoneChunkSize(provider, options.chunkSize);
  const outcome: ZoneOutcome = { zone, target, status: 'done', chunks: 0, verify: options.verifier.level, live: [], applied: [] };
  const last = phases.at(-1);
  const order =
    options.verifier.level !== 'none' && provider.readRange && provider.capabilities.rangeDriftCheck && last && last.changes.length > 0
      ? provider.listOrder?.(zone, expected.zone(), phases.flatMap((p) => p.changes))
      : undefined;
  let ranges: RangeReads | undefined;
  const planned = phases.reduce((n, p) => n + Math.ceil(p.changes.length / size), 0);
  const prepared = planned > 0 ? await provider.startZone?.(zone, planned) : undefined;
  if (prepared) await log({ type: 'zone-prepared', zone, target, detail: prepared });
  for (const [phaseIndex, phase] of phases.entries()) {
    // Range mode: the last phase is cut in list order, so chunk k covers [its first name, chunk k+1's first name).
    const rangeMode = order !== undefined && phaseIndex === phases.length - 1;
    const chunks = chunkChanges(rangeMode ? inListOrder(phase.changes, order) : phase.changes, size, provider.batchShare?.bind(provider));
    if (rangeMode) ranges = { rrsets: [], count: 0 };
    outcome.chunks += chunks.length;
    // The next chunk's rrsets as this chunk's read-back read them (see readAheadView); never across phases.
    let readAhead: Map<string, RRset> | undefined;
    for (const [index, chunk] of chunks.entries()) {
      const n = index + 1;
      if (options.shouldStop?.()) {
        outcome.status = 'stopped';
        return { outcome, ranges };
      }
      await log({ type: 'chunk-start', zone, target, phase: phase.name, chunk: n, chunks: chunks.length, changes: keys(chunk) });
      let stage: ChunkStage = 'apply';
      try {
        const ahead = readAhead;
        readAhead = undefined;
        await checkChunkConflicts(provider, zone, chunk, `chunk ${n} of ${chunks.length} (${phase.name})`, ahead);
        const receipt = await provider.apply(zone, chunk);
        outcome.applied.push(...chunk);
        expected.applyChanges(chunk);
        await log({ type: 'chunk-applied', zone, target, phase: phase.name, chunk: n, apiCalls: receipt.apiCalls, ...(receipt.changeId ? { changeId: receipt.changeId } : {}) });
        stage = 'sync';
        if (provider.waitInSync) await provider.waitInSync(zone, receipt, options.syncTimeoutMs);
        stage = 'verify';
        let view = provider;
        if (ranges && order && provider.readRange) {
          const from = index === 0 ? undefined : changeSubject(chunk[0] as Change).name;
          const next = chunks[index + 1]?.[0];
          const to = next ? changeSubject(next).name : undefined;
          let calls: number | undefined;
          const range = await provider.readRange(zone, from, to, (how) => (calls = how.calls));
          ranges.rrsets.push(...range);
          ranges.count++;
          view = rangeView(provider, range, (name) => (from === undefined || order(name, from) >= 0) && (to === undefined || order(name, to) < 0), calls);
        } else {
          const next = conflictChecked(provider, chunks[index + 1] ?? []);
          if (next.length > 0) view = readAheadView(provider, changeKeys(next), (live) => (readAhead = live));
        }
        const result = await options.verifier.verify(view, chunk, expected);
        if (!result.ok) throw new ProviderError(target, `chunk ${n} of ${chunks.length} (${phase.name}) failed verification`, { details: result.problems });
        const note = result.note ? { note: result.note } : {};
        const readBack = result.readBack ? { readBack: result.readBack } : {};
        await log({ type: 'chunk-verified', zone, target, phase: phase.name, chunk: n, queries: result.queries, nameservers: result.nameservers, level: result.level, ...note, ...readBack });
        outcome.live.push({ phase: phase.name, chunk: n, changes: keys(chunk), verified: result.level, ...note });
      } catch (error) {
        const err = error as Error & { details?: string[] };
        if (error instanceof ConflictError) stage = 'conflict';
        const details = err.details ?? [];
        const state =
          stage === 'conflict'
            ? 'not applied: nothing of this chunk was sent'
            : stage !== 'apply'
            ? 'applied at the provider but not verified: it is live'
            : provider.capabilities.atomicBatch
              ? 'not applied (the provider applies a chunk all or nothing)'
              : partAppliedState();
        await log({ type: 'chunk-failed', zone, target, phase: phase.name, chunk: n, stage, error: err.message, details });
        outcome.status = 'failed';
        outcome.failed = { phase: phase.name, chunk: n, stage, error: err.message, details, state };
        return { outcome, ranges };
      }
      if (options.pauseSeconds > 0 && (index < chunks.length - 1 || phaseIndex < phases.length - 1)) await options.sleep(options.pauseSeconds * 1000);
    }
    await log({ type: 'phase-done', zone, target, phase: phase.name });
    if (phase.waitSeconds > 0 && phaseIndex < phases.length - 1) {
      const until = new Date(options.now().getTime() + phase.waitSeconds * 1000).toISOString();
      if (phase.waitSeconds > options.maxWaitSeconds) {
        await log({ type: 'wait', zone, target, phase: phase.name, until });
        outcome.status = 'waiting';
        outcome.waitUntil = until;
        return { outcome, ranges };
      }
      await options.sleep(phase.waitSeconds * 1000);
    }
  }
  return { outcome, ranges };
}
