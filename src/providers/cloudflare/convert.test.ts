import { describe, expect, it } from 'vitest';
import type { Change } from '../../core/change.js';
import type { RecordType, RRset } from '../../core/model.js';
import { cloudflareTtl, indexRecords, recordBody, recordValue, rrsetsFromIndex, settingsOf, type CloudflareRecord } from './convert.js';
import { batchBody, changeOps, packBatches } from './operations.js';
import { TYPE_ROWS } from '../../../test/conformance/type-rows.js';
import { canonicalRdata } from '../../core/rdata.js';

const ZONE = 'example.com.';

/** What the API hands back for a body: the body's fields plus an id. */
function returned(body: ReturnType<typeof recordBody>, id: string): CloudflareRecord {
  return { id, name: body.name, type: body.type, ttl: body.ttl, proxied: body.proxied ?? false, content: body.content, priority: body.priority, data: body.data };
}

function rrset(name: string, type: RecordType, values: string[], extra: Partial<RRset> = {}): RRset {
  return { name, type, ttl: 300, values, ...extra };
}

describe('record bodies round-trip to the same canonical value', () => {
  it.each<[RecordType, string, string]>([
    ['A', 'www.example.com.', '192.0.2.1'],
    ['AAAA', 'www.example.com.', '2001:db8::1'],
    ['CNAME', 'alias.example.com.', 'target.example.net.'],
    ['ALIAS', 'example.com.', 'target.example.net.'],
    ['MX', 'example.com.', '10 mail.example.com.'],
    ['NS', 'sub.example.com.', 'ns1.other.net.'],
    ['PTR', '1.example.com.', 'host.example.com.'],
    ['TXT', 'example.com.', '"v=spf1 -all" "second \\"quoted\\""'],
    ['SRV', '_sip._tcp.example.com.', '10 20 5060 sip.example.com.'],
    ['CAA', 'example.com.', '0 issue "letsencrypt.org"'],
    ['DS', 'sub.example.com.', `12345 13 2 ${'abcdef0123456789'.repeat(4)}`],
    ['TLSA', '_443._tcp.example.com.', '3 1 1 0123456789abcdef'],
    ['SSHFP', 'host.example.com.', `4 2 ${'0123456789abcdef'.repeat(4)}`],
    ['SVCB', '_svc.example.com.', '1 svc.example.net. alpn=h2,h3 port=8443'],
    ['HTTPS', 'example.com.', '1 . alpn=h2'],
  ])('%s', (type, name, value) => {
    const body = recordBody(rrset(name, type, [value]), value, ZONE);
    expect(recordValue(returned(body, 'id1'), ZONE)).toBe(value);
  });

  it('sends structured data where the API wants it', () => {
    expect(recordBody(rrset('example.com.', 'CAA', []), '128 iodef "mailto:x@example.com"', ZONE).data).toEqual({ flags: 128, tag: 'iodef', value: 'mailto:x@example.com' });
    expect(recordBody(rrset('_s._tcp.example.com.', 'SRV', []), '1 2 3 t.example.com.', ZONE).data).toEqual({ priority: 1, weight: 2, port: 3, target: 't.example.com' });
    expect(recordBody(rrset('example.com.', 'MX', []), '5 mx.example.com.', ZONE)).toMatchObject({ priority: 5, content: 'mx.example.com' });
  });

  it('writes ALIAS at the apex as a CNAME and refuses it below the apex', () => {
    expect(recordBody(rrset(ZONE, 'ALIAS', []), 'lb.example.net.', ZONE)).toMatchObject({ name: 'example.com', type: 'CNAME', content: 'lb.example.net' });
    expect(() => recordBody(rrset('www.example.com.', 'ALIAS', []), 'lb.example.net.', ZONE)).toThrow(/only at the zone apex/);
  });

  it('reads legacy unquoted TXT content', () => {
    expect(recordValue({ id: 'x', name: 'example.com', type: 'TXT', ttl: 300, content: 'v=spf1 -all' }, ZONE)).toBe('"v=spf1 -all"');
  });
});

describe('the issue-20 types Cloudflare serves', () => {
  const rows = TYPE_ROWS.filter((row) => ['LOC', 'NAPTR', 'URI', 'CERT', 'SMIMEA', 'OPENPGPKEY'].includes(row.type));
  it('has a conformance row for each', () => expect(rows.map((r) => r.type).sort()).toEqual(['CERT', 'LOC', 'NAPTR', 'OPENPGPKEY', 'SMIMEA', 'URI']));
  for (const row of rows) {
    it.each([...row.values, row.alt])(`${row.type} %s round-trips through its API body`, (value) => {
      const canonical = canonicalRdata(row.type as RecordType, value, ZONE);
      if (!canonical.ok) throw new Error(canonical.error);
      const body = recordBody(rrset(`${row.owner}.example.com.`, row.type as RecordType, [canonical.value]), canonical.value, ZONE);
      expect(recordValue(returned(body, 'id1'), ZONE)).toBe(canonical.value);
    });
  }

  it('maps each to the documented fields', () => {
    const body = (type: RecordType, value: string) => recordBody(rrset('x.example.com.', type, [value]), value, ZONE);
    expect(body('LOC', '42 21 54.000 N 71 6 18.000 W -24.00m 30m 10000m 10m').data).toEqual({
      lat_degrees: 42, lat_minutes: 21, lat_seconds: 54, lat_direction: 'N', long_degrees: 71, long_minutes: 6, long_seconds: 18, long_direction: 'W',
      altitude: -24, size: 30, precision_horz: 10000, precision_vert: 10,
    });
    expect(body('NAPTR', '100 50 "U" "E2U+sip" "!^.*$!sip:info@example.net!" .').data).toEqual({ order: 100, preference: 50, flags: 'U', service: 'E2U+sip', regex: '!^.*$!sip:info@example.net!', replacement: '.' });
    expect(body('NAPTR', '100 10 "S" "SIP+D2U" "" _sip._udp.example.net.').data).toMatchObject({ regex: '', replacement: '_sip._udp.example.net' });
    expect(body('URI', '10 1 "https://www.example.com/path"')).toMatchObject({ priority: 10, data: { weight: 1, target: 'https://www.example.com/path' } });
    expect(body('CERT', '1 12345 8 AQIDBA==').data).toEqual({ type: 1, key_tag: 12345, algorithm: 8, certificate: 'AQIDBA==' });
    expect(body('SMIMEA', '3 1 1 0c72').data).toEqual({ usage: 3, selector: 1, matching_type: 1, certificate: '0c72' });
    expect(body('OPENPGPKEY', 'AQIDBA==')).toMatchObject({ content: 'AQIDBA==' });
    expect(body('OPENPGPKEY', 'AQIDBA==').data).toBeUndefined();
  });

  it('reads what the API returns: fractional LOC seconds, a URI priority inside data, a missing field refused', () => {
    const loc = { lat_degrees: 51, lat_minutes: 30, lat_seconds: 12.5, lat_direction: 'N', long_degrees: 0, long_minutes: 7, long_seconds: 39, long_direction: 'W', altitude: 0, size: 1, precision_horz: 10000, precision_vert: 10 };
    expect(recordValue({ id: '1', name: 'x.example.com', type: 'LOC', ttl: 300, data: loc }, ZONE)).toBe('51 30 12.500 N 0 7 39.000 W 0.00m 1m 10000m 10m');
    expect(recordValue({ id: '2', name: 'x.example.com', type: 'URI', ttl: 300, data: { priority: 5, weight: 2, target: 'https://a.example/' } }, ZONE)).toBe('5 2 "https://a.example/"');
    expect(() => recordValue({ id: '3', name: 'x.example.com', type: 'CERT', ttl: 300, data: { type: 1, algorithm: 8, certificate: 'AQIDBA==' } }, ZONE)).toThrow(/data.key_tag is missing/);
  });
});

describe('TTL and proxied', () => {
  it('writes TTL 1 for ttl auto and for proxied rrsets', () => {
    expect(cloudflareTtl(rrset('a.example.com.', 'A', [], { ttl: 600 }))).toBe(600);
    expect(cloudflareTtl(rrset('a.example.com.', 'A', [], { providerSettings: { cloudflare: { ttl: 'auto' } } }))).toBe(1);
    expect(cloudflareTtl(rrset('a.example.com.', 'A', [], { ttl: 600, providerSettings: { cloudflare: { proxied: true } } }))).toBe(1);
  });

  it('refuses settings Cloudflare does not have', () => {
    expect(() => settingsOf(rrset('a.example.com.', 'TXT', [], { providerSettings: { cloudflare: { proxied: true } } }))).toThrow(/can be proxied/);
    expect(() => settingsOf(rrset('a.example.com.', 'A', [], { providerSettings: { cloudflare: { proxy: true } } }))).toThrow(/proxy is not a Cloudflare setting/);
    expect(() => settingsOf(rrset('a.example.com.', 'A', [], { providerSettings: { cloudflare: { ttl: 120 } } }))).toThrow(/only be 'auto'/);
  });

  it('reads TTL 1 as 300 + auto, proxied only when every record is', () => {
    const records: CloudflareRecord[] = [
      { id: '1', name: 'p.example.com', type: 'A', ttl: 1, proxied: true, content: '192.0.2.1' },
      { id: '2', name: 'p.example.com', type: 'A', ttl: 1, proxied: true, content: '192.0.2.2' },
      { id: '3', name: 'm.example.com', type: 'A', ttl: 120, proxied: true, content: '192.0.2.3' },
      { id: '4', name: 'm.example.com', type: 'A', ttl: 120, proxied: false, content: '192.0.2.4' },
      { id: '5', name: 'example.com', type: 'TXT', ttl: 3600, content: '"x"' },
      { id: '6', name: 'example.com', type: 'CNAME', ttl: 300, content: 'lb.example.net' },
    ];
    expect(rrsetsFromIndex(indexRecords(records, ZONE).index)).toEqual([
      { name: 'p.example.com.', type: 'A', ttl: 300, values: ['192.0.2.1', '192.0.2.2'], providerSettings: { cloudflare: { proxied: true, ttl: 'auto' } } },
      { name: 'm.example.com.', type: 'A', ttl: 120, values: ['192.0.2.3', '192.0.2.4'], providerSettings: { cloudflare: { proxied: false } } },
      { name: 'example.com.', type: 'TXT', ttl: 3600, values: ['"x"'] },
      { name: 'example.com.', type: 'ALIAS', ttl: 300, values: ['lb.example.net.'], providerSettings: { cloudflare: { proxied: false } } },
    ]);
  });

  it('keeps records of types zonesync does not manage apart', () => {
    const { index, unmanaged } = indexRecords([{ id: '10', name: 'example.com', type: 'DNSKEY', ttl: 300, content: '257 3 13 AAAA' }], ZONE);
    expect(index.size).toBe(0);
    expect(unmanaged.map((r) => r.id)).toEqual(['10']);
  });
});

describe('changes become record operations', () => {
  const live: CloudflareRecord[] = [
    { id: 'a1', name: 'www.example.com', type: 'A', ttl: 300, content: '192.0.2.1' },
    { id: 'a2', name: 'www.example.com', type: 'A', ttl: 300, content: '192.0.2.2' },
    { id: 'a3', name: 'www.example.com', type: 'A', ttl: 300, content: '192.0.2.3' },
  ];
  const before = rrset('www.example.com.', 'A', ['192.0.2.1', '192.0.2.2', '192.0.2.3']);
  const ops = (change: Change) => changeOps(change, indexRecords(live, ZONE).index, ZONE);
  const shape = (change: Change) => {
    const o = ops(change);
    return { deletes: o.deletes.map((r) => r.id), patches: o.patches.map((p) => [p.id, p.body.content, p.body.ttl]), posts: o.posts.map((p) => p.content) };
  };

  it('a changed value is one patch of the record that loses its value', () => {
    expect(shape({ kind: 'update', before, after: { ...before, values: ['192.0.2.1', '192.0.2.2', '192.0.2.9'] } })).toEqual({ deletes: [], patches: [['a3', '192.0.2.9', 300]], posts: [] });
  });
  it('a TTL change patches every record', () => {
    expect(shape({ kind: 'update', before, after: { ...before, ttl: 600 } }).patches.map((p) => p[2])).toEqual([600, 600, 600]);
  });
  it('values added are posts, values removed are deletes', () => {
    expect(shape({ kind: 'update', before, after: { ...before, values: ['192.0.2.1', '192.0.2.2', '192.0.2.3', '192.0.2.4'] } })).toEqual({ deletes: [], patches: [], posts: ['192.0.2.4'] });
    expect(shape({ kind: 'update', before, after: { ...before, values: ['192.0.2.1'] } })).toEqual({ deletes: ['a2', 'a3'], patches: [], posts: [] });
  });
  it('delete removes every record; create posts every value', () => {
    expect(shape({ kind: 'delete', before }).deletes).toEqual(['a1', 'a2', 'a3']);
    expect(shape({ kind: 'create', after: rrset('new.example.com.', 'A', ['192.0.2.7', '192.0.2.8']) }).posts).toEqual(['192.0.2.7', '192.0.2.8']);
  });
  it('a proxied record is not patched for the TTL it reports', () => {
    const proxied = indexRecords([{ id: 'p', name: 'p.example.com', type: 'A', ttl: 1, proxied: true, content: '192.0.2.1' }], ZONE).index;
    const after = rrset('p.example.com.', 'A', ['192.0.2.1'], { providerSettings: { cloudflare: { proxied: true } } });
    expect(changeOps({ kind: 'update', before: after, after }, proxied, ZONE).patches).toEqual([]);
    const off = { ...after, providerSettings: { cloudflare: { proxied: false } } };
    expect(changeOps({ kind: 'update', before: after, after: off }, proxied, ZONE).patches.map((p) => [p.body.proxied, p.body.ttl])).toEqual([[false, 300]]);
  });

  it('packs whole changes into batches of at most batchSize operations', () => {
    const creates = [1, 2, 3, 2].map((n, i) => ops({ kind: 'create', after: rrset(`h${i}.example.com.`, 'A', Array.from({ length: n }, (_, k) => `192.0.2.${k + 1}`)) }));
    const batches = packBatches(creates, 4);
    expect(batches.map((b) => b.map((o) => o.posts.length))).toEqual([[1, 2], [3], [2]]);
    expect(batchBody(batches[0] ?? []).posts).toHaveLength(3);
    expect(() => packBatches(creates, 2)).toThrow(/needs 3 record operations/);
  });
});
