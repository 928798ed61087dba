import type { Change } from '../../core/change.js';
import { changeSubject } from '../../core/change.js';
import { chunkChanges, effectiveChunkSize } from '../../core/chunk.js';
import { ProviderError } from '../../core/errors.js';
import { partAppliedState } from '../../core/hints.js';
import { rrsetKey } from '../../core/model.js';
import type { Phase, PhaseName } from '../../core/stage.js';
import type { Provider } from '../../providers/provider.js';
import { compareDrift, type ChunkVerifier, type VerifyLevel } from './chunk-verifier.js';
import { checkChunkConflicts, ConflictError } from './conflict.js';
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
 * The one whole read after the last chunk: the full live zone against the expected state. A
 * difference is someone else's write during the run (or a provider that dropped one); the run fails
 * verification and says which rrsets.
 */
async function checkDrift(provider: Provider, zone: string, expected: ExpectedState, outcome: ZoneOutcome, log: (entry: JournalEntry) => Promise<void>): Promise<boolean> {
  const live = await provider.read(zone);
  const want = expected.zone();
  const problems = compareDrift(live, want, provider.type);
  await log({ type: 'drift-checked', zone, target: provider.id, rrsets: want.rrsets.length, problems });
  if (problems.length === 0) return true;
  const last = outcome.live.at(-1);
  outcome.drift = problems;
  outcome.status = 'failed';
  const error = `final drift check: ${problems.length} rrset(s) of the live zone differ from what the run left (changed by someone else during the run?)`;
  outcome.failed = { phase: last?.phase ?? 'change', chunk: last?.chunk ?? 0, stage: 'verify', error, details: problems, state: 'every chunk was applied and verified; the rrsets listed changed since' };
  return false;
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
  const target = provider.id;
  const size = zoneChunkSize(provider, options.chunkSize);
  const outcome: ZoneOutcome = { zone, target, status: 'done', chunks: 0, verify: options.verifier.level, live: [], applied: [] };
  for (const [phaseIndex, phase] of phases.entries()) {
    const chunks = chunkChanges(phase.changes, size, provider.batchShare?.bind(provider));
    outcome.chunks += chunks.length;
    for (const [index, chunk] of chunks.entries()) {
      const n = index + 1;
      if (options.shouldStop?.()) {
        outcome.status = 'stopped';
        return outcome;
      }
      await log({ type: 'chunk-start', zone, target, phase: phase.name, chunk: n, chunks: chunks.length, changes: keys(chunk) });
      let stage: ChunkStage = 'apply';
      try {
        await checkChunkConflicts(provider, zone, chunk, `chunk ${n} of ${chunks.length} (${phase.name})`);
        const receipt = await provider.apply(zone, chunk);
        outcome.applied.push(...chunk);
        expected.applyChanges(chunk);
        await log({ type: 'chunk-applied', zone, target, phase: phase.name, chunk: n, apiCalls: receipt.apiCalls, ...(receipt.changeId ? { changeId: receipt.changeId } : {}) });
        stage = 'sync';
        if (provider.waitInSync) await provider.waitInSync(zone, receipt, options.syncTimeoutMs);
        stage = 'verify';
        const result = await options.verifier.verify(provider, chunk, expected);
        if (!result.ok) throw new ProviderError(target, `chunk ${n} of ${chunks.length} (${phase.name}) failed verification`, { details: result.problems });
        const note = result.note ? { note: result.note } : {};
        await log({ type: 'chunk-verified', zone, target, phase: phase.name, chunk: n, queries: result.queries, nameservers: result.nameservers, level: result.level, ...note });
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
        return outcome;
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
        return outcome;
      }
      await options.sleep(phase.waitSeconds * 1000);
    }
  }
  // A read that fails here throws, as the read under the lock does: the run stops, the journal says how far it got.
  if (options.verifier.level !== 'none' && outcome.chunks > 0 && !(await checkDrift(provider, zone, expected, outcome, log))) return outcome;
  await log({ type: 'zone-done', zone, target });
  return outcome;
}
