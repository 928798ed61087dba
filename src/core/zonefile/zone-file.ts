import type { RRset, Zone } from '../model.js';
import type { Problem } from '../problem.js';

/** What both zone file parsers return. */
export interface ZoneFileResult {
  zone: Zone;
  problems: Problem[];
  /** The apex NS rrset when the file has one: not part of `zone` (apex NS is `delegate`'s), but readers of served files and lint rules need it. */
  apexNameservers?: RRset;
  /** Problems past the reader's cap: counted, not kept. */
  omitted?: OmittedProblems;
}

export interface OmittedProblems {
  errors: number;
  warnings: number;
}

/**
 * Keeps the first `cap` problems of each severity and counts the rest, so a file of a million
 * bad lines costs a count, not a million messages held in memory.
 */
export class ProblemCap {
  readonly omitted: OmittedProblems = { errors: 0, warnings: 0 };
  private errors = 0;
  private warnings = 0;

  constructor(
    readonly problems: Problem[],
    private readonly cap: number,
  ) {}

  add(problem: Problem): void {
    const error = problem.severity === 'error';
    const kept = error ? this.errors++ : this.warnings++;
    if (kept < this.cap) this.problems.push(problem);
    else if (error) this.omitted.errors++;
    else this.omitted.warnings++;
  }

  /** The omitted counts, when there are any. */
  result(): OmittedProblems | undefined {
    return this.omitted.errors + this.omitted.warnings > 0 ? this.omitted : undefined;
  }
}

/** octoDNS's default when a record gives no ttl. */
export const DEFAULT_TTL = 3600;
/** RFC 2181 §8: a TTL is an unsigned 31-bit number. */
export const MAX_TTL = 2147483647;

/** Problems in file order (file, line, column); stable for problems at one place. */
export function sortProblems(problems: Problem[]): Problem[] {
  const key = (p: Problem): [string, number, number] => [p.location?.file ?? '', p.location?.line ?? 0, p.location?.column ?? 0];
  return problems
    .map((p, i) => ({ p, i, k: key(p) }))
    .sort((a, b) => (a.k[0] < b.k[0] ? -1 : a.k[0] > b.k[0] ? 1 : a.k[1] - b.k[1] || a.k[2] - b.k[2] || a.i - b.i))
    .map((x) => x.p);
}
