import type { Change } from '../../core/change.js';
import { ProviderError } from '../../core/errors.js';
import { planCommand } from '../../core/hints.js';
import { CloudflareCallError, formatMessages, type BatchResult, type CloudflareApi } from './client.js';
import { indexRecords, type CloudflareRecord, type RecordBody, type RecordIndex } from './convert.js';
import { batchBody, changeOps, opCount, packBatches, type BatchBody, type ChangeOps } from './operations.js';

/**
 * One chunk → as few batch calls as fit `batchSize` operations (one when the chunk fits). Each call
 * is one Cloudflare transaction; when a later call of the same chunk is refused, the earlier ones
 * are undone, so the chunk as a whole is applied entirely or not at all.
 */

export interface ChunkTarget {
  api: CloudflareApi;
  provider: string;
  /** Absolute zone name. */
  zone: string;
  zoneId: string;
  batchSize: number;
}

function describeBody(body: RecordBody): string {
  const value = body.content ?? JSON.stringify(body.data ?? {});
  const priority = body.priority !== undefined ? `${body.priority} ` : '';
  return `${body.name} ${body.type} ttl=${body.ttl}${body.proxied !== undefined ? ` proxied=${body.proxied}` : ''} ${priority}${value}`;
}

/** One line per operation, in the order the batch sends them (`posts[3]` in an error is the fourth post). */
function describeBatch(body: BatchBody, deleted: Map<string, RecordBody>): string[] {
  return [
    ...body.deletes.map((d, i) => `deletes[${i}]: ${deleted.get(d.id) ? describeBody(deleted.get(d.id) as RecordBody) : d.id}`),
    ...body.patches.map((p, i) => `patches[${i}]: ${describeBody(p)} (record ${p.id})`),
    ...body.posts.map((p, i) => `posts[${i}]: ${describeBody(p)}`),
  ];
}

/** The rejected operation first when Cloudflare's message says which one, then the rest of the batch. */
function rejectionDetails(error: CloudflareCallError, lines: string[]): string[] {
  const where = error.errors.map((e) => /^(deletes|patches|posts)\[\d+\]/.exec(e.message)?.[0]).find(Boolean);
  const culprit = where ? lines.find((l) => l.startsWith(`${where}:`)) : undefined;
  const shown = lines.slice(0, 20);
  const rest = lines.length > shown.length ? [`… and ${lines.length - shown.length} more operations`] : [];
  return [...(culprit ? [`rejected record: ${culprit}`] : []), 'operations in the rejected batch:', ...shown.map((l) => `  ${l}`), ...rest];
}

/** The batch that undoes an applied one: delete what it created, patch back, re-create what it deleted. */
function inverse(batch: ChangeOps[], result: BatchResult): BatchBody {
  return {
    deletes: (result.posts ?? []).map((r) => ({ id: r.id })),
    patches: batch.flatMap((ops) => ops.patches.map((p) => ({ id: p.id, ...p.before.body }))),
    posts: batch.flatMap((ops) => ops.deletes.map((r) => r.body)),
  };
}

/** The index after a batch went in: removed and patched ids out, returned records in. */
function updateIndex(index: RecordIndex, body: BatchBody, result: BatchResult, zone: string): void {
  const gone = new Set([...body.deletes.map((d) => d.id), ...body.patches.map((p) => p.id)]);
  for (const [key, records] of index) index.set(key, records.filter((r) => !gone.has(r.id)));
  const returned: CloudflareRecord[] = [...(result.patches ?? []), ...(result.posts ?? [])];
  for (const [key, records] of indexRecords(returned, zone).index) index.set(key, [...(index.get(key) ?? []), ...records]);
}

export interface ChunkOutcome {
  batchCalls: number;
}

/** Apply one chunk. `index` (the zone's live records) is updated in place on success; on failure it must be re-read. */
export async function applyChunk(target: ChunkTarget, changes: Change[], index: RecordIndex): Promise<ChunkOutcome> {
  const { api, provider, zone, zoneId } = target;
  const batches = packBatches(changes.map((change) => changeOps(change, index, zone)), target.batchSize);
  const applied: Array<{ batch: ChangeOps[]; result: BatchResult }> = [];
  for (const [n, batch] of batches.entries()) {
    const body = batchBody(batch);
    let result: BatchResult;
    try {
      result = await api.batch(zoneId, zone, body);
    } catch (error) {
      if (!(error instanceof CloudflareCallError)) throw error;
      const deleted = new Map(batch.flatMap((ops) => ops.deletes.map((r) => [r.id, r.body] as const)));
      const details = rejectionDetails(error, describeBatch(body, deleted));
      const undo = await undoBatches(target, applied);
      const ops = batch.reduce((sum, o) => sum + opCount(o), 0);
      const what = `zone ${zone}: batch ${n + 1} of ${batches.length} (${ops} record operations) failed: ${error.status === undefined ? error.message : formatMessages(error.errors) || error.message}`;
      if (undo === undefined) {
        const undone = applied.length > 0 ? ` (the ${applied.length} earlier batch${applied.length === 1 ? ' was' : 'es were'} undone)` : '';
        // Without an answer (timeout, 5xx) the transaction may have gone through: say so rather than "nothing".
        const outcome = error.status !== undefined && error.status < 500 ? 'nothing was applied' : `Cloudflare gave no answer, so this batch may or may not be applied — read the zone again (${planCommand()})`;
        throw new ProviderError(provider, `${what}; ${outcome}${undone}`, { transient: error.transient, details });
      }
      throw new ProviderError(provider, `${what}; undoing the ${applied.length} earlier batches failed too (${undo}): the zone is PARTLY changed — read it again (${planCommand()}) before going on`, { details });
    }
    updateIndex(index, body, result, zone);
    applied.push({ batch, result });
  }
  return { batchCalls: batches.length };
}

/** Undo applied batches, last first; the failure text when one cannot be undone. */
async function undoBatches(target: ChunkTarget, applied: Array<{ batch: ChangeOps[]; result: BatchResult }>): Promise<string | undefined> {
  for (const { batch, result } of [...applied].reverse()) {
    try {
      await target.api.batch(target.zoneId, target.zone, inverse(batch, result));
    } catch (error) {
      return error instanceof Error ? error.message : String(error);
    }
  }
  return undefined;
}
