/** A declared record, its name relative to the conformance zone ('' is the apex). */
export interface DeclaredRecord {
  name: string;
  /** A record type; a type the model does not know keeps its row out of the run (see type-rows.ts). */
  type: string;
  ttl: number;
  values: string[];
}

/** One state of a scenario: applying it from the state before is one transition. */
export interface Step {
  title: string;
  records: DeclaredRecord[];
}

/**
 * A sequence of states under names no other scenario uses, so scenarios run side by side: round k
 * applies step k of every scenario in one plan (a scenario past its last step keeps its last state).
 */
export interface Scenario {
  id: string;
  steps: Step[];
}

/** The zone every provider runs the suite in (a 253-character name is counted against it). */
export const CONFORMANCE_ZONE = 'conformance.example.';

export interface Transition {
  /** `scenario: step`, unique. */
  title: string;
  records: DeclaredRecord[];
}
