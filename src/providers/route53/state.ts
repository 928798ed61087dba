import type { Change as Route53Change, ResourceRecordSet } from '@aws-sdk/client-route-53';
import { changeSubject, type Change } from '../../core/change.js';
import { rrsetKey, type RRset } from '../../core/model.js';
import type { KnownRecordSets } from './apply.js';
import { zoneFromRoute53, type ReadZone, type UnmanagedRecordSet } from './convert.js';

/** What this provider last read or wrote of a hosted zone, by rrset key: what a DELETE must repeat, each steered rrset's record sets, and what it leaves alone. */
export class ZoneState implements KnownRecordSets {
  constructor(
    readonly raw = new Map<string, ResourceRecordSet>(),
    /** Each steered rrset's record sets as last read or written. */
    readonly steered = new Map<string, ResourceRecordSet[]>(),
    readonly unmanaged: UnmanagedRecordSet[] = [],
  ) {}

  /** A partial read of these rrsets: the freshest raw view of them (a later DELETE sends it), gone where the read found none. */
  readAgain(read: ReadZone, keys: ReadonlySet<string>): void {
    for (const key of keys) {
      const raw = read.raw.get(key);
      if (raw) this.raw.set(key, raw);
      else this.raw.delete(key);
      const steered = read.steered.get(key);
      if (steered) this.steered.set(key, steered);
      else this.steered.delete(key);
    }
  }

  /** A range read: what it found, over what was known. */
  readRange(read: ReadZone): void {
    for (const [key, raw] of read.raw) this.raw.set(key, raw);
    for (const [key, steered] of read.steered) this.steered.set(key, steered);
  }

  /** Keep the raw view current so a later DELETE without a fresh read sends what went in. */
  wrote(batch: Route53Change[]): void {
    for (const change of batch) {
      const set = change.ResourceRecordSet;
      if (!set || set.SetIdentifier !== undefined) continue;
      const read = zoneFromRoute53('.', '', [set]).zone.rrsets[0];
      if (!read) continue;
      if (change.Action === 'DELETE') this.raw.delete(rrsetKey(read));
      else this.raw.set(rrsetKey(read), set);
    }
  }

  /** The same for steered rrsets: their record sets as now written. */
  wroteSteered(changes: Change[], setsOf: (rrset: RRset) => ResourceRecordSet[]): void {
    for (const change of changes) {
      const subject = changeSubject(change);
      if (change.kind !== 'delete' && change.after.dynamic) this.steered.set(rrsetKey(change.after), setsOf(change.after));
      else this.steered.delete(rrsetKey(subject));
    }
  }

  /** The health checks the steered record sets known here name. */
  healthChecksInUse(): Set<string> {
    const inUse = new Set<string>();
    for (const sets of this.steered.values()) for (const set of sets) if (set.HealthCheckId) inUse.add(set.HealthCheckId);
    return inUse;
  }
}
