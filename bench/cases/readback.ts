import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Provider, ReadBack } from '../../src/providers/provider.js';
import { createFileProvider } from '../../src/providers/file/provider.js';
import type { Subject } from './calls.js';
import { apiVerifier } from '../../src/engine/run/chunk-verifier.js';
import type { JournalEntry } from '../../src/engine/run/journal.js';
import { bulkZone, pushZone } from '../push.js';
import { atMost, count, seconds, type CaseResult } from '../report.js';
import { median } from '../measure.js';
import { startBind } from '../../test/harness/bind.js';
import { bindConfigSchema, createBindProvider } from '../../src/providers/bind/provider.js';
import type { BenchContext } from '../context.js';
import { CALL_CASES } from './providers.js';

/**
 * Provider calls per chunk of a verified apply (`--verify api`), counted on the wire: the
 * conflict re-read before each chunk, its read-back after, the final drift check, against the
 * fewest calls each API allows for them.
 */

const ZONE = 'calls.bench.test.';

/**
 * Providers with no HTTP API to count on the wire (BIND's DNS messages, the file provider's files):
 * their Provider calls are counted instead, read/readRRsets/readRange as reads, receipts as writes.
 */
function countedCalls(provider: Provider, readsInApply = 0): { provider: Provider; count(kind: string): number; reset(): void } {
  const counts = new Map<string, number>();
  const add = (kind: string, n = 1) => counts.set(kind, (counts.get(kind) ?? 0) + n);
  const wrapped = new Proxy(provider, {
    get(target, prop) {
      const value = Reflect.get(target, prop);
      if (typeof value !== 'function') return value;
      if (prop === 'read') return (...args: unknown[]) => (add('read'), add('whole'), value.apply(target, args));
      // What the provider says of each partial read: `whole` when it fell back to the whole zone (BIND: an AXFR, not an IXFR).
      if (prop === 'readRRsets' || prop === 'readRange') return (zone: string, ...rest: unknown[]) => {
        add('read');
        const told = (how: ReadBack) => {
          if (how.method === 'whole') add('whole');
        };
        return prop === 'readRRsets' ? value.call(target, zone, rest[0], told) : value.call(target, zone, rest[0], rest[1], told);
      };
      if (prop === 'apply') return async (...args: unknown[]) => {
        const receipt = await value.apply(target, args);
        add('write', receipt.apiCalls - readsInApply);
        add('read', readsInApply);
        return receipt;
      };
      return value;
    },
  });
  return { provider: wrapped, count: (kind) => counts.get(kind) ?? 0, reset: () => counts.clear() };
}

async function startFile(): Promise<Subject> {
  const dir = await mkdtemp(join(tmpdir(), 'zonesync-bench-readback-'));
  // reload (a no-op command): a server may read the files, so each chunk is its own write
  const provider = createFileProvider('file', { type: 'file', directory: dir, reload: ['true'] }, dir);
  return { provider, stop: async () => rm(dir, { recursive: true, force: true }) };
}

interface ReadbackSpec {
  id: string;
  /** Which CALL_CASES subject to start. */
  calls: string;
  /** Reads a provider's apply makes itself, counted in its receipt (BIND: the AXFR that follows the UPDATE). */
  readsInApply?: number;
  /** A subject of its own (no CALL_CASES entry), counted by Provider call. */
  start?: () => Promise<Subject>;
  title?: string;
  records: number;
  chunkSize: number;
  /** Fewest read calls that return a chunk of `rrsets` (one-value A rrsets, one per name) from a zone of `zone` rrsets. */
  minimum(rrsets: number, zone: number): number;
  rule: string;
  /** Fewest write calls for one chunk of `rrsets` creates, and the rule in words. */
  writes: { minimum(rrsets: number): number; rule: string };
  /** Issue targets on the totals, when the issue sets them. */
  targets?: { writes: number; lists: number };
  notes?: string[];
}

export const READBACK_CASES: ReadbackSpec[] = [
  {
    id: 'readback-route53',
    writes: { minimum: (rrsets) => Math.ceil(rrsets / 1000), rule: 'one ChangeResourceRecordSets per 1,000 one-value creates' },
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
    writes: { minimum: (rrsets) => Math.ceil(rrsets / 200), rule: 'one POST …/dns_records/batch per 200 records' },
    calls: 'calls-cloudflare',
    records: 2_000,
    chunkSize: 100,
    minimum: (rrsets, zone) => Math.min(rrsets, Math.ceil(zone / 500)),
    rule: 'the fewer of one filtered list per owner name and ⌈zone ÷ 500⌉ pages of the whole list',
  },
  {
    id: 'readback-ns1',
    writes: { minimum: (rrsets) => rrsets, rule: 'one PUT per created rrset' },
    calls: 'calls-ns1',
    records: 2_000,
    chunkSize: 100,
    minimum: (rrsets, zone) => Math.min(rrsets, Math.ceil(zone / 2500)),
    rule: 'the fewer of one GET per record and the pages of one zone GET (about 2,500 records a page)',
  },
  {
    id: 'readback-bind',
    readsInApply: 1,
    writes: { minimum: () => 1, rule: 'one RFC 2136 UPDATE message per chunk (under 64 KiB)' },
    calls: 'calls-bind',
    records: 2_000,
    chunkSize: 100,
    minimum: () => 1,
    rule: 'one zone transfer (AXFR, or IXFR from the serial before the chunk) or one pipelined TCP exchange of queries: one read a chunk',
    notes: [
      'BIND speaks DNS, not HTTP: its Provider calls are counted (one read call is one zone transfer: an IXFR from the serial of the last read, or an AXFR), and its writes are the chunk receipts less the one IXFR each apply makes after its UPDATE to catch an update named ignored (src/providers/bind/apply.ts), which is counted as a read before chunk-applied, in the conflict column.',
      'Before issue #24\'s BIND partial read, each of those three reads a chunk was a whole AXFR (3 × 20 = 60 whole-zone transfers for this case); now they are IXFRs, whole only where named answers an IXFR with the whole zone (when the differences would be larger than the zone: max-ixfr-ratio, 100% by default).',
    ],
  },
  {
    id: 'readback-file',
    writes: { minimum: () => 1, rule: 'one atomic write of the file per chunk (reload set: a server reads the files)' },
    calls: 'file',
    title: 'file provider (with reload: one write a chunk)',
    start: startFile,
    records: 2_000,
    chunkSize: 100,
    minimum: () => 1,
    rule: 'one readRRsets call a chunk, answered from the file the provider just wrote, parsed once and held (src/providers/file): no file I/O unless the file changed since',
  },
  {
    id: 'readback-powerdns',
    writes: { minimum: () => 1, rule: 'one PATCH of the zone per chunk' },
    calls: 'calls-powerdns',
    records: 2_000,
    chunkSize: 100,
    minimum: () => 1,
    rule: 'one GET of the zone (one call, whatever its size); zonesync weighs filtered GETs against it by time, not calls',
  },
];

export async function runReadbackCase(ctx: BenchContext, spec: ReadbackSpec): Promise<CaseResult> {
  const calls = CALL_CASES.find((c) => c.id === spec.calls);
  if (!calls && !spec.start) throw new Error(`no call case ${spec.calls}`);
  const title = spec.title ?? calls?.title ?? spec.id;
  const records = ctx.quick ? spec.records / 10 : spec.records;
  const started = spec.start ? await spec.start() : await (calls as NonNullable<typeof calls>).start(ctx);
  const counted = started.proxy ? undefined : countedCalls(started.provider, spec.readsInApply);
  const subject = counted ? { ...started, provider: counted.provider } : started;
  const proxy = started.proxy ?? counted;
  if (!proxy) throw new Error(`${spec.id}: nothing counts its calls`);
  const reads = () => proxy.count('read');
  const writes = () => proxy.count('write') + proxy.count('other-write');
  const chunks: Array<{ rrsets: number; conflict: number; readBack: number; zone: number; writes: number; whole: number }> = [];
  const wholes = () => counted?.count('whole') ?? 0;
  let wholeMark = 0;
  let writeMark = 0;
  let mark = 0;
  let zoneSize = 0;
  let drift = 0;
  let beforeChunks = 0;
  const onEvent = (entry: JournalEntry) => {
    if (entry.type === 'chunk-start') {
      if (chunks.length === 0) beforeChunks = reads();
      mark = reads();
      writeMark = writes();
      wholeMark = wholes();
      chunks.push({ rrsets: entry.changes.length, conflict: 0, readBack: 0, zone: 0, writes: 0, whole: 0 });
    } else if (entry.type === 'chunk-applied') {
      const c = chunks.at(-1);
      if (c) {
        c.conflict = reads() - mark;
        c.writes = writes() - writeMark;
      }
      mark = reads();
    } else if (entry.type === 'chunk-verified') {
      const c = chunks.at(-1);
      if (c) {
        c.readBack = reads() - mark;
        c.whole = wholes() - wholeMark;
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
    const chunkWrites = sum((c) => c.writes);
    const minimumWrites = sum((c) => spec.writes.minimum(c.rrsets));
    const rows = [
      atMost(`write calls, Σ over ${chunks.length} chunks (max ${Math.max(...chunks.map((c) => c.writes))} a chunk)`, chunkWrites, minimumWrites, { measured: count(chunkWrites), target: `${count(minimumWrites)} (computed minimum)` }, command),
      atMost(`read-back calls, Σ over ${chunks.length} chunks of ${count(chunks[0]?.rrsets ?? 0)} (max ${maxPerChunk} a chunk)`, readBack, minimum, { measured: count(readBack), target: `${count(minimum)} (computed minimum)` }, command),
      { metric: `reads: conflict re-reads before the chunks (Σ) + plan and lock reads + read-back + final drift check`, target: '', measured: `${count(conflict)} + ${beforeChunks} + ${count(readBack)} + ${drift} = ${count(reads())} in all`, command },
    ];
    if (counted) {
      const whole = sum((c) => c.whole);
      rows.push({ metric: `whole-zone reads among the conflict re-reads and read-backs of the ${chunks.length} chunks (Σ, as the provider says: ${spec.id === 'readback-bind' ? 'AXFR, or an IXFR named answered with the whole zone' : 'a read of the whole zone'})`, target: '', measured: count(whole), command });
    }
    if (spec.targets) {
      rows.push(atMost(`change calls for ${count(records)} creates`, proxy.count('write'), spec.targets.writes, { measured: count(proxy.count('write')), target: `${spec.targets.writes}` }, command));
      rows.push(atMost(`read calls in all, list calls and the drift check's GetHostedZone (plan read, lock read, conflict re-reads, read-back, final drift check)`, reads(), spec.targets.lists, { measured: count(reads()), target: `${spec.targets.lists}` }, command));
    }
    ctx.log(`${spec.id}: ${pushed.chunks} chunks, read-back ${readBack} (min ${minimum}), conflict ${conflict}, before ${beforeChunks}, drift ${drift}, all reads ${reads()}, writes ${writes()}, whole-zone reads in the chunks ${sum((c) => c.whole)}`);
    return {
      id: spec.id,
      title: `provider calls per chunk, ${title}: ${count(records)} creates, --verify api`,
      rows,
      notes: [
        `Pushed with applyPlan (bench/push.ts), --chunk-size ${count(spec.chunkSize)} (cut to the provider's cap), --verify api, one zone of one-value A rrsets; ${started.proxy ? 'reads counted on the wire by the counting proxy (bench/counting-proxy.ts)' : 'Provider calls counted (read, readRRsets, readRange as reads; receipt apiCalls as writes)'}, split by journal step.`,
        `Minimum read-back per chunk: ${spec.rule}.`,
        `Minimum writes per chunk: ${spec.writes.rule}.`,
        `The final drift check (issue #24: "comparing the full live state with the expected state"): ${subject.provider.capabilities.rangeDriftCheck ? 'the union of the ranges read back after each chunk, plus the provider\'s count' : 'one whole read of the zone after the last chunk'}.`,
        ...(spec.notes ?? []),
      ],
    };
  } finally {
    await subject.stop();
  }
}

/**
 * Wall time of a BIND apply whose chunks are re-read and read back by IXFR (readRRsets) against the
 * same apply with readRRsets hidden, so the engine reads the whole zone by AXFR for each (what
 * every chunk cost before the partial read), alternated in one run, one fresh zone per push.
 */
export async function runReadbackBindTimeCase(ctx: BenchContext): Promise<CaseResult> {
  const records = ctx.quick ? 2_000 : 10_000;
  const chunkSize = 100;
  const runs = ctx.runs ?? (ctx.quick ? 1 : 3);
  const zones = Array.from({ length: runs * 2 }, (_, i) => `t${i}.bench.test.`);
  const bind = await startBind({ zones, apexNameserver: 'ns1.elsewhere.example.' });
  const times: Record<'ixfr' | 'axfr', number[]> = { ixfr: [], axfr: [] };
  try {
    for (const [i, zone] of zones.entries()) {
      const mode = i % 2 === 0 ? 'ixfr' : 'axfr';
      const provider = createBindProvider('bind', bindConfigSchema.parse({ type: 'bind', server: `127.0.0.1:${bind.dns.port}`, tsig: bind.tsig }));
      // `axfr`: the provider as it was before its partial read: the engine reads the whole zone instead.
      const subject: Provider = mode === 'ixfr' ? provider : new Proxy(provider, { get: (target, prop) => (prop === 'readRRsets' ? undefined : Reflect.get(target, prop)) });
      const pushed = await pushZone(subject, bulkZone(zone, records), { chunkSize, verifier: apiVerifier, verify: 'api' });
      times[mode].push(pushed.applyMs);
      ctx.log(`readback-bind-time: ${mode} ${zone} ${pushed.chunks} chunks in ${(pushed.applyMs / 1000).toFixed(2)} s`);
    }
  } finally {
    await bind.stop();
  }
  const ixfrMs = median(times.ixfr);
  const axfrMs = median(times.axfr);
  const command = 'npm run bench -- --only readback-bind-time';
  return {
    id: 'readback-bind-time',
    title: `BIND apply of ${count(records)} creates in chunks of ${chunkSize}, --verify api: chunks read by IXFR against whole AXFRs`,
    rows: [
      { metric: 'applyPlan wall time, conflict re-read and read-back by IXFR (readRRsets)', target: '', measured: `${seconds(ixfrMs)} (median of ${times.ixfr.length})`, command },
      { metric: 'the same with readRRsets hidden: whole AXFR for each (before the partial read)', target: '', measured: `${seconds(axfrMs)} (median of ${times.axfr.length})`, command },
      { metric: 'IXFR ÷ AXFR', target: '', measured: `${(ixfrMs / axfrMs).toFixed(2)}`, command },
    ],
    notes: [
      `One named (test/harness/bind.ts), ${runs * 2} empty zones, pushes alternated IXFR/AXFR, each into a fresh zone, with bench/push.ts (applyPlan, --chunk-size ${chunkSize}, --verify api).`,
      'Both modes make the same UPDATE and the same IXFR inside apply (its check for updates named ignores); they differ in the two reads the engine makes per chunk. Before the partial read, that check in apply was a whole AXFR too, so the old cost was higher than the AXFR column.',
    ],
  };
}
