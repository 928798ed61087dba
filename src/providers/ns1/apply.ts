import type { Change } from '../../core/change.js';
import { changeSubject } from '../../core/change.js';
import { ProviderError } from '../../core/errors.js';
import type { RRset } from '../../core/model.js';
import type { ChunkReceipt } from '../provider.js';
import { Ns1ApiError, type Ns1Client } from './client.js';
import { DYNAMIC_TYPES, type Dynamic } from '../../core/dynamic/model.js';
import { ns1Domain, txtRepresentable } from './answers.js';
import { NS1_TYPES } from './capabilities.js';
import { createBody, ns1Settings, updateBody } from './convert.js';
import { unservableSteering } from './dynamic.js';
import { Ns1Monitors } from './monitor-sync.js';
import { DEFAULT_MONITOR_REGIONS } from './monitors.js';

/**
 * A chunk failed part-way. NS1 has no batch endpoint, so the rrsets before the failing one are
 * live: `applied` lists exactly those changes (in order) so the journal can record them, and
 * `failed` is the change that did not go in. Nothing after it was attempted.
 */
export class Ns1ChunkError extends ProviderError {
  readonly applied: Change[];
  readonly failed: Change;

  constructor(provider: string, message: string, options: { applied: Change[]; failed: Change; transient: boolean; cause?: unknown }) {
    const details = options.applied.length === 0 ? ['no change of this chunk was applied'] : ['applied before the failure:', ...options.applied.map((c) => `  ${describe(c)}`)];
    super(provider, message, { transient: options.transient, details, cause: options.cause });
    this.name = 'Ns1ChunkError';
    this.applied = options.applied;
    this.failed = options.failed;
  }
}

function describe(change: Change): string {
  const rrset = changeSubject(change);
  return `${change.kind} ${rrset.name} ${rrset.type}`;
}

/** Why NS1 cannot take this rrset as it is, or undefined when it can. */
export function unservable(rrset: RRset): string | undefined {
  if (!NS1_TYPES.has(rrset.type)) return `NS1 does not serve ${rrset.type} records`;
  if (rrset.type === 'TXT' || rrset.type === 'SPF') {
    const bad = rrset.values.find((value) => !txtRepresentable(value));
    if (bad) return `NS1 keeps one string per ${rrset.type} answer (split at 255 bytes on the wire), so ${bad} would come back as one string`;
  }
  if (rrset.values.length === 0) return 'an NS1 record needs at least one answer';
  if (rrset.dynamic) {
    if (!DYNAMIC_TYPES.has(rrset.type)) return `traffic steering is for A, AAAA and CNAME records, not ${rrset.type}`;
    return unservableSteering(rrset);
  }
  return undefined;
}

/**
 * Plan time, for a zone file's rrset: besides `unservable`, a steered rrset may not declare NS1
 * filters, regions or answer meta. (Read from NS1, those fields hold what a person added beside the
 * steering; a rollback writes such an rrset back, and they are kept from the live record.)
 */
export function undeclarable(rrset: RRset): string | undefined {
  const reason = unservable(rrset);
  if (reason || !rrset.dynamic) return reason;
  const settings = ns1Settings(rrset);
  const clash = (['filters', 'regions', 'answerMeta'] as const).filter((key) => settings[key] !== undefined);
  return clash.length > 0 ? `a steered record's filter chain, regions and answer meta come from its dynamic rules: providerSettings.ns1 ${clash.join(', ')} cannot be declared beside them` : undefined;
}

/** Monitors first (a feed must exist before an answer names it), then the record; zonesync's monitors the rrset no longer needs go last. */
async function applyOne(client: Ns1Client, monitors: Ns1Monitors, zone: string, change: Change): Promise<void> {
  const subject = changeSubject(change);
  const domain = ns1Domain(subject.name);
  const after = change.kind === 'delete' ? undefined : change.after;
  const inUse = after?.dynamic ? await monitors.ensure(after as RRset & { dynamic: Dynamic }) : undefined;
  const feeds = inUse ? new Map([...inUse].map(([value, { feed }]) => [value, feed])) : undefined;
  switch (change.kind) {
    case 'create':
      try {
        await client.createRecord(zone, domain, subject.type, createBody(zone, change.after, feeds));
      } catch (error) {
        // An earlier attempt went through but its answer was lost: make sure it holds what we want.
        if (!(error instanceof Ns1ApiError && error.status === 400 && error.attempts > 1 && /already exists/.test(error.message))) throw error;
        await client.updateRecord(zone, domain, subject.type, updateBody(change.after, undefined, feeds));
      }
      break;
    case 'update': {
      // Read the live record so answers whose value stays keep the meta a filter chain relies on.
      const live = await client.getRecord(zone, domain, subject.type);
      await client.updateRecord(zone, domain, subject.type, updateBody(change.after, live, feeds));
      break;
    }
    case 'delete':
      try {
        await client.deleteRecord(zone, domain, subject.type);
      } catch (error) {
        if (!(error instanceof Ns1ApiError && error.status === 404 && error.attempts > 1)) throw error;
      }
      break;
  }
  if (inUse || (change.kind !== 'create' && change.before.dynamic)) await monitors.collect(subject, new Set([...(inUse?.values() ?? [])].map((m) => m.job)));
}

/**
 * One API call (two for an update: GET then POST) per rrset, in order, plus the monitor calls of
 * steered rrsets (the monitoring lists read once per chunk); stop at the first failure.
 */
export async function applyChunk(providerId: string, client: Ns1Client, zoneName: string, changes: Change[], monitorRegions: readonly string[] = DEFAULT_MONITOR_REGIONS): Promise<ChunkReceipt> {
  const zone = ns1Domain(zoneName);
  for (const change of changes) {
    const reason = unservable(changeSubject(change));
    if (reason && change.kind !== 'delete') {
      throw new Ns1ChunkError(providerId, `zone ${zoneName}: ${describe(change)}: ${reason}`, { applied: [], failed: change, transient: false });
    }
  }
  const before = client.calls.read + client.calls.write;
  const applied: Change[] = [];
  const monitors = new Ns1Monitors(client, monitorRegions);
  for (const change of changes) {
    try {
      await applyOne(client, monitors, zone, change);
    } catch (error) {
      const transient = error instanceof Ns1ApiError ? error.transient : false;
      const reason = error instanceof Error ? error.message : String(error);
      throw new Ns1ChunkError(providerId, `zone ${zoneName}: ${describe(change)} failed after ${applied.length} of ${changes.length} changes of the chunk: ${reason}`, {
        applied: [...applied],
        failed: change,
        transient,
        cause: error,
      });
    }
    applied.push(change);
  }
  return { apiCalls: client.calls.read + client.calls.write - before };
}
