import { describe, expect, it } from 'vitest';
import type { Change } from '../../core/change.js';
import { ProviderError } from '../../core/errors.js';
import type { RRset, Soa, Zone } from '../../core/model.js';
import { encodedUpdateSize, MAX_MESSAGE_SIZE } from '../../dns/update.js';
import type { TsigKey } from '../../dns/tsig.js';
import { changeOperations, untakenChanges, updateBatches, zoneFromTransfer } from './convert.js';

const ZONE = 'example.test.';
const a = (name: string, values: string[], ttl = 300): RRset => ({ name: `${name}${ZONE}`, type: 'A', ttl, values });
const SOA: Soa = { mname: 'ns1.example.test.', rname: 'hostmaster.example.test.', serial: 7, refresh: 3600, retry: 600, expire: 604800, minimum: 300, ttl: 300 };
const KEY: TsigKey = { name: 'zonesync', algorithm: 'hmac-sha256', secret: Buffer.alloc(32, 1).toString('base64') };

describe('changeOperations', () => {
  it.each<[string, Change, ReturnType<typeof changeOperations>]>([
    [
      'create: the rrset must be absent, then every value is added',
      { kind: 'create', after: a('www.', ['192.0.2.1', '192.0.2.2'], 60) },
      {
        prerequisites: [{ kind: 'rrset-absent', name: 'www.example.test.', type: 'A' }],
        updates: [
          { kind: 'add', name: 'www.example.test.', type: 'A', ttl: 60, value: '192.0.2.1' },
          { kind: 'add', name: 'www.example.test.', type: 'A', ttl: 60, value: '192.0.2.2' },
        ],
      },
    ],
    [
      'update: the rrset must still hold the values read, then it is replaced in the same message',
      { kind: 'update', before: a('www.', ['192.0.2.1']), after: a('www.', ['192.0.2.9'], 120) },
      {
        prerequisites: [{ kind: 'rrset-exists-value', name: 'www.example.test.', type: 'A', values: ['192.0.2.1'] }],
        updates: [
          { kind: 'delete-rrset', name: 'www.example.test.', type: 'A' },
          { kind: 'add', name: 'www.example.test.', type: 'A', ttl: 120, value: '192.0.2.9' },
        ],
      },
    ],
    [
      'delete: the rrset must still hold the values read, then it goes',
      { kind: 'delete', before: a('old.', ['192.0.2.3']) },
      {
        prerequisites: [{ kind: 'rrset-exists-value', name: 'old.example.test.', type: 'A', values: ['192.0.2.3'] }],
        updates: [{ kind: 'delete-rrset', name: 'old.example.test.', type: 'A' }],
      },
    ],
    [
      'apex NS update: adds first, then removes old names one by one (deleting the apex NS rrset is ignored)',
      {
        kind: 'update',
        before: { name: ZONE, type: 'NS', ttl: 300, values: ['ns1.example.test.', 'ns2.example.test.'] },
        after: { name: ZONE, type: 'NS', ttl: 300, values: ['ns1.example.test.', 'ns3.example.test.'] },
      },
      {
        prerequisites: [{ kind: 'rrset-exists-value', name: ZONE, type: 'NS', values: ['ns1.example.test.', 'ns2.example.test.'] }],
        updates: [
          { kind: 'add', name: ZONE, type: 'NS', ttl: 300, value: 'ns1.example.test.' },
          { kind: 'add', name: ZONE, type: 'NS', ttl: 300, value: 'ns3.example.test.' },
          { kind: 'delete-rr', name: ZONE, type: 'NS', value: 'ns2.example.test.' },
        ],
      },
    ],
  ])('%s', (_, change, expected) => {
    expect(changeOperations(ZONE, change)).toEqual(expected);
  });

  it('refuses ALIAS, which BIND does not have, naming the record', () => {
    const change: Change = { kind: 'create', after: { name: ZONE, type: 'ALIAS', ttl: 300, values: ['lb.example.net.'] } };
    expect(() => changeOperations(ZONE, change, 'bind1')).toThrow(/^bind1: example\.test\.: example\.test\. ALIAS: BIND has no ALIAS/);
  });
});

describe('updateBatches', () => {
  const creates = (count: number, valueBytes = 200): Change[] =>
    Array.from({ length: count }, (_, i) => ({
      kind: 'create',
      after: { name: `t${i}.${ZONE}`, type: 'TXT', ttl: 300, values: [`"${'x'.repeat(valueBytes)}"`] },
    }));

  it('puts a chunk in one message when it fits', () => {
    const batches = updateBatches(ZONE, creates(100), { tsig: KEY });
    expect(batches).toHaveLength(1);
    expect(batches[0]?.changes).toHaveLength(100);
    expect(batches[0]?.update.updates).toHaveLength(100);
    expect(batches[0]?.update.prerequisites).toHaveLength(100);
  });

  it('splits only when over 64 KiB (TSIG included), keeping every change whole and in order', () => {
    const changes = creates(400);
    const batches = updateBatches(ZONE, changes, { tsig: KEY });
    expect(batches.length).toBe(2);
    expect(batches.flatMap((b) => b.changes)).toEqual(changes);
    for (const b of batches) {
      expect(encodedUpdateSize(b.update, KEY)).toBeLessThanOrEqual(MAX_MESSAGE_SIZE);
      expect(b.update.updates).toHaveLength(b.changes.length);
    }
    // The first message is as full as it can be: one more change would not have fit.
    const first = batches[0] as (typeof batches)[0];
    const withNext = updateBatches(ZONE, changes.slice(0, first.changes.length + 1), { tsig: KEY });
    expect(withNext).toHaveLength(2);
  });

  it('honours a smaller limit', () => {
    const batches = updateBatches(ZONE, creates(10, 50), { maxBytes: 400 });
    expect(batches.length).toBeGreaterThan(1);
    for (const b of batches) expect(encodedUpdateSize(b.update)).toBeLessThanOrEqual(400);
  });

  it('refuses one change larger than a message, naming it', () => {
    const huge: Change = { kind: 'create', after: { name: `big.${ZONE}`, type: 'TXT', ttl: 300, values: Array.from({ length: 300 }, (_, i) => `"${i} ${'y'.repeat(250)}"`).sort() } };
    expect(() => updateBatches(ZONE, [huge], { tsig: KEY })).toThrow(ProviderError);
    expect(() => updateBatches(ZONE, [huge], { tsig: KEY })).toThrow(/big\.example\.test\. TXT: one change needs \d+ bytes/);
  });

  it('deletes before it adds within a message, so A → CNAME at one name is not ignored', () => {
    const chunk: Change[] = [
      { kind: 'create', after: { name: `www.${ZONE}`, type: 'CNAME', ttl: 300, values: ['lb.example.net.'] } },
      { kind: 'delete', before: a('www.', ['192.0.2.1']) },
    ];
    const [only] = updateBatches(ZONE, chunk);
    expect(only?.changes).toEqual(chunk);
    expect(only?.update.updates.map((u) => `${u.kind} ${u.type}`)).toEqual(['delete-rrset A', 'add CNAME']);
    expect(only?.update.prerequisites.map((p) => p.kind)).toEqual(['rrset-absent', 'rrset-exists-value']);
  });

  it('sends nothing for no changes', () => {
    expect(updateBatches(ZONE, [])).toEqual([]);
  });
});

describe('zoneFromTransfer', () => {
  it('groups records into rrsets with canonical sorted values, SOA apart, unmanaged types left out', () => {
    const zone = zoneFromTransfer(ZONE, SOA, [
      { name: 'example.test.', type: 'NS', ttl: 300, value: 'ns1.example.test.' },
      { name: 'WWW.example.test.', type: 'A', ttl: 60, value: '192.0.2.2' },
      { name: 'www.example.test.', type: 'A', ttl: 60, value: '192.0.2.1' },
      { name: 'example.test.', type: 'MX', ttl: 300, value: '10 mail.example.test.' },
      { name: 'v6.example.test.', type: 'AAAA', ttl: 300, value: '2001:db8::1' },
      { name: 'example.test.', type: 'TYPE65534', ttl: 0, value: '\\# 5 0102030405' },
      { name: 'example.test.', type: 'TYPE65280', ttl: 300, value: '\\# 2 ABCD' },
      { name: 'example.test.', type: 'RRSIG', ttl: 300, value: 'A 8 2 300 20300101000000 20200101000000 1 example.test. AAAA' },
      { name: 'example.test.', type: 'SOA', ttl: 300, value: 'ns1.example.test. hostmaster.example.test. 7 3600 600 604800 300' },
    ]);
    expect(zone).toEqual<Zone>({
      name: ZONE,
      soa: SOA,
      rrsets: [
        { name: 'example.test.', type: 'MX', ttl: 300, values: ['10 mail.example.test.'] },
        { name: 'example.test.', type: 'NS', ttl: 300, values: ['ns1.example.test.'] },
        // RFC 3597 generic rdata is managed like any type; named's signing state (TYPE65534) and RRSIG are not.
        { name: 'example.test.', type: 'TYPE65280', ttl: 300, values: ['\\# 2 abcd'] },
        { name: 'v6.example.test.', type: 'AAAA', ttl: 300, values: ['2001:db8::1'] },
        { name: 'www.example.test.', type: 'A', ttl: 60, values: ['192.0.2.1', '192.0.2.2'] },
      ],
    });
  });

  it('reports a value it cannot read, naming zone and record', () => {
    expect(() => zoneFromTransfer(ZONE, SOA, [{ name: 'x.example.test.', type: 'A', ttl: 1, value: 'not-an-ip' }])).toThrow(/example\.test\.: x\.example\.test\. A/);
  });
});

describe('untakenChanges', () => {
  const live: Zone = { name: ZONE, rrsets: [a('www.', ['192.0.2.1']), { name: `c.${ZONE}`, type: 'CNAME', ttl: 300, values: ['www.example.test.'] }] };

  it('finds changes the live zone does not reflect', () => {
    const taken: Change = { kind: 'create', after: a('www.', ['192.0.2.1']) };
    const ignored: Change = { kind: 'create', after: a('c.', ['192.0.2.5']) };
    const wrongTtl: Change = { kind: 'update', before: a('www.', ['192.0.2.1']), after: a('www.', ['192.0.2.1'], 60) };
    const notDeleted: Change = { kind: 'delete', before: a('www.', ['192.0.2.1']) };
    const deleted: Change = { kind: 'delete', before: a('gone.', ['192.0.2.1']) };
    expect(untakenChanges([taken, ignored, wrongTtl, notDeleted, deleted], live.rrsets)).toEqual([
      { change: ignored, found: undefined },
      { change: wrongTtl, found: a('www.', ['192.0.2.1']) },
      { change: notDeleted, found: a('www.', ['192.0.2.1']) },
    ]);
  });
});
