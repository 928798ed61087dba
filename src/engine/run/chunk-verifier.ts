import type { Change } from '../../core/change.js';
import { changeSubject } from '../../core/change.js';
import { sameRRset } from '../../core/diff.js';
import { rrsetKey, type RRset, type Zone } from '../../core/model.js';
import type { Provider, ReadBack } from '../../providers/provider.js';
import { liveRRsetsOf } from './conflict.js';
import type { ExpectedState } from './expected-state.js';

/** What a chunk was checked with: asked over DNS (and read back), read back from the API only, or nothing. */
export type VerifyLevel = 'dns' | 'api' | 'none';

export interface VerifyOutcome {
  ok: boolean;
  /** What was actually checked: `api` when `dns` was asked for but there was no nameserver to ask. */
  level: VerifyLevel;
  queries: number;
  nameservers: number;
  problems: string[];
  /** Why less was checked than asked for. */
  note?: string;
  /** How the chunk's rrsets were read back from the provider (absent when they were not: `--verify none`). */
  readBack?: ReadBack;
}

/** Checks that a chunk is live where users see it, after the provider said it is in sync. */
export interface ChunkVerifier {
  /** The level this verifier aims at (`--verify`). */
  readonly level: VerifyLevel;
  verify(provider: Provider, changes: Change[], expected: ExpectedState): Promise<VerifyOutcome>;
}

/** One rrset as the provider holds it against what it should be: the problem, or undefined when they agree. */
function rrsetProblem(key: string, want: RRset | undefined, got: RRset | undefined, providerType: string, what: string): string | undefined {
  if (!want && got) return `${key}: still present ${what === 'delete' ? 'after delete' : '(not expected)'} (${got.values.join(' | ')})`;
  if (want && !got) return `${key}: missing${what ? ` after ${what}` : ''}`;
  if (want && got && !(sameRRset(want, got, providerType) && want.ttl === got.ttl)) {
    return `${key}: provider holds ${got.ttl} ${got.values.join(' | ')}, expected ${want.ttl} ${want.values.join(' | ')}`;
  }
  return undefined;
}

/** Compare the provider's own view of every rrset in the chunk (by `name TYPE`) with what it should be. */
export function compareReadBack(live: ReadonlyMap<string, RRset>, changes: Change[], expected: ExpectedState, providerType: string): string[] {
  const problems: string[] = [];
  for (const change of changes) {
    const key = rrsetKey(changeSubject(change));
    const problem = rrsetProblem(key, expected.get(key), live.get(key), providerType, change.kind);
    if (problem) problems.push(problem);
  }
  return problems;
}

/**
 * The final drift check: the whole live zone against the expected state, every rrset (the SOA is
 * no rrset of the model: providers bump its serial on each write). Finds another writer's changes.
 */
export function compareDrift(live: Zone | undefined, expected: Zone, providerType: string): string[] {
  const got = new Map((live?.rrsets ?? []).map((r) => [rrsetKey(r), r]));
  const want = new Map(expected.rrsets.map((r) => [rrsetKey(r), r]));
  const problems: string[] = [];
  for (const key of new Set([...want.keys(), ...got.keys()])) {
    const problem = rrsetProblem(key, want.get(key), got.get(key), providerType, '');
    if (problem) problems.push(problem);
  }
  return problems;
}

/** `--verify api`: read back the chunk's rrsets (the provider's partial read, or the whole zone where it has none). */
export const apiVerifier: ChunkVerifier = {
  level: 'api',
  async verify(provider, changes, expected) {
    let readBack: ReadBack | undefined;
    const live = await liveRRsetsOf(provider, expected.name, changes, (how) => (readBack = how));
    const problems = compareReadBack(live, changes, expected, provider.type);
    return { ok: problems.length === 0, level: 'api', queries: 0, nameservers: 0, problems, ...(readBack ? { readBack } : {}) };
  },
};

/** `--verify none`: nothing is checked, and the report says so. */
export const noVerifier: ChunkVerifier = {
  level: 'none',
  async verify() {
    return { ok: true, level: 'none', queries: 0, nameservers: 0, problems: [] };
  },
};
