import { apiVerifier } from '../../src/engine/run/chunk-verifier.js';
import type { JournalEntry } from '../../src/engine/run/journal.js';
import { bulkZone, pushZone } from '../push.js';
import { atMost, count, type CaseResult } from '../report.js';
import type { BenchContext } from '../context.js';
import { CALL_CASES } from './providers.js';

/**
 * Provider calls per chunk of a verified apply (`--verify api`), counted on the wire: the
 * conflict re-read before each chunk, its read-back after, the final drift check, against the
 * fewest calls each API allows for them.
 */

const ZONE = 'calls.bench.test.';

interface ReadbackSpec {
  id: string;
  /** Which CALL_CASES subject to start. */
  calls: string;
  records: number;
  chunkSize: number;
  /** Fewest read calls that return a chunk of `rrsets` (one-value A rrsets, one per name) from a zone of `zone` rrsets. */
  minimum(rrsets: number, zone: number): number;
  rule: string;
  /** Issue targets on the totals, when the issue sets them. */
  targets?: { writes: number; lists: number };
  notes?: string[];
}

export const READBACK_CASES: ReadbackSpec[] = [
  {
    id: 'readback-route53',
    calls: 'calls-route53',
    records: 10_000,
    chunkSize: 10_000,
    minimum: (rrsets) => Math.ceil(rrsets / 300),
    rule: 'ListResourceRecordSets returns at most 300 rrsets a page: ⌈chunk ÷ 300⌉ pages for a contiguous chunk',
    targets: { writes: 10, lists: 45 },
    notes: [
      'Route 53 lists in a fixed order (capabilities.rangeDriftCheck): the chunks are sent in that order and chunk k reads back the range from its first name to chunk k+1\'s first name, so the read-backs list every page of the zone once and their union is the final drift check, with GetHostedZone\'s ResourceRecordSetCount as its end-of-run signal. The drift check then costs that one GetHostedZone, no list call.',
      'Creates and deletes need no re-read before the chunk on Route 53 (AWS refuses a CREATE of an existing rrset and an inexact DELETE, for the whole batch: capabilities.conditionalKinds).',
    ],
  },
  {
    id: 'readback-cloudflare',
    calls: 'calls-cloudflare',
    records: 2_000,
    chunkSize: 100,
    minimum: (rrsets, zone) => Math.min(rrsets, Math.ceil(zone / 500)),
    rule: 'the fewer of one filtered list per owner name and ⌈zone ÷ 500⌉ pages of the whole list',
  },
  {
    id: 'readback-ns1',
    calls: 'calls-ns1',
    records: 2_000,
    chunkSize: 100,
    minimum: (rrsets, zone) => Math.min(rrsets, Math.ceil(zone / 2500)),
    rule: 'the fewer of one GET per record and the pages of one zone GET (about 2,500 records a page)',
  },
  {
    id: 'readback-powerdns',
    calls: 'calls-powerdns',
    records: 2_000,
    chunkSize: 100,
    minimum: () => 1,
    rule: 'one GET of the zone (one call, whatever its size); zonesync weighs filtered GETs against it by time, not calls',
  },
];

export async function runReadbackCase(ctx: BenchContext, spec: ReadbackSpec): Promise<CaseResult> {
  const calls = CALL_CASES.find((c) => c.id === spec.calls);
  if (!calls) throw new Error(`no call case ${spec.calls}`);
  const records = ctx.quick ? spec.records / 10 : spec.records;
  const subject = await calls.start(ctx);
  const proxy = subject.proxy;
  if (!proxy) throw new Error(`${spec.id}: no counting proxy`);
  const reads = () => proxy.count('read');
  const writes = () => proxy.count('write') + proxy.count('other-write');
  const chunks: Array<{ rrsets: number; conflict: number; readBack: number; zone: number }> = [];
  let mark = 0;
  let zoneSize = 0;
  let drift = 0;
  let beforeChunks = 0;
  const onEvent = (entry: JournalEntry) => {
    if (entry.type === 'chunk-start') {
      if (chunks.length === 0) beforeChunks = reads();
      mark = reads();
      chunks.push({ rrsets: entry.changes.length, conflict: 0, readBack: 0, zone: 0 });
    } else if (entry.type === 'chunk-applied') {
      const c = chunks.at(-1);
      if (c) c.conflict = reads() - mark;
      mark = reads();
    } else if (entry.type === 'chunk-verified') {
      const c = chunks.at(-1);
      if (c) {
        c.readBack = reads() - mark;
        zoneSize += c.rrsets;
        c.zone = zoneSize;
      }
      mark = reads();
    } else if (entry.type === 'drift-checked') drift = reads() - mark;
  };
  try {
    await subject.provider.ensureZone(ZONE);
    proxy.reset();
    const pushed = await pushZone(subject.provider, bulkZone(ZONE, records), { chunkSize: spec.chunkSize, verifier: apiVerifier, verify: 'api', onEvent });
    const sum = (f: (c: (typeof chunks)[0]) => number) => chunks.reduce((n, c) => n + f(c), 0);
    const readBack = sum((c) => c.readBack);
    const minimum = sum((c) => spec.minimum(c.rrsets, c.zone));
    const conflict = sum((c) => c.conflict);
    const maxPerChunk = Math.max(...chunks.map((c) => c.readBack));
    const command = `npm run bench -- --only ${spec.id}`;
    const rows = [
      atMost(`read-back calls, Σ over ${chunks.length} chunks of ${count(chunks[0]?.rrsets ?? 0)} (max ${maxPerChunk} a chunk)`, readBack, minimum, { measured: count(readBack), target: `${count(minimum)} (computed minimum)` }, command),
      { metric: `reads: conflict re-reads before the chunks (Σ) + plan and lock reads + read-back + final drift check`, target: '', measured: `${count(conflict)} + ${beforeChunks} + ${count(readBack)} + ${drift} = ${count(reads())} in all`, command },
    ];
    if (spec.targets) {
      rows.push(atMost(`change calls for ${count(records)} creates`, proxy.count('write'), spec.targets.writes, { measured: count(proxy.count('write')), target: `${spec.targets.writes}` }, command));
      rows.push(atMost(`read calls in all, list calls and the drift check's GetHostedZone (plan read, lock read, conflict re-reads, read-back, final drift check)`, reads(), spec.targets.lists, { measured: count(reads()), target: `${spec.targets.lists}` }, command));
    }
    ctx.log(`${spec.id}: ${pushed.chunks} chunks, read-back ${readBack} (min ${minimum}), conflict ${conflict}, before ${beforeChunks}, drift ${drift}, all reads ${reads()}, writes ${writes()}`);
    return {
      id: spec.id,
      title: `provider calls per chunk, ${calls.title}: ${count(records)} creates, --verify api`,
      rows,
      notes: [
        `Pushed with applyPlan (bench/push.ts), --chunk-size ${count(spec.chunkSize)} (cut to the provider's cap), --verify api, one zone of one-value A rrsets; reads counted on the wire by the counting proxy (bench/counting-proxy.ts), split by journal step.`,
        `Minimum read-back per chunk: ${spec.rule}.`,
        `The final drift check (issue #24: "comparing the full live state with the expected state"): ${subject.provider.capabilities.rangeDriftCheck ? 'the union of the ranges read back after each chunk, plus the provider\'s count' : 'one whole read of the zone after the last chunk'}.`,
        ...(spec.notes ?? []),
      ],
    };
  } finally {
    await subject.stop();
  }
}
