import type { Capabilities } from '../../src/providers/provider.js';
import { sizeSkip, stateSkip, type Skip } from './rules.js';
import type { DeclaredRecord } from './scenario.js';
import { lockstepScenarios, ZONE_SIZES } from './states.js';

/** One transition as a provider runs it: what the zone's part of it holds after, or why it is skipped. */
export interface PlannedTransition {
  title: string;
  /** The records this transition is answerable for after it ran (its scenario's state). */
  records: DeclaredRecord[];
  skip?: Skip;
}

/** One plan applied: the transitions it carries, and the whole declared zone after it. */
export interface Round {
  title: string;
  transitions: PlannedTransition[];
  desired: DeclaredRecord[];
  /** A zone-size round: `desired` is filled with this many entries in all (see the suite). */
  size?: number;
}

/**
 * The suite for one provider, by its capability data: scenarios side by side, one round per step;
 * then the zone emptied; the zone sizes where the provider reads in pages; the zone refilled.
 */
export function conformancePlan(capabilities: Capabilities): Round[] {
  const scenarios = lockstepScenarios();
  const held = new Map<string, DeclaredRecord[]>(scenarios.map((s) => [s.id, []]));
  const rounds: Round[] = [];
  const depth = Math.max(...scenarios.map((s) => s.steps.length));
  for (let k = 0; k < depth; k++) {
    const transitions: PlannedTransition[] = [];
    for (const scenario of scenarios) {
      const step = scenario.steps[k];
      if (!step) continue;
      const title = `${scenario.id}: ${step.title}`;
      const skip = stateSkip(capabilities, step.records);
      if (skip) transitions.push({ title, records: [], skip });
      else {
        held.set(scenario.id, step.records);
        transitions.push({ title, records: step.records });
      }
    }
    rounds.push({ title: `round ${k + 1}`, transitions, desired: [...held.values()].flat() });
  }
  rounds.push({ title: 'zone emptied', transitions: [{ title: 'zone: every rrset deleted', records: [] }], desired: [] });
  for (const size of [...ZONE_SIZES, 0]) {
    const title = size === 0 ? `zone: ${ZONE_SIZES.at(-1)} entries deleted` : `zone: ${size} entries`;
    const skip = sizeSkip(capabilities, size);
    rounds.push({ title, transitions: [{ title, records: [], ...(skip ? { skip } : {}) }], desired: [], ...(skip ? {} : { size }) });
  }
  // Refilled with every scenario's first state the provider can hold: one plan of many creates.
  const refill = scenarios.map((s) => s.steps[0]?.records ?? []).filter((records) => !stateSkip(capabilities, records)).flat();
  rounds.push({ title: 'zone refilled', transitions: [{ title: 'zone: refilled from empty', records: refill }], desired: refill });
  return rounds;
}

/** Every transition of the plan. */
export function transitionsOf(rounds: Round[]): PlannedTransition[] {
  return rounds.flatMap((r) => r.transitions);
}
