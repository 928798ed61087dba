import type { Change } from '../../core/change.js';
import { changeSubject } from '../../core/change.js';
import type { RRset } from '../../core/model.js';
import { rrsetKey } from '../../core/model.js';
import { cloudflareTtl, ConversionError, recordBody, settingsOf, type IndexedRecord, type RecordBody, type RecordIndex } from './convert.js';

/**
 * The diff is per rrset, Cloudflare is per record: each change becomes deletes, patches and posts
 * of single records. Pure. A batch runs deletes, then patches, then posts, so a value can move
 * between records and a CNAME can replace data at a name inside one batch.
 */

export interface PatchOp {
  id: string;
  body: RecordBody;
  /** The record as it was, to undo the patch. */
  before: IndexedRecord;
}

export interface ChangeOps {
  change: Change;
  deletes: IndexedRecord[];
  patches: PatchOp[];
  posts: RecordBody[];
}

export function opCount(ops: Pick<ChangeOps, 'deletes' | 'patches' | 'posts'>): number {
  return ops.deletes.length + ops.patches.length + ops.posts.length;
}

function needsPatch(record: IndexedRecord, rrset: RRset): boolean {
  const settings = settingsOf(rrset);
  if (settings.proxied !== undefined && settings.proxied !== record.proxied) return true;
  // A proxied record reports TTL 1 whatever was asked; leave its TTL alone unless asked for auto.
  if (record.proxied && settings.proxied !== false) return false;
  return record.ttl !== cloudflareTtl(rrset);
}

/** The record operations for one change, given the live records of its rrset. */
export function changeOps(change: Change, index: RecordIndex, zone: string): ChangeOps {
  const live = index.get(rrsetKey(changeSubject(change))) ?? [];
  const ops: ChangeOps = { change, deletes: [], patches: [], posts: [] };
  switch (change.kind) {
    case 'create':
      // Records already there (the live state moved since the plan) are reused rather than duplicated.
      return reconcile(ops, live, change.after, zone);
    case 'delete':
      ops.deletes.push(...live);
      return ops;
    case 'update':
      return reconcile(ops, live, change.after, zone);
  }
}

function reconcile(ops: ChangeOps, live: IndexedRecord[], after: RRset, zone: string): ChangeOps {
  const wanted = new Set(after.values);
  const kept = new Set<string>();
  const spare: IndexedRecord[] = [];
  for (const record of live) {
    if (wanted.has(record.value) && !kept.has(record.value)) {
      kept.add(record.value);
      if (needsPatch(record, after)) ops.patches.push({ id: record.id, body: recordBody(after, record.value, zone), before: record });
    } else {
      spare.push(record);
    }
  }
  for (const value of after.values) {
    if (kept.has(value)) continue;
    const reuse = spare.shift();
    // A record whose value goes away takes a new value by a patch: it keeps its id and costs one operation.
    if (reuse) ops.patches.push({ id: reuse.id, body: recordBody(after, value, zone), before: reuse });
    else ops.posts.push(recordBody(after, value, zone));
  }
  ops.deletes.push(...spare);
  return ops;
}

/** Cut change operations into batches of at most `batchSize` operations, never splitting one change. */
export function packBatches(all: ChangeOps[], batchSize: number): ChangeOps[][] {
  const batches: ChangeOps[][] = [];
  let current: ChangeOps[] = [];
  let size = 0;
  for (const ops of all) {
    const count = opCount(ops);
    if (count === 0) continue;
    if (count > batchSize) {
      const subject = changeSubject(ops.change);
      throw new ConversionError(`${subject.name} ${subject.type}: needs ${count} record operations, more than one batch holds (${batchSize})`);
    }
    if (size + count > batchSize) {
      batches.push(current);
      current = [];
      size = 0;
    }
    current.push(ops);
    size += count;
  }
  if (current.length > 0) batches.push(current);
  return batches;
}

/** One batch call's body. */
export interface BatchBody {
  deletes: Array<{ id: string }>;
  patches: Array<RecordBody & { id: string }>;
  posts: RecordBody[];
}

export function batchBody(batch: ChangeOps[]): BatchBody {
  return {
    deletes: batch.flatMap((ops) => ops.deletes.map((r) => ({ id: r.id }))),
    patches: batch.flatMap((ops) => ops.patches.map((p) => ({ id: p.id, ...p.body }))),
    posts: batch.flatMap((ops) => ops.posts),
  };
}
