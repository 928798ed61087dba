import type { Change } from './change.js';
import { backwardGoals, converge } from './converge.js';
import { managedRRsets } from './diff.js';
import { ttlHorizon } from './horizon.js';
import type { Zone } from './model.js';
import { liveDigest, type ZonePlan } from './plan.js';
import { managedLive } from './ownership/index.js';
import { stagedStates } from './stage.js';

/** What rolling back one zone plan does now: a zone plan of its own, and the rrsets someone else changed since. */
export interface ZoneRollback {
  plan: ZonePlan;
  conflicts: string[];
}

/**
 * The rollback of a run's zone plan as a zone plan, from the live state read now: only what the run
 * left live is changed, so the preview shows exactly what will be sent. `lowTtl` names the states
 * a staged run passes through; `overwrite` (--force) also restores rrsets changed since. A rollback is not held to the safety rules: it returns to a reviewed snapshot.
 */
export function planZoneRollback(zp: ZonePlan, live: Zone | undefined, lowTtl: number | undefined, overwrite = false): ZoneRollback {
  const result = converge(backwardGoals(zp.changes, (c) => stagedStates(c, lowTtl)), live, zp.providerType, { overwrite });
  const changes: Change[] = result.changes;
  const managed = managedLive(live, zp.zone, zp.sharing).live;
  const plan: ZonePlan = {
    zone: zp.zone,
    target: zp.target,
    providerType: zp.providerType,
    zoneExists: live !== undefined,
    changes,
    liveDigest: liveDigest(managed),
    liveRRsets: managed ? managedRRsets(managed).length : 0,
    safety: { ok: true, reasons: [] },
    rollback: { horizon: ttlHorizon(changes, live?.soa) },
    warnings: [],
  };
  if (zp.sharing) plan.sharing = zp.sharing;
  return { conflicts: result.conflicts, plan };
}
