import type { Provider } from '../../src/providers/provider.js';
import { noVerifier } from '../../src/engine/run/chunk-verifier.js';
import { effectiveChunkSize } from '../../src/core/chunk.js';
import { startCountingProxy, type CountingProxy } from '../counting-proxy.js';
import { bulkRRset, bulkZone, pushZone, type Pushed } from '../push.js';
import { atMost, count, type CaseResult } from '../report.js';
import type { BenchContext } from '../context.js';

/** API calls per provider for N creates and then M updates, pushed through applyPlan, counted on the wire. */

export const CREATES = 10_000;
export const UPDATES = 1_000;
const CHUNK = 10_000;
const ZONE = 'calls.bench.test.';

export interface Subject {
  provider: Provider;
  /** Counts HTTP requests; absent for BIND (DNS UPDATE). */
  proxy?: CountingProxy;
  stop(): Promise<void>;
}

export interface ProviderCalls {
  id: string;
  title: string;
  /** Rule the minimum follows, in words. */
  rule: string;
  start(ctx: BenchContext): Promise<Subject>;
  /** Fewest write calls the provider's limits allow for this change set. */
  minimumWrites(changes: Pushed, kind: 'create' | 'update', subject: Subject): number;
  /** Write calls measured for the push (wire counts, or receipts). */
  writes(pushed: Pushed, subject: Subject): number;
  /** Sync polls (Route 53 GetChange) measured, when the provider has them. */
  polls?(subject: Subject): number;
  extraNotes?: string[];
}

const command = (id: string) => `npm run bench -- --only ${id}`;

export async function runCallsCase(ctx: BenchContext, spec: ProviderCalls): Promise<CaseResult> {
  const scale = ctx.quick ? 10 : 1;
  const creates = CREATES / scale;
  const updates = UPDATES / scale;
  const result: CaseResult = {
    id: spec.id,
    title: `API calls, ${spec.title}: ${count(creates)} creates, then ${count(updates)} updates`,
    rows: [],
    notes: [
      `Pushed with applyPlan (bench/push.ts): --chunk-size ${count(CHUNK)} (the engine cuts it to the provider's maxChangesPerBatch), --verify none, one zone of one-value A rrsets. Writes are counted ${spec.id === 'calls-bind' ? 'from the chunk receipts' : 'on the wire by a loopback counting proxy (bench/counting-proxy.ts)'}; reads (the plan's read and the engine's read under the lock) are listed apart.`,
      `Minimum: ${spec.rule}.`,
      ...(spec.extraNotes ?? []),
    ],
  };
  const subject = await spec.start(ctx);
  try {
    await subject.provider.ensureZone(ZONE);
    for (const [kind, desired] of [
      ['create', bulkZone(ZONE, creates)],
      ['update', bulkZone(ZONE, creates, updates, 1)],
    ] as const) {
      subject.proxy?.reset();
      const pushed = await pushZone(subject.provider, desired, { chunkSize: CHUNK, verifier: noVerifier, verify: 'none' });
      const expected = kind === 'create' ? creates : updates;
      if (pushed.changes !== expected) throw new Error(`${spec.id}: planned ${pushed.changes} ${kind}s, expected ${expected}`);
      const writes = spec.writes(pushed, subject);
      const minimum = spec.minimumWrites(pushed, kind, subject);
      const reads = subject.proxy ? [...subject.proxy.counts].filter(([k]) => k === 'read').reduce((n, [, v]) => n + v, 0) : undefined;
      const extra = reads === undefined ? '' : `; reads ${count(reads)}`;
      result.rows.push(atMost(`write calls for ${count(expected)} ${kind}s (${pushed.chunks} engine chunks${extra})`, writes, minimum, { measured: count(writes), target: `${count(minimum)} (computed minimum)` }, command(spec.id)));
      if (spec.polls) {
        const polls = spec.polls(subject);
        result.rows.push(atMost(`INSYNC polls (GetChange) for the ${kind}s`, polls, writes, { measured: count(polls), target: `${count(writes)} (one per change batch)` }, command(spec.id)));
      }
      ctx.log(`${spec.id} ${kind}: ${writes} writes (minimum ${minimum}), ${pushed.chunks} chunks, receipts ${pushed.receiptCalls}${extra}`);
    }
  } finally {
    await subject.stop();
  }
  return result;
}

/** The engine's chunk count for n changes at the provider's batch cap. */
export function engineChunks(n: number, provider: Provider): number {
  return Math.ceil(n / effectiveChunkSize(CHUNK, provider.capabilities.maxChangesPerBatch));
}

/** Route 53 lower bound: 1,000 values and 32,000 characters per request, an UPSERT counting twice. */
export function route53Minimum(n: number, kind: 'create' | 'update'): number {
  const factor = kind === 'update' ? 2 : 1;
  let values = 0;
  let characters = 0;
  for (let i = 0; i < n; i++) {
    const rrset = bulkRRset(ZONE, i, kind === 'update' ? 1 : 0);
    values += rrset.values.length * factor;
    characters += rrset.values.reduce((s, v) => s + v.length, 0) * factor;
  }
  return Math.max(Math.ceil(values / 1000), Math.ceil(characters / 32_000));
}

export { startCountingProxy };
