import { describe, expect, it } from 'vitest';
import type { RRset, Zone } from './model.js';
import { liveDigest, planZone } from './plan.js';
import { planZoneRollback } from './rollback-plan.js';
import { DEFAULT_SAFETY } from './safety.js';

const Z = 'example.com.';
const rr = (name: string, value: string, ttl = 300): RRset => ({ name: `${name}.${Z}`, type: 'A', ttl, values: [value] });
const zone = (...rrsets: RRset[]): Zone => ({ name: Z, rrsets, soa: { mname: 'ns1.example.net.', rname: 'h.example.net.', serial: 1, refresh: 1, retry: 1, expire: 1, minimum: 120, ttl: 3600 } });

const snapshot = zone(rr('www', '192.0.2.1', 600), rr('old', '192.0.2.4'));
const desired = zone(rr('www', '192.0.2.2', 60), rr('new', '192.0.2.9'));
const run = planZone({ target: 'local', providerType: 'file', desired, live: snapshot, limits: DEFAULT_SAFETY });

describe('planZoneRollback (the rollback as a zone plan, from the live state now)', () => {
  it('after the whole run: every change undone, with the horizon of the rollback itself', () => {
    const { plan, conflicts } = planZoneRollback(run, desired, undefined);
    expect(conflicts).toEqual([]);
    expect(plan.changes).toEqual([
      { kind: 'create', after: rr('old', '192.0.2.4') },
      { kind: 'update', before: rr('www', '192.0.2.2', 60), after: rr('www', '192.0.2.1', 600) },
      { kind: 'delete', before: rr('new', '192.0.2.9') },
    ]);
    // Caches may hold "no such name" for old for the negative TTL, min(3600, 120).
    expect(plan.rollback.horizon).toMatchObject({ changeSeconds: 300, rollbackSeconds: 600, negativeTtl: 120 });
    expect(plan).toMatchObject({ zone: Z, target: 'local', providerType: 'file', zoneExists: true, liveDigest: liveDigest(desired), liveRRsets: 2, safety: { ok: true, reasons: [] } });
  });

  it('after part of the run: only what it left live', () => {
    const partway = zone(rr('www', '192.0.2.2', 60), rr('old', '192.0.2.4'));
    expect(planZoneRollback(run, partway, undefined).plan.changes).toEqual([{ kind: 'update', before: rr('www', '192.0.2.2', 60), after: rr('www', '192.0.2.1', 600) }]);
  });

  it('nothing left when live is the snapshot again', () => {
    expect(planZoneRollback(run, snapshot, undefined).plan.changes).toEqual([]);
  });

  it('an rrset someone else changed is a conflict, not a change', () => {
    const edited = zone(rr('www', '198.51.100.7'), rr('new', '192.0.2.9'));
    const { plan, conflicts } = planZoneRollback(run, edited, undefined);
    expect(conflicts).toEqual(['www.example.com. A: live state 300 198.51.100.7 is not one this run could have left (changed by someone else)']);
    expect(plan.changes.map((c) => c.kind)).toEqual(['create', 'delete']);
  });
});
