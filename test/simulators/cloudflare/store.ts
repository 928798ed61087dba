import { randomBytes } from 'node:crypto';
import { ApiFailure, failures } from './envelope.js';
import type { SimDnssec } from './dnssec.js';
import { checkRecord, inputOf, PROXIABLE, type ApiRecord, type CheckedRecord, type RecordInput } from './record-rules.js';

export interface StoredRecord extends CheckedRecord {
  id: string;
  created_on: string;
  modified_on: string;
}

export interface SimZone {
  id: string;
  name: string;
  nameServers: string[];
  records: Map<string, StoredRecord>;
  /** Bumped on every committed change (the SOA serial the DNS side serves). */
  serial: number;
  /** The account that holds it (`account.id` of POST /zones). */
  account?: string;
  /** Its DNSSEC state (GET/PATCH /zones/{id}/dnssec); off when absent. */
  dnssec?: SimDnssec;
}

export interface BatchBody {
  deletes?: Array<{ id?: unknown }>;
  patches?: Array<RecordInput & { id?: unknown }>;
  puts?: Array<RecordInput & { id?: unknown }>;
  posts?: RecordInput[];
}

export function newId(): string {
  // Identifiers are 32 hex characters — SDK RecordBatchParams.Delete.id ("maxLength 32").
  return randomBytes(16).toString('hex');
}

export function toApi(zone: SimZone, record: StoredRecord): ApiRecord {
  const api: ApiRecord = {
    id: record.id, zone_id: zone.id, zone_name: zone.name, name: record.name, type: record.type, content: record.content,
    proxiable: PROXIABLE.has(record.type), proxied: record.proxied, ttl: record.ttl, settings: {}, meta: {},
    comment: record.comment, tags: record.tags, created_on: record.created_on, modified_on: record.modified_on,
  };
  if (record.data) api.data = record.data;
  if (record.priority !== undefined) api.priority = record.priority;
  return api;
}

/** Rules that look at the other records of the same name (the "records with the same name" rules). */
function checkNeighbours(records: Map<string, StoredRecord>, record: CheckedRecord, id: string, zone: string): void {
  const apex = record.name === zone;
  for (const other of records.values()) {
    if (other.id === id || other.name !== record.name) continue;
    if (other.type === record.type && other.rdata === record.rdata) throw failures.identical();
    // At the apex a CNAME is flattened and may sit beside non-address data — developers.cloudflare.com/dns/cname-flattening/.
    const addressClash = (a: string, b: string) => a === 'CNAME' && (!apex || b === 'A' || b === 'AAAA' || b === 'CNAME');
    if (addressClash(record.type, other.type)) throw failures.cnameBesideData();
    if (addressClash(other.type, record.type)) throw failures.dataBesideCname();
    const nsClash = (a: string, b: string) => !apex && a === 'NS' && b !== 'NS' && b !== 'DS';
    if (nsClash(record.type, other.type) || nsClash(other.type, record.type)) throw failures.nsBesideData();
  }
}

function put(zone: SimZone, records: Map<string, StoredRecord>, id: string, checked: CheckedRecord, now: string): StoredRecord {
  checkNeighbours(records, checked, id, zone.name);
  const before = records.get(id);
  const stored: StoredRecord = { ...checked, id, created_on: before?.created_on ?? now, modified_on: now };
  records.set(id, stored);
  return stored;
}

function existing(records: Map<string, StoredRecord>, id: unknown): StoredRecord {
  const record = typeof id === 'string' ? records.get(id) : undefined;
  if (!record) throw failures.noRecord();
  return record;
}

function located(failure: unknown, where: string): unknown {
  if (!(failure instanceof ApiFailure)) return failure;
  // Which operation failed is prefixed to each message (the real batch error format is not documented).
  const errors = failure.errors.map((e) => ({ ...e, message: `${where}: ${e.message}` }));
  return new ApiFailure(failure.status === 404 ? 400 : failure.status, errors);
}

/** Single-record operations and the all-or-nothing batch, on one zone. */
export class RecordStore {
  constructor(
    private readonly onCommit: (zone: SimZone) => void,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  private commit(zone: SimZone, records: Map<string, StoredRecord>): void {
    zone.records = records;
    zone.serial += 1;
    this.onCommit(zone);
  }

  create(zone: SimZone, input: RecordInput): StoredRecord {
    const records = new Map(zone.records);
    const stored = put(zone, records, newId(), checkRecord(input, zone.name), this.clock().toISOString());
    this.commit(zone, records);
    return stored;
  }

  /** PUT replaces the record; PATCH merges the given fields onto it — SDK records.update / records.edit. */
  replace(zone: SimZone, id: string, input: RecordInput, merge: boolean): StoredRecord {
    const records = new Map(zone.records);
    const before = existing(records, id);
    const body = merge ? { ...inputOf(before), ...input } : input;
    const stored = put(zone, records, id, checkRecord(body, zone.name), this.clock().toISOString());
    this.commit(zone, records);
    return stored;
  }

  remove(zone: SimZone, id: string): { id: string } {
    const records = new Map(zone.records);
    existing(records, id);
    records.delete(id);
    this.commit(zone, records);
    return { id };
  }

  /**
   * Deletes, then patches, then puts, then posts, in one transaction: the first failure rejects the
   * whole batch and nothing is applied — developers.cloudflare.com/api/resources/dns/subresources/records/methods/batch/.
   */
  batch(zone: SimZone, body: BatchBody, limit: number): Record<'deletes' | 'patches' | 'puts' | 'posts', ApiRecord[]> {
    if (typeof body !== 'object' || body === null) throw failures.badRequest('Batch body must be a JSON object.');
    const lists = { deletes: body.deletes ?? [], patches: body.patches ?? [], puts: body.puts ?? [], posts: body.posts ?? [] };
    for (const [key, list] of Object.entries(lists)) if (!Array.isArray(list)) throw failures.badRequest(`${key} must be an array.`);
    const size = lists.deletes.length + lists.patches.length + lists.puts.length + lists.posts.length;
    if (size > limit) throw failures.batchTooLarge(limit, size);
    const records = new Map(zone.records);
    const now = this.clock().toISOString();
    const out: Record<'deletes' | 'patches' | 'puts' | 'posts', ApiRecord[]> = { deletes: [], patches: [], puts: [], posts: [] };
    const step = <T>(where: string, run: () => T): T => {
      try {
        return run();
      } catch (failure) {
        throw located(failure, where);
      }
    };
    lists.deletes.forEach((op, i) => step(`deletes[${i}]`, () => {
      const record = existing(records, op?.id);
      records.delete(record.id);
      out.deletes.push(toApi(zone, record));
    }));
    lists.patches.forEach((op, i) => step(`patches[${i}]`, () => {
      const before = existing(records, op?.id);
      const { id: _id, ...fields } = op;
      out.patches.push(toApi(zone, put(zone, records, before.id, checkRecord({ ...inputOf(before), ...fields }, zone.name), now)));
    }));
    lists.puts.forEach((op, i) => step(`puts[${i}]`, () => {
      const before = existing(records, op?.id);
      const { id: _id, ...fields } = op;
      out.puts.push(toApi(zone, put(zone, records, before.id, checkRecord(fields, zone.name), now)));
    }));
    lists.posts.forEach((op, i) => step(`posts[${i}]`, () => {
      out.posts.push(toApi(zone, put(zone, records, newId(), checkRecord(op, zone.name), now)));
    }));
    if (size > 0) this.commit(zone, records);
    return out;
  }
}
