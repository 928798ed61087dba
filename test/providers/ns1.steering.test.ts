import { describe, expect, it } from 'vitest';
import type { Config, ZoneConfig } from '../../src/config/load.js';
import type { Change } from '../../src/core/change.js';
import { canonicalDynamic } from '../../src/core/dynamic/canonical.js';
import type { Dynamic } from '../../src/core/dynamic/model.js';
import type { RRset, Zone } from '../../src/core/model.js';
import { DEFAULT_SAFETY } from '../../src/core/safety.js';
import { makePlan } from '../../src/engine/plan.js';
import { ProviderSet } from '../../src/providers/registry.js';
import { useNs1 } from './ns1-fixture.js';

const ns1 = useNs1('st');

const v = (value: string, weight = 1, status: 'up' | 'down' | 'obey' = 'obey') => ({ value, weight, status });

function steered(weightEu = 3, host = 'www.'): RRset {
  const name = `${host}${ns1.zone}`;
  const dynamic = {
    pools: {
      lab: { values: [v('203.0.113.10', 1, 'up')] },
      eu: { values: [v('192.0.2.10', weightEu), v('192.0.2.11')], fallback: 'us' },
      us: { values: [v('198.51.100.10'), v('198.51.100.11', 1, 'down')] },
    },
    rules: [{ pool: 'lab', subnets: ['10.1.0.0/16'] }, { pool: 'eu', geos: ['EU-DE', 'EU-FR'] }, { pool: 'us' }],
  };
  return { name, type: 'A', ttl: 60, values: ['192.0.2.1'], dynamic: canonicalDynamic(name, 'A', dynamic as unknown as Dynamic, ns1.zone) };
}

async function live(name = `www.${ns1.zone}`): Promise<RRset | undefined> {
  return (await ns1.provider.read(ns1.zone))?.rrsets.find((r) => r.name === name && r.type === 'A');
}

function plan(desired: Zone) {
  const config = { path: 'zonesync.yaml', dir: '.', providers: { ns1: { type: 'ns1', raw: {} } }, registrars: {}, defaults: { safety: DEFAULT_SAFETY } } as unknown as Config;
  const zoneConfig = { name: ns1.zone, targets: ['ns1'], delegate: [] } as unknown as ZoneConfig;
  return makePlan(config, new ProviderSet(config, {}, { ns1: ns1.provider }), [{ config: zoneConfig, zone: desired, problems: [] }], { now: new Date() });
}


describe('NS1 provider: steered rrsets against the simulator', () => {
  it('creates the record in one PUT, after a monitor, notify list and feed per obeying value, and reads it back as the same steered rrset', async () => {
    const writes = ns1.sim.counters.writes;
    await ns1.provider.apply(ns1.zone, [{ kind: 'create', after: steered() }]);
    // 3 obeying values × (list, job, feed), the monitoring data source, the record.
    expect(ns1.sim.counters.writes - writes).toBe(3 * 3 + 1 + 1);
    expect(await live()).toEqual(steered());
    const stored = ns1.sim.record(ns1.zone, `www.${ns1.zone}`, 'A') as { filters: Array<{ filter: string }>; regions: Record<string, unknown> };
    expect(stored.filters.map((f) => f.filter)).toEqual(['up', 'netfence_prefix', 'geofence_country', 'select_first_region', 'priority', 'weighted_shuffle', 'select_first_n']);
    expect(Object.keys(stored.regions).sort()).toEqual(['eu__country', 'lab__subnet', 'us__catchall']);
  });

  it('a weight change is one change, one POST, and reads back with the new weight', async () => {
    await ns1.provider.apply(ns1.zone, [{ kind: 'create', after: steered() }]);
    const writes = ns1.sim.counters.writes;
    await ns1.provider.apply(ns1.zone, [{ kind: 'update', before: steered(), after: steered(7) }]);
    expect(ns1.sim.counters.writes - writes).toBe(1);
    const read = await live();
    expect(read).toEqual(steered(7));
    expect(read?.dynamic?.pools['eu']?.values.find((x) => x.value === '192.0.2.10')?.weight).toBe(7);
  });

  it('keeps a filter, meta and a region a person added, and the plan lists them as left alone', async () => {
    await ns1.provider.apply(ns1.zone, [{ kind: 'create', after: steered() }]);
    const stored = ns1.sim.record(ns1.zone, `www.${ns1.zone}`, 'A') as { filters: Array<Record<string, unknown>>; answers: Array<{ answer: string[]; region: string; meta: Record<string, unknown> }> };
    ns1.sim.setFilters(ns1.zone, `www.${ns1.zone}`, 'A', [...stored.filters.slice(0, 5), { filter: 'sticky', config: {} }, ...stored.filters.slice(5)]);
    const answers = stored.answers.map((a) => (a.answer[0] === '192.0.2.10' ? { ...a, meta: { ...a.meta, asn: [64500] } } : a));
    const response = await fetch(`${ns1.sim.baseUrl}/zones/${ns1.zone.slice(0, -1)}/www.${ns1.zone.slice(0, -1)}/A`, { method: 'POST', headers: { 'X-NSONE-Key': ns1.sim.apiKey }, body: JSON.stringify({ answers, meta: { note: 'web team' } }) });
    expect(response.status).toBe(200);

    const desired: Zone = { name: ns1.zone, rrsets: [steered(5)] };
    const planned = await plan(desired);
    expect(planned.zones[0]?.leftAlone).toEqual([
      { name: `www.${ns1.zone}`, type: 'A', reason: 'provider-routing', detail: 'NS1 keeps its filters beside the steering: sticky; record meta: note; meta of 1 answer (zonesync manages the answers, TTL and steering)' },
    ]);
    // The person's parts do not make the steering read as different.
    const before = await live();
    expect(before?.dynamic).toEqual(steered().dynamic);

    await ns1.provider.apply(ns1.zone, [{ kind: 'update', before: steered(), after: steered(5) }]);
    const after = ns1.sim.record(ns1.zone, `www.${ns1.zone}`, 'A') as typeof stored & { meta: Record<string, unknown> };
    expect(after.filters.map((f) => f.filter)).toEqual(['up', 'netfence_prefix', 'geofence_country', 'select_first_region', 'priority', 'sticky', 'weighted_shuffle', 'select_first_n']);
    expect(after.meta).toEqual({ note: 'web team' });
    expect(after.answers.filter((a) => a.answer[0] === '192.0.2.10').every((a) => (a.meta['asn'] as number[])[0] === 64500 && a.meta['weight'] === 5)).toBe(true);
    expect((await live())?.dynamic).toEqual(steered(5).dynamic);

    // A rollback writes back the rrset as read, the person's parts in its providerSettings: taken, and kept once.
    await ns1.provider.apply(ns1.zone, [{ kind: 'update', before: steered(5), after: before! }]);
    expect(await live()).toEqual(before);
    const restored = ns1.sim.record(ns1.zone, `www.${ns1.zone}`, 'A') as typeof stored;
    expect(restored.filters.filter((f) => f['filter'] === 'sticky')).toHaveLength(1);
  });

  it('deletes the steered record', async () => {
    await ns1.provider.apply(ns1.zone, [{ kind: 'create', after: steered() }]);
    await ns1.provider.apply(ns1.zone, [{ kind: 'delete', before: steered() } as Change]);
    expect(ns1.sim.record(ns1.zone, `www.${ns1.zone}`, 'A')).toBeUndefined();
    expect(await live()).toBeUndefined();
  });

  it('refuses at plan time what NS1 cannot serve, naming the record and why', async () => {
    const bad = steered();
    bad.dynamic = { ...bad.dynamic!, rules: [{ pool: 'eu', geos: ['EU-DE'] }, { pool: 'lab', subnets: ['10.1.0.0/16'] }, { pool: 'us' }] };
    await expect(plan({ name: ns1.zone, rrsets: [bad] })).rejects.toMatchObject({
      message: `${ns1.zone} cannot be planned on ns1`,
      details: [`ns1 (ns1): record www.${ns1.zone} A: rule 2: NS1's filter chain checks subnets before geos, so a subnet rule after a geo rule would answer first`],
    });
  });

  it('its nameserver answers each rule from its pool (ECS through dig)', async () => {
    await ns1.provider.apply(ns1.zone, [{ kind: 'create', after: steered() }]);
    const { execFile } = await import('node:child_process');
    const dig = (subnet: string) =>
      new Promise<string>((resolve, reject) =>
        execFile('dig', [`@${ns1.sim.dns.address}`, '-p', String(ns1.sim.dns.port), `+subnet=${subnet}`, '+short', '+time=2', '+tries=1', `www.${ns1.zone}`, 'A'], (error, stdout) => (error ? reject(error) : resolve(stdout.trim()))),
      );
    expect(await dig('10.1.9.0/24')).toBe('203.0.113.10');
    expect(['192.0.2.10', '192.0.2.11']).toContain(await dig('192.0.2.0/24'));
    // 198.51.100.0/24 is US: the catch-all pool, whose down value is never answered.
    const us = await Promise.all(Array.from({ length: 20 }, () => dig('198.51.100.0/24')));
    expect(new Set(us)).toEqual(new Set(['198.51.100.10']));
  });
});
