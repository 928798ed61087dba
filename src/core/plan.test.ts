import { describe, expect, it } from 'vitest';
import type { RRset, Soa, Zone } from './model.js';
import { apexNsChange, buildPlan, liveDigest, planApexNs, planChecksum, planZone, withProviderKept } from './plan.js';
import { checkSafety, DEFAULT_SAFETY } from './safety.js';

const Z = 'example.com.';
const rr = (name: string, type: RRset['type'], values: string[], ttl = 300): RRset => ({ name: name ? `${name}.${Z}` : Z, type, ttl, values });
const soa: Soa = { mname: 'ns1.example.net.', rname: 'h.example.com.', serial: 1, refresh: 1, retry: 1, expire: 1, minimum: 600, ttl: 3600 };
const many = (n: number, prefix = 'h', value = '192.0.2.1') => Array.from({ length: n }, (_, i) => rr(`${prefix}${i}`, 'A', [value]));

describe('planZone', () => {
  it('carries the TTL horizon of its rollback, computed from the live snapshot, and no rollback changes (rollback works them out from the journal)', () => {
    const live: Zone = { name: Z, soa, rrsets: [rr('', 'NS', ['ns1.example.net.'], 86400), rr('www', 'A', ['192.0.2.1'], 86400), rr('old', 'A', ['192.0.2.5'], 120)] };
    const desired: Zone = { name: Z, rrsets: [rr('www', 'A', ['192.0.2.2'], 300), rr('new', 'A', ['192.0.2.9'], 900)] };
    const zp = planZone({ target: 'pdns', providerType: 'powerdns', desired, live, limits: { ...DEFAULT_SAFETY, minExistingRecords: 100 } });
    expect(zp.changes.map((c) => c.kind)).toEqual(['create', 'update', 'delete']);
    expect(zp.rollback).not.toHaveProperty('changes');
    // change: longest old TTL (86400) beats the negative TTL min(3600, 600); rollback: new TTL 900 beats 600.
    expect(zp.rollback.horizon).toMatchObject({ changeSeconds: 86400, rollbackSeconds: 900, negativeTtl: 600 });
    expect(zp.warnings).toEqual(['1 new name (new.example.com.): after a rollback, caches may still answer it for up to 900s']);
  });

  it('warns about TTLs above the live NS TTL', () => {
    const live: Zone = { name: Z, rrsets: [rr('', 'NS', ['ns1.example.net.'], 3600)] };
    const zp = planZone({ target: 't', providerType: 'file', desired: { name: Z, rrsets: [rr('', 'A', ['192.0.2.1'], 86400)] }, live, limits: DEFAULT_SAFETY });
    expect(zp.warnings[0]).toBe("example.com. A: TTL 86400 is above the zone's NS TTL 3600; it can outlive a change of provider");
  });

  it('leaves the TTL warning out when the zone disables ttl-above-ns-ttl', () => {
    const live: Zone = { name: Z, rrsets: [rr('', 'NS', ['ns1.example.net.'], 3600)] };
    const zp = planZone({ target: 't', providerType: 'file', desired: { name: Z, rrsets: [rr('', 'A', ['192.0.2.1'], 86400)] }, live, limits: DEFAULT_SAFETY, disabledRules: ['ttl-above-ns-ttl'] });
    expect(zp.warnings).toEqual([]);
  });

  it('warns against the configured NS TTL when the live zone has no apex NS (a zone the target does not have yet)', () => {
    const desired: Zone = { name: Z, rrsets: [rr('', 'A', ['192.0.2.1'], 86400), rr('www', 'A', ['192.0.2.2'], 300)] };
    const created = planZone({ target: 't', providerType: 'ns1', desired, live: undefined, limits: DEFAULT_SAFETY, nsTtl: 3600 });
    expect(created.warnings[0]).toBe("example.com. A: TTL 86400 is above the zone's NS TTL 3600; it can outlive a change of provider");
    // The live apex NS TTL, when there is one, is what resolvers hold: it wins over the configured one.
    const live: Zone = { name: Z, rrsets: [rr('', 'NS', ['ns1.example.net.'], 172800)] };
    expect(planZone({ target: 't', providerType: 'file', desired, live, limits: DEFAULT_SAFETY, nsTtl: 3600 }).warnings.filter((w) => w.includes('NS TTL'))).toEqual([]);
    expect(planZone({ target: 't', providerType: 'ns1', desired, live: undefined, limits: DEFAULT_SAFETY }).warnings.filter((w) => w.includes('NS TTL'))).toEqual([]);
  });

  it('binds the checksum to the content', () => {
    const zp = planZone({ target: 't', providerType: 'file', desired: { name: Z, rrsets: many(2) }, live: undefined, limits: DEFAULT_SAFETY });
    const plan = buildPlan([zp], new Date('2026-01-01T00:00:00Z'));
    expect(planChecksum(plan)).toBe(plan.checksum);
    const tampered = { ...plan, zones: [{ ...zp, changes: zp.changes.slice(1) }] };
    expect(planChecksum(tampered)).not.toBe(plan.checksum);
  });

  it('digests live state independently of rrset order and SOA', () => {
    const a: Zone = { name: Z, rrsets: [rr('a', 'A', ['192.0.2.1']), rr('b', 'A', ['192.0.2.2'])] };
    const b: Zone = { name: Z, soa, rrsets: [rr('a', 'A', ['192.0.2.1']), rr('b', 'A', ['192.0.2.2'])] };
    expect(liveDigest(a)).toBe(liveDigest(b));
    expect(liveDigest({ ...a, rrsets: [rr('a', 'A', ['192.0.2.9'])] })).not.toBe(liveDigest(a));
  });
});

describe('checkSafety', () => {
  const update = (r: RRset) => ({ kind: 'update' as const, before: r, after: { ...r, ttl: 1 } });
  const del = (r: RRset) => ({ kind: 'delete' as const, before: r });
  it.each([
    ['4 of 10 updated (40%) is refused', many(4).map(update), 10, ['updates 4 of 10 rrsets (40.0%), above maxUpdatePercent 30%']],
    ['3 of 10 updated (30%) passes', many(3).map(update), 10, []],
    ['4 of 10 deleted is refused', many(4).map(del), 10, ['deletes 4 of 10 rrsets (40.0%), above maxDeletePercent 30%']],
    ['small zones are not held to percentages', many(5).map(del), 9, []],
    ['an apex NS change is refused', [update(rr('', 'NS', ['ns1.example.net.']))], 100, ['changes the apex NS of example.com. (the zone\'s delegation)']],
  ])('%s', (_t, changes, existing, reasons) => {
    expect(checkSafety(changes, existing, DEFAULT_SAFETY, Z)).toEqual({ ok: reasons.length === 0, reasons });
  });
});

describe('planApexNs', () => {
  it('is a plan of the one apex NS change against the live zone, refused by safety (switch applies it forced)', () => {
    const live: Zone = { name: Z, rrsets: [rr('', 'NS', ['ns1.a.net.'], 3600), ...many(3)], soa };
    const change = apexNsChange(Z, live, ['ns2.b.net.', 'ns1.b.net.'], 60);
    expect(change).toEqual({ kind: 'update', before: rr('', 'NS', ['ns1.a.net.'], 3600), after: rr('', 'NS', ['ns1.b.net.', 'ns2.b.net.'], 3600) });
    const zp = planApexNs({ zone: Z, target: 'b', providerType: 'powerdns', live, change: change!, limits: DEFAULT_SAFETY });
    expect(zp).toMatchObject({ zone: Z, target: 'b', zoneExists: true, changes: [change], liveDigest: liveDigest(live), warnings: [] });
    expect(zp.safety.ok).toBe(false);
    expect(zp.rollback.horizon.changeSeconds).toBe(3600);
  });
});

describe('planZone with provider repairs', () => {
  const live: Zone = { name: Z, rrsets: [rr('www', 'A', ['192.0.2.1']), rr('api', 'A', ['192.0.2.2']), rr('_acme-challenge', 'TXT', ['"t"'])] };
  const desired: Zone = { name: Z, rrsets: [rr('www', 'A', ['192.0.2.1']), rr('api', 'A', ['192.0.2.3']), rr('new', 'A', ['192.0.2.4'])] };
  const repair = (name: string, type: RRset['type'] = 'A') => ({ name: `${name}.${Z}`, type, reason: `monitor of ${name} is missing` });
  const input = { target: 'ns1', providerType: 'ns1', desired, live, limits: DEFAULT_SAFETY, policy: { ignore: [{ name: '_acme-challenge', type: ['TXT'] }], purge: true } };

  it('writes an unchanged managed rrset again, as an update to itself in diff order, with the reason; counted and digested like any change', () => {
    const zp = planZone({ ...input, repairs: [repair('www')] });
    expect(zp.changes.map((c) => `${c.kind} ${c.kind === 'delete' ? c.before.name : c.after.name}`)).toEqual([`update api.${Z}`, `create new.${Z}`, `update www.${Z}`]);
    expect(zp.changes[2]).toEqual({ kind: 'update', before: rr('www', 'A', ['192.0.2.1']), after: rr('www', 'A', ['192.0.2.1']) });
    expect(zp.repairs).toEqual([repair('www')]);
    expect(zp.liveDigest).toBe(planZone(input).liveDigest);
    const limits = { maxUpdatePercent: 50, maxDeletePercent: 50, minExistingRecords: 1 };
    expect(planZone({ ...input, limits }).safety.ok).toBe(true);
    expect(planZone({ ...input, limits, repairs: [repair('www'), repair('www')] }).changes).toHaveLength(3);
    expect(planZone({ ...input, limits, repairs: [repair('www')] }).safety.reasons).toEqual(['updates 2 of 2 rrsets (100.0%), above maxUpdatePercent 50%']);
  });

  it.each([
    ['changing anyway', repair('api')],
    ['not live yet', repair('new')],
    ['left alone by an ignore rule', repair('_acme-challenge', 'TXT')],
  ])('leaves out an rrset %s (no second change, no repair listed)', (_what, r) => {
    const zp = planZone({ ...input, repairs: [r] });
    expect(zp.changes).toEqual(planZone(input).changes);
    expect(zp).not.toHaveProperty('repairs');
  });
});

describe('withProviderKept', () => {
  const kept = [
    { name: `w.${Z}`, type: 'A', detail: 'weighted record (SetIdentifier "blue")' },
    { name: `w.${Z}`, type: 'A', detail: 'weighted record (SetIdentifier "green")' },
    { name: `_acme-challenge.${Z}`, type: 'TXT', detail: 'held twice' },
  ];
  const live: Zone = { name: Z, soa, rrsets: [rr('www', 'A', ['192.0.2.1']), rr('_acme-challenge', 'TXT', ['"x"']), ...many(3, 'old')] };
  const desired: Zone = { name: Z, rrsets: [rr('www', 'A', ['192.0.2.2'])] };
  const input = { target: 'r53', providerType: 'route53', desired, live, limits: DEFAULT_SAFETY, policy: { ignore: [{ name: '_acme-challenge', type: ['TXT'] }], purge: true } };

  it('adds what the provider keeps to the left-alone list, one per set identifier, and changes nothing else', () => {
    const planned = planZone(input);
    const merged = withProviderKept(planned, kept);
    expect(merged.leftAlone).toEqual([
      { name: `_acme-challenge.${Z}`, type: 'TXT', reason: 'rule', rule: 0 },
      { name: `w.${Z}`, type: 'A', reason: 'provider-routing', detail: 'weighted record (SetIdentifier "blue")' },
      { name: `w.${Z}`, type: 'A', reason: 'provider-routing', detail: 'weighted record (SetIdentifier "green")' },
    ]);
    // not in the digest, the safety counts or the changes
    const { leftAlone: _a, ...rest } = merged;
    const { leftAlone: _b, ...before } = planned;
    expect(rest).toEqual(before);
    expect(merged.liveDigest).toBe(planned.liveDigest);
    expect(merged.safety).toEqual(planned.safety);
    expect(merged.liveRRsets).toBe(planned.liveRRsets);
    expect(planned.leftAlone).toHaveLength(1);
  });

  it('keeps the plan as it is when the provider keeps nothing', () => {
    const planned = planZone({ ...input, policy: { ignore: [], purge: true } });
    expect(withProviderKept(planned, [])).toBe(planned);
    expect(withProviderKept(planned, kept.slice(0, 1)).leftAlone).toEqual([{ name: `w.${Z}`, type: 'A', reason: 'provider-routing', detail: 'weighted record (SetIdentifier "blue")' }]);
  });
});
