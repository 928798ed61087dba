import type { Change } from '../../core/change.js';
import { changeSubject } from '../../core/change.js';
import { ProviderError } from '../../core/errors.js';
import { isRecordType, rrsetKey, type FeatureType, type RRset, type Soa, type Zone } from '../../core/model.js';
import { canonicalName, compareNames } from '../../core/name.js';
import { canonicalRdata } from '../../core/rdata.js';
import type { WireRecord } from '../../dns/client.js';
import type { TsigKey } from '../../dns/tsig.js';
import { encodedUpdateSize, MAX_MESSAGE_SIZE, type DnsUpdate, type Prerequisite, type UpdateOperation } from '../../dns/update.js';

/** Pure conversion between the zone model and DNS: Change[] → RFC 2136 UPDATE messages, AXFR records → Zone. */

type WriteType = Exclude<RRset['type'], FeatureType>;

function wireType(rrset: RRset, provider: string, zone: string): WriteType {
  if (rrset.type === 'ALIAS') throw new ProviderError(provider, `${zone}: ${rrset.name} ALIAS: BIND has no ALIAS record; flatten it to A/AAAA or use a CNAME below the apex`);
  if (rrset.type === 'URLFWD') throw new ProviderError(provider, `${zone}: ${rrset.name} URLFWD: BIND has no URL forwarding record (an HTTP redirect is a web server's job)`);
  return rrset.type;
}

function adds(rrset: RRset, type: WriteType): UpdateOperation[] {
  return rrset.values.map((value) => ({ kind: 'add', name: rrset.name, type, ttl: rrset.ttl, value }));
}

/**
 * The prerequisites and updates of one change. The prerequisites pin what was read, so a
 * concurrent edit makes the whole message fail (YXRRSET/NXRRSET) instead of being overwritten.
 */
export function changeOperations(zone: string, change: Change, provider = 'bind'): { prerequisites: Prerequisite[]; updates: UpdateOperation[] } {
  switch (change.kind) {
    case 'create': {
      const type = wireType(change.after, provider, zone);
      return {
        prerequisites: [{ kind: 'rrset-absent', name: change.after.name, type }],
        updates: adds(change.after, type),
      };
    }
    case 'delete': {
      const type = wireType(change.before, provider, zone);
      return {
        prerequisites: [{ kind: 'rrset-exists-value', name: change.before.name, type, values: change.before.values }],
        updates: [{ kind: 'delete-rrset', name: change.before.name, type }],
      };
    }
    case 'update': {
      const type = wireType(change.after, provider, zone);
      const { before, after } = change;
      const prerequisites: Prerequisite[] = [{ kind: 'rrset-exists-value', name: before.name, type, values: before.values }];
      if (type === 'NS' && after.name === zone) {
        // RFC 2136 3.4.2.3: deleting the apex NS rrset is silently ignored, so add the new names first, then drop the old ones.
        const removed = before.values.filter((value) => !after.values.includes(value));
        return {
          prerequisites,
          updates: [...adds(after, type), ...removed.map((value): UpdateOperation => ({ kind: 'delete-rr', name: before.name, type, value }))],
        };
      }
      return { prerequisites, updates: [{ kind: 'delete-rrset', name: before.name, type }, ...adds(after, type)] };
    }
  }
}

type Operations = ReturnType<typeof changeOperations>;

/** One UPDATE message and the changes it carries. */
export interface UpdateBatch {
  update: DnsUpdate;
  changes: Change[];
}

function batch(zone: string, changes: Change[], parts: Operations[]): UpdateBatch {
  // Deletes go first: named ignores a CNAME added beside data the same message deletes later (A → CNAME).
  const deletes = parts.filter((_, i) => changes[i]?.kind === 'delete');
  const others = parts.filter((_, i) => changes[i]?.kind !== 'delete');
  const updates = [...deletes, ...others].flatMap((p) => p.updates);
  return { update: { zone, prerequisites: parts.flatMap((p) => p.prerequisites), updates }, changes };
}

/**
 * One UPDATE message for the whole chunk (atomic in BIND), split into several only when it would
 * exceed `maxBytes` (64 KiB, TSIG included); a single change that cannot fit in one message is an error, never split.
 */
export function updateBatches(
  zone: string,
  changes: Change[],
  options: { tsig?: TsigKey; maxBytes?: number; provider?: string } = {},
): UpdateBatch[] {
  if (changes.length === 0) return [];
  const provider = options.provider ?? 'bind';
  const maxBytes = options.maxBytes ?? MAX_MESSAGE_SIZE;
  const size = (parts: Operations[]): number => encodedUpdateSize({ zone, prerequisites: parts.flatMap((p) => p.prerequisites), updates: parts.flatMap((p) => p.updates) }, options.tsig);
  const parts = changes.map((change) => changeOperations(zone, change, provider));
  if (size(parts) <= maxBytes) return [batch(zone, changes, parts)];
  // Records are encoded without compression, so each change's bytes add up exactly.
  const base = size([]);
  const batches: UpdateBatch[] = [];
  let start = 0;
  let used = base;
  for (const [index, part] of parts.entries()) {
    const bytes = size([part]) - base;
    if (base + bytes > maxBytes) {
      const subject = changeSubject(changes[index] as Change);
      throw new ProviderError(provider, `${zone}: ${subject.name} ${subject.type}: one change needs ${base + bytes} bytes, more than one DNS UPDATE message can carry (${maxBytes})`);
    }
    if (used + bytes > maxBytes) {
      batches.push(batch(zone, changes.slice(start, index), parts.slice(start, index)));
      start = index;
      used = base;
    }
    used += bytes;
  }
  batches.push(batch(zone, changes.slice(start), parts.slice(start)));
  return batches;
}

/**
 * named's private type for the state of its own signing (`sig-signing-type`, 65534 unless set
 * otherwise in named.conf): named writes and removes those records, so zonesync leaves them alone.
 */
export const BIND_SIGNING_TYPE = 'TYPE65534';

/** One transferred record in the model's canonical form; undefined for what zonesync leaves to the server (SOA, named's signing state, types it does not model). */
export function canonicalRecord(zone: string, record: WireRecord, provider = 'bind'): { name: string; type: RRset['type']; ttl: number; value: string } | undefined {
  // SOA and the signing state are the server's; DNSSEC types zonesync does not manage are left alone.
  if (record.type === 'SOA' || !isRecordType(record.type) || record.type === 'ALIAS' || record.type === BIND_SIGNING_TYPE) return undefined;
  const name = canonicalName(record.name, '.');
  if (!name.ok) throw new ProviderError(provider, `${zone}: the transfer holds a bad name "${record.name}": ${name.error}`);
  const value = canonicalRdata(record.type, record.value, zone);
  if (!value.ok) throw new ProviderError(provider, `${zone}: ${name.name} ${record.type}: the transfer holds "${record.value}": ${value.error}`);
  return { name: name.name, type: record.type, ttl: record.ttl, value: value.value };
}

/** Rrsets in the order a zone read gives them: by name (DNSSEC order), then type. */
export function sortRRsets(rrsets: RRset[]): RRset[] {
  for (const rrset of rrsets) rrset.values.sort();
  return rrsets.sort((a, b) => compareNames(a.name, b.name) || (a.type < b.type ? -1 : a.type > b.type ? 1 : 0));
}

/** The zone as an AXFR returned it: SOA apart, the rest grouped into rrsets of canonical, sorted values. */
export function zoneFromTransfer(zone: string, soa: Soa, records: WireRecord[], provider = 'bind'): Zone {
  const groups = new Map<string, RRset>();
  for (const record of records) {
    const canonical = canonicalRecord(zone, record, provider);
    if (!canonical) continue;
    const key = rrsetKey(canonical);
    const rrset = groups.get(key);
    if (!rrset) groups.set(key, { name: canonical.name, type: canonical.type, ttl: canonical.ttl, values: [canonical.value] });
    else {
      rrset.ttl = Math.min(rrset.ttl, canonical.ttl);
      if (!rrset.values.includes(canonical.value)) rrset.values.push(canonical.value);
    }
  }
  return { name: zone, soa, rrsets: sortRRsets([...groups.values()]) };
}

/** What the live zone should hold for one change's rrset: undefined when it should be gone. */
function expected(change: Change): RRset | undefined {
  return change.kind === 'delete' ? undefined : change.after;
}

/**
 * The changes that did not take: BIND answers NOERROR to some updates it ignores (an A beside a
 * CNAME, a DS at the apex, deleting the apex NS), so the applier reads back and compares.
 */
export function untakenChanges(changes: Change[], live: readonly RRset[]): Array<{ change: Change; found: RRset | undefined }> {
  const byKey = new Map(live.map((rrset) => [rrsetKey(rrset), rrset]));
  const untaken: Array<{ change: Change; found: RRset | undefined }> = [];
  for (const change of changes) {
    const want = expected(change);
    const found = byKey.get(rrsetKey(changeSubject(change)));
    const same = want === undefined
      ? found === undefined
      : found !== undefined && found.ttl === want.ttl && JSON.stringify(found.values) === JSON.stringify(want.values);
    if (!same) untaken.push({ change, found });
  }
  return untaken;
}
