import { formatDuration } from '../../core/horizon.js';
import type { SwitchStepState } from '../run/journal.js';

/**
 * The step machine of `switch --dnssec` (pure: the journal's records and the TTLs are passed in).
 * A step runs only once every step before it is done or skipped; what the journal says is done is
 * never run again, and a wait's end is fixed when the wait starts, so a resume never shortens it.
 */

export type DnssecStrategy = 'unsigned-first' | 'multi-signer';
export const DNSSEC_STRATEGY_NAMES: readonly DnssecStrategy[] = ['unsigned-first', 'multi-signer'];

export type StrategyStep = 'ds-remove' | 'ds-wait' | 'dnssec' | 'apex-ns' | 'registrar' | 'sign' | 'delegation-wait' | 'ds-publish' | 'keys-publish' | 'ttl-wait'
  | 'old-ns-wait' | 'ds-retire' | 'ds-ttl-wait' | 'keys-retire';

export const STRATEGY_STEPS: Record<DnssecStrategy, readonly StrategyStep[]> = {
  // RFC 6781 §4.3.5.2's fallback: go insecure, move, sign, go secure again.
  'unsigned-first': ['ds-remove', 'ds-wait', 'dnssec', 'apex-ns', 'registrar', 'sign', 'delegation-wait', 'ds-publish'],
  // RFC 8901 model 2: every signer publishes the others' keys, the parent a DS for every KSK, then the move;
  // then the old signer (--from) is removed: its NS out of caches, its DS out of the parent, its keys out of the others' DNSKEY sets.
  'multi-signer': ['sign', 'keys-publish', 'ds-publish', 'ttl-wait', 'dnssec', 'apex-ns', 'registrar', 'old-ns-wait', 'ds-retire', 'ds-ttl-wait', 'keys-retire'],
};

/** Steps that remove the old signer; they run only when there is one (`--from`), else they are skipped. */
export const RETIRE_STEPS: ReadonlySet<StrategyStep> = new Set(['old-ns-wait', 'ds-retire', 'ds-ttl-wait', 'keys-retire']);

/** What a step did, as runStrategy journals it. */
export interface StepOutcome {
  status: 'done' | 'skipped' | 'waiting' | 'failed';
  detail: string;
  lines?: string[];
  until?: string;
}

/** One `switch-step` journal record, as far as the machine cares. */
export interface StepRecord {
  step: string;
  status: SwitchStepState;
  at: string;
  detail: string;
  until?: string;
  lines?: string[];
}

export interface StepState {
  status: 'pending' | SwitchStepState;
  startedAt?: string;
  endedAt?: string;
  until?: string;
  detail?: string;
  lines: string[];
}

/** Each step's state after these records, in the strategy's order. */
export function stepStates(strategy: DnssecStrategy, records: StepRecord[]): Map<StrategyStep, StepState> {
  const states = new Map<StrategyStep, StepState>(STRATEGY_STEPS[strategy].map((s) => [s, { status: 'pending', lines: [] }]));
  for (const record of records) {
    const state = states.get(record.step as StrategyStep);
    if (!state) continue;
    state.startedAt ??= record.at;
    // The first end a wait was given holds: a resume neither shortens nor pushes it.
    if (record.until !== undefined) state.until ??= record.until;
    if (record.status === 'done' || record.status === 'skipped') state.endedAt = record.at;
    state.status = record.status;
    state.detail = record.detail;
    if (record.lines) state.lines = record.lines;
  }
  return states;
}

const finished = (state: StepState | undefined): boolean => state?.status === 'done' || state?.status === 'skipped';

/** The first step not yet done or skipped; undefined when the strategy has finished. */
export function nextStep(strategy: DnssecStrategy, states: Map<StrategyStep, StepState>): StrategyStep | undefined {
  return STRATEGY_STEPS[strategy].find((s) => !finished(states.get(s)));
}

/** Steps that wait out TTLs rather than act. */
export const WAIT_STEPS: ReadonlySet<StrategyStep> = new Set(['ds-wait', 'delegation-wait', 'ttl-wait', 'old-ns-wait', 'ds-ttl-wait']);

/** The TTLs a strategy waits out (seconds). */
export interface StrategyTtls {
  /** The DS set at the parent (validating resolvers keep the old DS that long). */
  dsTtl: number;
  dsAssumed: boolean;
  /** The longest DNSKEY TTL served. */
  dnskeyTtl: number;
  /** The zone's longest TTL (signed answers cached that long). */
  longestTtl: number;
  /** The delegation: max of the parent's NS TTL and the zone's apex NS TTL. */
  delegationTtl: number;
}

/** How long a wait step waits, and what it waits out, in words. */
export function waitOf(step: StrategyStep, ttls: StrategyTtls): { seconds: number; why: string } {
  const ds = `DS TTL ${formatDuration(ttls.dsTtl)}${ttls.dsAssumed ? ' (assumed)' : ''}`;
  switch (step) {
    case 'ds-wait': {
      const longest = Math.max(ttls.longestTtl, ttls.dnskeyTtl);
      return { seconds: ttls.dsTtl + longest, why: `${ds} + longest TTL ${formatDuration(longest)}: no resolver holds the old DS or a signed answer` };
    }
    case 'delegation-wait':
      return { seconds: ttls.delegationTtl, why: `delegation TTL ${formatDuration(ttls.delegationTtl)}: every resolver asks the new provider before its DS appears` };
    case 'ttl-wait': {
      const seconds = Math.max(ttls.dsTtl, ttls.dnskeyTtl);
      return { seconds, why: `max(${ds}, DNSKEY TTL ${formatDuration(ttls.dnskeyTtl)}): every resolver holds the new DS and key sets before the move` };
    }
    case 'old-ns-wait':
      return { seconds: ttls.delegationTtl, why: `delegation TTL ${formatDuration(ttls.delegationTtl)}: no resolver still asks the old signer` };
    case 'ds-ttl-wait':
      return { seconds: ttls.dsTtl, why: `${ds}: no resolver holds the old signer's DS` };
    default:
      return { seconds: 0, why: '' };
  }
}

/** The end of a wait that starts at `start`. */
export const waitEnd = (start: Date, seconds: number): string => new Date(start.getTime() + seconds * 1000).toISOString();

/** Whether a waiting step's end has come. */
export const waitOver = (state: StepState, now: Date): boolean => state.until !== undefined && new Date(state.until).getTime() <= now.getTime();

const STEP_WORDS: Record<StrategyStep, string> = {
  'ds-remove': 'remove the DS at the parent (the delegation goes insecure)',
  'ds-wait': 'wait',
  dnssec: 'check every new delegate against the parent\'s DS',
  'apex-ns': 'set the apex NS to the new delegation',
  registrar: 'give the registrar the new delegation',
  sign: 'sign at the new provider',
  'delegation-wait': 'wait',
  'ds-publish': 'publish the DS',
  'keys-publish': 'publish every other signer\'s zone-signing keys at each signer',
  'ttl-wait': 'wait',
  'old-ns-wait': 'wait',
  'ds-retire': 'remove the old signer\'s DS at the parent',
  'ds-ttl-wait': 'wait',
  'keys-retire': 'remove the old signer\'s keys from the other signers\' DNSKEY sets',
};

/** Why a retire step is skipped without an old signer. */
export const NO_OLD_SIGNER = 'no --from: no signer leaves the zone';

/** The strategy as a list of steps with their waits, for a dry run and the README; and the total wait. `oldSigner`: whether `--from` is given. */
export function strategyTimeline(strategy: DnssecStrategy, ttls: StrategyTtls, oldSigner = false): { lines: string[]; seconds: number } {
  let seconds = 0;
  const lines = STRATEGY_STEPS[strategy].map((s, i) => {
    if (RETIRE_STEPS.has(s) && !oldSigner) return `${i + 1}. ${s}: skipped (${NO_OLD_SIGNER})`;
    if (!WAIT_STEPS.has(s)) return `${i + 1}. ${s}: ${STEP_WORDS[s]}`;
    const wait = waitOf(s, ttls);
    seconds += wait.seconds;
    return `${i + 1}. ${s}: wait ${formatDuration(wait.seconds)} (${wait.why})`;
  });
  return { lines, seconds };
}
