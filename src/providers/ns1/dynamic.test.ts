import { describe, expect, it } from 'vitest';
import { canonicalDynamic } from '../../core/dynamic/canonical.js';
import type { Dynamic } from '../../core/dynamic/model.js';
import type { RRset } from '../../core/model.js';
import { undeclarable, unservable } from './apply.js';
import type { Ns1Answer, Ns1Record } from './api.js';
import { createBody, keptByNs1, rrsetFromRecord, updateBody } from './convert.js';
import { encodeNote, parseNote, poolOfRegion } from './dynamic.js';

const NAME = 'www.example.com.';

function steered(dynamic: Omit<Dynamic, 'healthcheck'> & { healthcheck?: Dynamic['healthcheck'] }, values = ['192.0.2.1']): RRset {
  return { name: NAME, type: 'A', ttl: 60, values, dynamic: canonicalDynamic(NAME, 'A', dynamic as Dynamic, 'example.com.') };
}

const STEERED = steered({
  pools: {
    lab: { values: [{ value: '203.0.113.10', weight: 1, status: 'up' }] },
    eu: { values: [{ value: '192.0.2.10', weight: 3, status: 'obey' }, { value: '192.0.2.11', weight: 1, status: 'obey' }], fallback: 'us' },
    us: { values: [{ value: '198.51.100.10', weight: 1, status: 'up' }, { value: '198.51.100.11', weight: 1, status: 'down' }] },
  },
  rules: [{ pool: 'lab', subnets: ['10.1.0.0/16'] }, { pool: 'eu', geos: ['EU'] }, { pool: 'us', geos: ['NA-US-CA', 'NA-CA'] }, { pool: 'us' }],
});

/** The record as NS1 would store the create body. */
function stored(body: Record<string, unknown>): Ns1Record {
  return { zone: 'example.com', domain: 'www.example.com', type: 'A', ...body } as Ns1Record;
}

const byRegion = (answers: Ns1Answer[], region: string) => answers.filter((a) => a.region === region).map((a) => [a.answer[0], a.meta?.['priority'], a.meta?.['up'], a.meta?.['weight']]);

describe('NS1 steering: a dynamic rrset → answers, regions, filter chain', () => {
  const body = createBody('example.com.', STEERED) as { answers: Ns1Answer[]; filters: Array<{ filter: string; config: unknown }>; regions: Record<string, { meta: Record<string, unknown> }> };

  it('builds octoDNS\'s chain for subnet, country and region rules', () => {
    expect(body.filters).toEqual([
      { filter: 'up', config: {} },
      { filter: 'netfence_prefix', config: { remove_no_ip_prefixes: true } },
      { filter: 'geofence_country', config: { remove_no_location: true } },
      { filter: 'geofence_regional', config: { remove_no_georegion: true } },
      { filter: 'select_first_region', config: {} },
      { filter: 'priority', config: { eliminate: '1' } },
      { filter: 'weighted_shuffle', config: {} },
      { filter: 'select_first_n', config: { N: '1' } },
    ]);
  });

  it('makes one region per rule and kind, with the targeting in its meta and the rule order in its note', () => {
    expect(body.regions).toEqual({
      lab__subnet: { meta: { note: 'rule-order:0', ip_prefixes: ['10.1.0.0/16'] } },
      eu__georegion: { meta: { note: 'fallback:us rule-order:1', georegion: ['EUROPE'] } },
      us__country: { meta: { note: 'rule-order:2', country: ['CA'], us_state: ['CA'] } },
      us__catchall: { meta: { note: 'rule-order:3' } },
    });
  });

  it('puts the pool at priority 1, its fallback at 2, the record values last; down is up:false, weights kept', () => {
    expect(byRegion(body.answers, 'eu__georegion')).toEqual([
      ['192.0.2.10', 1, true, 3],
      ['192.0.2.11', 1, true, 1],
      ['198.51.100.10', 2, true, 1],
      ['198.51.100.11', 2, false, 1],
      ['192.0.2.1', 3, true, 1],
    ]);
    expect(body.answers.find((a) => a.region === 'eu__georegion')?.meta?.['note']).toBe('fallback:us from:eu__georegion pool:eu status:obey');
    expect(body.answers.find((a) => a.region === 'lab__subnet' && a.answer[0] === '192.0.2.1')?.meta?.['note']).toBe('from:--default--');
  });

  it('reads back as the same canonical rrset (the re-plan is empty)', () => {
    expect(rrsetFromRecord(stored(body), 3600)).toEqual(STEERED);
  });

  it('writes continents NS1 has no georegion for as their countries, and reads them back as the continent', () => {
    const asia = steered({ pools: { as: { values: [{ value: '192.0.2.5', weight: 1, status: 'up' }] }, jp: { values: [{ value: '192.0.2.6', weight: 1, status: 'up' }] } }, rules: [{ pool: 'jp', geos: ['AS-JP'] }, { pool: 'as', geos: ['AS'] }, { pool: 'as' }] });
    const written = createBody('example.com.', { ...asia, dynamic: { ...asia.dynamic!, rules: asia.dynamic!.rules.slice(0, 2) } }) as { regions: Record<string, { meta: Record<string, unknown> }> };
    expect(written.regions['as__country']?.meta['note']).toBe('continents:AS rule-order:1');
    expect(written.regions['as__country']?.meta['country']).not.toContain('JP');
    expect(written.regions['as__country']?.meta['country']).toContain('CN');
    expect(written.regions['jp__country']?.meta['country']).toEqual(['JP']);
    expect(rrsetFromRecord(stored({ ...written, ttl: 60 }), 3600)?.dynamic?.rules).toEqual([{ pool: 'jp', geos: ['AS-JP'] }, { pool: 'as', geos: ['AS'] }]);
  });

  it('carries health-check settings other than octoDNS\'s defaults in the fallback answers\' note', () => {
    const checked = { ...STEERED, dynamic: { ...STEERED.dynamic!, healthcheck: { host: 'probe.example.com', path: '/up', port: 8080, protocol: 'HTTP' as const } } };
    const written = createBody('example.com.', checked) as { answers: Ns1Answer[] };
    expect(parseNote(written.answers.find((a) => parseNote(a.meta?.['note'])['from'] === '--default--')?.meta?.['note'])['hc']).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(rrsetFromRecord(stored({ ...written, ttl: 60 }), 3600)?.dynamic?.healthcheck).toEqual(checked.dynamic.healthcheck);
  });

  it('round-trips a steered CNAME and AAAA (names written without the trailing dot, read back absolute)', () => {
    const cname: RRset = { name: NAME, type: 'CNAME', ttl: 60, values: ['origin.example.net.'], dynamic: canonicalDynamic(NAME, 'CNAME', { pools: { eu: { values: [{ value: 'eu.cdn.example.net.', weight: 1, status: 'up' }] } }, rules: [{ pool: 'eu', geos: ['EU'] }] } as unknown as Dynamic, 'example.com.') };
    const written = createBody('example.com.', cname) as { answers: Ns1Answer[] };
    expect(written.answers.map((a) => a.answer[0])).toEqual(['eu.cdn.example.net', 'origin.example.net']);
    expect(rrsetFromRecord(stored({ ...written, type: 'CNAME' }), 3600)).toEqual(cname);
    const aaaa: RRset = { name: NAME, type: 'AAAA', ttl: 60, values: ['2001:db8::1'], dynamic: canonicalDynamic(NAME, 'AAAA', { pools: { lab: { values: [{ value: '2001:db8:0:0::10', weight: 2, status: 'down' }] } }, rules: [{ pool: 'lab', subnets: ['2001:db8:de::/48'] }] } as unknown as Dynamic, 'example.com.') };
    expect(rrsetFromRecord(stored({ ...createBody('example.com.', aaaa), type: 'AAAA' }), 3600)).toEqual(aaaa);
  });

  it('encodes and parses notes as octoDNS does, and names pools from region labels', () => {
    expect(encodeNote({ pool: 'eu', from: 'eu__country', fallback: '' })).toBe('fallback: from:eu__country pool:eu');
    expect(parseNote('fallback: from:eu__country pool:eu')).toEqual({ fallback: '', from: 'eu__country', pool: 'eu' });
    expect([poolOfRegion('eu__country'), poolOfRegion('a__b__subnet'), poolOfRegion('catchall__x'), poolOfRegion('plain')]).toEqual(['eu', 'a__b', 'x', 'plain']);
  });
});

describe('NS1 steering: what a person added survives an update, and the plan names it', () => {
  const created = stored({ ...createBody('example.com.', STEERED), ttl: 60 }) as Ns1Record & { regions: Record<string, { meta: Record<string, unknown> }> };
  const live: Ns1Record = {
    ...created,
    meta: { note: 'owned by the web team' },
    filters: [...(created.filters ?? []).slice(0, 6), { filter: 'sticky', config: {} }, ...(created.filters ?? []).slice(6)],
    regions: { ...created.regions, eu__georegion: { meta: { ...created.regions['eu__georegion']!.meta, latitude: 50.1 } }, manual: { meta: { note: 'hand made' } } },
    answers: created.answers.map((a) => (a.answer[0] === '192.0.2.10' && a.region === 'eu__georegion' ? { ...a, meta: { ...a.meta, asn: [64500] } } : a)),
  };

  it('reads the steering through the foreign parts, which become providerSettings.ns1', () => {
    const read = rrsetFromRecord(live, 3600);
    expect(read?.dynamic).toEqual(STEERED.dynamic);
    expect(read?.providerSettings?.['ns1']).toEqual({
      filters: [{ filter: 'sticky', config: {} }],
      meta: { note: 'owned by the web team' },
      regions: { manual: { meta: { note: 'hand made' } }, eu__georegion: { meta: { latitude: 50.1 } } },
      answerMeta: { '192.0.2.10': { asn: [64500] } },
    });
    expect(keptByNs1({ rrsets: [read!] }, { rrsets: [STEERED] }).map((k) => k.detail)).toEqual([
      'NS1 keeps its filters beside the steering: sticky; record meta: note; regions: eu__georegion, manual; meta of 1 answer (zonesync manages the answers, TTL and steering)',
    ]);
  });

  it('a weight change keeps the person\'s filter in place, their region, region meta and answer meta, and sends no record meta', () => {
    const heavier = steered({ ...STEERED.dynamic!, pools: { ...STEERED.dynamic!.pools, eu: { ...STEERED.dynamic!.pools['eu']!, values: [{ value: '192.0.2.10', weight: 5, status: 'obey' }, { value: '192.0.2.11', weight: 1, status: 'obey' }] } } });
    const body = updateBody(heavier, live) as { filters: Array<{ filter: string }>; regions: Record<string, { meta: Record<string, unknown> }>; answers: Ns1Answer[] };
    expect(body.filters.map((f) => f.filter)).toEqual(['up', 'netfence_prefix', 'geofence_country', 'geofence_regional', 'select_first_region', 'priority', 'sticky', 'weighted_shuffle', 'select_first_n']);
    expect(body.regions['manual']).toEqual({ meta: { note: 'hand made' } });
    expect(body.regions['eu__georegion']?.meta).toMatchObject({ latitude: 50.1, georegion: ['EUROPE'] });
    expect(body.answers.find((a) => a.answer[0] === '192.0.2.10' && a.region === 'eu__georegion')?.meta).toMatchObject({ asn: [64500], weight: 5 });
    expect(body).not.toHaveProperty('meta');
    const read = rrsetFromRecord({ ...live, ...body } as Ns1Record, 3600);
    expect(read?.dynamic).toEqual(heavier.dynamic);
  });

  it('a data feed on an obey value (an NS1 monitor) reads as obey and stays through an update; a value forced up loses it', () => {
    const fed: Ns1Record = { ...created, answers: created.answers.map((a) => (a.answer[0] === '192.0.2.10' ? { ...a, meta: { ...a.meta, up: { feed: 'f1' } } } : a)) };
    expect(rrsetFromRecord(fed, 3600)?.dynamic).toEqual(STEERED.dynamic);
    const body = updateBody(STEERED, fed) as { answers: Ns1Answer[] };
    expect(body.answers.filter((a) => a.answer[0] === '192.0.2.10').map((a) => a.meta?.['up'])).toEqual([{ feed: 'f1' }]);
    const forced = { ...STEERED, dynamic: { ...STEERED.dynamic!, pools: { ...STEERED.dynamic!.pools, eu: { ...STEERED.dynamic!.pools['eu']!, values: STEERED.dynamic!.pools['eu']!.values.map((x) => ({ ...x, status: 'up' as const })) } } } };
    expect((updateBody(forced, fed) as { answers: Ns1Answer[] }).answers.filter((a) => a.answer[0] === '192.0.2.10').map((a) => a.meta?.['up'])).toEqual([true]);
  });

  it('an obeying value with a monitor feed is written `up: {feed}` with the feed in its note, and reads back as obey, not as a person\'s meta', () => {
    const feeds = new Map([['192.0.2.10', 'f-ours']]);
    const body = createBody('example.com.', STEERED, feeds) as { answers: Ns1Answer[] };
    const ten = body.answers.filter((a) => a.answer[0] === '192.0.2.10');
    expect(ten.map((a) => a.meta?.['up'])).toEqual([{ feed: 'f-ours' }]);
    expect(parseNote(ten[0]?.meta?.['note'])).toMatchObject({ status: 'obey', feed: 'f-ours' });
    expect(body.answers.filter((a) => a.answer[0] === '192.0.2.11').map((a) => a.meta?.['up'])).toEqual([true]);
    const record = stored(body);
    expect(rrsetFromRecord(record, 3600)?.dynamic).toEqual(STEERED.dynamic);
    expect(keptByNs1({ rrsets: [rrsetFromRecord(record, 3600)!] }, { rrsets: [STEERED] })).toEqual([]);
  });

  it('zonesync\'s feed replaces a person\'s on an update, and a value without a feed of zonesync\'s keeps theirs', () => {
    const fed: Ns1Record = { ...created, answers: created.answers.map((a) => (a.answer[0] === '192.0.2.10' || a.answer[0] === '192.0.2.11' ? { ...a, meta: { ...a.meta, up: { feed: 'f-theirs' } } } : a)) };
    const body = updateBody(STEERED, fed, new Map([['192.0.2.10', 'f-ours']])) as { answers: Ns1Answer[] };
    expect(body.answers.filter((a) => a.answer[0] === '192.0.2.10').map((a) => a.meta?.['up'])).toEqual([{ feed: 'f-ours' }]);
    expect(body.answers.filter((a) => a.answer[0] === '192.0.2.11').map((a) => a.meta?.['up'])).toEqual([{ feed: 'f-theirs' }]);
  });

  it('dropping the steering keeps only what the person added', () => {
    const plain: RRset = { name: NAME, type: 'A', ttl: 60, values: ['192.0.2.1'] };
    const body = updateBody(plain, live) as Record<string, unknown>;
    expect(body['filters']).toEqual([{ filter: 'sticky', config: {} }]);
    expect(body['regions']).toEqual({ manual: { meta: { note: 'hand made' } } });
    expect(body['answers']).toEqual([{ answer: ['192.0.2.1'] }]);
  });

  it('a chain someone else built is not read as steering: it stays a kept filter chain', () => {
    const theirs: Ns1Record = { zone: 'example.com', domain: 'www.example.com', type: 'A', ttl: 60, answers: [{ answer: ['192.0.2.1'], meta: { country: ['DE'] } }, { answer: ['192.0.2.2'] }], filters: [{ filter: 'geotarget_country', config: {} }, { filter: 'select_first_n', config: { N: 1 } }] };
    const read = rrsetFromRecord(theirs, 3600);
    expect(read?.dynamic).toBeUndefined();
    expect(read?.values).toEqual(['192.0.2.1', '192.0.2.2']);
    const plain: RRset = { name: NAME, type: 'A', ttl: 60, values: ['192.0.2.1', '192.0.2.2'] };
    expect(keptByNs1({ rrsets: [read!] }, { rrsets: [plain] }).map((k) => k.detail)).toEqual(['NS1 keeps its filter chain: geotarget_country, select_first_n; meta of 1 answer (zonesync manages the answers and TTL)']);
    // Steering declared over it replaces the chain: only the record's own meta would be kept.
    expect(keptByNs1({ rrsets: [read!] }, { rrsets: [STEERED] })).toEqual([]);
  });
});

describe('NS1 steering: what it refuses', () => {
  const pool = { values: [{ value: '192.0.2.5', weight: 1, status: 'up' as const }] };
  it.each([
    ['a subnet rule after a geo rule', { pools: { a: pool, b: pool }, rules: [{ pool: 'a', geos: ['EU'] }, { pool: 'b', subnets: ['10.0.0.0/8'] }] }, /checks subnets before geos/],
    ['an unknown continent', { pools: { a: pool }, rules: [{ pool: 'a', geos: ['XX'] }, { pool: 'a' }] }, /unknown continent XX/],
    ['a province outside the US and Canada', { pools: { a: pool }, rules: [{ pool: 'a', geos: ['EU-DE-BY'] }, { pool: 'a' }] }, /provinces only in the US and Canada/],
    ['a country on the wrong continent', { pools: { a: pool }, rules: [{ pool: 'a', geos: ['EU-US'] }, { pool: 'a' }] }, /unknown country EU-US/],
    ['two country rules for one pool', { pools: { a: pool, b: pool }, rules: [{ pool: 'a', geos: ['EU-DE'] }, { pool: 'b', geos: ['EU-FR'] }, { pool: 'a', geos: ['EU-IT'] }] }, /one answer group per pool and kind/],
    ['rules without a catch-all', { pools: { a: pool }, rules: [{ pool: 'a', geos: ['EU'] }] }, /add a last rule with just a pool/],
  ])('refuses %s', (_what, dynamic, reason) => {
    expect(unservable(steered(dynamic))).toMatch(reason);
  });

  it('refuses filters declared in a zone file beside dynamic, and steering on other types', () => {
    expect(undeclarable({ ...STEERED, providerSettings: { ns1: { filters: [] } } })).toMatch(/providerSettings.ns1 filters cannot be declared/);
    // Read from NS1 (what a rollback writes back), those fields are a person's, kept from the live record.
    expect(unservable({ ...STEERED, providerSettings: { ns1: { filters: [{ filter: 'sticky', config: {} }] } } })).toBeUndefined();
    expect(unservable({ ...STEERED, type: 'TXT', values: ['"x"'] })).toMatch(/A, AAAA and CNAME/);
    expect(unservable(STEERED)).toBeUndefined();
  });
});
