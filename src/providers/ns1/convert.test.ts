import { describe, expect, it } from 'vitest';
import type { RRset } from '../../core/model.js';
import { modelName, needsFullRecord } from './answers.js';
import type { Ns1Record } from './api.js';
import { answersFor, createBody, keptByNs1, rrsetFromRecord, rrsetFromSummary, soaFromZone, updateBody } from './convert.js';

const record: Ns1Record = {
  zone: 'example.com', domain: 'www.example.com', type: 'A', ttl: 60,
  answers: [
    { answer: ['192.0.2.2'], meta: { up: true, weight: 2 } },
    { answer: ['192.0.2.1'], meta: {}, region: 'us' },
  ],
  filters: [{ filter: 'up', config: {} }],
  meta: {},
  regions: {},
  use_client_subnet: true,
};

describe('NS1 record ↔ RRset', () => {
  it('reads a full record with its filters and answer meta into providerSettings.ns1', () => {
    expect(rrsetFromRecord(record, 3600)).toEqual({
      name: 'www.example.com.', type: 'A', ttl: 60, values: ['192.0.2.1', '192.0.2.2'],
      providerSettings: { ns1: { filters: [{ filter: 'up', config: {} }], answerMeta: { '192.0.2.2': { up: true, weight: 2 } } } },
    });
  });

  it('reads a plain record without providerSettings, and skips types zonesync does not model', () => {
    expect(rrsetFromRecord({ ...record, filters: [], answers: [{ answer: ['192.0.2.1'] }] }, 3600)).toEqual({ name: 'www.example.com.', type: 'A', ttl: 60, values: ['192.0.2.1'] });
    expect(rrsetFromRecord({ ...record, type: 'AFSDB' }, 3600)).toBeUndefined();
  });

  it('reads a zone summary and says when the full record is needed', () => {
    const summary = { domain: 'example.com', type: 'MX', ttl: 300, tier: 1, short_answers: ['20 b.example.com', '10 a.example.com'] };
    expect(rrsetFromSummary(summary, 3600)).toEqual({ name: 'example.com.', type: 'MX', ttl: 300, values: ['10 a.example.com.', '20 b.example.com.'] });
    expect(needsFullRecord(summary)).toBe(false);
    expect(needsFullRecord({ ...summary, tier: 3 })).toBe(true);
  });

  const after: RRset = { name: 'www.example.com.', type: 'A', ttl: 120, values: ['192.0.2.2', '192.0.2.3'] };

  it('an update sends answers and ttl only, keeping meta and region of answers whose value stays', () => {
    expect(updateBody(after, record)).toEqual({
      answers: [{ answer: ['192.0.2.2'], meta: { up: true, weight: 2 } }, { answer: ['192.0.2.3'] }],
      ttl: 120,
    });
  });

  it('sends filters, meta and answer meta only when the zone file sets them', () => {
    const managed: RRset = { ...after, providerSettings: { ns1: { filters: [], answerMeta: { '192.0.2.3': { weight: 5 } } } } };
    expect(updateBody(managed, record)).toEqual({
      answers: [{ answer: ['192.0.2.2'], meta: { up: true, weight: 2 } }, { answer: ['192.0.2.3'], meta: { weight: 5 } }],
      ttl: 120,
      filters: [],
    });
    expect(createBody('example.com.', after)).toEqual({ zone: 'example.com', domain: 'www.example.com', type: 'A', ttl: 120, answers: [{ answer: ['192.0.2.2'] }, { answer: ['192.0.2.3'] }] });
  });

  it('keeps answers in rrset order', () => {
    expect(answersFor({ ...after, values: ['192.0.2.9'] }).map((a) => a.answer)).toEqual([['192.0.2.9']]);
  });
});

describe('NS1 zone', () => {
  it('turns zone fields into an SOA', () => {
    expect(soaFromZone({ zone: 'example.com', serial: 7, ttl: 3600, nx_ttl: 300, retry: 7200, refresh: 43200, expiry: 1209600, hostmaster: 'hostmaster@nsone.net', primary_master: 'dns1.p01.nsone.net', dns_servers: [] })).toEqual({
      mname: 'dns1.p01.nsone.net.', rname: 'hostmaster.nsone.net.', serial: 7, refresh: 43200, retry: 7200, expire: 1209600, minimum: 300, ttl: 3600,
    });
    expect(modelName('Example.COM')).toBe('example.com.');
  });
});

describe('keptByNs1', () => {
  const Z = 'example.com.';
  const chain = [{ filter: 'up' }, { filter: 'geotarget_country' }, { filter: 'select_first_n', config: { N: 1 } }];
  const lb: RRset = { name: `lb.${Z}`, type: 'A', ttl: 60, values: ['192.0.2.1', '192.0.2.2'], providerSettings: { ns1: { filters: chain, answerMeta: { '192.0.2.1': { country: ['DE'] }, '192.0.2.9': { up: false } } } } };
  const plain: RRset = { name: `www.${Z}`, type: 'A', ttl: 60, values: ['192.0.2.5'] };
  const gone: RRset = { ...lb, name: `old.${Z}` };

  it('names the filter chain and answer meta of a declared record the zone file leaves to NS1', () => {
    const desired = { rrsets: [{ ...lb, providerSettings: undefined }, plain] };
    expect(keptByNs1({ rrsets: [lb, plain, gone] }, desired)).toEqual([
      { name: `lb.${Z}`, type: 'A', detail: 'NS1 keeps its filter chain: up, geotarget_country, select_first_n; meta of 1 answer (zonesync manages the answers and TTL)' },
    ]);
  });

  it('lists nothing the zone file declares itself, and nothing for a zone not read', () => {
    const declared = { rrsets: [{ ...lb, providerSettings: { ns1: { filters: [], answerMeta: { '192.0.2.1': {} } } } }] };
    expect(keptByNs1({ rrsets: [lb] }, declared)).toEqual([]);
    const onlyMeta = { rrsets: [{ ...lb, providerSettings: { ns1: { filters: chain } } }] };
    expect(keptByNs1({ rrsets: [lb] }, onlyMeta).map((k) => k.detail)).toEqual(['NS1 keeps its meta of 1 answer (zonesync manages the answers and TTL)']);
    expect(keptByNs1(undefined, { rrsets: [lb] })).toEqual([]);
  });
});
