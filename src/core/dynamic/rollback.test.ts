import { describe, expect, it } from 'vitest';
import type { RRset, Zone } from '../model.js';
import { planZone, type ZonePlan } from '../plan.js';
import { planZoneRollback } from '../rollback-plan.js';
import { DEFAULT_SAFETY } from '../safety.js';
import { canonicalDynamic } from './canonical.js';
import type { Dynamic } from './model.js';

const Z = 'example.com.';
const dynamic = (weight: number): Dynamic => ({
  pools: { us: { values: [{ value: '192.0.2.1', weight, status: 'obey' }, { value: '192.0.2.2', weight: 1, status: 'obey' }] }, eu: { values: [{ value: '198.51.100.1', weight: 1, status: 'up' }], fallback: 'us' } },
  rules: [{ pool: 'eu', geos: ['EU-DE'] }, { pool: 'us' }],
  healthcheck: { host: 'www.example.com', path: '/health', port: 8443, protocol: 'HTTPS' },
  providerHealthcheck: { route53: { measure_latency: false } },
});
const steered = (weight: number): RRset => ({ name: `www.${Z}`, type: 'A', ttl: 60, values: ['192.0.2.250'], dynamic: canonicalDynamic(`www.${Z}`, 'A', dynamic(weight), Z) });
const zone = (...rrsets: RRset[]): Zone => ({ name: Z, rrsets });

/** What a saved plan and the journal hold: the plan as JSON, read back. */
const throughJson = (zp: ZonePlan): ZonePlan => JSON.parse(JSON.stringify(zp)) as ZonePlan;

describe('a steered rrset through the journal and rollback', () => {
  const run = throughJson(planZone({ target: 'ns1', providerType: 'ns1', desired: zone(steered(4)), live: zone(steered(3)), limits: DEFAULT_SAFETY }));

  it('the plan (as saved or journaled, JSON) keeps the whole steering on both sides of the one change', () => {
    expect(run.changes).toEqual([{ kind: 'update', before: steered(3), after: steered(4) }]);
  });

  it('rollback restores the whole steered rrset: pools, rules, weights and health settings', () => {
    const { plan, conflicts } = planZoneRollback(run, zone(steered(4)), undefined);
    expect(conflicts).toEqual([]);
    expect(plan.changes).toEqual([{ kind: 'update', before: steered(4), after: steered(3) }]);
    expect(planZoneRollback(run, zone(steered(3)), undefined).plan.changes).toEqual([]);
  });

  it('steering someone else changed since is a conflict, not overwritten', () => {
    const { plan, conflicts } = planZoneRollback(run, zone(steered(7)), undefined);
    expect(conflicts).toEqual([expect.stringContaining('www.example.com. A: live state')]);
    expect(plan.changes).toEqual([]);
  });

  it('a steered rrset created by the run is deleted whole by its rollback', () => {
    const created = throughJson(planZone({ target: 'ns1', providerType: 'ns1', desired: zone(steered(3)), live: zone(), limits: DEFAULT_SAFETY }));
    expect(planZoneRollback(created, zone(steered(3)), undefined).plan.changes).toEqual([{ kind: 'delete', before: steered(3) }]);
  });
});
