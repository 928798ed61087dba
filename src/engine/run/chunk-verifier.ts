import type { Change } from '../../core/change.js';
import { changeSubject } from '../../core/change.js';
import { sameRRset } from '../../core/diff.js';
import type { Zone } from '../../core/model.js';
import { rrsetKey } from '../../core/model.js';
import type { Provider } from '../../providers/provider.js';
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
}

/** Checks that a chunk is live where users see it, after the provider said it is in sync. */
export interface ChunkVerifier {
  /** The level this verifier aims at (`--verify`). */
  readonly level: VerifyLevel;
  verify(provider: Provider, changes: Change[], expected: ExpectedState): Promise<VerifyOutcome>;
}

/** Compare the provider's own view of every rrset in the chunk with what it should be. */
export function compareReadBack(live: Zone | undefined, changes: Change[], expected: ExpectedState, providerType: string): string[] {
  const byKey = new Map((live?.rrsets ?? []).map((r) => [rrsetKey(r), r]));
  const problems: string[] = [];
  for (const change of changes) {
    const key = rrsetKey(changeSubject(change));
    const want = expected.get(key);
    const got = byKey.get(key);
    if (!want && got) problems.push(`${key}: still present after delete (${got.values.join(' | ')})`);
    else if (want && !got) problems.push(`${key}: missing after ${change.kind}`);
    else if (want && got && !(sameRRset(want, got, providerType) && want.ttl === got.ttl)) {
      problems.push(`${key}: provider holds ${got.ttl} ${got.values.join(' | ')}, expected ${want.ttl} ${want.values.join(' | ')}`);
    }
  }
  return problems;
}

/** `--verify api`: read the provider back. */
export const apiVerifier: ChunkVerifier = {
  level: 'api',
  async verify(provider, changes, expected) {
    const live = await provider.read(expected.name);
    const problems = compareReadBack(live, changes, expected, provider.type);
    return { ok: problems.length === 0, level: 'api', queries: 0, nameservers: 0, problems };
  },
};

/** `--verify none`: nothing is checked, and the report says so. */
export const noVerifier: ChunkVerifier = {
  level: 'none',
  async verify() {
    return { ok: true, level: 'none', queries: 0, nameservers: 0, problems: [] };
  },
};
